"""An open call costs the server nothing while the trainee thinks: the reply clock ticks in the browser,
and no message comes from the server until the trainee acts."""

from __future__ import annotations

import re

import pytest

from tests.e2e.actions import create_admin, idle, messages, send

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def seconds_shown(page) -> int:
    text = page.get_by_test_id("stSidebar").locator(".fl-clock-value").inner_text()
    return int(re.match(r"(\d+) s", text).group(1))


def test_the_reply_clock_ticks_in_the_browser_and_the_server_stays_quiet(page, server, shots):
    from playwright.sync_api import expect

    frames: list[str] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append("frame")))
    create_admin(page, server.url)
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario")
    picker.click()
    picker.locator("input").fill("Twenty minutes of hold")
    page.get_by_role("option", name="Twenty minutes of hold music").click()
    idle(page)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    expect(page.get_by_test_id("stSidebar").locator(".fl-clock-value")).to_be_visible()
    idle(page)
    page.wait_for_timeout(1000)  # let the last messages of the run arrive
    first, quiet_from = seconds_shown(page), len(frames)
    page.wait_for_timeout(3200)
    assert seconds_shown(page) >= first + 2, "the clock ticks without the server"
    assert len(frames) == quiet_from, f"{len(frames) - quiet_from} messages came from the server while idle"
    page.get_by_test_id("stSidebar").locator(".fl-clock").scroll_into_view_if_needed()
    page.get_by_test_id("stSidebar").screenshot(path=shots / "idle-clock.png")
    send(page, "I'm so sorry you waited that long, that's on us.")
    expect(messages(page)).to_have_count(3)
    assert len(frames) > quiet_from
