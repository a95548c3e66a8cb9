"""The scorecard and the reply box in a real browser: a rude four-reply call reads "Not passed: ..."
first and fits in under 2,000 px at 1,400 px wide; a pasted reply over the limit is refused with the
limit in the message, and stays available to copy."""

from __future__ import annotations

import pytest

from tests.e2e.actions import create_admin, idle, messages, reply, send

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RUDE = [
    "What is your order number?",
    "The system shows it is processing, as per policy.",
    "You should have read the delivery terms.",
    "Calm down, I can't do anything about it.",
]


def choose(page, title: str) -> None:
    picker = page.get_by_test_id("stSelectbox").filter(has_text="Scenario")
    picker.click()
    picker.locator("input").fill(title)
    page.get_by_role("option", name=title).first.click()
    idle(page)


def test_a_rude_call_scorecard_says_why_first_and_is_short(page, server, shots):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.set_viewport_size({"width": 1400, "height": 900})
    create_admin(page, server.url)
    choose(page, "Twenty minutes of hold music")
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    for n, text in enumerate(RUDE, start=1):
        send(page, text)
        expect(messages(page)).to_have_count(1 + 2 * n)
        try:  # the customer may hang up before the fourth reply
            page.get_by_role("heading", name="Scorecard").wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            idle(page)
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible()
    verdict = page.get_by_test_id("stAlert").filter(has_text="Not passed: ")
    expect(verdict).to_be_visible()
    assert "hung up" in verdict.inner_text() or "escalated" in verdict.inner_text()
    for raw in ("hung_up", "critical criterion '", "Best of 1"):
        expect(page.get_by_text(raw, exact=False)).to_have_count(0)
    expect(page.get_by_text("None", exact=True)).to_have_count(0)
    expect(page.locator(".fl-rows:visible")).to_have_count(1)  # practice rows stay folded
    assert page.locator(".fl-row:visible").count() >= 6
    expect(page.locator(".fl-transcript:visible mark").first).to_be_visible()
    top = page.get_by_role("heading", name="Scorecard").bounding_box()
    bottom = page.get_by_role("button", name="Try again, same customer").bounding_box()
    assert top and bottom
    height = bottom["y"] - top["y"]
    assert height < 2000, f"the scorecard is {height:.0f} px tall"
    page.get_by_role("heading", name="Scorecard").scroll_into_view_if_needed()
    page.screenshot(path=shots / "scorecard-rude-en.png")


@pytest.mark.parametrize("length", [4_500, 20_000])
def test_a_pasted_reply_over_the_limit_is_refused_with_the_limit(page, server, shots, length):
    from playwright.sync_api import expect

    create_admin(page, server.url)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    expect(page.get_by_text("A reply can have up to 4,000 characters.")).to_be_visible()
    text = ("I am sorry about the wait. " * (length // 27 + 1))[: length - 1] + "."
    send(page, text)
    expect(page.get_by_text(f"Not sent: your reply has {length:,} characters and a reply can have at most 4,000.")
           ).to_be_visible()
    expect(messages(page)).to_have_count(1)
    page.screenshot(path=shots / f"refused-{length}.png")
    reply(page, "I'm sorry about the wait.", 3)  # the box still works


def test_the_counter_beside_the_reply_box_counts_as_the_trainee_types(page, server, shots):
    from playwright.sync_api import expect

    create_admin(page, server.url)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    counter = page.locator(".fl-count")
    expect(counter).to_have_text("A reply can have up to 4,000 characters.")
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("I'm so sorry 🙂")  # an emoji is one character, as the server counts it
    expect(counter).to_have_text("14 of 4,000 characters")
    box.fill("x" * 4_001)
    expect(counter).to_have_text("4,001 of 4,000 characters: too long to send")
    expect(counter).to_have_class("fl-count fl-count-over")
    page.screenshot(path=shots / "counter-over.png")
    box.fill("")
    expect(counter).to_have_text("A reply can have up to 4,000 characters.")


GOOD_FA = [
    "حق دارید، ۲۵ دقیقه پشت خط موندید و واقعاً عذر می‌خوام. بفرمایید گوشی چه مشکلی داره؟",
    "گوشی‌تون گارانتی داره. همین الان براتون پیک رایگان ثبت کردم: فردا ساعت ۱۰ صبح پیک میاد درِ خونه‌تون "
    "گوشی رو تحویل می‌گیره و تا پنج روز کاری تعمیرشده برمی‌گرده.",
    "ممنونم که گفتید؛ همین امروز نظرتون رو برای مدیرمون می‌فرستم و تا آخر هفته نتیجه رو پیامک می‌کنم.",
]
RUDE_FA = ["بله، بفرمایید.", "شماره سریال گوشی چیه؟", "باید ببرید نمایندگی.", "ما کاری نمی‌تونیم بکنیم."]


@pytest.mark.parametrize(("name", "replies"), [("good", GOOD_FA), ("rude", RUDE_FA)])
def test_a_persian_scorecard_fits_a_phone_screen(page, server, shots, name, replies):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    create_admin(page, server.url)
    page.set_viewport_size({"width": 390, "height": 844})
    choose(page, "بیست‌وپنج دقیقه پشت خط، با همون آهنگ تکراری")
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    title = page.get_by_role("heading", name="کارنامه")
    for n, text in enumerate(replies, start=1):
        send(page, text)
        expect(messages(page)).to_have_count(1 + 2 * n)
        try:
            title.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            idle(page)
    expect(title).to_be_visible()
    idle(page)
    top, bottom = title.bounding_box(), page.get_by_role("button", name="Try again, same customer").bounding_box()
    assert top and bottom
    height = bottom["y"] - top["y"]
    print(f"{name}: the Persian scorecard is {height:.0f} px tall at 390 px wide")  # shown with -s
    page.set_viewport_size({"width": 390, "height": int(height) + 600})  # the whole card in one picture
    title.scroll_into_view_if_needed()
    page.screenshot(path=shots / f"scorecard-fa-{name}-390.png")
    assert height < 2000, f"the Persian scorecard is {height:.0f} px tall at 390 px wide"


@pytest.mark.parametrize("width", [1400, 390])
def test_a_persian_replys_feedback_is_in_persian(page, server, shots, width):
    """The reply's score line, what moved the customer's mood and the fold with the details all read
    in the call's language (the mood's reasons and the fold were English under a Persian score)."""
    from playwright.sync_api import expect

    create_admin(page, server.url)
    page.set_viewport_size({"width": width, "height": 900})
    choose(page, "بیست‌وپنج دقیقه پشت خط، با همون آهنگ تکراری")
    page.get_by_text("Practice: feedback after each reply", exact=True).click()
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    send(page, GOOD_FA[0])
    expect(messages(page)).to_have_count(3)
    idle(page)
    mine = messages(page).nth(1)
    expect(mine.get_by_text("این پاسخ:")).to_be_visible()
    expect(mine.get_by_text("چرا حال مشتری تغییر کرد:")).to_be_visible()
    expect(mine.get_by_text("احساسش را درک کردید (-1)")).to_be_visible()
    expect(mine.get_by_text("از انتظار طولانی‌اش گفتید (-1)")).to_be_visible()  # the scenario's own rule
    expect(mine.get_by_text("Mood:")).to_have_count(0)
    expect(mine.get_by_text("wait named")).to_have_count(0)
    mine.get_by_text("بازخورد این پاسخ").click()
    idle(page)
    mine.scroll_into_view_if_needed()
    page.screenshot(path=shots / f"feedback-fa-{width}.png")
