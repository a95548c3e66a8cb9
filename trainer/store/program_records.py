"""Records for programs, assignments, certificates and compliance: plain frozen pydantic, like
`records.py`, so pages and the CLI hold them without SQLAlchemy."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from trainer.cycles import ProgramSpec, Status
from trainer.store.records import Record


class ProgramRecord(Record):
    id: int
    spec: ProgramSpec
    active: bool
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        return self.spec.name


class CycleRecord(Record):
    id: int
    program_id: int
    number: int
    label: str
    opens_at: datetime
    due_at: datetime
    closes_at: datetime | None


class ScenarioStanding(Record):
    """One required scenario for one person in one cycle."""

    scenario_id: str
    passed: bool
    best_score: float | None = None
    attempts: int = 0


class CertificateRecord(Record):
    id: int
    code: str
    user_id: int
    user_name: str
    user_email: str
    program_id: int
    program_name: str
    cycle_label: str
    issued_at: datetime
    expires_at: datetime | None
    scores: dict[str, float] = Field(description="best passing score per required scenario")

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


class AssignmentRecord(Record):
    """A person's assignment in one cycle, with where they stand."""

    id: int
    program_id: int
    program_name: str
    cycle: CycleRecord
    user_id: int
    user_name: str
    user_email: str
    team_name: str | None
    assigned_at: datetime
    completed_at: datetime | None
    removed_at: datetime | None
    status: Status
    required: int
    passed: int
    scenarios: list[ScenarioStanding] = Field(default_factory=list)
    certificate: CertificateRecord | None = None


class TeamCompliance(Record):
    team_id: int | None
    team_name: str
    assigned: int
    completed: int = Field(description="on time or late")
    completed_late: int = Field(description="of those completed, how many after the due date")
    overdue: int

    @property
    def rate(self) -> float:
        return self.completed / self.assigned if self.assigned else 0.0


class ComplianceReport(Record):
    program: ProgramRecord
    cycle: CycleRecord
    as_of: datetime
    teams: list[TeamCompliance]

    @property
    def assigned(self) -> int:
        return sum(t.assigned for t in self.teams)

    @property
    def completed(self) -> int:
        return sum(t.completed for t in self.teams)

    @property
    def overdue(self) -> int:
        return sum(t.overdue for t in self.teams)


class SyncReport(Record):
    """What one `sync_programs` run changed."""

    programs: int = 0
    cycles_opened: int = 0
    assigned: int = 0
    removed: int = 0
    restored: int = 0
    completed: int = 0
    certified: int = 0


class ExportRow(Record):
    """One attempt for the CSV and xAPI exports."""

    attempt_id: int
    user_id: int
    user_name: str
    user_email: str
    team_name: str | None
    scenario_id: str
    scenario_version: str
    mode: str
    state: str
    started_at: datetime
    ended_at: datetime | None
    end_state: str | None
    score: float | None
    passed: bool | None
    turn_count: int
    criteria: dict[str, tuple[float, int]] = Field(default_factory=dict, description="id -> (score, max)")


__all__ = ["AssignmentRecord", "CertificateRecord", "ComplianceReport", "CycleRecord", "ExportRow",
           "ProgramRecord", "ScenarioStanding", "SyncReport", "TeamCompliance"]
