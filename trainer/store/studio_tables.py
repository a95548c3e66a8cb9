"""Tables for the trainer studio: the scenario save log and calibration rounds, replies and grades.

Kept beside `tables.py` (same `Base`, same naming rules) so the studio's schema can grow without
touching the practice tables; revision `0003_studio` creates them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from trainer.store.tables import Base, UtcDateTime, utc_now


class ScenarioSave(Base):
    """One save of a scenario or rubric file from the editor: who, when, and what changed."""

    __tablename__ = "scenario_saves"
    __table_args__ = (Index(None, "scenario_id", "saved_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    path: Mapped[str] = mapped_column(String(500))
    scenario_id: Mapped[str | None] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    saved_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    before_hash: Mapped[str | None] = mapped_column(String(64))
    after_hash: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(String(500))
    diff: Mapped[str] = mapped_column(Text)


class CalibrationRound(Base):
    """A sample of replies that trainers grade by hand against one rubric."""

    __tablename__ = "calibration_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    rubric_id: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16))
    seed: Mapped[int] = mapped_column(BigInteger)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class CalibrationItem(Base):
    """One reply in a round, with the automatic score it had when the round was drawn."""

    __tablename__ = "calibration_items"
    __table_args__ = (UniqueConstraint("round_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("calibration_rounds.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    reply: Mapped[str] = mapped_column(Text)
    customer_line: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    scenario_id: Mapped[str | None] = mapped_column(String(200))
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id", ondelete="SET NULL"))
    turn_index: Mapped[int | None] = mapped_column(Integer)
    auto: Mapped[dict[str, Any]] = mapped_column(JSON)


class CalibrationGrade(Base):
    """A trainer's points for one criterion of one reply (re-grading replaces the points)."""

    __tablename__ = "calibration_grades"
    __table_args__ = (Index(None, "grader_id"),)

    item_id: Mapped[int] = mapped_column(ForeignKey("calibration_items.id", ondelete="CASCADE"), primary_key=True)
    grader_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    points: Mapped[float] = mapped_column(Float)
    graded_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
