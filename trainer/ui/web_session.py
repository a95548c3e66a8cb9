"""The login cookie: how a login survives a reload (the rules are in `trainer/sessions.py`, the rows in
`trainer/store/sessions.py`).

Streamlit (1.67) reads cookies (`st.context.cookies`, from the request that opened the page's
websocket) but has no API to set one. Two ways exist: a script in the page writing `document.cookie`,
which can never be `HttpOnly`, so any script in the page could read and steal the login; or an HTTP
route of our own that answers with a `Set-Cookie` header. Frontline takes the second: `streamlit_app.py`
declares an `st.App` with the route below (`streamlit run streamlit_app.py` serves it), and the page
only carries a one-time ticket:

1. after a login the server starts a session and draws a tiny script holding a ticket (valid two
   minutes, usable once); the script posts it to `POST /api/session`;
2. the route trades the ticket for a fresh token and answers `Set-Cookie: frontline_session=<token>.
   <signature>; HttpOnly; SameSite=Lax; Path=/` (plus `Secure` over https) with `Max-Age` up to the
   session's lifetime;
3. a reload or a new tab sends the cookie with the websocket request; `restore()` checks its signature
   and the session in the database;
4. logging out ends the session in the database first (the cookie is worthless from then on), then
   `DELETE /api/session` removes the cookie; it names the session it is about, and a cookie of a newer
   login (the next person's, in the same tab) is left alone.

The routes refuse requests whose `Origin` is another site. The script in the page (the one place that
runs JavaScript, `unsafe_allow_javascript=True`) contains only the ticket and the route's path, never
any text a person typed.
"""

from __future__ import annotations

import contextlib
import json
import threading
import weakref
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import streamlit as st

from trainer.config import Settings
from trainer.errors import FrontlineError
from trainer.services import Services
from trainer.sessions import COOKIE_NAME, new_token, sign, unsign
from trainer.store import Repository, UserRecord
from trainer.ui import context as ctx

ROUTE = "/api/session"
SESSION = "_frontline_session"  # this tab's session id
PENDING = "_frontline_cookie"  # ("set", ticket) or ("clear", the session it ends or None): drawn on the next run
ENDED = "_frontline_session_ended"  # why this tab's login ended, shown on the login form
TRIED = "_frontline_cookie_tried"  # the cookie this tab came with, once it has been checked

_lock = threading.Lock()
_store: tuple[Settings, Repository] | None = None  # the app's settings and database, for the routes
_secrets: weakref.WeakKeyDictionary[Repository, str] = weakref.WeakKeyDictionary()  # read once per database


# --- in the page ---------------------------------------------------------------------------------------


# A browser keeps its page in Streamlit's session, in the process that serves its websocket. When that
# connection drops, the page reconnects by itself: to the same process (a network blip), to another
# replica behind the proxy (this one was stopped or died), or to this process started again. Streamlit's
# page asks for a run after reconnecting only when the page has a fragment that reruns on a timer;
# otherwise it assumes the server still holds its session and waits for the next click. A new process
# holds nothing, so the page would go on showing the old call, whose reply box no longer leads anywhere.
# This fragment draws nothing and reruns (itself only, doing nothing) twice a day: its timer is what
# makes every reconnection run the page again, where the login cookie logs the person in and Practice
# offers the call in progress for resume.
@st.fragment(run_every=timedelta(hours=12))
def run_again_after_reconnecting() -> None:
    """Called once per run of the page, at the same place every time (see above)."""


def register(services: Services) -> None:
    """Let the routes use the app's database (the entry point calls this on every run)."""
    global _store
    if services.store is not None:
        _store = (services.settings, services.store)


def cookie_secret(settings: Settings, repo: Repository) -> str:
    secret = _secrets.get(repo)
    if secret is None:
        secret = repo.sessions.session_secret(settings.session_secret.get_secret_value())
        with _lock:
            _secrets[repo] = secret
    return secret


def start(services: Services, user: UserRecord) -> None:
    """A new session for a person who just logged in; the browser gets its cookie on the next run."""
    issued = services.repository().sessions.start_session(user.id)
    st.session_state[SESSION] = issued.id
    st.session_state[PENDING] = ("set", issued.ticket)
    st.session_state.pop(ENDED, None)


def current() -> int | None:
    return st.session_state.get(SESSION)


def check(services: Services) -> UserRecord | None:
    """This tab's person as the database has them now, or None when the session has ended (the reason
    is kept for the login form). A tab without a session of its own is left alone. A database that
    does not answer keeps the person in: the page they open will say what is wrong."""
    session_id = current()
    if session_id is None or services.store is None:
        return ctx.user()
    try:
        status = services.store.sessions.check_session(session_id)
    except FrontlineError:
        return ctx.user()
    if status.live:
        return status.user
    forget(status.ended)
    return None


def browser_cookie() -> str | None:
    """The login cookie the browser sent when it opened this page (tests put their own here)."""
    return st.context.cookies.get(COOKIE_NAME)


def restore(services: Services) -> UserRecord | None:
    """The person whose cookie came with this page (a reload, a new tab), or None."""
    value = browser_cookie()
    # The cookie is the one the tab was opened with, for as long as the tab lives: check it once.
    if not value or services.store is None or st.session_state.get(TRIED) == value:
        return None
    st.session_state[TRIED] = value
    try:
        token = unsign(value, cookie_secret(services.settings, services.store))
        status = services.store.sessions.resume_session(token) if token else None
    except FrontlineError:
        return None
    if status is None or not status.live:
        st.session_state[PENDING] = ("clear", status.id if status is not None else None)
        if status is not None and status.ended != "unknown":
            st.session_state[ENDED] = status.ended
        return None
    st.session_state[SESSION] = status.id
    return status.user


