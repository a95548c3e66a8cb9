"""Program compliance: completion rate per team as a chart, the overdue people a page at a time, and
CSV downloads (compliance, and the attempts behind it). Everything is counted in the database; a
manager sees only their teams."""

from __future__ import annotations

import io
from datetime import UTC, datetime, time, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from trainer.cycles import last_day
from trainer.progress import exports
from trainer.services import Services
from trainer.store import AssignmentRecord, ProgramRecord, Repository, TeamCompliance, UserRecord
from trainer.ui import charts
from trainer.ui.text import escape_markdown

PAGE = 25


def choose_program(repo: Repository, key: str) -> ProgramRecord | None:
    programs = repo.programs.list_programs()
    if not programs:
        st.info("No programs yet. Trainers and admins create them on the Programs page.")
        return None
    by_id = {p.id: p for p in programs}
    chosen = st.selectbox("Program", list(by_id), format_func=lambda i: by_id[i].name, key=key)
    return by_id[chosen]


def page(services: Services, viewer: UserRecord) -> None:
    repo = services.repository()
    program = choose_program(repo, "compliance_program")
    if program is None:
        return
    repo.programs.sync_programs(program_id=program.id)  # incremental: only what changed since the last look
    cycles = repo.programs.cycles(program.id)
    if not cycles:
        st.info("This program has no cycle yet.")
        return
    labels = {c.id: c.label for c in cycles}
    cycle_id = st.segmented_control("Cycle", list(labels), format_func=labels.__getitem__, default=cycles[0].id,
                                    key=f"cycle_{program.id}") or cycles[0].id
    report = repo.programs.compliance(viewer, program.id, cycle_id=cycle_id)
    zone = program.spec.timezone
    st.caption(escape_markdown(f"Cycle {report.cycle.label}: due by the end of "
                               f"{last_day(report.cycle.due_at, zone):%d %B %Y} ({zone}); "
                               f"{len(program.spec.scenario_ids)} required scenarios, pass mark "
                               f"{program.spec.pass_mark:g}."))
    cols = st.columns(3)
    cols[0].metric("Assigned", report.assigned)
    cols[1].metric("Completed", report.completed,
                   f"{100 * report.completed / report.assigned:.0f}%" if report.assigned else None, delta_color="off")
    cols[2].metric("Overdue", report.overdue)
    if report.teams:
        st.subheader("Completion per team", anchor=False)
        st.altair_chart(team_chart(report.teams), width="stretch")
    people_list(repo, viewer, program, cycle_id)
    downloads(services, repo, viewer, program, cycle_id)


def team_chart(teams: list[TeamCompliance]) -> alt.LayerChart:
    """Every team's completion, lowest first, with its counts written beside the bar."""
    return charts.bars([(t.team_name, 100 * t.rate, f"{100 * t.rate:.0f}% · {t.completed} of {t.assigned}"
                         + (f" · {t.overdue} overdue" if t.overdue else "")) for t in teams],
                       title="% of the team's assignments completed", sort=True)


def people_list(repo: Repository, viewer: UserRecord, program: ProgramRecord, cycle_id: int) -> None:
    st.subheader("People")
    only = st.segmented_control("Show", ["overdue", "due", "completed", "removed"], default="overdue",
                                key=f"only_{program.id}_{cycle_id}")
    key = f"cursors_{program.id}_{cycle_id}_{only}"
    cursors: list[str | None] = st.session_state.setdefault(key, [None])
    page = repo.programs.compliance_people(
        viewer, program.id, cycle_id=cycle_id, only=only, limit=PAGE, after=cursors[-1]
    )
    if not page.items:
        st.caption(f"Nobody is {only or 'assigned'}." if only else "Nobody is assigned.")
    else:
        st.dataframe(frame_of(page.items), hide_index=True, width="stretch", column_config={
            "progress": st.column_config.ProgressColumn(min_value=0, max_value=1, format="percent"),
            "completed": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", timezone="UTC")})
    left, right = st.columns(2)
    if len(cursors) > 1 and left.button("Previous page", key=f"prev_{key}"):
        cursors.pop()
        st.rerun()
    if page.next_cursor and right.button("Next page", key=f"next_{key}"):
        cursors.append(page.next_cursor)
        st.rerun()


def frame_of(items: list[AssignmentRecord]) -> pd.DataFrame:
    return pd.DataFrame([{"name": a.user_name, "email": a.user_email, "team": a.team_name or "", "status": a.status,
                          "progress": a.passed / a.required if a.required else 0.0,
                          "passed": f"{a.passed}/{a.required}", "completed": a.completed_at} for a in items])


def downloads(services: Services, repo: Repository, viewer: UserRecord, program: ProgramRecord, cycle_id: int) -> None:
    st.subheader("Export")
    if st.button("Prepare the compliance CSV", key=f"prep_{program.id}_{cycle_id}"):
        out = io.StringIO()
        after = None
        rows: list[AssignmentRecord] = []
        while True:
            page = repo.programs.compliance_people(viewer, program.id, cycle_id=cycle_id, limit=500, after=after)
            rows += page.items
            if page.next_cursor is None:
                break
            after = page.next_cursor
        exports.write_compliance(rows, out)
        st.session_state[f"csv_{program.id}_{cycle_id}"] = out.getvalue()
    data = st.session_state.get(f"csv_{program.id}_{cycle_id}")
    if data:
        st.download_button("Download compliance.csv", data, file_name="compliance.csv", mime="text/csv",
                           icon=":material/download:")
    since = st.date_input("Attempts started since", value=datetime.now(UTC).date() - timedelta(days=30),
                          key=f"since_{program.id}")
    if st.button("Prepare the attempts CSV", key=f"prep_attempts_{program.id}"):
        out = io.StringIO()
        start = datetime.combine(since, time(0), tzinfo=UTC)
        titles = {sid: s.title for sid, s in services.catalog.scenarios.items()}
        count = exports.write_attempts(repo.exports.iter_export(viewer, since=start), out, titles)
        st.session_state[f"attempts_{program.id}"] = (out.getvalue(), count)
    ready = st.session_state.get(f"attempts_{program.id}")
    if ready:
        st.download_button(f"Download attempts.csv ({ready[1]} attempts)", ready[0], file_name="attempts.csv",
                           mime="text/csv", icon=":material/download:")
