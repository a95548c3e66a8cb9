"""The team overview for managers (only their teams; trainers and admins see everyone), answering three
questions in order: who is behind (each program's completion and its overdue people), on what (the
weakest criteria and a heatmap of each person's average per criterion) and since when (the weekly
trend). The criteria charts show one comparable set at a time (`trainer/progress/criterion_sets.py`);
everything is counted in the database, and the heatmap pages through people, every one labelled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from trainer.progress.criterion_sets import CriterionSet, criterion_sets, find
from trainer.services import Services
from trainer.store import Repository, UserRecord
from trainer.store.rollup import week_of, week_start
from trainer.ui import charts

PERIODS = {30: "30 days", 90: "90 days", 365: "a year"}
MIN_RESULTS = 5  # a criterion met only a few times is noise, not a weakness
PEOPLE_PER_PAGE = 30
OVERDUE_SHOWN = 50


def overview(services: Services, viewer: UserRecord) -> None:
    repo = services.repository()
    teams = {t.id: t.name for t in repo.accounts.list_teams(viewer)}
    left, right = st.columns(2)
    team_id = left.selectbox("Team", [None, *teams], key="overview_team",
                             format_func=lambda t: "All my teams" if t is None else teams[t])
    days = right.segmented_control("Period", list(PERIODS), format_func=PERIODS.__getitem__, default=90,
                                   key="overview_period") or 90
    # whole weeks (from the Monday of the week `days` ago, UTC): the trend has no partial first week, and
    # the trend and weakest criteria read the weekly team rollup alone (trainer/store/dashboards.py)
    since = week_start(week_of(datetime.now(UTC) - timedelta(days=days)))
    st.header("Who is behind", divider=True, anchor=False)
    completion(repo, viewer, team_id)
    sets = criterion_sets(services.catalog)
    if not sets:
        return
    st.header("On what", divider=True, anchor=False)
    by_key = {s.key: s for s in sets}
    key = st.selectbox("Criteria", list(by_key), key="overview_set", format_func=lambda k: by_key[k].title,
                       help="One set of comparable criteria at a time: the skills every call is scored on, "
                            "or one rubric's criteria in one language.")
    chosen = find(sets, key)
    assert chosen is not None
    weakest(repo, viewer, team_id, since, chosen)
    heatmap(repo, viewer, team_id, since, chosen, several_teams=team_id is None and len(teams) > 1)
    st.header("Since when", divider=True, anchor=False)
    trend(repo, viewer, team_id, since, chosen)


def completion(repo: Repository, viewer: UserRecord, team_id: int | None) -> None:
    programs = repo.programs.list_programs()
    shown = False
    if programs:
        repo.programs.sync_programs()  # incremental: new cycles, newcomers, completions since the last look
    for program in programs:
        if repo.programs.current_cycle(program.id) is None:
            continue
        report = repo.programs.compliance(viewer, program.id)
        mine = [t for t in report.teams if team_id is None or t.team_id == team_id]
        assigned, done, overdue = (sum(t.assigned for t in mine), sum(t.completed for t in mine),
                                   sum(t.overdue for t in mine))
        if not assigned:
            continue
        shown = True
        st.progress(done / assigned, text=f"{program.name}, cycle {report.cycle.label}: {done} of {assigned} "
                                          f"completed, {overdue} overdue")
        if overdue:
            late = repo.programs.compliance_people(viewer, program.id, only="overdue", team_id=team_id,
                                                   limit=OVERDUE_SHOWN).items
            st.dataframe(pd.DataFrame([{"overdue": a.user_name, "team": a.team_name or "",
                                        "passed": f"{a.passed} of {a.required}"}
                                       for a in late]), hide_index=True, width="stretch",
                         height=min(36 * (len(late) + 1) + 3, 400), key=f"overdue_{program.id}_{team_id}")
            if len(late) == OVERDUE_SHOWN:
                st.caption(f"The first {OVERDUE_SHOWN} by name; Program compliance lists them all.")
    if not shown:
        st.caption("No program is assigned to these people right now.")


def weakest(repo: Repository, viewer: UserRecord, team_id: int | None, since: datetime, chosen: CriterionSet) -> None:
    ranked = repo.dashboards.weakest_criteria(viewer, team_id=team_id, since=since, limit=len(chosen.criteria),
                                              min_results=MIN_RESULTS, criteria=chosen.criteria,
                                              scenarios=chosen.scenario_ids)
    st.subheader("Weakest criteria", anchor=False)
    if not ranked:
        st.caption(f"Fewer than {MIN_RESULTS} results per criterion in this period: nothing to rank yet.")
        return
    rows = [(chosen.label(cid), 100 * average, f"{100 * average:.0f}% · {n} results") for cid, average, n in ranked]
    st.altair_chart(charts.bars(rows, title="% of the criterion's points, this period", sort=True), width="stretch")


def heatmap(repo: Repository, viewer: UserRecord, team_id: int | None, since: datetime, chosen: CriterionSet, *,
            several_teams: bool) -> None:
    key = f"heat_{team_id}_{chosen.key}"
    cursors: list[str | None] = st.session_state.setdefault(key, [None])
    page = repo.dashboards.heatmap(viewer, team_id=team_id, since=since, limit=PEOPLE_PER_PAGE, after=cursors[-1],
                                   criteria=chosen.criteria, scenarios=chosen.scenario_ids)
    st.subheader("Average per criterion and person", anchor=False)
    if not page.people:
        st.caption("No one to show in these teams.")
        return
    first = (len(cursors) - 1) * PEOPLE_PER_PAGE + 1
    st.caption(f"People {first} to {first + len(page.people) - 1}, by name; each cell is the person's share of "
               "the criterion's points in this period (empty: no result).")
    labels = charts.row_labels([(p.user_id, p.display_name, p.team_name) for p in page.people],
                               with_team=several_teams)
    if page.items:
        cells = [charts.Cell(row=labels[c.user_id], column=chosen.label(c.criterion_id), share=100 * c.average,
                             results=c.attempts) for c in page.items if c.user_id in labels]
        st.altair_chart(charts.heatmap(cells, list(labels.values()), [chosen.label(c) for c in chosen.criteria]),
                        width="content")
    else:
        st.caption("None of these people has a result for these criteria in this period.")
    left, right = st.columns(2)
    if len(cursors) > 1 and left.button("Previous people", key=f"{key}_prev", icon=":material/arrow_back:"):
        cursors.pop()
        st.rerun()
    if page.next_cursor and right.button(f"Next {PEOPLE_PER_PAGE} people", key=f"{key}_next",
                                         icon=":material/arrow_forward:"):
        cursors.append(page.next_cursor)
        st.rerun()


def trend(repo: Repository, viewer: UserRecord, team_id: int | None, since: datetime, chosen: CriterionSet) -> None:
    points = repo.dashboards.team_trend(viewer, team_id=team_id, bucket="week", since=since, criteria=chosen.criteria,
                                        scenarios=chosen.scenario_ids)
    st.subheader("Trend per criterion, week by week", anchor=False)
    attempts = _attempts_per_bucket(points)
    message = charts.too_little(attempts, sum(attempts.values()), noun="attempt", period="week")
    if message:
        st.caption(message)
        if points:
            shares = _averages(points)
            st.altair_chart(charts.bars([(chosen.label(cid), share, f"{share:.0f}%") for cid, share in shares.items()],
                                        title="% of the criterion's points"), width="stretch")
        return
    st.altair_chart(charts.trend([(p.bucket, chosen.label(p.criterion_id), 100 * p.average,
                                   p.attempts) for p in points],
                                 order=[chosen.label(c) for c in chosen.criteria], x_title="Week starting"),
                    width="stretch")


def _attempts_per_bucket(points: list) -> dict[datetime, int]:
    """Scored attempts per bucket: the most results any one criterion has there (each attempt scores
    every criterion of its rubric once)."""
    out: dict[datetime, int] = {}
    for p in points:
        out[p.bucket] = max(out.get(p.bucket, 0), p.attempts)
    return out


def _averages(points: list) -> dict[str, float]:
    """Per criterion: the average share (0..100) over all the points, weighted by their results."""
    sums: dict[str, tuple[float, int]] = {}
    for p in points:
        total, n = sums.get(p.criterion_id, (0.0, 0))
        sums[p.criterion_id] = (total + p.average * p.attempts, n + p.attempts)
    return {cid: 100 * total / n for cid, (total, n) in sums.items() if n}
