"""The log of changes to people's accounts: who changed whom, when, and what (old and new values).

Kept beside `tables.py` (same `Base`, same naming rules), as the studio's tables are; revision
`0008_person_changes` creates it. Rows are only ever added.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from trainer.store.people_records import CHANGE_ACTIONS
from trainer.store.tables import Base, JsonDoc, UtcDateTime, _one_of, utc_now


class PersonChange(Base):
    """One change to one account. `changes` maps a field to `[old, new]` as people read them (a team's
    name, a manager's email), so the log stays readable whatever happens to the rows it names.
    `changed_by` is empty for the operator (the command line, first-run setup)."""

    __tablename__ = "person_changes"
    __table_args__ = (
        _one_of("action", CHANGE_ACTIONS),
        Index(None, "user_id", "id"),  # one person's history, newest first
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    changed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    action: Mapped[str] = mapped_column(String(16))
    changes: Mapped[dict[str, Any]] = mapped_column(JsonDoc)
