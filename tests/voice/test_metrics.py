"""Voice metrics beyond the features: measuring a recording, the per-reply kinds at their edges,
combining over a call, and the timing kept with the turn (stored, rescored, exported)."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from tests.plugins.speech import silence
from trainer.config import ROOT
from trainer.progress import exports, xapi
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Rubric
from trainer.scoring.aggregate import combine
from trainer.scoring.judge import JudgeScorer
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer
from trainer.simulation.rescoring import StoredAttempt, StoredTurn, rescore_attempt
from trainer.simulation.session import Session
from trainer.store import totals_from
from trainer.voice.audio import Sound, measure, wav_bytes
from trainer.voice.timing import Pause, VoiceTiming

RATE = 16_000


def tone(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    return (0.3 * np.sin(2 * np.pi * 200 * t) * (1 + 0.5 * np.sin(2 * np.pi * 3 * t))).astype(np.float32)


def gap(seconds: float) -> np.ndarray:
    return np.random.default_rng(1).normal(0, 0.001, int(seconds * RATE)).astype(np.float32)  # room hiss


@pytest.fixture(scope="module")
def library() -> Catalog:
    return Catalog.load(ROOT / "scenarios")


def rubric(*criteria: dict) -> Rubric:
    return Rubric.model_validate({"id": "v", "title": "Voice", "criteria": list(criteria)})


def test_a_recording_is_measured_from_its_sound():
    audio = wav_bytes(Sound(np.concatenate([gap(1.2), tone(2.0), gap(1.5), tone(1.0), gap(0.4), tone(0.5), gap(1.0)]),
                            RATE))
    v = measure(audio, waited_seconds=2.0, customer_seconds=7.5, at=30.0, engine="test")
    assert v.speech_start == pytest.approx(1.2, abs=0.05) and v.speech_end == pytest.approx(6.6, abs=0.05)
    assert [(round(p.start, 1), round(p.end, 1)) for p in v.pauses] == [(3.2, 4.7)]  # the 0.4 s gap is no pause
    assert v.silence_before == pytest.approx(3.2, abs=0.05)
    assert v.in_call(v.speech_start) == pytest.approx(31.2, abs=0.05)
    assert v.recording_seconds == 7.6 and v.customer_seconds == 7.5


def test_a_silent_recording_has_no_speech():
    v = measure(silence(3.0))
    assert v.speech_start is None and v.silence_before is None and v.speech_seconds == 0


def test_chinese_speaking_rate_counts_characters():
    r = rubric({"id": "rate", "type": "speaking_rate", "label": "Rate"})
    v = VoiceTiming(recording_seconds=10, speech_start=0, speech_end=10)
    text = "非常抱歉让您久等了" * 4  # 36 characters in 10 s: 216 a minute
    got = RuleScorer().score(text, r, ReplyContext(language="zh", voice=v)).criteria["rate"]
    assert got.score == 2 and "216" in got.reason and "个字" in got.reason


def test_a_rate_needs_enough_speech_and_a_range_for_the_language():
    r = rubric({"id": "rate", "type": "speaking_rate", "label": "Rate", "targets": {"en": {"min": 100, "max": 150}}})
    short = VoiceTiming(recording_seconds=1.5, speech_start=0, speech_end=1.5)
    assert not RuleScorer().score("Yes sir.", r, ReplyContext(voice=short)).criteria["rate"].graded
    persian = VoiceTiming(recording_seconds=6, speech_start=0, speech_end=6)
    assert not RuleScorer().score("متاسفم", r, ReplyContext(language="fa", voice=persian)).criteria["rate"].graded


def test_pauses_are_left_out_of_the_rate():
    r = rubric({"id": "rate", "type": "speaking_rate", "label": "Rate"})
    text = " ".join(["word"] * 20)
    v = VoiceTiming(recording_seconds=14, speech_start=0, speech_end=14, pauses=[Pause(start=4, end=10)])
    assert "150 words a minute" in RuleScorer().score(text, r, ReplyContext(voice=v)).criteria["rate"].reason


def test_talk_time_is_counted_over_the_call_and_the_call_keeps_the_last(library):
    scenario = library.scenario("angry-hold-music")
    session = Session.start(scenario, library.rubric_for(scenario), RuleScorer(), seed=1)
    replies = [(30.0, 8.0, "I am so sorry, that must have been frustrating."),
               (2.0, 20.0, "I'm sorry. What happens when you turn it on?")]
    for seconds, customer, text in replies:
        session.reply(text, 5, voice=VoiceTiming(recording_seconds=seconds, speech_start=0, speech_end=seconds,
                                                  waited_seconds=1, customer_seconds=customer))
    first, second = [t.score.criteria["talk_time"] for t in session.transcript if t.speaker == "trainee"]
    assert first.score == 0 and "30s, the customer 8s" in first.reason  # 79% of the talking
    assert second.score == 2 and "32s, the customer 28s" in second.reason  # 53% by then
    card = session.scorecard()
    talk = next(c for c in card.criteria if c.criterion_id == "talk_time")
    assert talk.points == 2 and talk.reason.startswith("As of the last of 2 replies")
    rate = next(c for c in card.criteria if c.criterion_id == "speaking_rate")
    assert rate.reason.startswith("Average of 2 replies")


def test_voice_criteria_are_left_out_of_a_call_without_speech_but_kept_with_one_spoken_reply(library):
    core = library.rubric("core")
    typed = RuleScorer().score("I'm sorry.", core, ReplyContext())
    v = VoiceTiming(recording_seconds=3, speech_start=0.2, speech_end=2.8, customer_seconds=4)
    said = RuleScorer().score("I'm so sorry about that, we will fix it today.", core, ReplyContext(voice=v))
    voice_ids = {"speaking_rate", "dead_air", "filler_words", "talk_time"}
    assert not voice_ids & set(typed.criteria) and voice_ids <= set(said.criteria)
    assert not voice_ids & set(combine(core, [typed]).criteria)
    assert voice_ids <= set(combine(core, [typed, said]).criteria)


def test_the_judge_is_never_asked_about_voice_criteria(llm_server, llm_settings):
    from trainer import llm

    r = Rubric.model_validate({"id": "v", "title": "V", "second_opinion": True, "criteria": [
        {"id": "kind", "type": "llm", "label": "Kind", "instructions": "Is it kind?"},
        {"id": "pace", "type": "speaking_rate", "label": "Pace"}]})
    llm_server.default = json.dumps({"criteria": {"kind": {"points": 2, "evidence": ["so sorry"], "reason": "kind"}}})
    v = VoiceTiming(recording_seconds=4, speech_start=0, speech_end=4)
    score = JudgeScorer(llm.chat_model(llm_settings, judge=True)).score(
        "I am so sorry about this, we will sort it out.", r, ReplyContext(voice=v))
    prompt = json.dumps(llm_server.requests[-1]["messages"])
    assert '"kind"' in prompt.replace('\\"', '"') and "pace" not in prompt
    assert score.criteria["pace"].graded_by == "rules"


def test_a_spoken_reply_is_rescored_with_the_timing_it_had(library):
    scenario = library.scenario("angry-hold-music")
    core = library.rubric_for(scenario)
    slow = VoiceTiming(recording_seconds=9, speech_start=5, speech_end=9, waited_seconds=1, customer_seconds=9)
    attempt = StoredAttempt(attempt_id=1, scenario_id=scenario.id, end_state="hung_up", score=10, passed=False,
                            rubric_version=None, values={}, criteria={}, turns=[
                                StoredTurn(1, "customer", "Finally!", None, None),
                                StoredTurn(2, "trainee", "I am so sorry about the wait.", 10, None,
                                           slow.model_dump(mode="json")),
                                StoredTurn(3, "trainee", "Typed reply, sorry.", 10, None)])
    result = rescore_attempt(attempt, scenario, core, "v2", RuleScorer())
    spoken, typed = result.changed
    assert spoken.new.criteria["dead_air"].score == 1  # 6 s before answering
    assert "dead_air" not in typed.new.criteria
    assert result.criteria["dead_air"] == (1.0, 2)


def test_a_spoken_reply_keeps_its_timing_in_the_database(repo, people):
    from trainer.store import NewTurn

    v = VoiceTiming(recording_seconds=3, speech_start=0.5, speech_end=2.5, pauses=[], waited_seconds=1.0,
                    customer_seconds=6.0, at=7.0, engine="PocketSphinx (offline)")
    attempt = repo.attempts.start_attempt(people.ana, scenario_id="angry-hold-music", scenario_version="x", seed=1,
                                          opening=NewTurn(index=0, speaker="customer", text="Finally!"))
    repo.attempts.record_turn(people.ana, attempt.id, [
        NewTurn(index=1, speaker="trainee", text="So sorry.", voice=v.model_dump(mode="json")),
        NewTurn(index=2, speaker="customer", text="Hmm.")], {})
    turns = repo.attempts.get_attempt(people.ana, attempt.id).turns
    assert VoiceTiming.model_validate(turns[1].voice) == v and turns[2].voice is None


def test_voice_criteria_reach_the_csv_and_xapi_exports(library, repo, people):
    scenario = library.scenario("angry-hold-music")
    session = Session.start(scenario, library.rubric_for(scenario), RuleScorer(), seed=1)
    session.reply("I am so sorry about the wait, that must be frustrating.", 4,
                  voice=VoiceTiming(recording_seconds=4, speech_start=0.2, speech_end=3.8, customer_seconds=9))
    card = session.scorecard()
    attempt = repo.attempts.start_attempt(people.ana, scenario_id=scenario.id, scenario_version="x", seed=1)
    repo.attempts.finish_attempt(people.ana, attempt.id, end_state="hung_up", score=card.total, passed=False,
                                 criteria=totals_from(card.score))
    rows = list(repo.exports.iter_export(None))
    out = io.StringIO()
    exports.write_attempts(rows, out)
    assert "dead_air=2/2" in out.getvalue() and "speaking_rate=" in out.getvalue()
    (statement, *per_criterion) = xapi.statements(rows[0])
    assert "talk_time" in statement["result"]["extensions"][f"{xapi.DEFAULT_BASE}/extensions/criteria"]
    assert any(s["object"]["id"].endswith("/criteria/filler_words") for s in per_criterion)


def test_a_reply_that_ended_a_hold_is_rescored_with_its_hold(library):
    from datetime import UTC, datetime

    from trainer.voice.timing import Hold

    scenario = library.scenario("angry-hold-music")
    hold = Hold(asked="May I put you on hold for two minutes?", promised_seconds=120,
                started_at=datetime(2027, 1, 4, 9, 0, tzinfo=UTC), held_seconds=200, at=40)
    attempt = StoredAttempt(attempt_id=1, scenario_id=scenario.id, end_state="resolved", score=80, passed=True,
                            rubric_version=None, values={}, criteria={}, turns=[
                                StoredTurn(1, "customer", "Finally!", None, None),
                                StoredTurn(2, "trainee", "Thanks for holding, I have booked a courier.", 10, None,
                                           {"hold": hold.model_dump(mode="json")})])
    (change,) = rescore_attempt(attempt, scenario, library.rubric_for(scenario), "v2", RuleScorer()).changed
    result = change.new.criteria["hold_etiquette"]
    assert result.score == 3 and "longer than the 2:00 promised" in result.reason
    assert [(e.at, e.until) for e in result.evidence if e.timed] == [(40, 240)]
    assert "dead_air" not in change.new.criteria  # a typed reply: no voice criteria
