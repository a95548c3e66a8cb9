"""The studio in a real browser: an admin opens a scenario in the editor, types a mistake, sees the
problem at the right line, fixes it and saves; the file on disk changes and keeps its comment. The
server runs on a temporary copy of the app test library, so the repository's scenarios are untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.actions import copy_of_app_library, create_admin, go_to, idle, new_tab
from tests.e2e.conftest import start_server, stop_server

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

@pytest.fixture
def library(tmp_path: Path) -> Path:
    return copy_of_app_library(tmp_path)


@pytest.fixture
def studio_page(browser, library: Path, tmp_path: Path):
    server = start_server(tmp_path, scenarios_dir=library)
    context, tab = new_tab(browser, viewport={"width": 1400, "height": 1000})
    yield tab, server
    context.close()
    stop_server(server)


def type_yaml(page, text: str) -> None:
    """Replace the editor's text and commit it, as a person does with Ctrl+Enter."""
    from playwright.sync_api import expect

    idle(page)
    box = page.get_by_role("textbox", name="YAML", exact=True)
    box.fill(text)
    expect(box).to_have_value(text)
    box.press("Control+Enter")
    idle(page)


def test_edit_see_the_error_at_its_line_fix_and_save(studio_page, library: Path, shots):
    from playwright.sync_api import expect

    page, server = studio_page
    create_admin(page, server.url)

    go_to(page, "Scenario editor")
    page.get_by_test_id("stSelectbox").filter(has_text="File").click()
    page.get_by_role("option", name=re.compile(r"^app-hold: ")).click()
    idle(page)
    box = page.get_by_role("textbox", name="YAML", exact=True)
    opener = page.get_by_role("button", name="Open this file", exact=True)
    for _ in range(3):  # a click that lands while the page is still redrawing is lost; press again
        expect(opener).to_be_visible()
        idle(page)
        opener.click()
        try:
            expect(box).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            continue
    path = library / "en" / "app-hold.yaml"
    original = path.read_text(encoding="utf-8")
    expect(box).to_have_value(original)

    type_yaml(page, original.replace("difficulty: 2", "difficulty: 9"))
    expect(page.get_by_text("1 problem: fix it to save.")).to_be_visible()
    expect(page.get_by_text("must be less than or equal to 5 (got 9)")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^line 7$"))).to_be_visible()
    expect(page.get_by_test_id("stCode").filter(has_text="difficulty: 9").first).to_contain_text(">    7 |")
    expect(page.get_by_role("button", name="Save")).to_be_disabled()
    page.screenshot(path=shots / "studio-01-error-at-line.png", full_page=True)

    fixed = original.replace("difficulty: 2", "difficulty: 4")
    type_yaml(page, fixed)
    expect(page.get_by_text("Valid: no problems.")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile(r"Saved en/app-hold\.yaml: changed difficulty"))).to_be_visible()
    page.screenshot(path=shots / "studio-02-saved.png", full_page=True)
    saved = path.read_text(encoding="utf-8")
    assert saved == fixed and saved.startswith("# Two steps")

    # The saved scenario plays at once, and a play-test records nothing.
    go_to(page, "Play-test")
    page.get_by_test_id("stSelectbox").filter(has_text="Scenario").click()
    page.get_by_role("option", name=re.compile(r"\(app-hold\)$")).click()
    idle(page)
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("I understand how frustrating that is. I'm sorry.")
    box.press("Enter")
    expect(page.get_by_text("branch 2 (empathy ≥ 1, apology ≥ 1) → plan").first).to_be_visible()
    idle(page)
    page.screenshot(path=shots / "studio-03-playtest.png", full_page=True)
