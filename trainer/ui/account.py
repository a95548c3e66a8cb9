"""My account: who I am, a new password, and the other places I am logged in."""

from __future__ import annotations

import streamlit as st

from trainer.errors import FrontlineError
from trainer.services import Services
from trainer.store import UserRecord
from trainer.ui import context as ctx
from trainer.ui import web_session
from trainer.ui.text import escape_markdown

ELSEWHERE = "_account_logged_out_elsewhere"  # how many logins "Log out everywhere else" ended, shown once


def page(services: Services, user: UserRecord) -> None:
    st.markdown(escape_markdown(f"{user.display_name} · {user.email} · {user.role}"
                                + (f" · team {user.team_name}" if user.team_name else "")))
    password_form(services, user)
    other_logins(services, user)


def _logins(count: int) -> str:
    return f"{count} login{'s' if count != 1 else ''}"


def password_form(services: Services, user: UserRecord) -> None:
    with st.form("new_password", clear_on_submit=True):
        st.subheader("Change your password")
        current = st.text_input("Current password", type="password", key="current_password")
        new = st.text_input("New password", type="password", help="At least 8 characters.", key="new_password_1")
        again = st.text_input("New password again", type="password", key="new_password_2")
        submitted = st.form_submit_button("Change the password")
    if not submitted:
        return
    if new != again:
        st.error("The two new passwords differ; type the same one twice.")
        return
    repo = services.repository()
    try:
        repo.accounts.authenticate(user.email, current)
        ended = repo.accounts.set_password(user.id, new, by=user, keep_session=web_session.current())
    except FrontlineError as e:
        ctx.show_error(e)
        return
    st.success("Your password is changed." + (f" Your {_logins(ended)} elsewhere ended." if ended else ""))


def other_logins(services: Services, user: UserRecord) -> None:
    """Log out of every other browser (a shared computer, a lost phone); this one stays logged in."""
    st.subheader("Where you are logged in")
    repo = services.repository()
    done = st.session_state.pop(ELSEWHERE, None)
    if done is not None:
        st.success(f"Your {_logins(done)} elsewhere ended; this one goes on.")
    others = max(0, repo.sessions.open_sessions(user.id) - (1 if web_session.current() is not None else 0))
    if not others:
        st.caption("Only here. A login ends when you log out, after "
                   f"{_duration(repo.sessions.policy.idle_seconds)} without activity, "
                   f"{_duration(repo.sessions.policy.lifetime_seconds)} after you logged in, "
                   "or when your password changes.")
        return
    places = "browser or device" if others == 1 else "browsers or devices"
    st.caption(f"You are also logged in in {others} other {places}.")
    st.button("Log out everywhere else", icon=":material/logout:", key="log_out_elsewhere",
              on_click=_log_out_elsewhere, args=(repo, user))


def _log_out_elsewhere(repo, user: UserRecord) -> None:
    st.session_state[ELSEWHERE] = repo.sessions.end_all_sessions(user.id, by=user, keep=web_session.current())


def _duration(seconds: int) -> str:
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
