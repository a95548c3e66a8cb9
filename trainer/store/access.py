"""Who may see what, as SQL conditions, so every read filters in the database rather than after it.

- trainee: only themselves;
- manager: themselves, the people in the teams they manage, and their direct reports;
- trainer, admin: everyone.

The viewer's role is re-read from the database on every call (a primary-key lookup), so a demoted or
deactivated account loses its reach at once, whatever record a page still holds.
"""

from __future__ import annotations

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    any_,
    func,
    literal,
    select,
    true,
    union,
)
from sqlalchemy.orm import Session

from trainer.errors import NotAllowedError
from trainer.roles import SEE_EVERYONE, Role, describe
from trainer.store.records import UserRecord
from trainer.store.tables import TeamManager, User


def current_viewer(session: Session, viewer: UserRecord) -> UserRecord:
    """The viewer as the database knows them now; refuses unknown or deactivated accounts."""
    row = session.execute(select(User.role, User.active).where(User.id == viewer.id)).first()
    if row is None or not row.active:
        raise NotAllowedError("Your account is not active any more. Log in again or ask an admin.")
    return viewer if row.role == viewer.role else viewer.model_copy(update={"role": row.role})


def visible_users(viewer: UserRecord, user_id: ColumnElement[int] | None = None, *,
                  dialect: str = "") -> ColumnElement[bool]:
    """A condition true for the people `viewer` may see, on `user_id` (default `User.id`).

    For a manager it is `user_id IN (their people)`, the people found through indexed lookups, so a
    page of attempts costs about the same at a thousand attempts as at a million. On PostgreSQL
    (`dialect="postgresql"`) it is `= ANY(ARRAY(...))`, which the planner treats as a cheap hashed
    filter while walking the time index, rather than a join."""
    uid = User.id if user_id is None else user_id
    if viewer.role in SEE_EVERYONE:
        return true()
    if viewer.role == Role.TRAINEE:
        return uid == viewer.id
    managed = select(TeamManager.team_id).where(TeamManager.user_id == viewer.id)
    people = union(  # a UNION rather than OR, so each part uses its own index
        select(User.id).where(User.team_id.in_(managed)),
        select(User.id).where(User.manager_id == viewer.id),
        select(literal(viewer.id)),
    )
    return among(uid, people, dialect)


def among(user_id: ColumnElement[int], people: Select | CompoundSelect, dialect: str) -> ColumnElement[bool]:
    """`user_id` is one of the ids `people` selects (see `visible_users` for the PostgreSQL form)."""
    if dialect == "postgresql":
        return user_id == any_(func.array(people.scalar_subquery(), type_=ARRAY(Integer)))
    return user_id.in_(select(people.subquery().c[0]).correlate(None))


def acting(session: Session, by: UserRecord | None, *roles: str, doing: str) -> UserRecord | None:
    """For writes on behalf of someone: `by` as the database knows them now, refused unless active and
    in one of `roles`; None stays None (the operator). Read inside the write's own transaction, so an
    admin demoted a moment ago cannot change anything with the record their page still holds."""
    if by is None:
        return None
    actor = current_viewer(session, by)
    require_role(actor, *roles, doing=doing)
    return actor


def require_role(viewer: UserRecord | None, *roles: str, doing: str) -> None:
    """For writes on behalf of someone: `None` means the operator (CLI, first-run setup)."""
    if viewer is not None and viewer.role not in roles:
        allowed = describe(roles)
        raise NotAllowedError(f"Only {allowed} accounts can {doing}. Ask one of them to do it.")
