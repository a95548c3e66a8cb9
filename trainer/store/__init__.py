"""Persistence: SQLite by default, PostgreSQL in production, Alembic migrations. The only package that
imports SQLAlchemy; everyone else uses `Repository` and the records it returns."""

from trainer.store.people_records import PersonChangeRecord, PersonUpdate
from trainer.store.program_records import (
    AssignmentRecord,
    CertificateRecord,
    ComplianceReport,
    CycleRecord,
    ExportRow,
    ProgramRecord,
    ScenarioStanding,
    SyncReport,
    TeamCompliance,
)
from trainer.store.records import (
    AttemptDetail,
    AttemptRecord,
    CriterionPoint,
    CriterionTotal,
    HeatmapPage,
    NewTurn,
    Page,
    PersonCriterion,
    PersonRef,
    ScenarioProgress,
    ScorePoint,
    TeamRecord,
    TurnRecord,
    UserRecord,
    totals_from,
)
from trainer.store.repository import Repository, open_repository

__all__ = [
    "AssignmentRecord",
    "CertificateRecord",
    "ComplianceReport",
    "CycleRecord",
    "ExportRow",
    "ProgramRecord",
    "ScenarioStanding",
    "SyncReport",
    "TeamCompliance",
    "AttemptDetail",
    "AttemptRecord",
    "CriterionPoint",
    "CriterionTotal",
    "NewTurn",
    "Page",
    "HeatmapPage",
    "PersonChangeRecord",
    "PersonCriterion",
    "PersonRef",
    "PersonUpdate",
    "Repository",
    "ScenarioProgress",
    "ScorePoint",
    "TeamRecord",
    "TurnRecord",
    "UserRecord",
    "open_repository",
    "totals_from",
]
