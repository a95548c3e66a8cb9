"""What the repository hands out and takes in: plain, frozen pydantic records, never ORM objects, so pages
and the rest of the core can hold them after the database session is gone and never import SQLAlchemy."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

from trainer.roles import Role
from trainer.scoring.results import ReplyScore

Mode = Literal["practice", "assessment"]
CustomerKind = Literal["scripted", "generated"]  # "generated": an AI customer (the session state says which kind)
AttemptState = Literal["in_progress", "finished", "abandoned"]
Speaker = Literal["customer", "trainee"]
Bucket = Literal["day", "week", "month"]
MODES: tuple[str, ...] = get_args(Mode)
CUSTOMER_KINDS: tuple[str, ...] = get_args(CustomerKind)
ATTEMPT_STATES: tuple[str, ...] = get_args(AttemptState)
SPEAKERS: tuple[str, ...] = get_args(Speaker)

T = TypeVar("T")


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TeamRecord(Record):
    id: int
    name: str


class UserRecord(Record):
    """A person, as the app sees them; also the `viewer` every read is filtered for."""

    id: int
    email: str
    display_name: str
    role: Role
    team_id: int | None = None
    team_name: str | None = None
    manager_id: int | None = None
    active: bool = True
    created_at: datetime | None = None


class NewTurn(Record):
    """One line of the conversation, as the session engine produced it."""

    index: int = Field(ge=0, description="0 is the customer's opening line")
    speaker: Speaker
    text: str
    response_seconds: float | None = None
    criteria: dict[str, Any] | None = Field(None, description="per-criterion results (ReplyScore JSON)")
    mood_after: int | None = None
    voice: dict[str, Any] | None = Field(None, description="a spoken reply's timing (VoiceTiming JSON)")
    notice: str | None = Field(None, description="why the line is not what was meant: a customer line from "
                               "the script because the LLM could not answer, or a reply typed as speech failed")


class NewRecording(Record):
    """A spoken reply's audio, saved with its turn."""

    turn_index: int = Field(ge=1)
    mime: str = "audio/wav"
    seconds: float | None = None
    audio: bytes


class RecordingRecord(NewRecording):
    attempt_id: int
    user_id: int = Field(description="whose reply it is (the attempt's owner)")
    created_at: datetime


class TurnRecord(NewTurn):
    created_at: datetime


class CriterionTotal(Record):
    """One criterion's result for a whole attempt, written when the attempt finishes."""

    criterion_id: str
    score: float = Field(ge=0)
    max: int = Field(gt=0)


class AttemptRecord(Record):
    id: int
    user_id: int
    user_name: str
    user_email: str
    team_id: int | None
    scenario_id: str
    scenario_version: str
    seed: int
    mode: Mode
    customer_kind: CustomerKind
    state: AttemptState
    started_at: datetime
    updated_at: datetime
    ended_at: datetime | None = None
    end_state: str | None = None
    score: float | None = None
    passed: bool | None = None
    turn_count: int = 0


class AttemptDetail(Record):
    """One attempt with everything needed to show its transcript and scorecard, or to resume it."""

    attempt: AttemptRecord
    turns: list[TurnRecord]
    criteria: list[CriterionTotal]
    session_state: dict[str, Any] | None


class Page(Record, Generic[T]):
    """One page of a list; pass `next_cursor` back as `after` to get the next one (None: no more)."""

    items: list[T]
    next_cursor: str | None = None


class CriterionPoint(Record):
    """The average of one criterion over one time bucket, as a fraction of its maximum (0..1)."""

    bucket: datetime
    criterion_id: str
    average: float
    attempts: int


class PersonCriterion(Record):
    """One person's average on one criterion (fraction of its maximum, 0..1), for team heatmaps."""

    user_id: int
    display_name: str
    criterion_id: str
    average: float
    attempts: int


class PersonRef(Record):
    """A person on a page of a team chart, with their team's name (None: no team)."""

    user_id: int
    display_name: str
    team_name: str | None = None


class HeatmapPage(Page[PersonCriterion]):
    """A page of the team heatmap: the cells, and every person on the page (with results or not)."""

    people: list[PersonRef] = []


class ScenarioProgress(Record):
    scenario_id: str
    attempts: int
    best_score: float | None
    latest_score: float | None
    latest_passed: bool | None
    latest_at: datetime
    ever_passed: bool


class ScorePoint(Record):
    """One finished attempt on a person's timeline."""

    attempt_id: int
    scenario_id: str
    ended_at: datetime
    score: float | None
    passed: bool | None
    mode: Mode


def totals_from(score: ReplyScore) -> list[CriterionTotal]:
    """The per-criterion totals of a combined attempt score, leaving out criteria nobody could grade."""
    return [CriterionTotal(criterion_id=c.criterion_id, score=c.score, max=c.max)
            for c in score.criteria.values() if c.graded]
