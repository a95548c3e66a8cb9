"""A voice call in a real browser: Chromium with a fake microphone that plays a reply espeak-ng
spoke into a WAV file (`--use-file-for-fake-audio-capture`). The customer's line plays in an audio
element; the trainee puts the customer on hold (the timer runs, the hold music loops), comes back,
records the reply, checks what was heard and sends it; the scorecard shows the transcript, how the
reply sounded (the voice metrics with their times), the hold etiquette and a player for the
recording. Screenshots at 1400x900 and 390 wide land in the `shots` folder."""

from __future__ import annotations

import time

import pytest

from tests.e2e.actions import APP_LIBRARY, create_admin, idle, messages
from tests.e2e.conftest import CHROMIUM_ARGS, start_server, stop_server
from tests.plugins.speech import espeak_or_skip, with_silence

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

REPLY = ("Thank you for waiting. I am sorry about the wait, and I understand how frustrating that is. "
         "We will send you a refund today.")


@pytest.fixture
def reply_wav(tmp_path):
    """The trainee's reply as the fake microphone will play it (a voice the recogniser follows well)."""
    audio = espeak_or_skip().speak(REPLY, "en", "en-us+f2").audio
    path = tmp_path / "reply.wav"
    path.write_bytes(with_silence(audio, before=0.5, after=1.0))
    return path


@pytest.fixture
def voice_page(playwright, chromium_path, reply_wav, tmp_path, shots, request):
    from tests.e2e.actions import new_tab

    server = start_server(tmp_path, APP_LIBRARY)
    args = [*CHROMIUM_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={reply_wav}%noloop", "--autoplay-policy=no-user-gesture-required"]
    try:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=args)
        try:
            context, tab = new_tab(browser, {"width": 1400, "height": 900})
            context.grant_permissions(["microphone"])
            yield server, tab
            if getattr(request.node, "e2e_failed", False):
                tab.screenshot(path=shots / f"failed-{request.node.name}.png", full_page=True)
                (shots / f"failed-{request.node.name}.log").write_text(server.log.read_text())
        finally:
            browser.close()
    finally:
        stop_server(server)


PLAYERS = "audio.fl-voice"  # the customer's voice and the hold music (the recorder has its own audio inside)


def playing(page, selector: str = PLAYERS) -> list[dict]:
    return page.evaluate(f"[...document.querySelectorAll('{selector}')].map(a => "
                         "({paused: a.paused, time: a.currentTime, loop: a.loop}))")


def test_a_voice_call_with_a_hold_ends_in_a_scorecard_with_voice_metrics(voice_page, shots):
    from playwright.sync_api import expect

    server, page = voice_page
    create_admin(page, server.url)
    page.get_by_role("button", name="Start the call").click()
    expect(messages(page)).to_have_count(1)
    idle(page)

    # The customer is heard: an audio element, playing by itself.
    expect(page.get_by_text("Dana Reyes is speaking")).to_be_visible()
    expect(page.locator(PLAYERS)).to_have_count(1)
    page.wait_for_function(f"[...document.querySelectorAll('{PLAYERS}')].some(a => !a.paused && a.currentTime > 0.2)",
                           timeout=10_000)
    page.screenshot(path=shots / "voice-01-customer-speaking.png")

    # A hold: what the trainee says, for how long; the timer runs and the music loops.
    page.get_by_role("button", name="Put the customer on hold").click()
    page.get_by_role("textbox", name="What you say to the customer first").fill(
        "May I put you on hold for two minutes while I check?")
    page.get_by_role("button", name="Put on hold").click()
    timer = page.locator(".fl-hold-value")
    expect(timer).to_contain_text("of 2:00 promised")
    first = timer.inner_text()
    page.wait_for_function("t => document.querySelector('.fl-hold-value').textContent !== t", arg=first,
                           timeout=10_000)  # it ticks in the browser
    assert len(playing(page)) == 1, "only the hold music: the customer is not speaking"
    page.wait_for_function(
        f"(a => a && !a.paused && a.currentTime > 0.2)(document.querySelector('.st-key-on_hold {PLAYERS}'))",
        timeout=10_000,
    )  # the hold music plays
    expect(page.get_by_test_id("stChatInputTextArea")).to_be_disabled()
    page.screenshot(path=shots / "voice-02-on-hold.png")
    page.get_by_role("button", name="Take the customer off hold").click()
    idle(page)

    # The reply, said into the (fake) microphone, written down and checked before it is sent.
    record = page.get_by_test_id("stAudioInputActionButton")
    record.click()
    time.sleep(13)  # the reply lasts about 12.5 s; a person records it in real time
    record.click()
    heard = page.get_by_role("textbox", name="What was heard (correct it if a word is wrong, then send)")
    expect(heard).to_be_visible(timeout=60_000)
    text = heard.input_value()
    assert {"frustrating", "sorry", "refund", "today"} <= set(text.split()), text
    page.screenshot(path=shots / "voice-03-heard.png")
    page.get_by_role("button", name="Send this reply").click()
    expect(messages(page)).to_have_count(3)

    # The second reply too (the fake microphone plays the file again for a new recording).
    idle(page)
    record = page.get_by_test_id("stAudioInputActionButton")
    record.click()
    time.sleep(13)
    record.click()
    expect(heard).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Send this reply").click()

    # The call resolves; the scorecard has the transcript, how it sounded, the hold and a player.
    expect(page.get_by_role("heading", name="Scorecard")).to_be_visible(timeout=60_000)
    idle(page)
    expect(page.get_by_text("Passed: ")).to_be_visible()
    expect(page.locator(".fl-transcript:visible")).to_contain_text("frustrating")
    rows = page.locator(".fl-rows:visible").last
    for label in ("No dead air", "Speaks at an easy pace", "Puts the customer on hold politely"):
        expect(rows).to_contain_text(label)
    expect(rows).to_contain_text("Thanked them on return")
    expect(page.get_by_text("How you sounded")).to_be_visible()
    expect(page.get_by_text("Listen to your replies")).to_be_visible()
    expect(page.get_by_role("button", name="Download", exact=True)).to_have_count(2)  # the two recordings
    expect(page.locator('audio[data-testid="stAudio"]')).to_have_count(2)  # and a player for each
    page.get_by_text("How you sounded").scroll_into_view_if_needed()
    page.screenshot(path=shots / "voice-04-scorecard-1400.png")
    page.screenshot(path=shots / "voice-04-scorecard-1400-full.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    idle(page)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")  # folded on a phone
    page.wait_for_timeout(600)  # the sidebar slides away before the screenshot
    page.get_by_text("How you sounded").scroll_into_view_if_needed()
    page.screenshot(path=shots / "voice-05-scorecard-390.png")
    page.screenshot(path=shots / "voice-05-scorecard-390-full.png", full_page=True)