def end(services: Services) -> None:
    """Log this browser out: the session ends in the database, then the cookie goes."""
    session_id = st.session_state.pop(SESSION, None)
    if session_id is not None and services.store is not None:
        with contextlib.suppress(FrontlineError):  # the cookie still goes; the session ends in time anyway
            services.store.sessions.end_session(session_id)
    st.session_state[PENDING] = ("clear", session_id)


def forget(reason: str | None) -> None:
    """This tab's session ended elsewhere: drop it here and remove the cookie."""
    st.session_state[PENDING] = ("clear", st.session_state.pop(SESSION, None))
    if reason:
        st.session_state[ENDED] = reason


def ended_reason() -> str | None:
    return st.session_state.get(ENDED)


def deliver() -> None:
    """Draw the script that sets or removes the cookie, once, in a hidden container.

    The page may run a drawn script again (Streamlit mounts an element anew when the page around it
    changes), so each script carries a random id and sends its request only the first time the page
    sees that id. Otherwise a logout's removal, run again just after the next person's login in the
    same tab, took that new login away."""
    pending = st.session_state.pop(PENDING, None)
    if pending is None:
        return
    # a removal names the session it is about: the route leaves a newer login's cookie alone
    body = {"ticket": pending[1]} if pending[0] == "set" else {"session": pending[1] if len(pending) > 1 else None}
    call = {"method": "POST" if pending[0] == "set" else "DELETE", "credentials": "same-origin",
            "headers": {"Content-Type": "application/json"}, "body": json.dumps(body)}
    once = json.dumps(new_token()[:16])
    script = (f"<script>(() => {{ const sent = (window.frontlineCookieCalls ??= new Set()); "
              f"if (sent.has({once})) return; sent.add({once}); "
              f"fetch({json.dumps(route_path())}, {json.dumps(call)}); }})();</script>")
    with st.container(key="session_cookie"):
        st.html(script, unsafe_allow_javascript=True)


def route_path() -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}{ROUTE}" if base else ROUTE


# --- the HTTP route ------------------------------------------------------------------------------------


def routes() -> list:  # list[starlette.routing.Route]
    """The routes `streamlit_app.py` adds to Streamlit's server."""
    from starlette.routing import Route

    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return [Route(f"/{base}{ROUTE}" if base else ROUTE, _session_route, methods=["POST", "DELETE"])]


def _same_origin(request) -> bool:
    origin = request.headers.get("origin")
    if not origin:
        return True  # not sent by every browser for same-origin requests
    return urlsplit(origin).netloc == request.headers.get("host", "")


def _store_for_route() -> tuple[Settings, Repository]:
    """The app's settings and database; in a process whose page has not run yet (say, another replica
    behind a proxy), opened from the settings."""
    global _store
    if _store is None:
        with _lock:
            if _store is None:
                from trainer import services as svc
                from trainer.config import load_settings

                settings = load_settings()
                _store = (settings, svc.open_store(settings))
    return _store


async def _session_route(request):
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse

    if not _same_origin(request):
        return JSONResponse({"error": "Requests from another site are refused."}, status_code=403)
    try:
        settings, repo = await run_in_threadpool(_store_for_route)
    except FrontlineError as e:
        return JSONResponse({"error": str(e)}, status_code=503)
    secure = request.url.scheme == "https"
    if request.method == "DELETE":
        return await _remove_cookie(request, settings, repo, secure)
    try:
        body = await request.json()
        ticket = str(body.get("ticket", ""))[:200]
    except (ValueError, AttributeError):
        return JSONResponse({"error": "Send {\"ticket\": ...}."}, status_code=400)
    try:
        cookie = await run_in_threadpool(repo.sessions.redeem_ticket, ticket) if ticket else None
        secret = await run_in_threadpool(cookie_secret, settings, repo)
    except FrontlineError as e:
        return JSONResponse({"error": str(e)}, status_code=503)
    if cookie is None:
        return JSONResponse({"error": "This login ticket is unknown, used or stale; log in again."}, status_code=400)
    max_age = max(1, int((cookie.expires_at - datetime.now(UTC)).total_seconds()))
    response = JSONResponse({"ok": True})
    response.set_cookie(COOKIE_NAME, sign(cookie.token, secret), max_age=max_age, path="/", secure=secure,
                        httponly=True, samesite="lax")
    return response


async def _remove_cookie(request, settings: Settings, repo: Repository, secure: bool):
    """Remove the login cookie, ending its session if it still lasts, unless the cookie is a newer
    login than the one the page meant (`{"session": id}`): a removal the page sent late, or twice,
    must not log out the person who logged in since."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse

    try:
        body = await request.json()
    except ValueError:
        body = None
    meant = body.get("session") if isinstance(body, dict) else None
    value = request.cookies.get(COOKIE_NAME)
    try:
        token = unsign(value, await run_in_threadpool(cookie_secret, settings, repo)) if value else None
        status = await run_in_threadpool(repo.sessions.session_of_token, token) if token else None
        if status is not None and status.live:
            if status.id != meant:
                return JSONResponse({"ok": True, "kept": "The cookie belongs to a newer login."})
            await run_in_threadpool(repo.sessions.end_session_by_token, token)
    except FrontlineError:
        pass
    response = JSONResponse({"ok": True})
    response.delete_cookie(COOKIE_NAME, path="/", secure=secure, httponly=True, samesite="lax")
    return response
