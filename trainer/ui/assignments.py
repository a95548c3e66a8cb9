"""My assignments: each program I am in, where I stand in its current cycle (every required scenario,
passed or not, with my best score), when it is due in the program's own time zone, and my certificate."""

from __future__ import annotations

import streamlit as st

from trainer.cycles import last_day
from trainer.services import Services
from trainer.store import AssignmentRecord, UserRecord
from trainer.ui.text import escape_markdown

BADGES = {"completed": ("Completed", "green"), "completed late": ("Completed late", "orange"),
          "overdue": ("Overdue", "red"), "due": ("Due", "blue"), "removed": ("No longer assigned", "gray")}


def due_text(a: AssignmentRecord, zone: str) -> str:
    return f"{last_day(a.cycle.due_at, zone):%d %B %Y} ({zone})"


def page(services: Services, viewer: UserRecord) -> None:
    repo = services.repository()
    repo.programs.sync_programs(user_id=viewer.id)  # newcomers, completions and certificates for me, now
    mine = repo.programs.my_assignments(viewer)
    if not mine:
        st.info("You have no assignments. When a trainer adds you to a program, it appears here.")
        return
    zones = {p.id: p.spec.timezone for p in repo.programs.list_programs(include_inactive=True)}
    titles = {sid: s.title for sid, s in services.catalog.scenarios.items()}
    for a in mine:
        assignment_card(a, zones.get(a.program_id, "UTC"), titles)


def assignment_card(a: AssignmentRecord, zone: str, titles: dict[str, str]) -> None:
    label, colour = BADGES[a.status]
    with st.container(border=True):
        st.subheader(escape_markdown(a.program_name), anchor=False)
        st.markdown(f":{colour}-badge[{label}] &nbsp; cycle {a.cycle.label} · due by the end of "
                    f"{escape_markdown(due_text(a, zone))}")
        st.progress(a.passed / a.required if a.required else 0.0,
                    text=f"{a.passed} of {a.required} required scenarios passed")
        for s in a.scenarios:
            mark = ":material/check_circle:" if s.passed else ":material/radio_button_unchecked:"
            best = f" · best {s.best_score:.0f}" if s.best_score is not None else ""
            st.markdown(f"{mark} {escape_markdown(titles.get(s.scenario_id, s.scenario_id))}{best}")
        if a.certificate is not None:
            st.page_link("pages/certificates.py", label="See and print your certificate",
                         icon=":material/workspace_premium:")
        elif a.status in ("due", "overdue"):
            st.caption("Practise the scenarios you have not passed yet on the Practice page; a passing "
                       "attempt counts as soon as it ends.")
