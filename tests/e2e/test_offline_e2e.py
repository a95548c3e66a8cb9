"""The app works offline: during a whole practice call the page asks nothing of any host but its own,
and Chinese and Persian are drawn with the fonts the app serves (this machine has no CJK font), so no
character shows as an empty box."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from tests.e2e.actions import create_admin, idle, messages, send

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def pick(page, typed: str, title: str) -> None:
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario")
    picker.click()
    picker.locator("input").fill(typed)
    page.get_by_role("option", name=title, exact=False).click()
    idle(page)


def give_up(page) -> None:
    page.get_by_role("button", name="Hang up and give up").click()
    idle(page)


def fonts_ready(page, family: str, sample: str) -> bool:
    return page.evaluate("""async ([family, sample]) => {
        await document.fonts.ready;
        await document.fonts.load(`16px "${family}"`, sample);
        return document.fonts.check(`16px "${family}"`, sample);
    }""", [family, sample])


def test_a_practice_call_asks_nothing_of_other_hosts_and_draws_every_script(page, server, shots):
    from playwright.sync_api import expect

    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    create_admin(page, server.url)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    send(page, "I'm so sorry you waited that long.")
    expect(messages(page)).to_have_count(3)

    # Chinese draws with the served Noto Sans SC cut, Persian with Vazirmatn (right to left).
    for typed, title, family, sample, shot in [
            ("月费", "月费被扣了两次", "Noto Sans SC Frontline", "月费被扣了两次", "offline-zh.png"),
            ("دستگاه کارتم", "دستگاه کارتم رو خورد", "Vazirmatn", "حقوق بازنشستگیم", "offline-fa.png")]:
        give_up(page)
        pick(page, typed, title)
        page.get_by_role("button", name="Start the call").click()
        expect(messages(page)).to_have_count(1)
        idle(page)
        assert fonts_ready(page, family, sample), family
        page.screenshot(path=shots / shot)

    hosts = {urlparse(url).hostname for url in requested if urlparse(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts and hosts <= LOOPBACK, f"the page asked other hosts: {sorted(hosts - LOOPBACK)}"
    fonts = [url for url in requested if "/app/static/fonts/" in url]
    assert any("NotoSansSC" in url for url in fonts) and any("Vazirmatn" in url for url in fonts)
    assert any(url.startswith(server.url) and "favicon" in url or "/media/" in url for url in requested)
