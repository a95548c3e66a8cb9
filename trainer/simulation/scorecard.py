"""The end-of-attempt scorecard: every criterion combined over the replies, with a coaching example.

Per criterion the card carries the combined points, the evidence and reason from the deciding reply,
the criterion's tip when points were missed, and a model answer: the one from the step where the
scenario's model answer beats the trainee's reply most on that criterion (model answers are scored
like replies, so the example shown is the one that actually does what was missed). An attempt
passes when the total reaches the pass mark, no critical criterion scored 0, and the call ended in
one of the scenario's `success_ends`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from trainer.scenario.schema import EndState, Rubric, Scenario
from trainer.scenario.variables import fill
from trainer.scoring.aggregate import combine
from trainer.scoring.results import Evidence, ReplyContext, ReplyScore, Scorer

if TYPE_CHECKING:
    from trainer.simulation.session import SessionState, Turn

DEFAULT_PASS_MARK = 70.0

class CriterionCard(BaseModel):
    model_config = ConfigDict(frozen=True)

    criterion_id: str
    label: str
    points: float
    max: int
    weight: float
    critical: bool
    graded_by: str
    evidence: list[Evidence]
    reason: str
    tip: str = Field(description="the criterion's coaching tip, when points were missed")
    weakest_turn: int | None = Field(
        None, description="the reply whose step's model answer does best against it on this criterion")
    model_answer: str = Field("", description="that step's model answer, to show what was missed")


class Scorecard(BaseModel):
    model_config = ConfigDict(frozen=True)

    scenario_id: str
    rubric_id: str
    score: ReplyScore
    total: float
    pass_mark: float
    end_state: EndState | None
    passed: bool
    turns: int
    why_not_passed: list[str]
    criteria: list[CriterionCard]


def build_scorecard(scenario: Scenario, rubric: Rubric, scorer: Scorer, state: SessionState,
                    context: ReplyContext) -> Scorecard:
    replies = [t for t in state.transcript if t.speaker == "trainee" and t.score is not None]
    pass_mark = rubric.pass_mark if rubric.pass_mark is not None else DEFAULT_PASS_MARK
    combined = combine(rubric, [t.score for t in replies if t.score is not None]) if replies else ReplyScore(
        rubric_id=rubric.id, criteria={}, total=0, passed=False)
    end = state.end_state
    why = why_not_passed(scenario, combined, pass_mark, len(replies), end)
    answers = {step: fill(scenario.step(step).model_answer, state.values)
               for step in dict.fromkeys(t.step for t in replies if t.step is not None)}
    models = {step: scorer.score(text, rubric, context) for step, text in answers.items()}
    return Scorecard(
        scenario_id=scenario.id, rubric_id=rubric.id, score=combined, total=combined.total,
        pass_mark=pass_mark, end_state=end, passed=not why, turns=len(replies), why_not_passed=why,
        criteria=[_card(rubric, cid, combined, replies, models, answers) for cid in combined.criteria],
    )


def why_not_passed(scenario: Scenario, combined: ReplyScore, pass_mark: float, replies: int,
                   end: EndState | None) -> list[str]:
    """Why an attempt with this combined score and ending did not pass (empty: it passed)."""
    why: list[str] = []
    if not replies:
        why.append("no replies were given")
    if combined.total < pass_mark:
        why.append(f"score {combined.total:g} is below the pass mark {pass_mark:g}")
    if combined.critical_failure:
        why.append(f"critical criterion {combined.critical_failure!r} scored 0")
    if end not in scenario.success_ends:
        wanted = " or ".join(e.value for e in scenario.success_ends)
        why.append(f"the call ended {end.value}, not {wanted}" if end else
                   f"the call has not ended yet (it needs to end {wanted})")
    return why


def _card(rubric: Rubric, cid: str, combined: ReplyScore, replies: list[Turn],
          models: dict[str, ReplyScore], answers: dict[str, str]) -> CriterionCard:
    result = combined.criteria[cid]
    try:
        criterion = rubric.criterion(cid)
        label, tip, critical = criterion.label, criterion.tip, criterion.critical
    except KeyError:
        label, tip, critical = cid, "", False
    example = _example(cid, replies, models)
    return CriterionCard(
        criterion_id=cid, label=label, points=result.score, max=result.max, weight=result.weight,
        critical=critical, graded_by=result.graded_by, evidence=list(result.evidence),
        reason=result.reason, tip=tip if result.score < result.max else "",
        weakest_turn=example.turn if example else None,
        model_answer=answers.get(example.step or "", "") if example else "",
    )


def _example(cid: str, replies: list[Turn], models: dict[str, ReplyScore]) -> Turn | None:
    """The reply whose step's model answer beats it most on this criterion (earliest on ties)."""

    def points(score: ReplyScore | None) -> float:
        return score.criteria[cid].score if score is not None and cid in score.criteria else 0.0

    scored = [t for t in replies if t.step is not None and t.score is not None and cid in t.score.criteria]
    return max(scored, key=lambda t: (points(models.get(t.step or "")) - points(t.score), -t.turn),
               default=None)
