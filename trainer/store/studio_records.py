"""Records the studio's queries return: the save log, per-scenario analytics and calibration rounds.
Plain frozen pydantic, like `records.py`, so pages never see ORM objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from trainer.store.records import Record

Source = Literal["attempts", "upload"]


class SaveRecord(Record):
    id: int
    path: str
    scenario_id: str | None
    user_id: int | None
    user_name: str | None
    saved_at: datetime
    before_hash: str | None
    after_hash: str
    summary: str
    diff: str


class ScenarioSummary(Record):
    scenario_id: str
    attempts: int = Field(description="started, in any state")
    finished: int
    abandoned: int
    in_progress: int
    passed: int
    pass_rate: float | None = Field(description="passed / finished; None before any finished attempt")
    average_score: float | None


class CriterionAverage(Record):
    criterion_id: str
    average: float = Field(description="mean of score/max over finished attempts, 0..1")
    attempts: int


class StepStop(Record):
    """Where attempts stopped: the step of the last customer line (the ending step, or the step an
    abandoned attempt was left at)."""

    step: str
    stopped: int
    failed: int = Field(description="finished there without passing")
    abandoned: int
    hung_up: int


class LowReply(Record):
    attempt_id: int
    turn_index: int
    text: str
    total: float
    person: str = Field(description="the person's name, or 'Person N' when the viewer does not manage them")
    named: bool


class PoolReply(Record):
    """A recorded trainee reply that calibration may sample."""

    attempt_id: int
    turn_index: int
    scenario_id: str
    text: str
    customer_line: str | None
    auto: dict[str, Any]


class NewCalibrationItem(Record):
    reply: str
    customer_line: str | None = None
    language: str = "en"
    scenario_id: str | None = None
    attempt_id: int | None = None
    turn_index: int | None = None
    auto: dict[str, Any] = Field(description="the automatic ReplyScore as JSON")


class CalibrationItemRecord(NewCalibrationItem):
    id: int
    round_id: int
    position: int


class RoundRecord(Record):
    id: int
    name: str
    rubric_id: str
    source: Source
    seed: int
    created_by: int | None
    created_at: datetime
    items: int
    graders: int


class GradeRecord(Record):
    item_id: int
    grader_id: int
    grader_name: str
    criterion_id: str
    points: float
