"""The login cookie and its route: what the cookie is (HttpOnly, SameSite=Lax, Secure over https, signed),
what the route refuses, a sub-page address kept through the login, and single sign-on with sessions.
The plain-language journeys are in tests/features/sessions/staying_logged_in.feature."""

from __future__ import annotations

import json

import pytest

from tests.app.browser import FETCH, Browser, call_route
from tests.app.drive import PASSWORD, errors
from trainer.config import ROOT
from trainer.sessions import COOKIE_NAME, sign
from trainer.ui import web_session

PEOPLE = "pages/people.py"
SSO = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
       "client_secret": "secret", "server_metadata_url": "https://idp.example.com/.well-known/openid-configuration"}


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: the store's session tests cover both databases."""
    return f"sqlite:///{tmp_path / 'db' / 'frontline.db'}"


@pytest.fixture(autouse=True)
def _route_forgets_the_last_test():
    yield
    web_session._store = None


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)


@pytest.fixture
def browser(app, monkeypatch) -> Browser:
    return Browser(app, monkeypatch)


@pytest.fixture
def ticket(app_services, ana) -> str:
    """A ticket for Ana's new session, as the page gets it after her login."""
    web_session.register(app_services)
    return app_services.store.sessions.start_session(ana.id).ticket


def post(ticket: str, **kwargs):
    return call_route("POST", body=json.dumps({"ticket": ticket}).encode(), **kwargs)


def test_the_cookie_is_http_only_same_site_lax_and_lasts_the_session(app_repo, ticket):
    status, cookies, _ = post(ticket)
    assert status == 200
    morsel = cookies[COOKIE_NAME]
    assert morsel["httponly"] and morsel["samesite"].lower() == "lax" and morsel["path"] == "/"
    assert not morsel["secure"]
    assert abs(int(morsel["max-age"]) - app_repo.sessions.policy.lifetime_seconds) < 60
    token, _, signature = morsel.value.partition(".")
    assert signature and app_repo.sessions.resume_session(token).user.email == "ana@example.com"


def test_over_https_the_cookie_is_secure(ticket):
    _, cookies, _ = post(ticket, scheme="https")
    assert cookies[COOKIE_NAME]["secure"]


def test_a_ticket_works_once_and_requests_from_another_site_are_refused(ticket):
    status, cookies, body = post(ticket, headers={"origin": "https://evil.example"})
    assert status == 403 and COOKIE_NAME not in cookies and "another site" in body["error"]
    assert post(ticket, headers={"origin": "http://127.0.0.1:8501"})[0] == 200
    status, cookies, body = post(ticket)
    assert status == 400 and COOKIE_NAME not in cookies and "log in again" in body["error"]
    assert call_route("POST", body=b"not json")[0] == 400


def delete(session: int | None, cookie: str | None):
    return call_route("DELETE", body=json.dumps({"session": session}).encode(), cookie=cookie)


def test_deleting_the_cookie_ends_its_session(app_repo, ticket):
    _, cookies, _ = post(ticket)
    value = cookies[COOKIE_NAME].value
    session = app_repo.sessions.resume_session(value.partition(".")[0]).id
    status, cleared, _ = delete(session, value)
    assert status == 200 and cleared[COOKIE_NAME].value == "" and cleared[COOKIE_NAME]["max-age"] == "0"
    assert app_repo.sessions.resume_session(value.partition(".")[0]).ended == "logout"


def test_a_late_removal_leaves_the_next_login_in_the_same_browser_alone(app_repo, app_services, ana):
    """A logout's removal that reaches the route after the next login (sent late, or run again by the
    page) keeps the new cookie and its session; one about an ended session removes the cookie."""
    web_session.register(app_services)
    first = app_repo.sessions.start_session(ana.id)
    app_repo.sessions.end_session(first.id)  # the logout, in the page
    second = app_repo.sessions.start_session(ana.id)
    _, cookies, _ = post(second.ticket)
    value = cookies[COOKIE_NAME].value
    for late in (first.id, None):
        status, cleared, body = delete(late, value)
        assert status == 200 and COOKIE_NAME not in cleared and body["kept"]
    assert app_repo.sessions.check_session(second.id).live
    _, cleared, _ = delete(second.id, value)  # the second login's own logout
    assert cleared[COOKIE_NAME]["max-age"] == "0" and not app_repo.sessions.check_session(second.id).live
    _, cleared, _ = delete(None, value)  # an ended session's cookie goes
    assert cleared[COOKIE_NAME]["max-age"] == "0"


