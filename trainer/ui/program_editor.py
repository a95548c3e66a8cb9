"""Programs for trainers and admins: the list with each one's current cycle, and one form to create a
program or edit the chosen one (required scenarios, pass mark, audience, dates, time zone, recurrence).
The repository checks the role again on every write."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import available_timezones

import pandas as pd
import streamlit as st
from pydantic import ValidationError

from trainer.cycles import ProgramSpec, add_years, last_day
from trainer.roles import ROLES
from trainer.services import Services
from trainer.store import ProgramRecord, Repository, UserRecord
from trainer.ui.text import escape_markdown

NEW = 0


def page(services: Services, editor: UserRecord) -> None:
    repo = services.repository()
    programs = repo.programs.list_programs(include_inactive=True)
    overview(repo, programs)
    by_id = {p.id: p for p in programs}
    chosen = st.selectbox("Edit", [NEW, *by_id], key="program_choice",
                          format_func=lambda i: "a new program" if i == NEW else by_id[i].name)
    form(services, repo, editor, by_id.get(chosen))


def overview(repo: Repository, programs: list[ProgramRecord]) -> None:
    if not programs:
        st.info("No programs yet: create the first one below, e.g. the yearly manager rotation.")
        return
    rows = []
    for p in programs:
        c = repo.programs.current_cycle(p.id)
        rows.append({"program": p.name, "scenarios": len(p.spec.scenario_ids), "pass mark": p.spec.pass_mark,
                     "audience": audience_text(p.spec), "recurrence": p.spec.recurrence,
                     "cycle": c.label if c else "not opened yet",
                     "due": f"{last_day(c.due_at, p.spec.timezone):%d %b %Y}" if c else "",
                     "active": p.active})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def audience_text(spec: ProgramSpec) -> str:
    roles = ", ".join(spec.roles) or "every role"
    teams = f" in {len(spec.team_ids)} team(s)" if spec.team_ids else ""
    return roles + teams


def form(services: Services, repo: Repository, editor: UserRecord, program: ProgramRecord | None) -> None:
    spec = program.spec if program else None
    key = f"program_{program.id if program else 'new'}"
    today = datetime.now(UTC).date()
    scenarios = services.catalog.scenarios
    teams = {t.id: t.name for t in repo.accounts.list_teams(editor)}
    zones = sorted(available_timezones())
    with st.form(key):
        st.subheader(escape_markdown(f"Edit {program.name}") if program else "New program", anchor=False)
        name = st.text_input("Name", value=spec.name if spec else f"{today.year + 1} manager rotation")
        description = st.text_area("Description", value=spec.description if spec else "", height=68)
        required = st.multiselect("Required scenarios", list(scenarios),
                                  default=[s for s in (spec.scenario_ids if spec else []) if s in scenarios],
                                  format_func=lambda sid: f"{scenarios[sid].title} ({sid})")
        left, right = st.columns(2)
        pass_mark = left.number_input("Pass mark", 0.0, 100.0, value=spec.pass_mark if spec else 70.0, step=5.0)
        recurrence = right.selectbox("Recurrence", ["yearly", "none"],
                                     index=0 if not spec or spec.recurrence == "yearly" else 1)
        opens_on = left.date_input("Opens on", value=spec.opens_on if spec else date(today.year + 1, 1, 1))
        due_on = right.date_input("Due on (by the end of the day)",
                                  value=spec.due_on if spec else date(today.year + 1, 3, 31))
        zone = left.selectbox("Time zone", zones, index=zones.index(spec.timezone) if spec else zones.index("UTC"))
        assessment_only = right.checkbox("Only assessment attempts count",
                                         value=spec.assessment_only if spec else False)
        roles = left.multiselect("Roles (empty: everyone)", ROLES, default=spec.roles if spec else ["manager"])
        team_ids = right.multiselect("Teams (empty: every team)", list(teams),
                                     default=[t for t in (spec.team_ids if spec else []) if t in teams],
                                     format_func=teams.__getitem__)
        active = st.checkbox("Active (archived programs keep their history but assign nobody)",
                             value=program.active if program else True)
        if recurrence == "yearly":
            st.caption(f"Each cycle runs a year: it rolls over on {add_years(opens_on, 1):%d %B}, when certificates "
                       "expire and everyone in the audience is assigned again.")
        submitted = st.form_submit_button("Save the program", type="primary")
    if not submitted:
        return
    try:
        new = ProgramSpec(name=name, description=description, scenario_ids=required, pass_mark=pass_mark,
                          assessment_only=assessment_only, recurrence=recurrence, timezone=zone, opens_on=opens_on,
                          due_on=due_on, roles=roles, team_ids=team_ids)
    except ValidationError as e:
        for err in e.errors():
            where = ".".join(str(p) for p in err["loc"]) or "program"
            st.error(escape_markdown(f"{where}: {err['msg']}"))
        return
    saved = (
        repo.programs.update_program(program.id, new, by=editor)
        if program
        else repo.programs.create_program(new, by=editor)
    )
    if program is not None and program.active != active or program is None and not active:
        repo.programs.set_program_active(saved.id, active, by=editor)
    with st.spinner("Assigning the audience and checking their attempts in this cycle..."):
        report = repo.programs.sync_programs(program_id=saved.id)  # the first check reads the cycle's history
    st.success(escape_markdown(f"Saved {saved.name}: {report.assigned} new assignment(s), "
                               f"{report.completed} completion(s)."))
