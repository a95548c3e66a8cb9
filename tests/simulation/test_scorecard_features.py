"""Steps for tests/features/scorecard/verdict_and_rows.feature: the shipped scenarios played through
the real catalog and rule scorer, read through the scorecard the page draws."""

from __future__ import annotations

import re

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from trainer.messages import strip_isolates
from trainer.scenario.variables import fill
from trainer.simulation.session import Scorecard, Session
from trainer.ui.text import Row, rows_html

scenarios("scorecard/verdict_and_rows.feature")

PERSIAN = re.compile(r"[\u0600-\u06ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
RAW = re.compile(r"\d+\.\d{2,}|hung_up|timed_out|critical criterion '|\bNone\b|Best of 1 ")


@given(parsers.parse("the scenario '{scenario_id}' played with seed {seed:d}"), target_fixture="session")
def the_scenario(library, rule_scorer, scenario_id: str, seed: int) -> Session:
    scenario = library.scenario(scenario_id)
    return Session.start(scenario, library.rubric_for(scenario), rule_scorer, seed)


@when(parsers.parse('the trainee replies "{first}" then "{second}"'))
def replies(session: Session, first: str, second: str) -> None:
    for text in (first, second):
        if not session.ended:
            session.reply(text, 10)


@when("the trainee gives the model answers to the end")
def model_answers(session: Session) -> None:
    while not session.ended:
        step = session.current_step
        assert step is not None
        session.reply(fill(step.model_answer, session.state.values), 10)


@pytest.fixture
def card(session: Session) -> Scorecard:
    return session.scorecard()


@then(parsers.parse('the verdict reads "{text}"'))
def verdict_reads(card: Scorecard, text: str) -> None:
    assert strip_isolates(card.verdict) == text


@then("the verdict and its reasons show no raw values")
def no_raw_values(card: Scorecard) -> None:
    for line in [card.verdict, *card.why_not_passed]:
        assert not RAW.search(line), line


@then(parsers.parse('the scorecard has one compact row per criterion, labelled "{label}"'))
def one_row_each(card: Scorecard, label: str) -> None:
    rows = [Row(number=i, label=c.label, points=c.points, max=c.max, why=c.reason, tip=c.tip)
            for i, c in enumerate(card.criteria, start=1)]
    html = rows_html(rows)
    assert html.count('class="fl-row ') == len(card.criteria) == len(card.score.criteria)
    assert f"<bdi>{label}</bdi>" in html
    for c in card.criteria:  # one line of why: the deciding reply's reason, no reprinted replies
        assert "\n" not in c.reason and len(c.reason) < 300, c.reason


@then(parsers.parse('the criterion rows never say "{words}"'))
def rows_never_say(card: Scorecard, words: str) -> None:
    assert all(words not in c.reason for c in card.criteria)


@then(parsers.parse("every criterion row and its reason is written in {language}"))
def written_in(card: Scorecard, language: str) -> None:
    script = PERSIAN if language == "Persian" else HAN
    for c in card.criteria:
        assert script.search(c.label) and script.search(c.reason), (c.criterion_id, c.label, c.reason)


@then("no model answer is shown")
def no_model_answer(card: Scorecard) -> None:
    assert card.model_answers == []


@then("each model answer is shown once, for a reply that missed points")
def model_answers_once(card: Scorecard) -> None:
    answers = card.model_answers
    assert answers and len({a.turn for a in answers}) == len(answers)
    assert len({a.text for a in answers}) == len(answers)
    missed = {c.criterion_id for c in card.criteria if c.points < c.max}
    assert all(set(a.criteria) <= missed for a in answers)
