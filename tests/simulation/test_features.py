"""Steps for the simulation features (tests/features/simulation): the shipped scenarios, played
through the real catalog and the real rule scorer, as a trainer would describe them."""

from __future__ import annotations

from dataclasses import dataclass, field

from pytest_bdd import given, parsers, scenarios, then, when

from trainer.scenario.schema import EndState
from trainer.scenario.variables import fill
from trainer.simulation.quotes import Heard
from trainer.simulation.session import Session, SessionState, TurnOutcome

scenarios("simulation")


@dataclass
class Call:
    session: Session
    seed: int
    outcomes: list[TurnOutcome] = field(default_factory=list)

    def reply(self, text: str, seconds: float | None = None) -> None:
        self.outcomes.append(self.session.reply(text, seconds))

    def model_answer(self) -> None:
        step = self.session.current_step
        assert step is not None
        self.reply(fill(step.model_answer, self.session.state.values))


def model_answers_to_the_end(call: Call) -> None:
    while not call.session.ended:
        call.model_answer()


@given(parsers.parse("the scenario '{scenario_id}' with seed {seed:d}"), target_fixture="call")
def the_scenario(library, rule_scorer, scenario_id: str, seed: int) -> Call:
    scenario = library.scenario(scenario_id)
    return Call(Session.start(scenario, library.rubric_for(scenario), rule_scorer, seed), seed)


@when("the trainee answers with empathy and a concrete next step")
@when("the trainee answers every step with its model answer")
def answers_with_model_answers(call: Call) -> None:
    model_answers_to_the_end(call)


@when("the trainee answers one step with its model answer")
def answers_one_step(call: Call) -> None:
    call.model_answer()


@when(parsers.parse('the trainee replies "{text}" after {seconds:d} seconds'))
def replies_after(call: Call, text: str, seconds: int) -> None:
    call.reply(text, seconds)


@when(parsers.re(r'the trainee replies "(?P<text>[^"]*)"$'))
def replies(call: Call, text: str) -> None:
    call.reply(text)


@when(parsers.parse('the trainee keeps replying "{text}"'))
def keeps_replying(call: Call, text: str) -> None:
    while not call.session.ended:
        call.reply(text)


@when("the attempt is saved and resumed")
def saved_and_resumed(call: Call, rule_scorer) -> None:
    s = call.session
    saved = SessionState.model_validate_json(s.state.model_dump_json())
    call.session = Session.restore(saved, s.scenario, s.rubric, rule_scorer)


@then("the customer calms down")
def calms_down(call: Call) -> None:
    first = call.outcomes[0]
    assert first.mood_after < first.mood_before, first.mood_changes
    assert call.session.mood < call.session.scenario.persona.mood


@then("the customer gets angrier")
def gets_angrier(call: Call) -> None:
    first = call.outcomes[0]
    assert first.mood_after > first.mood_before, first.mood_changes


@then(parsers.parse("the mood changes because of '{rule}'"))
def mood_changes_because_of(call: Call, rule: str) -> None:
    assert rule in [c.rule for c in call.outcomes[-1].mood_changes]


@then(parsers.parse("the conversation moves to '{step}'"))
def moves_to(call: Call, step: str) -> None:
    assert call.outcomes[-1].step == step, call.outcomes[-1].branch


@then(parsers.parse("the call ends {state}"))
def call_ends(call: Call, state: str) -> None:
    assert call.session.end_state == EndState(state), [o.branch for o in call.outcomes]


@then("the call does not end resolved")
def not_resolved(call: Call) -> None:
    assert call.session.ended and call.session.end_state is not EndState.resolved


@then("the attempt passes")
def passes(call: Call) -> None:
    card = call.session.scorecard()
    assert card.passed, card.why_not_passed


@then("the attempt does not pass")
def does_not_pass(call: Call) -> None:
    assert not call.session.scorecard().passed


@then("the transcript is the same as an attempt that was never interrupted")
def same_as_uninterrupted(call: Call, library, rule_scorer) -> None:
    s = call.session
    whole = Call(Session.start(s.scenario, s.rubric, rule_scorer, call.seed), call.seed)
    model_answers_to_the_end(whole)
    assert s.state == whole.session.state


@then(parsers.parse('the customer never says "{words}"'))
def never_says(call: Call, words: str) -> None:
    said = [t.text for t in call.session.transcript if t.speaker == "customer"][1:]
    assert not any(words in line for line in said), said


@then("the customer quotes nothing the trainee did not say")
def quotes_only_the_trainee(call: Call) -> None:
    s = call.session
    heard = Heard([t.text for t in s.transcript if t.speaker == "trainee"]
                  + [fill(f, s.state.values) for f in s.scenario.hidden_facts], s.scenario.language)
    said = [t.text for t in s.transcript if t.speaker == "customer"][1:]
    assert not [line for line in said if heard.misquotes(line)], said


@then(parsers.parse("the step '{step}' is passed over"))
def passed_over(call: Call, step: str) -> None:
    assert step in call.outcomes[-1].branch.skipped, call.outcomes[-1].branch


def _names(text: str) -> list[str]:
    """"'a', 'b' and 'c'" -> ["a", "b", "c"]."""
    return [part.strip().strip("'") for part in text.replace(" and ", ", ").split(",") if part.strip()]


@then(parsers.parse("the reply scores {total:d} out of 100"))
def reply_scores(call: Call, total: int) -> None:
    score = call.outcomes[-1].score
    assert score.total == total, {cid: r.reason for cid, r in score.criteria.items()}


@then(parsers.parse("the reply's score counts only {names}"))
def counts_only(call: Call, names: str) -> None:
    assert call.outcomes[-1].score.counted == _names(names)


@then(parsers.parse("the reply's score does not count '{criterion}'"))
def does_not_count(call: Call, criterion: str) -> None:
    score = call.outcomes[-1].score
    assert score.counted is not None and criterion not in score.counted, score.counted
    assert criterion in score.criteria  # still scored, for the call as a whole


@then(parsers.parse("the scorecard says '{criterion}' was not assessed"))
def not_assessed(call: Call, criterion: str) -> None:
    card = next(c for c in call.session.scorecard().criteria if c.criterion_id == criterion)
    assert card.graded_by == "ungraded" and card.reason.startswith("未评分"), card


@then(parsers.parse("the scorecard still judges '{criterion}' over the whole call"))
def judged_over_the_call(call: Call, criterion: str) -> None:
    card = next(c for c in call.session.scorecard().criteria if c.criterion_id == criterion)
    assert card.graded_by == "rules", card
    best = max(t.score.criteria[criterion].score for t in call.session.transcript if t.score is not None)
    assert card.points == best  # from any reply, counted in its own score or not
