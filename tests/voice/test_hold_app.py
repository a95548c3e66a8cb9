"""A hold in the Practice page: put the customer on hold (what you tell them, for how long), the timer
and the music named, no replies while on hold, back off hold, and the reply that follows scored with
the hold and saved with it (a reload finds a call on hold still on hold)."""

from __future__ import annotations

import pytest

from tests.app.drive import PASSWORD, chat, log_in, ok, plain, press, say, start
from trainer.voice.timing import Hold

APOLOGY = "I understand how frustrating that is, and I'm sorry about the wait."


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, team="North")


@pytest.fixture
def in_a_call(app, ana):
    at = start(log_in(ok(app().run()), "ana@example.com"), "app-hold")
    return say(at, APOLOGY)


def put_on_hold(at, asked: str, minutes: float):
    at.text_input(key="hold_asked").input(asked)
    at.number_input(key="hold_minutes").set_value(minutes)
    return press(at, "Put on hold")


def htmls(at) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def test_a_hold_is_timed_scored_and_saved_with_the_reply(in_a_call, app_repo, ana):
    at = put_on_hold(in_a_call, "May I put you on hold for two minutes while I check?", 2)
    assert at.chat_input(key="reply").proto.disabled, "no replies while the customer is on hold"
    assert "fl-hold" in htmls(at) and "of 2:00 promised" in htmls(at)
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "listening to an upbeat <b>rock</b> song" in captions
    saved = app_repo.attempts.resumable_attempt(ana)
    assert saved is not None and Hold.model_validate(saved.session_state["hold"]).promised_seconds == 120
    at = press(at, "Take the customer off hold")
    assert not at.chat_input(key="reply").proto.disabled
    at = say(at, "Thank you for holding. I'll book the courier and call you back by 5 pm today.")
    assert chat(at)[-1] == ("assistant", "Okay, thank you. Bye.")
    hold_line = [plain(c.value) for c in at.caption if "On hold" in c.value]
    assert hold_line and "2:00 promised" in hold_line[0]
    [attempt] = app_repo.attempts.list_attempts(ana, user_id=ana.id).items
    detail = app_repo.attempts.get_attempt(ana, attempt.id)
    reply = detail.turns[3]
    assert reply.voice is not None and reply.voice["hold"]["asked"].startswith("May I put you on hold")
    assert reply.criteria["criteria"]["hold_etiquette"]["score"] == 4  # asked, a time, thanked, on time
    assert {c.criterion_id for c in detail.criteria} >= {"hold_etiquette"}


def test_a_call_on_hold_is_still_on_hold_after_a_reload(app, in_a_call, app_repo, ana):
    put_on_hold(in_a_call, "Hold on.", 0)
    again = log_in(ok(app().run()), "ana@example.com")
    again = press(again, "Resume the call")
    assert again.chat_input(key="reply").proto.disabled
    assert "no time promised" in htmls(again)


def test_what_is_said_before_a_hold_is_required(in_a_call):
    at = put_on_hold(in_a_call, "   ", 2)
    assert any("Say what you tell the customer" in e.value for e in at.error)
    assert not at.chat_input(key="reply").proto.disabled
