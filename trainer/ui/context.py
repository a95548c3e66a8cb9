"""What every page needs from the current browser session: the services, the person logged in, and
one way of showing errors.

The entry point (`streamlit_app.py`) puts the services and the user into `st.session_state` before
running a page; pages read them here and never build anything themselves. `FrontlineError`s are
messages for people (`st.error`); anything else is a bug and is shown as one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from trainer.errors import FrontlineError
from trainer.roles import describe
from trainer.services import Services
from trainer.store import UserRecord
from trainer.ui.text import escape_markdown

SERVICES = "_frontline_services"
USER = "user"
GUEST = "guest"  # practising without a database: nothing is saved
SIDEBAR_TOP = "_frontline_sidebar_top"  # a sidebar slot above the account buttons, for page gauges


def services() -> Services:
    """The services the entry point put here; a page opened without it (the very first run of a
    server that starts on a page's URL) sends the person to the start page instead of failing."""
    found = st.session_state.get(SERVICES)
    if found is None:
        # Streamlit ran this page file on its own (a `pages/` folder does that until the entry point's
        # `st.navigation` has run once in the process): go through the entry point instead.
        try:
            st.switch_page("streamlit_app.py")
        except st.errors.StreamlitAPIException:
            st.info("Open Frontline's start page to log in.")
            st.stop()
    return found


def sidebar_top():
    """Where a page puts its sidebar content, above "Log out" (the entry point makes the slot)."""
    return st.session_state.get(SIDEBAR_TOP) or st.sidebar


def user() -> UserRecord | None:
    return st.session_state.get(USER)


def is_guest() -> bool:
    return bool(st.session_state.get(GUEST)) and user() is None


def require_user() -> UserRecord:
    """The person logged in; stops the page for anyone else (pages are only listed after login, but
    a stale link must not get further)."""
    services()
    current = user()
    if current is None:
        st.error("Log in to see this page.")
        st.stop()
    return current


def require_role(*roles: str) -> UserRecord:
    current = require_user()
    if current.role not in roles:
        st.error(f"This page is for {describe(roles, joiner='and')} accounts.")
        st.stop()
    return current


def show_error(error: BaseException) -> None:
    if isinstance(error, FrontlineError):
        st.error(escape_markdown(str(error)), icon=":material/error:")
    else:
        st.error("Something went wrong that should not have. Please report it with the details below.")
        st.exception(error)


@contextmanager
def errors_shown() -> Iterator[None]:
    """Run a block; a `FrontlineError` becomes a message on the page instead of a traceback."""
    try:
        yield
    except FrontlineError as e:
        show_error(e)
