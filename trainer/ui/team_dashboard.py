"""The team overview for managers (only their teams; trainers and admins see everyone): completion and
overdue per person for a program, a heatmap of each person's average per criterion, the weakest
criteria, and the trend over time. All counted in the database; the heatmap pages through people."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from trainer.services import Services
from trainer.store import UserRecord
from trainer.store.rollup import week_of, week_start
from trainer.ui.progress import criterion_labels

PERIODS = {30: "30 days", 90: "90 days", 365: "a year"}
MIN_RESULTS = 5  # a criterion met only a few times is noise, not a weakness


def overview(services: Services, viewer: UserRecord) -> None:
    repo = services.repository()
    teams = {t.id: t.name for t in repo.list_teams(viewer)}
    left, right = st.columns(2)
    team_id = left.selectbox("Team", [None, *teams], key="overview_team",
                             format_func=lambda t: "All my teams" if t is None else teams[t])
    days = right.segmented_control("Period", list(PERIODS), format_func=PERIODS.__getitem__, default=90,
                                   key="overview_period") or 90
    # whole weeks (from the Monday of the week `days` ago, UTC): the trend has no partial first week, and
    # the trend and weakest criteria read the weekly team rollup alone (trainer/store/dashboards.py)
    since = week_start(week_of(datetime.now(UTC) - timedelta(days=days)))
    labels = criterion_labels(services)
    completion(services, viewer, team_id)
    weakest = repo.weakest_criteria(viewer, team_id=team_id, since=since, limit=3, min_results=MIN_RESULTS)
    if weakest:
        cols = st.columns(len(weakest))
        for col, (cid, average, n) in zip(cols, weakest, strict=False):
            col.metric(f"Weak: {labels.get(cid, cid)}", f"{100 * average:.0f}%", help=f"average over {n} results")
    heatmap(services, viewer, team_id, since, labels)
    trend(repo, viewer, team_id, since, labels)


def completion(services: Services, viewer: UserRecord, team_id: int | None) -> None:
    repo = services.repository()
    programs = repo.list_programs()
    if not programs:
        return
    repo.sync_programs()  # incremental: new cycles, newcomers, completions since the last look
    st.subheader("Programs")
    for program in programs:
        if repo.current_cycle(program.id) is None:
            continue
        report = repo.compliance(viewer, program.id)
        mine = [t for t in report.teams if team_id is None or t.team_id == team_id]
        assigned, done, overdue = (sum(t.assigned for t in mine), sum(t.completed for t in mine),
                                   sum(t.overdue for t in mine))
        if not assigned:
            continue
        st.progress(done / assigned, text=f"{program.name}, cycle {report.cycle.label}: {done} of {assigned} "
                                          f"completed, {overdue} overdue")
        if overdue:
            late = repo.compliance_people(viewer, program.id, only="overdue", team_id=team_id, limit=20).items
            st.caption("Overdue: " + ", ".join(f"{a.user_name} ({a.passed}/{a.required})" for a in late)
                       + (" …" if len(late) == 20 else ""))


def heatmap(services: Services, viewer: UserRecord, team_id: int | None, since: datetime,
            labels: dict[str, str]) -> None:
    repo = services.repository()
    key = f"heat_{team_id}"
    cursors: list[str | None] = st.session_state.setdefault(key, [None])
    page = repo.heatmap(viewer, team_id=team_id, since=since, limit=30, after=cursors[-1])
    st.subheader("Average per criterion and person")
    if page.items:
        frame = pd.DataFrame([{"person": c.display_name, "criterion": labels.get(c.criterion_id, c.criterion_id),
                               "share": round(100 * c.average), "results": c.attempts} for c in page.items])
        chart = alt.Chart(frame, height=max(160, 24 * frame["person"].nunique())).mark_rect().encode(
            x=alt.X("criterion:N", title=None, axis=alt.Axis(labelAngle=-30, labelLimit=160)),
            y=alt.Y("person:N", title=None),
            color=alt.Color("share:Q", title="%", scale=alt.Scale(scheme="redyellowgreen", domain=[0, 100])),
            tooltip=["person", "criterion", "share", "results"])
        text = chart.mark_text(fontSize=11).encode(text="share:Q", color=alt.value("black"))
        st.altair_chart(chart + text, width="stretch")
    else:
        st.caption("No results for these people in this period.")
    left, right = st.columns(2)
    if len(cursors) > 1 and left.button("Previous people", key=f"{key}_prev"):
        cursors.pop()
        st.rerun()
    if page.next_cursor and right.button("Next people", key=f"{key}_next"):
        cursors.append(page.next_cursor)
        st.rerun()


def trend(repo, viewer: UserRecord, team_id: int | None, since: datetime, labels: dict[str, str]) -> None:  # noqa: ANN001
    points = repo.team_trend(viewer, team_id=team_id, bucket="week", since=since)
    if not points:
        return
    st.subheader("Trend per criterion (weekly)")
    frame = pd.DataFrame([{"week": p.bucket, "criterion": labels.get(p.criterion_id, p.criterion_id),
                           "share": round(100 * p.average, 1), "results": p.attempts} for p in points])
    chart = alt.Chart(frame, height=280).mark_line(point=True).encode(
        x=alt.X("week:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
        y=alt.Y("share:Q", title="% of the criterion's points", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("criterion:N", legend=alt.Legend(orient="bottom", title=None, columns=3)),
        tooltip=["criterion", alt.Tooltip("week:T", format="%Y-%m-%d"), "share", "results"])
    st.altair_chart(chart, width="stretch")
