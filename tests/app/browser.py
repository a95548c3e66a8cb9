"""A browser for `AppTest`: its tabs are `AppTest` sessions of the app, and it keeps the login cookie the
way a browser does. What the page's script would do (post the ticket to the app's session route, or
ask it to remove the cookie) is done here by calling the real route, an ASGI app, directly; whatever
cookie it sets comes back to the next tab opened or reloaded (`web_session.browser_cookie`).
"""

from __future__ import annotations

import asyncio
import json
import re
from http.cookies import SimpleCookie

import pytest
from streamlit.testing.v1 import AppTest

from tests.app import drive
from trainer.sessions import COOKIE_NAME
from trainer.ui import web_session

FETCH = re.compile(r'fetch\((".*?"), (\{.*?\})\); \}\)\(\);</script>', re.S)


def call_route(method: str, path: str = web_session.ROUTE, *, body: bytes = b"", cookie: str | None = None,
               headers: dict[str, str] | None = None, scheme: str = "http") -> tuple[int, SimpleCookie, dict]:
    """One request to the app's session route: (status, the cookies it set, the JSON it answered)."""
    from starlette.applications import Starlette

    app = Starlette(routes=web_session.routes())
    sent = {"host": "127.0.0.1:8501", **(headers or {})}
    if cookie is not None:
        sent["cookie"] = f"{COOKIE_NAME}={cookie}"
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": scheme, "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.lower().encode(), v.encode()) for k, v in sent.items()],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8501)}
    messages: list[dict] = []
    incoming = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        messages.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    cookies = SimpleCookie()
    for name, value in start["headers"]:
        if name == b"set-cookie":
            cookies.load(value.decode())
    payload = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], cookies, json.loads(payload or b"{}")


class Browser:
    """One browser: the login cookie it holds and the tabs it opens."""

    def __init__(self, app, monkeypatch: pytest.MonkeyPatch):
        self._new_tab = app
        self._monkeypatch = monkeypatch
        self.cookie: str | None = None
        self.set_cookies: list[SimpleCookie] = []

    def open(self, page: str | None = None) -> AppTest:
        """A new tab (or a reload: the same thing to the server), on `page` when given."""
        at = self._new_tab()
        if page is not None:
            at.switch_page(page)
        return self.run(at)

    def run(self, at: AppTest) -> AppTest:
        self._monkeypatch.setattr(web_session, "browser_cookie", lambda: self.cookie)
        drive.ok(at.run())
        return self.scripts_ran(at)

    def press(self, at: AppTest, label: str) -> AppTest:
        drive.button(at, label).click()
        return self.run(at)

    def log_in(self, at: AppTest, email: str, password: str = drive.PASSWORD) -> AppTest:
        at.text_input(key="login_email").input(email)
        at.text_input(key="login_password").input(password)
        return self.press(at, "Log in")

    def go_to(self, at: AppTest, page: str) -> AppTest:
        at.switch_page(page)
        return self.run(at)

    def scripts_ran(self, at: AppTest) -> AppTest:
        """Do what the page's cookie script asks, as the browser would."""
        for element in at.get("html"):
            found = FETCH.search(element.proto.body)
            if found is None:
                continue
            path, call = json.loads(found[1]), json.loads(found[2])
            status, cookies, _ = call_route(call["method"], path, body=call.get("body", "").encode(),
                                            cookie=self.cookie)
            assert status == 200, (status, call)
            self.set_cookies.append(cookies)
            if COOKIE_NAME in cookies:
                morsel = cookies[COOKIE_NAME]
                self.cookie = None if morsel["max-age"] == "0" or not morsel.value else morsel.value
        return at
