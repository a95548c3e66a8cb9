"""Play-testing: the real turn loop, nothing saved, any step, and which words earned which points."""

import pytest

from trainer.errors import SessionError
from trainer.scoring.rules import RuleScorer
from trainer.studio.playtest import PlayTest, branch_words, segments, try_reply


@pytest.fixture
def play(catalog):
    scenario = catalog.scenario("app-hold")
    return PlayTest(scenario, catalog.rubric_for(scenario), RuleScorer(), seed=7)


def test_a_reply_shows_the_branch_taken_in_words(play):
    assert play.transcript[0].text == "I have been on hold for twenty minutes! This is Dana."
    outcome = play.reply("I understand how frustrating that is. I'm sorry.")
    assert outcome.step == "plan"
    assert branch_words(play.scenario, outcome.branch) == "branch 2 (empathy ≥ 1, apology ≥ 1) → plan"


def test_jumping_to_a_later_step_starts_there(play):
    play.jump_to("plan", mood=8)
    assert play.transcript[0].text == "Fine. So what happens now?"
    assert play.session.mood == 8
    outcome = play.reply(play.model_answer())
    assert outcome.end_state == "resolved"
    assert branch_words(play.scenario, outcome.branch) == "branch 1 (next_step ≥ 1) → resolved"


def test_jumping_to_an_unknown_step_lists_the_steps(play):
    with pytest.raises(SessionError, match="pick one of: vent, plan"):
        play.jump_to("nowhere")


def test_which_words_earned_which_points(catalog):
    rubric = catalog.rubric("app-basic")
    reply = "I understand. I will call you back by 5 pm."
    score = try_reply(reply, rubric, RuleScorer())
    parts = segments(reply, score)
    assert "".join(p.text for p in parts) == reply
    assert ("I understand", ("empathy",)) in [(p.text, p.criteria) for p in parts]
    assert any("next_step" in p.criteria for p in parts)
    assert all(p.criteria == () for p in parts if p.text.strip() in (".", "pm."))


def test_segments_of_a_reply_without_evidence_is_the_reply(catalog):
    rubric = catalog.rubric("app-basic")
    score = try_reply("ok", rubric, RuleScorer())
    assert [(p.text, p.criteria) for p in segments("ok", score)] == [("ok", ())]