def test_the_page_script_holds_only_the_ticket_and_is_drawn_once(browser, app_repo, ana):
    at = browser.log_in(browser.open(), "ana@example.com")
    scripts = [h.proto.body for h in at.get("html") if "fetch(" in h.proto.body]
    assert len(scripts) == 1 and "ana@example.com" not in scripts[0]
    path, call = FETCH.search(scripts[0]).groups()
    assert json.loads(path) == "/api/session" and set(json.loads(json.loads(call)["body"])) == {"ticket"}
    assert "sent.has(" in scripts[0]  # sent once, however often the page runs the script
    at = browser.go_to(at, "pages/progress.py")
    assert not [h for h in at.get("html") if "fetch(" in h.proto.body]


def test_a_cookie_signed_with_another_secret_logs_nobody_in(browser, app_repo, ana):
    token = app_repo.sessions.redeem_ticket(app_repo.sessions.start_session(ana.id).ticket).token
    browser.cookie = sign(token, "not the server's secret")
    at = browser.open()
    assert at.text_input(key="login_email") and not at.info  # nothing to explain: it was never a login
    browser.cookie = sign(token, app_repo.sessions.session_secret())
    assert any("Logged in as Ana" in c.value for c in browser.open().sidebar.caption)


def test_a_sub_page_opened_logged_out_is_where_the_login_lands(browser, app_repo, ana):
    app_repo.accounts.create_user("ada@example.com", "Ada", "admin", PASSWORD)
    at = browser.open(PEOPLE)
    assert at.title[0].value == "Frontline" and at.text_input(key="login_email")
    at = browser.log_in(at, "ada@example.com")
    assert at.title[0].value == "People" and not errors(at)


def test_a_sub_page_the_role_lacks_lands_on_practice_after_the_login(browser, ana):
    at = browser.log_in(browser.open(PEOPLE), "ana@example.com")
    assert at.title[0].value == "Practice"


def test_the_app_serves_the_cookie_route_when_started_with_streamlit_run():
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "streamlit_app.py")
    assert found.is_asgi_app and found.import_string == "streamlit_app:app"
    assert [r.path for r in web_session.routes()] == ["/api/session"]


def test_single_sign_on_starts_a_session_that_survives_a_reload(browser, ana):
    at = browser._new_tab()
    at.secrets["auth"] = SSO
    at.user = {"is_logged_in": True, "email": "ana@example.com", "name": "Ana"}
    browser.run(at)
    assert at.title[0].value == "Practice" and browser.cookie
    assert any("Logged in as Ana" in c.value for c in browser.open().sidebar.caption)


def test_after_a_logout_elsewhere_single_sign_on_waits_for_a_click(browser, app_repo, ana):
    at = browser._new_tab()
    at.secrets["auth"] = SSO
    at.user = {"is_logged_in": True, "email": "ana@example.com", "name": "Ana"}
    browser.run(at)
    app_repo.sessions.end_all_sessions(ana.id)  # logged out in another tab, say
    at.switch_page("pages/progress.py")
    browser.run(at)
    assert at.title[0].value == "Frontline"
    assert "Log in with single sign-on" in [b.label for b in at.button]


def test_log_out_everywhere_else_keeps_this_browser(app, monkeypatch, ana):
    laptop, phone = Browser(app, monkeypatch), Browser(app, monkeypatch)
    on_phone = phone.log_in(phone.open(), "ana@example.com")
    at = laptop.go_to(laptop.log_in(laptop.open(), "ana@example.com"), "pages/account.py")
    assert "You are also logged in in 1 other browser or device." in [c.value for c in at.caption]
    at = laptop.press(at, "Log out everywhere else")
    assert [s.value for s in at.success] == ["Your 1 login elsewhere ended; this one goes on."]
    assert any(c.value.startswith("Only here.") for c in at.caption)
    on_phone = phone.go_to(on_phone, "pages/progress.py")
    assert on_phone.text_input(key="login_email")
    assert any("from another browser or device" in i.value for i in on_phone.info)
    assert any("Logged in as Ana" in c.value for c in laptop.open().sidebar.caption)


def test_a_stale_cookie_is_checked_once_and_removed(browser, app_repo, ana, monkeypatch):
    at = browser.log_in(browser.open(), "ana@example.com")
    browser.press(at, "Log out")
    ticket = app_repo.sessions.start_session(ana.id).ticket
    stale = sign(app_repo.sessions.redeem_ticket(ticket).token, app_repo.sessions.session_secret())
    app_repo.sessions.end_all_sessions(ana.id)
    browser.cookie = stale
    checks = []
    resume = app_repo.sessions.resume_session
    monkeypatch.setattr(app_repo.sessions, "resume_session", lambda token: checks.append(token) or resume(token))
    at = browser.open()
    assert browser.cookie is None  # the page had the browser remove it
    assert len(checks) == 1 and any("from another browser or device" in i.value for i in at.info)
    browser.cookie = stale  # the tab still reports the cookie it was opened with
    at.text_input(key="login_email").input("ana@example.com")
    browser.run(at)
    assert len(checks) == 1  # typing on the login form does not ask again
