"""What scoring returns, and the one interface every scorer (rules, LLM judge) implements.

A score explains itself: each criterion carries its points, its scale, the spans of the reply that
earned (or cost) them and a reason in words. Results are plain pydantic data so they can be stored as
JSON with a turn and shown again later exactly as they were.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from trainer.scenario.schema import Language, Rubric
from trainer.voice.timing import Hold, VoiceTiming


class Evidence(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0, description="character offset in the reply as the trainee wrote it")
    end: int = Field(ge=0)
    text: str
    # a moment of a spoken reply rather than words (dead air, a rate over a stretch of speech): seconds
    # on the call clock (into the recording when its place in the call is unknown); start = end = 0
    at: float | None = None
    until: float | None = None

    @property
    def timed(self) -> bool:
        return self.at is not None


class CriterionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    criterion_id: str
    score: float = Field(ge=0)
    max: int
    weight: float = 1.0
    evidence: list[Evidence] = Field(default_factory=list)
    reason: str = ""
    # "rules": the offline scorer; "judged": the LLM judge; "ungraded": nobody could grade it
    # (an `llm` criterion offline, or a judge that failed) and it is left out of the total.
    graded_by: Literal["rules", "judged", "ungraded"] = "rules"

    @property
    def graded(self) -> bool:
        return self.graded_by != "ungraded"


class ReplyScore(BaseModel):
    model_config = ConfigDict(frozen=True)

    rubric_id: str
    criteria: dict[str, CriterionResult]
    total: float = Field(ge=0, le=100, description="weighted, over graded criteria only")
    passed: bool
    critical_failure: str | None = Field(None, description="id of the critical criterion that failed")
    flags: list[str] = Field(default_factory=list,
                             description="why a person should review this score (e.g. the reply tried "
                                         "to instruct the LLM judge); empty when nothing is suspect")
    counted: list[str] | None = Field(
        None, description="the criteria `total` counts: those of the step the reply answered (a step that "
        "names its `criteria`); None: all. The others are still scored, for the call as a whole")

    def points(self, criterion_id: str) -> float:
        return self.criteria[criterion_id].score


class ReplyContext(BaseModel):
    """What a scorer may know besides the reply itself."""

    model_config = ConfigDict(frozen=True)

    language: Language = "en"
    customer_names: list[str] = Field(default_factory=list, description="first, last, title + last")
    customer_line: str | None = Field(None, description="the message the reply answers")
    response_seconds: float | None = None
    response_target: float | None = None
    voice: VoiceTiming | None = Field(None, description="how a spoken reply went in time (voice calls)")
    talk_before: tuple[float, float] | None = Field(
        None, description="seconds the trainee and the customer talked in the call before this reply")
    hold: Hold | None = Field(None, description="the hold this reply ends (the customer was just put on hold)")


_set = object.__setattr__


def _fast(cls: type[BaseModel], fields: dict[str, Any], every: set[str]) -> Any:
    """A model from fields that already have their final types, as validation would build it (`every`
    field given), without validating again: what `model_construct` does, for a scorer's own output.
    `fields` becomes the model's own."""
    m = cls.__new__(cls)
    _set(m, "__dict__", fields)
    _set(m, "__pydantic_fields_set__", every.copy())
    _set(m, "__pydantic_extra__", None)
    _set(m, "__pydantic_private__", None)
    return m


def built_result(fields: dict[str, Any]) -> CriterionResult:
    """A `CriterionResult` from the rule scorer's plain data (taken over, not copied): ids and reasons
    as strings, `score` and `weight` floats, `max` an int, evidence as {"start", "end", "text"} dicts:
    the same object that `CriterionResult.model_validate(fields)` gives, without the validation."""
    fields["evidence"] = [_fast(Evidence, _timed(e), _EVIDENCE_FIELDS) for e in fields["evidence"]]
    return _fast(CriterionResult, fields, _RESULT_FIELDS)


def _timed(evidence: dict[str, Any]) -> dict[str, Any]:
    """Evidence with every field: words carry no moment of a spoken reply (`at`, `until` None)."""
    if "at" in evidence and "until" in evidence:
        return evidence
    return {**evidence, "at": None, "until": None}  # in the fields' order, as validation builds it


_EVIDENCE_FIELDS = set(Evidence.model_fields)
_RESULT_FIELDS = set(CriterionResult.model_fields)


class Scorer(Protocol):
    def score(self, reply: str, rubric: Rubric, context: ReplyContext) -> ReplyScore: ...


def weighted_total(results: dict[str, CriterionResult]) -> float:
    """0-100 over graded criteria, each weighted; 0 when nothing could be graded."""
    graded = [r for r in results.values() if r.graded]
    weight = sum(r.weight for r in graded)
    if not weight:
        return 0.0
    return round(100 * sum(r.weight * r.score / r.max for r in graded) / weight, 2)
