"""On a phone the sidebar with the call's gauges is folded away: the practice page repeats the
customer's mood and the reply clock in a strip above the chat, which the style rules show only on
narrow screens (the real-browser check is in tests/e2e/test_dashboards_e2e.py)."""

from __future__ import annotations

from tests.app.drive import PASSWORD, log_in, ok, say, start
from trainer.ui import meters, style


def strip_texts(at) -> list[str]:
    strip = at.get("flex_container")
    found = [c for c in strip if getattr(c.proto, "key", "") == meters.STRIP or meters.STRIP in str(c.proto)]
    assert found, "the strip is drawn"
    clocks = [h.proto.body for h in found[0].get("html")]  # the clock ticks in the browser
    return [p.proto.text for p in found[0].get("progress")] + [
        "Your reply time: " + c.split('class="fl-clock-value">', 1)[1].split("<", 1)[0] for c in clocks]


def test_the_call_strip_shows_mood_and_clock_above_the_chat(app, app_repo):
    app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    at = start(log_in(ok(app().run()), "ana@example.com"), "app-hold")
    texts = strip_texts(at)
    assert texts[0].startswith("Customer mood: ") and texts[1].startswith("Your reply time: ")
    say(at, "I understand how frustrating that is, and I'm sorry about the wait.")
    assert "(down " in strip_texts(at)[0]


def test_the_strip_is_only_shown_on_narrow_screens():
    assert ".st-key-call_strip { display: none; }" in style.CSS
    assert "@media (max-width: 768px) { .st-key-call_strip { display: flex; } }" in style.CSS
