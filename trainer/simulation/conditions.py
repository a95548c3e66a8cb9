"""What a branch or mood-rule condition can see about the last reply, and whether it holds.

Branches and mood rules share one condition shape (`schema.Condition`); this module is the only
place that reads it, so both agree on what "empathy >= 1" or "slow" means. A criterion the rubric
does not have (or could not grade, such as an `llm` criterion offline) makes its condition false.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from trainer.scenario.schema import Condition
from trainer.scoring.results import ReplyScore


class Facts(BaseModel):
    """The last reply as conditions see it."""

    model_config = ConfigDict(frozen=True)

    points: dict[str, float]
    total: float
    mood: int
    turn: int
    slow: bool

    @classmethod
    def of(cls, score: ReplyScore, mood: int, turn: int, slow: bool) -> Facts:
        graded = {cid: r.score for cid, r in score.criteria.items() if r.graded}
        return cls(points=graded, total=score.total, mood=mood, turn=turn, slow=slow)


def criteria_known(condition: Condition, facts: Facts) -> bool:
    """True when every criterion the condition names (at any depth) was graded for this reply."""
    if any(cid not in facts.points for cid in condition.criteria):
        return False
    return all(criteria_known(c, facts) for c in condition.any or [])


def holds(condition: Condition, facts: Facts) -> bool:
    for cid, bounds in condition.criteria.items():
        if cid not in facts.points or not bounds.holds(facts.points[cid]):
            return False
    if condition.score is not None and not condition.score.holds(facts.total):
        return False
    if condition.mood is not None and not condition.mood.holds(facts.mood):
        return False
    if condition.turn is not None and not condition.turn.holds(facts.turn):
        return False
    if condition.slow is not None and condition.slow != facts.slow:
        return False
    return not condition.any or any(holds(c, facts) for c in condition.any)


def asks_for(condition: Condition, generic: frozenset[str] = frozenset()) -> bool:
    """True when the condition asks the reply to *give* something in particular: it names criteria,
    each with a minimum above 0, not only `generic` ones (any `any` alternative likewise). Such a
    branch can be satisfied early by a reply to an earlier step; one that reads a shortfall
    (`max: 0`), the mood or the turn cannot, nor one that asks only for a generic skill: "a next step
    with a time" does not say which question the time answered ("I'm on it now" is not when the
    refund lands)."""
    named = condition.criteria
    if not named or any(r.min is None or r.min <= 0 for r in named.values()) or set(named) <= generic:
        return False
    return all(asks_for(c, generic) for c in condition.any or [])
