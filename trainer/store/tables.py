"""The database tables, as typed SQLAlchemy models. Only `trainer/store/` sees these; pages and the rest
of the core get the plain records from `trainer/store/records.py`.

Shapes chosen for the dashboards at a million attempts:
- a user belongs to at most one team (`users.team_id`); managers manage teams through `team_managers`,
  so "the attempts a manager may see" is attempts joined to users whose team the manager manages;
- `attempt_criteria` holds one row per criterion of a finished attempt, with the attempt's user,
  scenario and end time copied in, so per-criterion averages and trends aggregate from one indexed table;
- every timestamp is stored in UTC and comes back time-zone aware.

Changing a model means adding an Alembic revision (`trainer/store/migrations/versions/`);
`tests/store/test_migrations.py` fails while the two disagree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from trainer.store.records import ATTEMPT_STATES, CUSTOMER_KINDS, MODES, ROLES, SPEAKERS

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utc_now() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC; naive datetimes are refused, results are always aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be time-zone aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


JsonDoc = JSON().with_variant(JSONB(), "postgresql")


def _one_of(column: str, values: tuple[str, ...]) -> CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({allowed})", name=column)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        _one_of("role", ROLES),
        Index(None, "team_id"),
        Index(None, "manager_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id", ondelete="SET NULL"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    password_hash: Mapped[str | None] = mapped_column(String(512))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class TeamManager(Base):
    """Who manages which team: a manager may run several teams, a team may have several managers."""

    __tablename__ = "team_managers"
    __table_args__ = (Index(None, "user_id"),)

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class Attempt(Base):
    __tablename__ = "attempts"
    __table_args__ = (
        _one_of("mode", MODES),
        _one_of("customer_kind", CUSTOMER_KINDS),
        _one_of("state", ATTEMPT_STATES),
        Index(None, "user_id", "started_at"),  # a person's attempts over time
        Index(None, "user_id", "state"),  # the attempt to resume
        Index(None, "scenario_id", "started_at"),  # per-scenario analytics
        Index(None, "started_at"),  # time ranges, exports
        Index(None, "ended_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scenario_id: Mapped[str] = mapped_column(String(200))
    scenario_version: Mapped[str] = mapped_column(String(64))
    seed: Mapped[int] = mapped_column(BigInteger)
    mode: Mapped[str] = mapped_column(String(16))
    customer_kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="in_progress")
    started_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_state: Mapped[str | None] = mapped_column(String(32))
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    turn_count: Mapped[int] = mapped_column(Integer, default=0)
    session_state: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)


class Turn(Base):
    __tablename__ = "turns"
    __table_args__ = (
        UniqueConstraint("attempt_id", "index"),
        _one_of("speaker", SPEAKERS),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    response_seconds: Mapped[float | None] = mapped_column(Float)
    criteria: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    mood_after: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class AttemptCriterion(Base):
    __tablename__ = "attempt_criteria"
    __table_args__ = (
        Index(None, "user_id", "criterion_id", "ended_at"),  # a person's trend per criterion
        Index(None, "scenario_id", "criterion_id"),  # per-scenario analytics
        Index(None, "ended_at"),
    )

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scenario_id: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    score: Mapped[float] = mapped_column(Float)
    max: Mapped[int] = mapped_column(Integer)
