"""The database tables, as typed SQLAlchemy models. Only `trainer/store/` sees these; pages and the rest
of the core get the plain records from `trainer/store/records.py`.

Shapes chosen for the dashboards at a million attempts:
- a user belongs to at most one team (`users.team_id`); managers manage teams through `team_managers`,
  so "the attempts a manager may see" is attempts joined to users whose team the manager manages;
- `attempt_criteria` holds one row per criterion of a finished attempt, with the attempt's user,
  scenario and end time copied in, so per-criterion averages and trends aggregate from one indexed table;
- `team_criterion_weeks` rolls those rows up per team, ISO week and criterion (kept in the finishing
  transaction), so a team's trend and weakest criteria stay flat however many attempts the team makes;
- every timestamp is stored in UTC and comes back time-zone aware.

Changing a model means adding an Alembic revision (`trainer/store/migrations/versions/`);
`tests/store/test_migrations.py` fails while the two disagree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from trainer.roles import ROLES
from trainer.store.records import ATTEMPT_STATES, CUSTOMER_KINDS, MODES, SPEAKERS

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
        # program completion: a person's passing attempts per scenario, answered from the index alone
        Index("ix_attempts_completion", "user_id", "scenario_id", "ended_at", "score", "passed", "state", "mode"),
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
    # the version (content hash) of the rubric that gave `score` and `attempt_criteria`, set by
    # `python -m trainer rescore`; None: as scored when the attempt was played
    rubric_version: Mapped[str | None] = mapped_column(String(64))


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
    # a spoken reply's timing (trainer/voice/timing.py VoiceTiming as JSON), or a customer line's audio
    # length and a hold; None for typed replies
    voice: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    # why the line is not what was meant: a customer line from the script because the LLM could not
    # give one, or a reply typed because speech failed (shown with the line, on resume too)
    notice: Mapped[str | None] = mapped_column(Text)


class Recording(Base):
    """A trainee's spoken reply as it was recorded, kept with the attempt for replay, deleted after
    `TRAINER_RECORDING_RETENTION_DAYS` by `python -m trainer recordings purge`. `user_id` is the
    attempt's owner, copied so that access is decided in the query like the attempt's own."""

    __tablename__ = "recordings"
    __table_args__ = (UniqueConstraint("attempt_id", "turn_index"), Index(None, "created_at"),
                      Index(None, "user_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    turn_index: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    mime: Mapped[str] = mapped_column(String(40))
    seconds: Mapped[float | None] = mapped_column(Float)
    audio: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ReplyScoreRow(Base):
    """A reply's score by a later rubric version (`python -m trainer rescore`), kept beside the score it
    got when played (`turns.criteria`); only scores that differ from the reply's previous one are kept.
    The latest row of a turn (highest id) is its current score."""

    __tablename__ = "reply_scores"
    __table_args__ = (UniqueConstraint("turn_id", "rubric_version"), Index(None, "attempt_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"))
    rubric_id: Mapped[str] = mapped_column(String(200))
    rubric_version: Mapped[str] = mapped_column(String(64))
    total: Mapped[float] = mapped_column(Float)
    criteria: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class AttemptScoreRow(Base):
    """An attempt's score and per-criterion results under one rubric version, kept when a rescore
    changes them (the earlier one included: `as-played` when it was the score given at the time)."""

    __tablename__ = "attempt_scores"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True)
    rubric_version: Mapped[str] = mapped_column(String(64), primary_key=True)
    rubric_id: Mapped[str] = mapped_column(String(200))
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    criteria: Mapped[dict[str, Any]] = mapped_column(JsonDoc)  # {criterion_id: [score, max]}
    scored_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class AttemptCriterion(Base):
    __tablename__ = "attempt_criteria"
    __table_args__ = (
        Index(None, "user_id", "criterion_id", "ended_at"),  # a person's trend per criterion
        # per-scenario analytics, and a rubric's criteria in its scenarios over a period (team dashboards),
        # from the index alone
        Index("ix_attempt_criteria_scenario_time", "scenario_id", "criterion_id", "ended_at", "score", "max"),
        Index(None, "ended_at"),
    )

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    scenario_id: Mapped[str] = mapped_column(String(200))
    ended_at: Mapped[datetime] = mapped_column(UtcDateTime)
    score: Mapped[float] = mapped_column(Float)
    max: Mapped[int] = mapped_column(Integer)


# --- programs (yearly manager rotation and the like): see trainer/store/programs.py ----------------


class Program(Base):
    """A named set of required scenarios with a pass mark, an audience, a due date and a recurrence."""

    __tablename__ = "programs"
    __table_args__ = (_one_of("recurrence", ("none", "yearly")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    pass_mark: Mapped[float] = mapped_column(Float)
    assessment_only: Mapped[bool] = mapped_column(Boolean, default=False)
    recurrence: Mapped[str] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64))
    opens_on: Mapped[str] = mapped_column(String(10))  # ISO dates, local to `timezone`
    due_on: Mapped[str] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ProgramScenario(Base):
    __tablename__ = "program_scenarios"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProgramRole(Base):
    """Audience by role; a program with no roles listed takes every role."""

    __tablename__ = "program_roles"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)


class ProgramTeam(Base):
    """Audience by team; a program with no teams listed takes every team (and people without one)."""

    __tablename__ = "program_teams"

    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)


class ProgramCycle(Base):
    """One round of a program: attempts in [opens_at, closes_at) count; due at `due_at` (all UTC)."""

    __tablename__ = "program_cycles"
    __table_args__ = (UniqueConstraint("program_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    checked_until: Mapped[datetime | None] = mapped_column(UtcDateTime)  # attempts ended before: checked


class Assignment(Base):
    """A person's place in one cycle. `removed_at` is set while they are outside the audience."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("cycle_id", "user_id"),
        Index(None, "user_id", "cycle_id"),
        Index(None, "cycle_id", "completed_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("program_cycles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class Certificate(Base):
    """Issued when an assignment is completed; a yearly program's expire when the cycle closes."""

    __tablename__ = "certificates"
    __table_args__ = (Index(None, "user_id", "issued_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    program_id: Mapped[int] = mapped_column(ForeignKey("programs.id", ondelete="CASCADE"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("program_cycles.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    scores: Mapped[dict[str, Any]] = mapped_column(JsonDoc)


class TeamCriterionWeek(Base):
    """Per team, ISO week (UTC, starting Monday) and criterion: the sum of score/max and the count of
    `attempt_criteria` rows of the team's people, so a team's trend and weakest criteria read a few
    rows per week however many attempts the team has made. Written in the transaction that finishes an
    attempt; a person's rows move with them when they change team (`People.set_team`), so it always
    matches aggregating `attempt_criteria` by each person's current team. People without a team are not
    rolled up (the dashboards read them directly)."""

    __tablename__ = "team_criterion_weeks"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    criterion_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    ratio_sum: Mapped[float] = mapped_column(Float)
    results: Mapped[int] = mapped_column(Integer)
