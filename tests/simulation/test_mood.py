"""The named default mood rules, one by one, and how rules combine."""

from __future__ import annotations

import pytest

from trainer.scenario.schema import Condition, MoodRule, Range
from trainer.simulation import mood
from trainer.simulation.conditions import Facts, holds

CALM_REPLY = {"empathy": 2, "apology": 2, "no_blame": 2, "next_step": 2, "courtesy": 2, "plain_language": 2}


def facts(mood_now: int = 5, slow: bool = False, **points: float) -> Facts:
    return Facts(points={**CALM_REPLY, **points}, total=50, mood=mood_now, turn=1, slow=slow)


@pytest.mark.parametrize(("points", "slow", "fired"), [
    ({}, False, {"empathy": -1, "ownership": -1, "next_step": -1}),
    ({"empathy": 0, "apology": 1, "next_step": 1}, False, {}),
    ({"empathy": 0, "apology": 0, "next_step": 0}, False, {"ignored": 1}),
    ({"no_blame": 0, "empathy": 0, "apology": 0, "next_step": 0}, False, {"blame": 2, "ignored": 1}),
    ({"plain_language": 0, "empathy": 0, "apology": 1, "next_step": 0}, False, {"jargon": 1}),
    ({"empathy": 1, "apology": 0, "next_step": 0}, True, {"empathy": -1, "slow": 1}),
])
def test_default_rules(points: dict[str, float], slow: bool, fired: dict[str, int]) -> None:
    after, changes = mood.apply(mood.DEFAULT_RULES, facts(5, slow, **points))
    assert {c.rule: c.change for c in changes} == fired
    assert after == 5 + sum(fired.values())


def test_mood_is_clamped() -> None:
    assert mood.apply(mood.DEFAULT_RULES, facts(1))[0] == 0
    assert mood.apply(mood.DEFAULT_RULES, facts(10, no_blame=0, empathy=0, apology=0, next_step=0))[0] == 10


def test_a_rule_naming_a_criterion_the_rubric_lacks_is_skipped() -> None:
    only_some = Facts(points={"empathy": 0, "no_blame": 0}, total=0, mood=5, turn=1, slow=False)
    after, changes = mood.apply(mood.DEFAULT_RULES, only_some)
    assert [c.rule for c in changes] == ["blame"]  # no apology/next_step: `ignored` cannot be judged
    assert after == 7


def test_every_default_rule_is_documented() -> None:
    for rule in mood.DEFAULT_RULES:
        assert f"\n    {rule.name} " in mood.__doc__


def test_conditions_combine_parts_and_any() -> None:
    f = facts(6, slow=True, empathy=1)
    assert holds(Condition(criteria={"empathy": Range(min=1)}, mood=Range(min=6), slow=True), f)
    assert not holds(Condition(criteria={"empathy": Range(min=2)}), f)
    assert not holds(Condition(criteria={"unknown": Range(min=0)}), f)
    assert holds(Condition(any=[Condition(turn=Range(min=3)), Condition(score=Range(max=50))]), f)
    assert not holds(Condition(any=[Condition(turn=Range(min=3)), Condition(slow=False)]), f)


def test_a_custom_rule_reads_the_mood_before_the_reply() -> None:
    rule = MoodRule(name="boils_over", when=Condition(mood=Range(min=8)), change=2)
    assert mood.apply([rule], facts(8))[0] == 10
    assert mood.apply([rule], facts(7))[0] == 7
