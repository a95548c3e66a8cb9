"""What the scenario-library tests share: starting and playing a call, golden transcripts, and the
pytest-bdd steps whose sentences the English, Persian and Chinese features (and the authoring guide's
feature) have in common.

pytest-bdd finds a step through a fixture that its decorator adds to the module defining it, so a
test module binds these steps with `from tests.library.steps import *`. A language whose features
word a step differently binds the same function under its own sentence, e.g.
`when(parsers.parse('the trainee says "{text}"'))(trainee_replies)`.
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_bdd import given, parsers, then, when

from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import EndState
from trainer.scenario.variables import fill
from trainer.scoring.results import Scorer
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Session, TurnOutcome

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
GOLDEN = Path(__file__).resolve().parent / "golden"
REGENERATE = os.environ.get("FRONTLINE_REGENERATE_GOLDEN") == "1"


def start(catalog: Catalog, scenario_id: str, seed: int, scorer: Scorer | None = None) -> Session:
    scenario = catalog.scenario(scenario_id)
    return Session.start(scenario, catalog.rubric_for(scenario), scorer or RuleScorer(), seed,
                         version=catalog.version(scenario_id))


def play(session: Session, replies: Iterable[str] | None = None) -> list[TurnOutcome]:
    """Reply until the call ends: with the given replies in a loop, or with each step's model answer."""
    cycle = itertools.cycle(list(replies)) if replies is not None else None
    outcomes: list[TurnOutcome] = []
    while not session.ended:
        step = session.current_step
        assert step is not None
        text = step.model_answer if cycle is None else next(cycle)
        outcomes.append(session.reply(fill(text, session.state.values)))
    return outcomes


def route(outcomes: list[TurnOutcome]) -> str:
    """The path the call took, for assertion messages."""
    return " -> ".join(f"{o.branch.from_step}({o.mood_before}->{o.mood_after}, {o.score.total:g})"
                       for o in outcomes)


def transcript(session: Session, script: str) -> dict[str, object]:
    """The call as a golden transcript: every line, and for each reply the mood, score and branch."""
    lines: list[dict[str, object]] = []
    for t in session.state.transcript:
        line: dict[str, object] = {"speaker": t.speaker, "text": t.text, "step": t.step}
        if t.branch is not None and t.score is not None:
            line["mood"] = [t.mood_before, t.mood_after]
            line["score"] = t.score.total
            line["branch"] = t.branch.goto or (t.branch.end.value if t.branch.end else None)
        lines.append(line)
    card = session.scorecard()
    return {"scenario": session.scenario.id, "seed": session.state.seed, "script": script,
            "customer": session.state.values["customer.full_name"],
            "end_state": session.end_state.value if session.end_state else None,
            "passed": card.passed, "total": card.total, "transcript": lines}


def match_golden(got: dict[str, object], path: Path, rerun: str) -> None:
    """Compare `got` with the golden file at `path`, first rewriting it when FRONTLINE_REGENERATE_GOLDEN=1.

    `rerun` is what to pass pytest to regenerate it, shown when the file is missing.
    """
    if REGENERATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if not path.exists():
        pytest.fail(f"{path.name} is missing: run FRONTLINE_REGENERATE_GOLDEN=1 pytest {rerun}")
    assert got == json.loads(path.read_text(encoding="utf-8"))


@dataclass
class Call:
    """A call played by a feature's steps: the session and the outcome of every reply so far."""

    session: Session
    outcomes: list[TurnOutcome] = field(default_factory=list)

    def reply(self, text: str) -> TurnOutcome:
        outcome = self.session.reply(fill(text, self.session.state.values))
        self.outcomes.append(outcome)
        return outcome

    @property
    def last(self) -> TurnOutcome:
        assert self.outcomes, "the trainee has not replied yet"
        return self.outcomes[-1]


# --------------------------------------------------------------------------------------------------
# Steps. The `catalog` fixture is the test module's own (the shipped library, or the guide's example).


@given("the English scenario library")
def english_library(catalog: Catalog) -> Catalog:
    return catalog


@given(parsers.parse('a call of "{scenario_id}" with seed {seed:d}'), target_fixture="call")
def a_call(catalog: Catalog, scenario_id: str, seed: int) -> Call:
    return Call(start(catalog, scenario_id, seed))


@when(parsers.parse('the trainee replies "{text}"'))
def trainee_replies(call: Call, text: str) -> None:
    call.reply(text)


@when("the trainee replies with the model answer")
def trainee_model_answer(call: Call) -> None:
    step = call.session.current_step
    assert step is not None, "the call has already ended"
    call.reply(step.model_answer)


@when("the trainee gives every model answer")
def every_model_answer(call: Call) -> None:
    call.outcomes.extend(play(call.session))


@when(parsers.parse('the trainee keeps replying "{text}"'))
def keeps_replying(call: Call, text: str) -> None:
    call.outcomes.extend(play(call.session, [text]))


@then(parsers.parse('criterion "{criterion_id}" scores {points:d}'))
def criterion_scores(call: Call, criterion_id: str, points: int) -> None:
    result = call.last.score.criteria[criterion_id]
    assert result.score == points, result.reason


@then(parsers.parse('criterion "{criterion_id}" scores at least {points:d}'))
def criterion_at_least(call: Call, criterion_id: str, points: int) -> None:
    result = call.last.score.criteria[criterion_id]
    assert result.score >= points, result.reason


@then(parsers.parse('the call moves to step "{step_id}"'))
def moves_to(call: Call, step_id: str) -> None:
    session = call.session
    assert session.state.step == step_id, f"now at {session.state.step}, ended {session.end_state}"


@then("the customer calms down")
def calms_down(call: Call) -> None:
    assert call.last.mood_after < call.last.mood_before, call.last.mood_changes


@then("the customer gets angrier")
def gets_angrier(call: Call) -> None:
    assert call.last.mood_after > call.last.mood_before, call.last.mood_changes


# The English features quote the end state (`the call ends "resolved"`), the Persian and Chinese ones
# do not (`the call ends hung_up`).
@then(parsers.re(r'the call ends "?(?P<state>\w+)"?'))
def call_ends(call: Call, state: str) -> None:
    assert call.session.end_state is EndState(state), f"{call.session.end_state}: {route(call.outcomes)}"


@then(parsers.re(r'the call does not end "?(?P<state>\w+)"?'))
def call_does_not_end(call: Call, state: str) -> None:
    session = call.session
    assert session.ended and session.end_state is not EndState(state), route(call.outcomes)


@then("the attempt passes")
def attempt_passes(call: Call) -> None:
    card = call.session.scorecard()
    assert card.passed, card.why_not_passed


@then("the attempt fails")
def attempt_fails(call: Call) -> None:
    assert not call.session.scorecard().passed
