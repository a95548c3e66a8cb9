"""The program pages in the navigation: everyone logged in sees their assignments and certificates;
managers, trainers and admins see compliance (the repository limits a manager to their teams);
trainers and admins create and edit programs."""

from __future__ import annotations

import streamlit as st

from trainer.roles import AUTHOR, LEAD


def program_pages(role: str | None) -> list[st.Page]:
    """Everyone's own: assignments and certificates."""
    if role is None:
        return []
    return [
        st.Page("pages/assignments.py", title="My assignments", icon=":material/assignment:"),
        st.Page("pages/certificates.py", title="Certificates", icon=":material/workspace_premium:"),
    ]


def compliance_pages(role: str | None) -> list[st.Page]:
    """Managers (their teams), trainers and admins (everyone)."""
    if role not in LEAD:
        return []
    return [st.Page("pages/compliance.py", title="Program compliance", icon=":material/fact_check:")]


def program_editor_pages(role: str | None) -> list[st.Page]:
    if role not in AUTHOR:
        return []
    return [st.Page("pages/programs.py", title="Programs", icon=":material/event_repeat:")]
