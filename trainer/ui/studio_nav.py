"""The studio's pages in the navigation (trainers and admins only), and reloading the library after a
save so a new or changed scenario shows up in the practice picker at once."""

from __future__ import annotations

import streamlit as st

from trainer import services as svc
from trainer.roles import AUTHOR
from trainer.services import Services

STUDIO_ROLES = AUTHOR
RELOAD = "reload_library"  # `services.extras[RELOAD]`: the entry point's cache-clearing function


def studio_pages(role: str | None) -> list[st.Page]:
    if role not in STUDIO_ROLES:
        return []
    return [
        st.Page("pages/library.py", title="Scenario library", icon=":material/library_books:"),
        st.Page("pages/editor.py", title="Scenario editor", icon=":material/edit_document:"),
        st.Page("pages/playtest.py", title="Play-test", icon=":material/sports_esports:"),
        st.Page("pages/scenario_analytics.py", title="Scenario analytics", icon=":material/insights:"),
        st.Page("pages/calibration.py", title="Calibration", icon=":material/balance:"),
    ]


def reload_library(services: Services) -> None:
    """Read the scenario folder again, for this run and (through the entry point's cache) every later one."""
    clear = services.extras.get(RELOAD)
    if callable(clear):
        clear()
    services.catalog = svc.load_catalog(services.settings)
