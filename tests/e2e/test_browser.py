"""The issue's acceptance path in a real browser: a new admin creates a trainee and logs out; the trainee
logs in in the same tab, starts `angry-hold-music`, reloads the page mid-call (still logged in), resumes
at the same turn, finishes and sees the scorecard. Screenshots of each step land in the `shots` folder."""

from __future__ import annotations

import pytest

from tests.e2e.actions import PASSWORD, create_admin, fill, idle, log_in, messages, reply, send

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPLIES = [
    "I'm so sorry you waited that long, I understand how frustrating that music must have been. That's on us.",
    "Thank you for explaining. I'm booking a free courier pickup for your phone tomorrow morning, and I will "
    "email you the pickup time within the hour.",
    "You're right, I'm sorry the music made it worse. I'll pass your feedback to the team that chooses the "
    "hold music today.",
]


def test_admin_trainee_practice_reload_resume_scorecard(page, server, shots):
    from playwright.sync_api import expect

    # First run: the admin.
    create_admin(page, server.url, screenshot=shots / "01-first-run.png")

    # The admin adds a trainee.
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    add_form = page.get_by_test_id("stForm").filter(has=page.get_by_role("button", name="Add the person"))
    fill(add_form, "Name", "Tom Trainee")  # the page has a second form, to change a person, with a Name too
    fill(add_form, "Email", "tom@example.com")
    fill(add_form, "First password", PASSWORD)
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_text("Added Tom Trainee (tom@example.com) as trainee.")).to_be_visible()
    page.screenshot(path=shots / "02-people.png", full_page=True)
    page.get_by_role("button", name="Log out").click()

    # The trainee starts the angry caller.
    log_in(page, "tom@example.com")
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario")
    picker.click()
    # The list is long and only the options in view are drawn: type to narrow it, as a person would.
    picker.locator("input").fill("Twenty minutes of hold")
    page.get_by_role("option", name="Twenty minutes of hold music").click()
    idle(page)
    expect(page.get_by_text("A caller has waited twenty minutes on hold")).to_be_visible()
    page.screenshot(path=shots / "03-picker.png", full_page=True)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    reply(page, REPLIES[0], 3)
    page.screenshot(path=shots / "04-first-reply.png", full_page=True)
    before = messages(page).all_inner_texts()

    # Reload mid-call: the page's session is gone, the attempt is not, and the login cookie keeps the
    # trainee logged in.
    page.reload()
    expect(page.get_by_text("Logged in as Tom Trainee (trainee)")).to_be_visible()
    expect(
        page.get_by_text("You have a call in progress: Twenty minutes of hold music, 1 reply so far")
    ).to_be_visible()
    page.screenshot(path=shots / "05-resume-offer.png", full_page=True)
    page.get_by_role("button", name="Resume the call").click()
    expect(messages(page)).to_have_count(3)
    assert messages(page).all_inner_texts() == before

    reply(page, REPLIES[1], 5)
    send(page, REPLIES[2])
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    expect(page.get_by_text("Passed: ")).to_be_visible()
    expect(page.get_by_test_id("stChatInputTextArea")).to_have_count(0)
    expect(page.locator(".fl-transcript:visible mark").first).to_be_visible()  # evidence highlighted in place
    page.get_by_role("heading", name="Scorecard").scroll_into_view_if_needed()
    page.screenshot(path=shots / "06-scorecard.png")

    # It shows up in the trainee's progress.
    page.get_by_role("link", name="My progress").click()
    expect(page.get_by_role("heading", name="My progress")).to_be_visible()
    expect(page.get_by_text("Finished attempts")).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
    page.screenshot(path=shots / "07-progress.png")
    page.get_by_role("heading", name="Best and latest per scenario").scroll_into_view_if_needed()
    page.screenshot(path=shots / "08-progress-table.png")


def test_a_reply_with_html_is_shown_as_text_and_runs_nothing(page, server, shots):
    from playwright.sync_api import expect

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    create_admin(page, server.url)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    payload = "<img src=x onerror=alert(1)><script>alert(2)</script> **not bold** I'm sorry"
    reply(page, payload, 3)
    expect(messages(page).nth(1)).to_contain_text(payload)
    assert page.locator("[data-testid=stChatMessage] img[src=x]").count() == 0
    assert page.locator("[data-testid=stChatMessage] strong", has_text="not bold").count() == 0
    assert dialogs == []
    page.screenshot(path=shots / "09-escaped.png", full_page=True)


def test_a_fresh_server_opened_on_a_page_link_goes_through_the_start_page(page, server):
    from playwright.sync_api import expect

    page.goto(f"{server.url}/progress")
    expect(page.get_by_role("heading", name="Welcome to Frontline")).to_be_visible(timeout=90_000)
