"""`LiveAttempt` with a generated customer, without the page: fallback notices are saved with the
customer's turn and come back on resume and in the downloads; a failed save keeps the customer."""

from __future__ import annotations

import pytest

from tests.llm.customers import LINES, in_character
from tests.llmui.conftest import LIBRARY
from trainer.errors import StoreError
from trainer.practice.attempt import LiveAttempt
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.simulation.generated import GeneratedCustomer, generated_customer

SORRY = "I'm sorry, that is a long wait."


@pytest.fixture
def catalog():
    return Catalog.load(LIBRARY)


def begin(catalog, repo, user, customer):
    return LiveAttempt.begin(catalog, RuleScorer(), repo, user, "llm-hold", seed=7, customer=customer)


def test_an_opening_from_the_script_keeps_its_notice_through_resume(catalog, app_repo, ana, llm_server, llm_settings):
    llm_server.stop()
    live = begin(catalog, app_repo, ana, generated_customer(llm_settings))
    assert live.customer_kind == "generated"
    assert live.opening == "I have been on hold for twenty minutes! This is Dana."
    [opening] = live.lines()
    assert opening.notice and "from the script" in opening.notice
    detail = app_repo.attempts.resumable_attempt(ana)
    assert detail.attempt.customer_kind == "generated"
    assert detail.turns[0].notice == opening.notice and detail.turns[0].criteria is None
    again = LiveAttempt.resume(catalog, RuleScorer(), app_repo, ana, detail, customer=generated_customer(llm_settings))
    assert again.lines()[0].notice == opening.notice
    assert isinstance(again.session.customer, GeneratedCustomer)
    transcript = again.transcript("Ana")
    assert transcript.lines[0].notice == opening.notice
    assert "Note from the app" in transcript.to_markdown()


def test_a_working_model_leaves_no_notice(catalog, app_repo, ana, llm_server, llm_settings):
    llm_server.default = in_character
    live = begin(catalog, app_repo, ana, generated_customer(llm_settings))
    live.reply(SORRY, 3)
    assert [line.text for line in live.lines() if line.speaker == "customer"] == [LINES["English"]] * 2
    assert all(line.notice is None for line in live.lines())
    assert all(t.criteria is None for t in app_repo.attempts.resumable_attempt(ana).turns if t.speaker == "customer")


def test_a_failed_save_keeps_the_generated_customer(catalog, app_repo, ana, llm_server, llm_settings, monkeypatch):
    llm_server.default = in_character
    customer = generated_customer(llm_settings)
    live = begin(catalog, app_repo, ana, customer)

    def refuse(*args, **kwargs):
        raise StoreError("The database is busy.")

    monkeypatch.setattr(app_repo.attempts, "record_turn", refuse)
    with pytest.raises(StoreError, match="send it again"):
        live.reply(SORRY, 3)
    assert live.session.customer is customer and live.session.turn == 0
    monkeypatch.undo()
    live.reply(SORRY, 3)
    assert live.lines()[-1].text == LINES["English"] and live.lines()[-1].notice is None


def test_streamed_reply_yields_the_words_then_holds_the_outcome(catalog, app_repo, ana, llm_server, llm_settings):
    llm_server.default = in_character
    live = begin(catalog, app_repo, ana, generated_customer(llm_settings))
    stream = live.reply_streamed(SORRY, 2)
    words = "".join(stream)
    assert words == LINES["English"]
    assert stream.result is not None and stream.result.customer_line == LINES["English"]
    assert len(app_repo.attempts.resumable_attempt(ana).turns) == 3


def test_streamed_reply_raises_what_the_save_raised(catalog, app_repo, ana, llm_server, llm_settings, monkeypatch):
    llm_server.default = in_character
    live = begin(catalog, app_repo, ana, generated_customer(llm_settings))
    monkeypatch.setattr(app_repo.attempts, "record_turn", lambda *a, **k: (_ for _ in ()).throw(StoreError("busy")))
    with pytest.raises(StoreError):
        list(live.reply_streamed(SORRY, 2))
    assert live.session.turn == 0
