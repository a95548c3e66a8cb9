"""A small, predictable scorer for engine tests, independent of the real rule scorer.

Phrases match as lower-case substrings (English only); `next_step` gives 1 for a commitment and 2
when it comes with a time; every other kind of criterion gets full points.
"""

from __future__ import annotations

import re

from trainer.scenario.schema import (
    ForbiddenCriterion,
    LengthCriterion,
    NextStepCriterion,
    PhrasesCriterion,
    Rubric,
)
from trainer.scoring.results import CriterionResult, ReplyContext, ReplyScore, weighted_total

COMMIT = re.compile(r"\b(i'll|we'll|i will|we will|i'm booking|i am booking|will collect|will be back)\b")
WHEN = re.compile(r"\b(today|tomorrow|tonight|within|by \d|\d+ ?(pm|am)|hour|days?)\b")


class FakeScorer:
    def __init__(self) -> None:
        self.calls: list[tuple[str, ReplyContext]] = []

    def score(self, reply: str, rubric: Rubric, context: ReplyContext) -> ReplyScore:
        self.calls.append((reply, context))
        text = reply.lower()
        results = {c.id: CriterionResult(criterion_id=c.id, score=self._points(c, text), max=c.max_points,
                                         weight=c.weight) for c in rubric.criteria}
        total = weighted_total(results)
        critical = next((c.id for c in rubric.criteria if c.critical and results[c.id].score == 0), None)
        mark = 70 if rubric.pass_mark is None else rubric.pass_mark
        return ReplyScore(rubric_id=rubric.id, criteria=results, total=total,
                          passed=total >= mark and critical is None, critical_failure=critical)

    @staticmethod
    def _points(c: object, text: str) -> float:
        if isinstance(c, PhrasesCriterion):
            hits = [lv.points for lv in c.levels if any(p.lower() in text for p in lv.phrases.get("en", []))]
            return max(hits, default=0)
        if isinstance(c, ForbiddenCriterion):
            return 0 if any(p.lower() in text for p in c.phrases.get("en", [])) else c.max_points
        if isinstance(c, NextStepCriterion):
            return 0 if not COMMIT.search(text) else (2 if WHEN.search(text) else 1)
        if isinstance(c, LengthCriterion):
            return c.max_points if c.min_words <= len(text.split()) <= c.max_words else 0
        return c.max_points  # type: ignore[attr-defined]
