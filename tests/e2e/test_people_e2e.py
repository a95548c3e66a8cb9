"""People in a real browser: an admin adds two people in a row (the form empties after the first, so
the second does not join the first one's team and manager), changes a person's role and team, and
deactivates them, who then cannot log in. Screenshots at desktop and phone width."""

from __future__ import annotations

import re

import pytest

from tests.e2e.actions import PASSWORD, create_admin, fill, go_to, idle, new_tab

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def choose(scope, label: str, text: str, option: str | re.Pattern | None = None) -> None:
    """Type into the select box labelled `label` (inside `scope`: a form, or the whole page) and pick the
    option `option` (default: `text`); a box that takes new values (Team) offers the typed text too."""
    tab = getattr(scope, "page", scope)
    box = scope.get_by_test_id("stSelectbox").filter(
        has=tab.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    )
    box.click()
    tab.keyboard.type(text)
    tab.get_by_role("option", name=option or text).first.click()


def add(page, name: str, email: str, *, team: str | None = None, manager: str | None = None) -> None:
    from playwright.sync_api import expect

    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add the person"))
    fill(form, "Name", name)
    fill(form, "Email", email)
    if team:
        choose(form, "Team", team, re.compile(rf"^(Add: )?{re.escape(team)}$"))  # a known team, or a new one
    if manager:
        choose(form, "Manager", manager, f"{manager} ")
    fill(form, "First password", PASSWORD)
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_text(f"Added {name} ({email})")).to_be_visible()
    idle(page)


def test_add_edit_and_deactivate_people(page, server, shots, browser):
    from playwright.sync_api import expect

    create_admin(page, server.url)
    go_to(page, "People")
    add(page, "Nora North", "nora@example.com", team="North")
    form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add the person"))
    # the form is empty again: nothing of Nora's carries over to the next person
    for label in ("Name", "Email", "First password"):
        expect(form.get_by_role("textbox", name=label, exact=True)).to_have_value("")
    expect(form.get_by_test_id("stSelectbox").filter(has_text="Team")).not_to_contain_text("North")
    page.screenshot(path=shots / "people-01-after-add.png")

    # Nora becomes a manager; Tom joins her team and reports to her
    edit = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Save the changes"))
    choose(page, "Person", "Nora North")
    idle(page)  # the form is drawn again for Nora; until the run ends the previous one may still be there
    expect(edit.get_by_role("textbox", name="Name", exact=True)).to_have_value("Nora North")
    idle(page)
    choose(edit, "Role", "manager")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Saved Nora North: role: trainee → manager; manages: none → North.")).to_be_visible()
    idle(page)
    add(page, "Tom Trainee", "tom@example.com", team="North", manager="Nora North")
    add(page, "Uma Unassigned", "uma@example.com")

    # Tom moves to a new team, then leaves
    choose(page, "Person", "Tom Trainee")
    idle(page)
    expect(edit.get_by_role("textbox", name="Name", exact=True)).to_have_value("Tom Trainee")
    idle(page)
    choose(edit, "Team", "South", "Add: South")  # a new team, typed in
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("Saved Tom Trainee: team: North → South.")).to_be_visible()
    idle(page)
    page.get_by_role("button", name="Deactivate Tom Trainee").click()
    expect(page.get_by_text("Tom Trainee is deactivated.")).to_be_visible()
    expect(page.get_by_role("button", name="Reactivate Tom Trainee")).to_be_visible()
    idle(page)
    page.screenshot(path=shots / "people-02-deactivated.png")
    page.get_by_role("heading", name="Recent changes to people").scroll_into_view_if_needed()
    page.screenshot(path=shots / "people-03-changes.png")

    # the grid and the log are drawn on a canvas: check what they hold through the database instead
    from trainer.store.engine import make_engine
    from trainer.store.repository import Repository

    repo = Repository(make_engine(server.database_url))
    try:
        tom, uma = repo.accounts.find_user("tom@example.com"), repo.accounts.find_user("uma@example.com")
        nora = repo.accounts.find_user("nora@example.com")
        assert (tom.team_name, tom.manager_id, tom.active) == ("South", nora.id, False)
        assert (uma.team_name, uma.manager_id) == (None, None)
        assert [c.summary for c in repo.people.people_changes(None, user_id=tom.id).items] == [
            "deactivated", "team: North → South",
            "added: name Tom Trainee, role trainee, team North, manager nora@example.com"]
    finally:
        repo.close()

    # Tom cannot log in any more
    context, other = new_tab(browser)
    try:
        other.goto(server.url)
        expect(other.get_by_role("button", name="Log in")).to_be_visible()
        idle(other)
        fill(other, "Email", "tom@example.com")
        fill(other, "Password", PASSWORD)
        other.get_by_role("button", name="Log in").click()
        expect(other.get_by_text("This account is deactivated. Ask an admin to reactivate it.")).to_be_visible()
    finally:
        context.close()

    # the same page on a phone
    context, phone = new_tab(browser, {"width": 390, "height": 844})
    try:
        phone.goto(server.url)
        expect(phone.get_by_role("button", name="Log in")).to_be_visible()
        idle(phone)
        fill(phone, "Email", "ada@example.com")
        fill(phone, "Password", PASSWORD)
        phone.get_by_role("button", name="Log in").click()
        expect(phone.get_by_role("heading", name="Practice")).to_be_visible()
        idle(phone)
        phone.get_by_test_id("stExpandSidebarButton").click()  # the navigation folds away on a phone
        phone.get_by_role("link", name="People", exact=True).click()
        expect(phone.get_by_role("heading", name="Add a person")).to_be_visible()
        idle(phone)
        phone.get_by_test_id("stSidebarCollapseButton").click()
        phone.wait_for_timeout(500)  # the sidebar slides away before the screenshot
        phone.screenshot(path=shots / "people-04-phone.png")
    finally:
        context.close()
