"""The change log of people's accounts (`person_changes`): each change is written in the same
transaction as the change itself, so the log never misses one or records one that did not happen.
Admins read it on the People page, the operator with `python -m trainer users history`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from trainer.store.people_records import ChangeAction, PersonChangeRecord
from trainer.store.people_tables import PersonChange
from trainer.store.records import Page, UserRecord
from trainer.store.tables import User

Changes = dict[str, list[Any]]  # field -> [old, new], as people read them


def log_change(s: Session, user_id: int, by: UserRecord | None, action: ChangeAction, at: datetime,
               changes: Changes | None = None) -> None:
    s.add(PersonChange(user_id=user_id, changed_by=by.id if by else None, changed_at=at, action=action,
                       changes=changes or {}))


def read_changes(s: Session, *, user_id: int | None = None, limit: int = 50,
                 after: str | None = None) -> Page[PersonChangeRecord]:
    """Newest first, everyone's or one person's; `after` is the previous page's `next_cursor`."""
    person, actor = aliased(User), aliased(User)
    query = (select(PersonChange, person.display_name, person.email, actor.display_name)
             .join(person, person.id == PersonChange.user_id)
             .outerjoin(actor, actor.id == PersonChange.changed_by)
             .order_by(PersonChange.id.desc()).limit(limit + 1))
    if user_id is not None:
        query = query.where(PersonChange.user_id == user_id)
    if after:
        query = query.where(PersonChange.id < int(after))
    items = [PersonChangeRecord(
        id=change.id, changed_at=change.changed_at, person_id=change.user_id, person_name=name,
        person_email=email, by_id=change.changed_by, by_name=by_name, action=change.action,  # type: ignore[arg-type]
        changes={field: (values[0], values[1]) for field, values in (change.changes or {}).items()})
        for change, name, email, by_name in s.execute(query)]
    more = len(items) > limit
    return Page[PersonChangeRecord](items=items[:limit], next_cursor=str(items[limit - 1].id) if more else None)
