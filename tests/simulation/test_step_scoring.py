"""Per-step scoring through the engine: a reply's total counts its step's criteria, the scorecard
judges step criteria at their steps, and rescoring a stored attempt gives the same scores."""

from __future__ import annotations

import pytest

from trainer.scenario.variables import fill
from trainer.scoring.results import ReplyScore
from trainer.simulation.rescoring import StoredAttempt, StoredTurn, rescore_attempt, rubric_version
from trainer.simulation.session import Session


def played(library, rule_scorer, scenario_id: str) -> Session:
    scenario = library.scenario(scenario_id)
    session = Session.start(scenario, library.rubric_for(scenario), rule_scorer, 7)
    while not session.ended:
        step = session.current_step
        session.reply(fill(step.model_answer, session.state.values), 12)
    return session


def test_each_reply_counts_its_steps_criteria_and_the_model_answers_pass(library, rule_scorer):
    for scenario_id in ("angry-hold-music", "fa-hold-music", "zh-hold-music-repair"):
        session = played(library, rule_scorer, scenario_id)
        replies = [t for t in session.transcript if t.speaker == "trainee"]
        for t in replies:
            step = session.scenario.step(t.step)
            assert t.score.counted == step.criteria, (scenario_id, t.step)
        assert session.scorecard().passed, (scenario_id, session.scorecard().why_not_passed)


@pytest.mark.parametrize("scenario_id", ["fa-hold-music", "double-charge"])
def test_rescoring_a_stored_attempt_reads_each_replys_step_and_changes_nothing(library, rule_scorer, scenario_id):
    session = played(library, rule_scorer, scenario_id)
    state = session.state.model_dump(mode="json")
    turns, steps = [], []
    for n, t in enumerate(state["transcript"]):
        stored = None
        if t["speaker"] == "trainee":
            steps.append(t["step"])
            # saved as the app saved it before steps named criteria: no `counted` key when all count
            stored = {k: v for k, v in t["score"].items() if k != "counted" or v is not None}
        turns.append(StoredTurn(n, t["speaker"], t["text"], t.get("response_seconds"), stored))
    card = session.scorecard()
    graded = {c.criterion_id: (c.points, c.max) for c in card.criteria if c.graded_by != "ungraded"}
    attempt = StoredAttempt(1, scenario_id, card.end_state.value, card.total, card.passed, None,
                            state["values"], graded, turns, steps)
    rubric = library.rubric_for(session.scenario)
    got = rescore_attempt(attempt, session.scenario, rubric, rubric_version(rubric), rule_scorer)
    assert got.changed == [] and not got.attempt_changed
    if scenario_id == "fa-hold-music":  # with no step known every criterion counts: the totals differ
        blind = StoredAttempt(1, scenario_id, card.end_state.value, card.total, card.passed, None,
                              state["values"], graded, turns, [])
        assert rescore_attempt(blind, session.scenario, rubric, rubric_version(rubric), rule_scorer).changed


def test_a_score_saved_before_steps_named_criteria_still_loads():
    old = {"rubric_id": "core", "criteria": {}, "total": 0, "passed": False, "critical_failure": None, "flags": []}
    assert ReplyScore.model_validate(old).counted is None
