"""The doors into the app: first-run setup (creates the admin on an empty database), the login form,
single sign-on through `st.login` when `[auth]` is configured, and the screen for a database that
cannot be reached (with a way to practise without saving).

Every way in starts a login session (`web_session`), so the login survives a reload and can be ended
from elsewhere; `keep()` runs before every page and lets the person in from this tab's session or the
browser's cookie, or not at all."""

from __future__ import annotations

import streamlit as st

from trainer.auth import client_address
from trainer.errors import AuthError, FrontlineError
from trainer.roles import Role
from trainer.services import Services
from trainer.sessions import ended_message
from trainer.store import UserRecord
from trainer.ui import context as ctx
from trainer.ui import web_session
from trainer.ui.text import escape_markdown


def sso_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section for `st.login`."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all, or one Streamlit cannot read
        return False


def log_in(services: Services, user: UserRecord) -> None:
    """Let a person in who has just proved who they are; their login session starts here."""
    web_session.start(services, user)
    st.session_state[ctx.USER] = user
    st.session_state.pop(ctx.GUEST, None)


def keep(services: Services) -> None:
    """Before every page: the person this tab's session still lets in (as the database has them now),
    else the one the browser's cookie names, else nobody (the login form says why, when it knows)."""
    user = web_session.check(services)
    if user is None and ctx.user() is not None:  # this tab's session ended elsewhere
        _clear(keep_keys=(web_session.PENDING, web_session.ENDED, web_session.TRIED))
    if user is None and not ctx.is_guest():
        user = web_session.restore(services)
    if user is not None:
        st.session_state[ctx.USER] = user


def log_out() -> None:
    """End this browser's login (every tab of it) and forget everything this tab held."""
    services = st.session_state.get(ctx.SERVICES)
    if services is not None:
        web_session.end(services)
    _clear(keep_keys=(web_session.PENDING, web_session.TRIED))
    web_session.forget("logout")
    if sso_configured() and _sso_logged_in():
        st.logout()


def _clear(keep_keys: tuple[str, ...] = ()) -> None:
    for key in list(st.session_state.keys()):
        if key != ctx.SERVICES and key not in keep_keys:
            del st.session_state[key]


def address(services: Services) -> str:
    """The network address this browser connects from (the client a trusted proxy names, when it comes
    through one: TRAINER_TRUSTED_PROXIES), for counting failed logins per address."""
    try:
        peer, headers = st.context.ip_address, st.context.headers
        forwarded = headers.get("X-Forwarded-For") if headers else None
    except Exception:  # no browser connection (a script run without a server)
        peer, forwarded = None, None
    return client_address(peer if isinstance(peer, str) else None,
                          forwarded if isinstance(forwarded, str) else None, services.settings.trusted_proxies)


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
        if repo.accounts.count_users() == 0:
            first_run(services)
            return
        # After a login ended elsewhere (logged out in another tab, a new password...), single sign-on
        # waits for a click instead of letting the person straight back in.
        if sso_configured() and _sso_logged_in() and web_session.ended_reason() is None:
            st.title("Frontline")
            _sso_user(services)
            if ctx.user() is not None:
                st.rerun()
            return
    except FrontlineError as e:
        ctx.show_error(e)
        return
    login_form(services)


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


def first_run(services: Services) -> None:
    repo = services.repository()
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
        if repo.accounts.count_users() != 0:  # someone else finished setup a moment ago
            st.warning("An account was created meanwhile; log in instead.")
            st.rerun()
        user = repo.accounts.create_user(email, name, Role.ADMIN, password)
        log_in(services, user)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    st.rerun()


def login_form(services: Services) -> None:
    repo = services.repository()
    st.title("Frontline")
    st.caption("Practise hard customer conversations before you have them for real.")
    ended = web_session.ended_reason()
    if ended is not None:
        st.info(ended_message(ended), icon=":material/logout:")
    with st.form("login"):
        email = st.text_input("Email", key="login_email")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary")
    if submitted:
        try:
            log_in(services, repo.accounts.authenticate(email, password, address=address(services)))
        except FrontlineError as e:
            ctx.show_error(e)
        else:
            st.rerun()
    if sso_configured():
        st.button("Log in with single sign-on", icon=":material/key:", on_click=st.login)


def _sso_user(services: Services) -> None:
    repo = services.repository()
    email = str(st.user.get("email") or "")
    user = repo.accounts.find_user(email) if email else None
    if user is None or not user.active:
        why = "is deactivated" if user is not None else "has no Frontline account"
        ctx.show_error(AuthError(f"{email or 'Your single sign-on account'} {why}. Ask an admin to add "
                                 "you with this email, then log in again."))
        st.button("Log out of single sign-on", on_click=st.logout)
        return
    log_in(services, user)
