"""Steps for the voice features (tests/features/voice): spoken replies on a phone scenario, timed in
plain numbers (or said into the "microphone" by espeak-ng and heard by PocketSphinx), scored by the
session as in the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.plugins.speech import espeak_or_skip, with_silence
from trainer.config import ROOT
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Session, TurnOutcome
from trainer.voice.audio import measure
from trainer.voice.speech import PocketSphinx
from trainer.voice.timing import Pause, VoiceTiming, clock

scenarios("voice")


@pytest.fixture(scope="module")
def library() -> Catalog:
    return Catalog.load(ROOT / "scenarios")


@dataclass
class Call:
    session: Session | None = None
    opening_seconds: float = 0.0
    outcome: TurnOutcome | None = None
    heard: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def call() -> Call:
    return Call()


@given(parsers.parse('a voice call to "{scenario_id}" whose opening line takes {seconds:g} seconds to say'))
def voice_call(call: Call, library: Catalog, scenario_id: str, seconds: float) -> None:
    scenario = library.scenario(scenario_id)
    call.session = Session.start(scenario, library.rubric_for(scenario), RuleScorer(), seed=1)
    call.opening_seconds = seconds


def spoken(call: Call, text: str, waited: float, seconds: float, pauses: list[Pause] | None = None) -> None:
    voice = VoiceTiming(recording_seconds=seconds, speech_start=0.0, speech_end=seconds, pauses=pauses or [],
                        waited_seconds=waited, customer_seconds=call.opening_seconds,
                        at=call.opening_seconds + waited)
    assert call.session is not None
    call.outcome = call.session.reply(text, waited + seconds, voice=voice)


@when(parsers.parse('the trainee starts speaking {waited:g} second after the customer stops and says "{text}" '
                    'over {seconds:g} seconds'))
@when(parsers.parse('the trainee starts speaking {waited:g} seconds after the customer stops and says "{text}" '
                    'over {seconds:g} seconds'))
def says(call: Call, waited: float, text: str, seconds: float) -> None:
    spoken(call, text, waited, seconds)


@when(parsers.parse('the trainee starts speaking {waited:g} seconds after the customer stops and says "{text}" '
                    'over {seconds:g} seconds with a {pause:g} second pause'))
def says_with_a_pause(call: Call, waited: float, text: str, seconds: float, pause: float) -> None:
    spoken(call, text, waited, seconds, [Pause(start=seconds / 2 - pause / 2, end=seconds / 2 + pause / 2)])


@when(parsers.parse('the trainee types "{text}"'))
def types(call: Call, text: str) -> None:
    assert call.session is not None
    call.outcome = call.session.reply(text, 5.0)


@when(parsers.parse('the trainee says "{text}" into the microphone {waited:g} seconds after the customer stops'))
def says_into_the_microphone(call: Call, text: str, waited: float) -> None:
    espeak = espeak_or_skip()
    audio = with_silence(espeak.speak(text, "en", "en-us+klatt").audio, before=waited, after=0.5)
    heard = PocketSphinx().transcribe(audio, "en")
    voice = measure(audio, waited_seconds=0.0, customer_seconds=call.opening_seconds, at=call.opening_seconds,
                    engine=heard.engine)
    call.heard = heard.text
    assert call.session is not None
    call.outcome = call.session.reply(heard.text, waited + voice.recording_seconds, voice=voice)


def result(call: Call, cid: str):
    assert call.outcome is not None
    assert cid in call.outcome.score.criteria, f"{cid} was not scored: {sorted(call.outcome.score.criteria)}"
    return call.outcome.score.criteria[cid]


@then(parsers.parse('"{cid}" scores {points:g} of {top:d}'))
def scores(call: Call, cid: str, points: float, top: int) -> None:
    r = result(call, cid)
    assert (r.score, r.max) == (points, top), r.reason


@then(parsers.parse('the reason for "{cid}" says "{words}"'))
def reason_says(call: Call, cid: str, words: str) -> None:
    assert words in result(call, cid).reason


@then(parsers.parse('the evidence for "{cid}" runs from {start} to {end}'))
def evidence_runs(call: Call, cid: str, start: str, end: str) -> None:
    timed = [e for e in result(call, cid).evidence if e.timed]
    assert [(clock(e.at), clock(e.until)) for e in timed] == [(start, end)]  # type: ignore[arg-type]
    assert f"{start}–{end}" in result(call, cid).reason


@then(parsers.parse('"{cid}" marks {quoted}'))
def marks(call: Call, cid: str, quoted: str) -> None:
    wanted = [q.strip().strip('"') for q in quoted.split(",")]
    assert [e.text for e in result(call, cid).evidence] == wanted


@then(parsers.parse('the scorecard shows the reply starting at {at} after {seconds:g} seconds of silence'))
def scorecard_shows(call: Call, at: str, seconds: float) -> None:
    assert call.session is not None
    (line,) = call.session.scorecard().voice
    assert clock(line.at) == at and line.silence_before == seconds  # type: ignore[arg-type]


@then(parsers.parse('the scorecard has no "{a}", "{b}", "{c}" or "{d}"'))
def scorecard_has_none(call: Call, a: str, b: str, c: str, d: str) -> None:
    assert call.session is not None
    card = call.session.scorecard()
    assert not {a, b, c, d} & {x.criterion_id for x in card.criteria}
    assert not {a, b, c, d} & set(card.score.criteria)


@then("the scorecard shows no spoken replies")
def no_spoken_replies(call: Call) -> None:
    assert call.session is not None and call.session.scorecard().voice == []


@then(parsers.parse('the reply is written down with "{a}" and "{b}"'))
def written_down(call: Call, a: str, b: str) -> None:
    assert {a, b} <= set(call.heard.split()), call.heard


# -- holds ----------------------------------------------------------------------------------------


def phone_call(call: Call, library: Catalog, scenario_id: str, music: str | None = None) -> None:
    from trainer.scenario.schema import HoldMusic

    scenario = library.scenario(scenario_id)
    if music is not None:
        scenario = scenario.model_copy(update={"hold_music": HoldMusic(title=f"{music} music", style=music)})
    call.session = Session.start(scenario, library.rubric_for(scenario), RuleScorer(), seed=1)


@given(parsers.parse('a phone call to "{scenario_id}"'))
def a_phone_call(call: Call, library: Catalog, scenario_id: str) -> None:
    phone_call(call, library, scenario_id)


APOLOGY = "I am so sorry about the wait, that must have been really frustrating. What happens when you turn it on?"


@given(parsers.parse('a phone call to "{scenario_id}" after an apology for the wait'))
def after_an_apology(call: Call, library: Catalog, scenario_id: str) -> None:
    phone_call(call, library, scenario_id)
    call.outcome = call.session.reply(APOLOGY, 5)  # type: ignore[union-attr]


@given(parsers.parse('a phone call to "{scenario_id}" after an apology for the wait, with {music} hold music'))
def after_an_apology_with_music(call: Call, library: Catalog, scenario_id: str, music: str) -> None:
    phone_call(call, library, scenario_id, music)
    call.outcome = call.session.reply(APOLOGY, 5)  # type: ignore[union-attr]


def seconds_of(words: str) -> float:
    """"2 minutes", "1 minute 40 seconds", "90 seconds" in seconds."""
    total, number = 0.0, 0.0
    for word in words.split():
        if word.replace(".", "").isdigit():
            number = float(word)
        else:
            total += number * (60 if word.startswith("minute") else 1)
            number = 0.0
    return total


@when(parsers.parse('the trainee says "{asked}" and puts the customer on hold for {promised}'))
def puts_on_hold(call: Call, asked: str, promised: str) -> None:
    assert call.session is not None
    call.session.put_on_hold(asked, seconds_of(promised))


@when(parsers.parse('the trainee comes back after {held} and says "{text}"'))
def comes_back(call: Call, held: str, text: str) -> None:
    assert call.session is not None
    call.session.take_off_hold(held_seconds=seconds_of(held))
    call.outcome = call.session.reply(text, 5)


@then(parsers.parse('the customer\'s mood was moved by "{rule}" by {change:d}'))
def mood_moved(call: Call, rule: str, change: int) -> None:
    assert call.outcome is not None
    assert {c.rule: c.change for c in call.outcome.mood_changes}.get(rule) == change, call.outcome.mood_changes


@then(parsers.parse('the customer\'s mood was not moved by "{rule}"'))
def mood_not_moved(call: Call, rule: str) -> None:
    assert call.outcome is not None
    assert rule not in {c.rule for c in call.outcome.mood_changes}, call.outcome.mood_changes


@then(parsers.parse('a reply is refused with "{words}"'))
def reply_refused(call: Call, words: str) -> None:
    from trainer.errors import SessionError

    assert call.session is not None
    with pytest.raises(SessionError, match=words):
        call.session.reply("Are you still there?", 5)


@then(parsers.parse('the scorecard has no "{cid}"'))
def scorecard_has_no(call: Call, cid: str) -> None:
    assert call.session is not None
    assert cid not in {c.criterion_id for c in call.session.scorecard().criteria}
