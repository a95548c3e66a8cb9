"""The real audio path with no network: espeak-ng speaks a trainee's reply into a WAV file, the offline
recogniser (PocketSphinx) writes down what it heard, and the rule scorer scores that. The checks are
on the words that decide the score, not on an exact transcript (the recogniser mishears some words
of a synthetic voice: see the word error rate in bench/README.md)."""

from __future__ import annotations

import pytest

from trainer.config import Settings
from trainer.scenario.catalog import Catalog
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer
from trainer.voice.speech import PocketSphinx


@pytest.fixture(scope="module")
def core():
    return Catalog.load(Settings.defaults().scenarios_dir).rubric("core")


def heard_and_scored(say, core, text: str):
    heard = PocketSphinx().transcribe(say(text), "en")
    return heard, RuleScorer().score(heard.text, core, ReplyContext(language="en"))


def test_a_spoken_apology_with_a_dated_refund_scores_as_typed(say, core):
    heard, score = heard_and_scored(say, core, "I am so sorry for the wait. We will send you a refund on Friday.")
    words = heard.text.split()
    assert {"sorry", "refund", "friday"} <= set(words), heard.text
    assert score.points("apology") >= 1
    assert score.points("next_step") == 2  # an action with a day: "we will send ... on friday"
    assert score.points("no_blame") == 2
    assert heard.seconds and 3 < heard.seconds < 8


def test_spoken_blame_fails_the_critical_criterion(say, core):
    heard, score = heard_and_scored(say, core, "You should have read our terms. Calm down.")
    assert "should've" in heard.text or "should have" in heard.text, heard.text
    assert score.points("no_blame") == 0
    assert score.critical_failure == "no_blame"


def test_the_same_recording_is_always_heard_the_same(say):
    blame, apology = say("You should have read our terms. Calm down."), say("I am so sorry for the wait.")
    ears = PocketSphinx()
    first = ears.transcribe(blame, "en").text
    ears.transcribe(apology, "en")  # another speaker's reply in between changes nothing
    assert ears.transcribe(blame, "en").text == first
