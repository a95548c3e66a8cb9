"""Combine the scores of every reply in an attempt into the attempt's score, criterion by criterion.

Each criterion says how (`how_to_aggregate`): `max` (did the trainee ever do it: empathy, apology,
next step), `min` (did they ever break it: forbidden phrases, so one slip costs the attempt), `mean`
(how well on average: length, response time, speaking rate) or `last` (where the call ended up: the
share of talk time, counted over the call so far at each reply). Replies where a criterion was not graded do not count
for it; a criterion graded in no reply stays "ungraded" and out of the total. The evidence shown is
the deciding reply's (for `mean`, the best reply's), and the reason says which reply that was.
"""

from __future__ import annotations

from trainer.messages import say
from trainer.scenario.schema import Rubric
from trainer.scoring.results import CriterionResult, ReplyScore
from trainer.scoring.rules import finish


def combine(rubric: Rubric, per_turn: list[ReplyScore], language: str = "en") -> ReplyScore:
    """`language`: the language the reasons are written in (the replies')."""
    results: dict[str, CriterionResult] = {}
    for c in rubric.criteria:
        turns = [(i, s.criteria[c.id]) for i, s in enumerate(per_turn, 1) if c.id in s.criteria]
        if not turns and (getattr(c, "only_with_model", False) or c.assessed_on):
            continue  # no model graded it, or the call had nothing of what it assesses (speech, a hold)
        graded = [(i, r) for i, r in turns if r.graded]
        if not graded:
            results[c.id] = CriterionResult(
                criterion_id=c.id, score=0, max=c.max_points, weight=c.weight,
                reason=turns[-1][1].reason if turns else say(language, "agg.none"), graded_by="ungraded",
            )
            continue
        how, n = c.how_to_aggregate, len(graded)
        if how == "min":
            turn, chosen = min(graded, key=lambda t: (t[1].score, t[0]))
            score, key = chosen.score, "agg.lowest"
        elif how == "last":
            turn, chosen = graded[-1]
            score, key = chosen.score, "agg.last"
        elif how == "mean":
            turn, chosen = max(graded, key=lambda t: (t[1].score, -t[0]))
            score, key = round(sum(r.score for _, r in graded) / n, 2), "agg.mean"
        else:
            turn, chosen = max(graded, key=lambda t: (t[1].score, -t[0]))
            score, key = chosen.score, "agg.best"
        what = say(language, "agg.only" if n == 1 else key, n=n, turn=turn)
        results[c.id] = CriterionResult(
            criterion_id=c.id, score=score, max=c.max_points, weight=c.weight,
            evidence=chosen.evidence, reason=f"{what}: {chosen.reason}",
            graded_by="judged" if any(r.graded_by == "judged" for _, r in graded) else "rules",
        )
    return finish(rubric, results)
