"""Fixtures for the engine tests: a small scenario and rubric, and the predictable fake scorer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from tests.simulation.fakes import FakeScorer
from trainer.scenario.schema import Rubric, Scenario

MINI_RUBRIC = """
id: mini
title: Mini
criteria:
  - {id: empathy, type: phrases, label: Empathy, tip: Name the feeling.,
     levels: [{points: 2, phrases: {en: [understand]}}]}
  - {id: apology, type: phrases, label: Apology, tip: Say sorry and mean it.,
     levels: [{points: 1, phrases: {en: [sorry]}}, {points: 2, phrases: {en: ["i'm sorry"]}}]}
  - {id: no_blame, type: forbidden, label: No blame, critical: true, phrases: {en: [calm down]}}
  - {id: next_step, type: next_step, label: Next step, tip: Say what happens and when.}
  - {id: courtesy, type: phrases, label: Courtesy, levels: [{points: 2, phrases: {en: [please]}}]}
  - {id: plain_language, type: forbidden, label: Plain language, phrases: {en: [ticket]}}
"""

MINI_SCENARIO = """
id: mini
title: Mini
summary: A small call about a late order.
language: en
channel: chat
difficulty: 1
rubric: mini
persona: {mood: 5, hang_up_at: 9}
variables:
  order_id: {faker: bothify, args: ["#####"]}
opening: ["Where is order {order_id}?", "My order {order_id} is late!", "Order {order_id}. Late. Again."]
response_time_target: 30
max_turns: 4
steps:
  - id: ask
    model_answer: "I'm sorry, I understand. I'll send order {order_id} today."
    branches:
      - when: {criteria: {no_blame: {max: 0}}}
        goto: angry
      - when: {criteria: {next_step: {min: 2}}}
        end: resolved
        say: ["Great, thanks!"]
      - when: {criteria: {empathy: {min: 1}}}
        goto: details
  - id: details
    say: ["When though?", "And when exactly?"]
    model_answer: "I'll send it today."
    branches:
      - when: {criteria: {next_step: {min: 2}}}
        end: resolved
      - goto: ask
  - id: angry
    say: ["Excuse me?"]
    model_answer: "I'm so sorry."
    branches:
      - when: {criteria: {apology: {min: 1}}}
        goto: ask
      - end: escalated
        say: ["Get me your manager."]
"""

EMPATHY_AND_NEXT_STEP = "I'm sorry, I understand. I'll send it today."
RUDE = "Calm down, please."
NOTHING = "Hello."


@pytest.fixture
def make_scenario() -> Callable[..., Scenario]:
    def make(**changes: Any) -> Scenario:
        data = yaml.safe_load(MINI_SCENARIO)
        data.update(changes)
        return Scenario.model_validate(data)

    return make


@pytest.fixture
def mini_scenario(make_scenario: Callable[..., Scenario]) -> Scenario:
    return make_scenario()


@pytest.fixture
def mini_rubric() -> Rubric:
    return Rubric.model_validate(yaml.safe_load(MINI_RUBRIC))


@pytest.fixture
def scorer() -> FakeScorer:
    return FakeScorer()


@pytest.fixture(scope="session")
def library():
    """The shipped scenario library (other files' problems do not stop ours from loading)."""
    from trainer.config import ROOT
    from trainer.scenario.catalog import Catalog

    return Catalog.load(ROOT / "scenarios")


@pytest.fixture(scope="session")
def rule_scorer():
    from trainer.scoring.rules import RuleScorer

    return RuleScorer()
