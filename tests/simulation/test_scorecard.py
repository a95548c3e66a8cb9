"""The scorecard: pass rules, reasons, tips only where points were missed, the telling model answer."""

from __future__ import annotations

from tests.simulation.conftest import RUDE
from trainer.scenario.schema import EndState
from trainer.simulation.session import Session


def test_a_resolved_call_with_full_marks_passes(mini_scenario, mini_rubric, scorer):
    s = Session.start(mini_scenario, mini_rubric, scorer, 1)
    s.reply("I'm sorry, I understand. Please expect it today, I'll send it now.")
    card = s.scorecard()
    assert card.end_state is EndState.resolved and card.total == 100 and card.pass_mark == 70
    assert card.passed and card.why_not_passed == [] and card.turns == 1
    assert card.verdict == "Passed: you resolved the call and scored 100/100"
    assert all(c.tip == "" for c in card.criteria)


def test_missed_points_come_with_the_tip_and_the_model_answer_that_shows_them(mini_scenario, mini_rubric, scorer):
    s = Session.start(mini_scenario, mini_rubric, scorer, 1)
    s.reply("I understand.")  # step `ask`: empathy only
    s.reply("I'll send it today.")  # step `details`: next step, resolved
    card = s.scorecard()
    by_id = {c.criterion_id: c for c in card.criteria}
    assert card.end_state is EndState.resolved and not card.passed
    assert card.why_not_passed == ["the score 66.6 is under the pass mark 70"]
    assert card.verdict == "Not passed: the score 66.6 is under the pass mark 70"
    apology = by_id["apology"]
    assert apology.points == 0 and apology.tip == "Say sorry and mean it."
    assert apology.weakest_turn == 1  # the `ask` model answer apologises; the `details` one does not
    assert apology.model_answer == f"I'm sorry, I understand. I'll send order {s.state.values['order_id']} today."
    assert by_id["next_step"].points == 2 and by_id["next_step"].tip == ""


def test_an_escalated_call_fails_and_says_why(mini_scenario, mini_rubric, scorer):
    s = Session.start(mini_scenario, mini_rubric, scorer, 1)
    s.reply(RUDE)
    s.reply("I understand.")  # no apology: `angry` falls through to escalated
    card = s.scorecard()
    assert card.end_state is EndState.escalated and not card.passed
    assert card.why_not_passed[:2] == ["the call was escalated", "“No blame” scored 0, which fails the call on its own"]
    assert card.verdict == "Not passed: the call was escalated"


def test_an_unfinished_or_empty_attempt_does_not_pass(mini_scenario, mini_rubric, scorer):
    s = Session.start(mini_scenario, mini_rubric, scorer, 1)
    empty = s.scorecard()
    assert not empty.passed and empty.why_not_passed == ["you gave no replies"] and empty.criteria == []
    s.reply("I understand.")
    assert "the call has not ended yet" in s.scorecard().why_not_passed


def test_a_step_model_answer_is_listed_once_for_every_criterion_it_shows(mini_scenario, mini_rubric, scorer):
    s = Session.start(mini_scenario, mini_rubric, scorer, 1)
    s.reply("Hello.")
    s.reply("I'll send it today.")
    answers = s.scorecard().model_answers
    assert [a.turn for a in answers] == sorted({a.turn for a in answers})
    assert answers[0].turn == 1 and {"empathy", "apology"} <= set(answers[0].criteria)
