"""What a person does in the browser, shared by the real-browser tests: set up the first admin, log in,
type, send a chat reply, move between pages, wait for Streamlit to finish a run.

Playwright is imported inside each function, so importing this module needs no browser.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from trainer.config import ROOT

PASSWORD = "correct horse battery"
APP_LIBRARY = ROOT / "tests" / "app" / "library"


def copy_of_app_library(tmp_path: Path) -> Path:
    """A temporary copy of the small app test library, for a test that writes scenario files."""
    root = tmp_path / "scenarios"
    shutil.copytree(APP_LIBRARY, root)
    return root


def new_tab(browser, viewport: dict[str, int] | None = None):
    """A fresh browser context and its one tab (30 s default timeout); close the context when done."""
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    return context, tab


def idle(page) -> None:
    """Wait until the app has finished its run (Streamlit shows a status widget while running)."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stStatusWidget")).to_be_hidden()


def messages(page):
    return page.get_by_test_id("stChatMessage")


def fill(page, label: str, value: str) -> None:
    """Type into a text box and check it kept the text (the page may still be redrawing)."""
    from playwright.sync_api import expect

    box = page.get_by_role("textbox", name=label, exact=True)
    box.fill(value)
    expect(box).to_have_value(value)


def create_admin(page, url: str, screenshot: Path | None = None) -> None:
    """Open a fresh server and create the first admin, Ada Admin, on its welcome page; lands on Practice.

    `screenshot`: where to save the filled-in form before it is sent.
    """
    from playwright.sync_api import expect

    page.goto(url)
    # The first page of a fresh server loads the library and migrates the database.
    expect(page.get_by_role("heading", name="Welcome to Frontline")).to_be_visible(timeout=90_000)
    page.get_by_role("textbox", name="Your name", exact=True).fill("Ada Admin")
    page.get_by_role("textbox", name="Email", exact=True).fill("ada@example.com")
    page.get_by_role("textbox", name="Password", exact=True).fill(PASSWORD)
    page.get_by_role("textbox", name="Password again", exact=True).fill(PASSWORD)
    if screenshot is not None:
        page.screenshot(path=screenshot)
    page.get_by_role("button", name="Create the admin account").click()
    expect(page.get_by_role("heading", name="Practice")).to_be_visible()


def log_in(page, email: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Frontline", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    idle(page)
    fill(page, "Email", email)
    fill(page, "Password", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Practice")).to_be_visible()
    idle(page)


def send(page, text: str) -> None:
    from playwright.sync_api import expect

    idle(page)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    expect(box).to_have_value(text)
    box.press("Enter")


def reply(page, text: str, count: int) -> None:
    """Send a chat reply and wait for the chat to show `count` messages."""
    from playwright.sync_api import expect

    send(page, text)
    expect(messages(page)).to_have_count(count)


def go_to(page, name: str) -> None:
    """Click a page in the sidebar, unfolding the navigation first when it shows "View N more"."""
    from playwright.sync_api import expect

    idle(page)
    more = page.get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.click()
    page.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible()
    idle(page)
