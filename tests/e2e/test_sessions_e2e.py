"""Logins that survive a reload, in a real browser: the login cookie is set (HttpOnly, SameSite=Lax),
reloading the main page and a sub-page lands on the same page still logged in, a second tab is logged
in too, and logging out in one tab makes the other tab's next click ask to log in. Screenshots at
1,400 x 900 and at phone width."""

from __future__ import annotations

import pytest

from tests.e2e.actions import create_admin, go_to, idle, new_tab
from trainer.sessions import COOKIE_NAME

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def login_cookie(tab) -> dict:
    """The login cookie, once the page has traded its ticket for it (a moment after the login)."""
    for _ in range(40):
        found = [c for c in tab.context.cookies() if c["name"] == COOKIE_NAME]
        if found:
            return found[0]
        tab.wait_for_timeout(250)
    raise AssertionError(f"no {COOKIE_NAME} cookie; cookies: {[c['name'] for c in tab.context.cookies()]}")


def test_a_login_survives_reloads_and_logging_out_ends_the_other_tab(browser, server, shots):
    from playwright.sync_api import expect

    context, tab = new_tab(browser, {"width": 1400, "height": 900})
    try:
        create_admin(tab, server.url)
        cookie = login_cookie(tab)
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["expires"] > 0
        assert COOKIE_NAME not in tab.evaluate("document.cookie")  # the page's scripts cannot read it

        tab.reload()  # the main page: still logged in, on Practice
        expect(tab.get_by_role("heading", name="Practice")).to_be_visible()
        expect(tab.get_by_text("Logged in as Ada Admin (admin)")).to_be_visible()
        expect(tab.get_by_role("button", name="Log out")).to_be_visible()
        expect(tab.get_by_role("button", name="Start the call")).to_be_visible()
        idle(tab)
        tab.screenshot(path=shots / "sessions-01-reloaded-main.png")

        go_to(tab, "People")
        assert tab.url.rstrip("/").endswith("/people")
        tab.reload()  # a sub-page: still logged in, on the same page
        expect(tab.get_by_role("heading", name="People", exact=True)).to_be_visible()
        expect(tab.get_by_text("Logged in as Ada Admin (admin)")).to_be_visible()
        expect(tab.get_by_text("Page not found")).to_have_count(0)
        expect(tab.get_by_role("textbox", name="Name", exact=True).first).to_be_visible()
        idle(tab)
        tab.screenshot(path=shots / "sessions-02-reloaded-people.png")

        other = context.new_page()  # a second tab of the same browser: logged in by the cookie
        other.set_default_timeout(30_000)
        other.goto(f"{server.url}/team")
        expect(other.get_by_role("heading", name="Team progress", exact=True)).to_be_visible()
        idle(other)

        go_to(tab, "Account")  # two tabs of one browser are one login: nothing elsewhere
        expect(tab.get_by_text("Only here.", exact=False)).to_be_visible()
        tab.screenshot(path=shots / "sessions-03-account.png")

        tab.get_by_role("button", name="Log out").click()
        expect(tab.get_by_role("button", name="Log in")).to_be_visible()
        idle(tab)

        other.get_by_role("link", name="My progress").click()  # the other tab's next click
        expect(other.get_by_role("button", name="Log in")).to_be_visible()
        expect(other.get_by_text("You logged out")).to_be_visible()
        expect(other.get_by_role("textbox", name="Email", exact=True)).to_be_visible()
        idle(other)
        other.screenshot(path=shots / "sessions-04-other-tab-asked-to-log-in.png")

        tab.reload()  # the cookie is gone: a reload asks to log in
        expect(tab.get_by_role("button", name="Log in")).to_be_visible()
        assert not [c for c in context.cookies() if c["name"] == COOKIE_NAME]
    finally:
        context.close()


def test_a_sub_page_link_opened_logged_out_lands_there_after_the_login(browser, server, shots):
    from playwright.sync_api import expect

    context, tab = new_tab(browser)
    try:
        create_admin(tab, server.url)
    finally:
        context.close()
    context, tab = new_tab(browser, {"width": 390, "height": 844})  # a phone, never logged in here
    try:
        tab.goto(f"{server.url}/people")
        expect(tab.get_by_role("textbox", name="Email", exact=True)).to_be_visible()
        idle(tab)
        tab.screenshot(path=shots / "sessions-05-phone-login-on-people.png")
        tab.get_by_role("textbox", name="Email", exact=True).fill("ada@example.com")
        tab.get_by_role("textbox", name="Password", exact=True).fill("correct horse battery")
        tab.get_by_role("button", name="Log in").click()
        expect(tab.get_by_role("heading", name="People", exact=True)).to_be_visible()
        idle(tab)
        login_cookie(tab)
        tab.reload()
        expect(tab.get_by_role("heading", name="People", exact=True)).to_be_visible()
        expect(tab.get_by_role("textbox", name="Name", exact=True).first).to_be_visible()
        idle(tab)
        tab.screenshot(path=shots / "sessions-06-phone-people-after-reload.png")
    finally:
        context.close()
