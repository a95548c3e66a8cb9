"""When a program's cycles open, fall due and roll over, worked out from its dates in its own time zone.

A program has an opening date, a due date and a time zone (IANA, e.g. `Europe/London`). A cycle opens at
midnight local time on its opening date and is due at the *end* of its due date, local time: a trainee
in Los Angeles who passes at 23:30 on 31 March is on time, whatever the UTC date is. A yearly program's
cycle N opens and is due N years after the first; it closes (rolls over) when the next one opens, so
between the due date and the rollover people who have not finished are overdue but can still finish.
Passing attempts that end while a cycle is open count for that cycle only. 29 February becomes 28.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from trainer.roles import Role

Recurrence = Literal["none", "yearly"]
AudienceRole = Role


class ProgramSpec(BaseModel):
    """What an admin or trainer fills in to create or edit a program."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    scenario_ids: list[str] = Field(min_length=1, description="the required scenarios, in order")
    pass_mark: float = Field(70.0, ge=0, le=100, description="an attempt must pass and score at least this")
    assessment_only: bool = Field(False, description="only assessment attempts count, not practice")
    recurrence: Recurrence = "yearly"
    timezone: str = "UTC"
    opens_on: date = Field(description="the first cycle opens at local midnight on this date")
    due_on: date = Field(description="the first cycle is due by the end of this local date")
    roles: list[AudienceRole] = Field(default_factory=list, description="empty: every role")
    team_ids: list[int] = Field(default_factory=list, description="empty: every team")

    @field_validator("name")
    @classmethod
    def _strip(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("give the program a name")
        return value

    @field_validator("scenario_ids")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("list each required scenario once")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"{value!r} is not a time zone; use an IANA name such as Europe/London") from None
        return value

    @model_validator(mode="after")
    def _dates(self) -> ProgramSpec:
        if self.due_on < self.opens_on:
            raise ValueError("the due date must not be before the opening date")
        if self.recurrence == "yearly" and self.due_on >= add_years(self.opens_on, 1):
            raise ValueError("a yearly program must fall due within a year of opening")
        return self


@dataclass(frozen=True)
class Cycle:
    number: int
    label: str
    opens_at: datetime
    due_at: datetime
    closes_at: datetime | None  # None: never rolls over


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def local_midnight(day: date, zone: str) -> datetime:
    """The UTC instant at which `day` begins in `zone`."""
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def cycle(recurrence: str, zone: str, opens_on: date, due_on: date, number: int) -> Cycle:
    opens, due = add_years(opens_on, number), add_years(due_on, number)
    closes = local_midnight(add_years(opens_on, number + 1), zone) if recurrence == "yearly" else None
    label = str(due.year)
    return Cycle(number, label, local_midnight(opens, zone), local_midnight(due + timedelta(days=1), zone), closes)


def current_number(recurrence: str, zone: str, opens_on: date, now: datetime) -> int:
    """The cycle running at `now` (0 before the first opens; a one-off program has only cycle 0)."""
    if recurrence != "yearly":
        return 0
    local = now.astimezone(ZoneInfo(zone)).date()
    years = max(0, local.year - opens_on.year)
    while years > 0 and local < add_years(opens_on, years):
        years -= 1
    return years


def current_cycle(spec: ProgramSpec, now: datetime) -> Cycle:
    number = current_number(spec.recurrence, spec.timezone, spec.opens_on, now)
    return cycle(spec.recurrence, spec.timezone, spec.opens_on, spec.due_on, number)


def last_day(due_at: datetime, zone: str) -> date:
    """The local date a cycle is due on (it falls due at the end of that day)."""
    return (due_at - timedelta(microseconds=1)).astimezone(ZoneInfo(zone)).date()


Status = Literal["completed", "completed late", "overdue", "due", "removed"]


def status(*, due_at: datetime, completed_at: datetime | None, removed_at: datetime | None,
           now: datetime) -> Status:
    """An assignment's standing at `now`."""
    if completed_at is not None:
        return "completed" if completed_at < due_at else "completed late"
    if removed_at is not None:
        return "removed"
    return "overdue" if now >= due_at else "due"
