"""The doors into the app: first-run setup (creates the admin on an empty database), the login form,
single sign-on through `st.login` when `[auth]` is configured, and the screen for a database that
cannot be reached (with a way to practise without saving)."""

from __future__ import annotations

import streamlit as st

from trainer.errors import AuthError, FrontlineError
from trainer.services import Services
from trainer.store import Repository, UserRecord
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown


def sso_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section for `st.login`."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all, or one Streamlit cannot read
        return False


def log_in(user: UserRecord) -> None:
    st.session_state[ctx.USER] = user
    st.session_state.pop(ctx.GUEST, None)


def log_out() -> None:
    for key in list(st.session_state.keys()):
        if key != ctx.SERVICES:
            del st.session_state[key]
    if sso_configured() and _sso_logged_in():
        st.logout()


def _sso_logged_in() -> bool:
    try:
        return bool(st.user.is_logged_in)
    except Exception:
        return False


def gate(services: Services) -> None:
    """Draw whatever stands between this browser and the app; the caller stops when no one is in."""
    if services.store is None:
        database_down(services)
        return
    repo = services.store
    try:
        if repo.count_users() == 0:
            first_run(repo)
            return
        if sso_configured() and _sso_logged_in():
            st.title("Frontline")
            _sso_user(repo)
            if ctx.user() is not None:
                st.rerun()
            return
    except FrontlineError as e:
        ctx.show_error(e)
        return
    login_form(repo)


def database_down(services: Services) -> None:
    st.title("Frontline")
    st.error(escape_markdown(services.store_error or "The database is not available."), icon=":material/database:")
    st.write("Accounts and saved progress need the database. The scenario library still works: you can "
             "practise now, but nothing you do is saved.")
    left, right = st.columns(2)
    if left.button("Try the database again", icon=":material/refresh:"):
        st.session_state["_retry_store"] = True
        st.rerun()
    if right.button("Practise without saving", icon=":material/play_arrow:"):
        st.session_state[ctx.GUEST] = True
        st.rerun()


def first_run(repo: Repository) -> None:
    st.title("Welcome to Frontline")
    st.write("This database has no accounts yet. Create the administrator account; you can add "
             "trainees, managers and trainers after that.")
    with st.form("first_run"):
        name = st.text_input("Your name", key="setup_name")
        email = st.text_input("Email", key="setup_email")
        password = st.text_input("Password", type="password", help="At least 8 characters.", key="setup_password")
        again = st.text_input("Password again", type="password", key="setup_again")
        submitted = st.form_submit_button("Create the admin account", type="primary")
    if not submitted:
        return
    if password != again:
        st.error("The two passwords differ; type the same password twice.")
        return
    try:
        if repo.count_users() != 0:  # someone else finished setup a moment ago
            st.warning("An account was created meanwhile; log in instead.")
            st.rerun()
        user = repo.create_user(email, name, "admin", password)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    log_in(user)
    st.rerun()


def login_form(repo: Repository) -> None:
    st.title("Frontline")
    st.caption("Practise hard customer conversations before you have them for real.")
    with st.form("login"):
        email = st.text_input("Email", key="login_email")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        try:
            user = repo.authenticate(email, password)
        except FrontlineError as e:
            ctx.show_error(e)
        else:
            log_in(user)
            st.rerun()
    if sso_configured():
        st.button("Log in with single sign-on", icon=":material/key:", on_click=st.login)


def _sso_user(repo: Repository) -> None:
    email = str(st.user.get("email") or "")
    user = repo.find_user(email) if email else None
    if user is None or not user.active:
        why = "is deactivated" if user is not None else "has no Frontline account"
        ctx.show_error(AuthError(f"{email or 'Your single sign-on account'} {why}. Ask an admin to add "
                                 "you with this email, then log in again."))
        st.button("Log out of single sign-on", on_click=st.logout)
        return
    log_in(user)
