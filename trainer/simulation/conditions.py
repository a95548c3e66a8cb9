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
