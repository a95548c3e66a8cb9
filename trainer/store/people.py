"""Changing people after they are added: name, role, team and manager, who manages a team, and
deactivating or reactivating an account. Only admins (or the operator at the command line) may, and the
check reads the admin's role from the database in the same transaction as the change. Every change is
written to the change log (`changelog.py`) in that transaction too.

Rules kept here, so the page and the command line get the same ones:
- a manager manages their own team: moving a manager to another team moves what they manage with them;
  making someone a manager makes them manage their team; a trainee manages no team and is nobody's
  manager (their direct reports are left without one, each change logged);
- a person's results go with them to a new team (the weekly team rollup follows, see `rollup.py`);
- there is always an active admin: the last one can be neither demoted nor deactivated;
- a deactivated person cannot log in (password or single sign-on) and is refused by every query made
  for them (`access.current_viewer`), but keeps their attempts, results and certificates.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from trainer.errors import NotAllowedError, StoreError
from trainer.roles import ADMINISTER, MAY_MANAGE, ROLES, Role
from trainer.store import rollup
from trainer.store.access import acting, current_viewer
from trainer.store.accounts import manager_for, team_named, user_record
from trainer.store.changelog import Changes, log_change, read_changes
from trainer.store.people_records import PersonChangeRecord, PersonUpdate
from trainer.store.records import Page, UserRecord
from trainer.store.session_tables import end_user_sessions
from trainer.store.tables import Team, TeamManager, User
from trainer.store.unit import UnitOfWork

CHANGE_PEOPLE = "change people's accounts"


class People:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def update_user(self, user_id: int, update: PersonUpdate, *, by: UserRecord | None = None) -> UserRecord:
        """Change what `update` gives (see `PersonUpdate`) and return the person as they are now.
        Nothing that did not change is logged; a change to nothing at all logs nothing."""
        given = update.given
        if update.role is not None and update.role not in ROLES:
            raise StoreError(f"Unknown role {update.role!r}; choose one of {', '.join(ROLES)}.")
        with self._unit.write() as s:
            by = acting(s, by, *ADMINISTER, doing=CHANGE_PEOPLE)
            if "role" in given:
                _lock_active_admins(s)
            user = _locked_user(s, user_id)
            changes: Changes = {}
            manages_before = _managed(s, user.id)
            if "display_name" in given:
                name = (update.display_name or "").strip()
                if not name:
                    raise StoreError("Give the person a display name.")
                _change(changes, "name", user.display_name, name)
                user.display_name = name
            if "manager_email" in given:
                manager = manager_for(s, update.manager_email, person_id=user.id) if update.manager_email else None
                _change(changes, "manager", _email(s, user.manager_id), manager.email if manager else None)
                user.manager_id = manager.id if manager else None
            old_team, old_role = user.team_id, user.role
            if "team" in given:
                team = team_named(s, update.team, self._unit.now()) if update.team else None
                _change(changes, "team", _team_name(s, old_team), team.name if team else None)
                # the row is locked, so an attempt finishing meanwhile is rolled up before the move or after it
                rollup.move_person(s, user.id, old_team, team.id if team else None)
                user.team_id = team.id if team else None
            if "role" in given and update.role != old_role:
                if old_role == Role.ADMIN and user.active:
                    _keep_an_admin(s, user, "demote")
                _change(changes, "role", old_role, update.role)
                user.role = update.role  # type: ignore[assignment]
            self._follow_role_and_team(s, user, old_role, old_team, by)
            _change(changes, "manages", manages_before, _managed(s, user.id))
            if changes:
                log_change(s, user.id, by, "changed", self._unit.now(), changes)
            return _record(s, user)

    def _follow_role_and_team(self, s: Session, user: User, old_role: str, old_team: int | None,
                              by: UserRecord | None) -> None:
        """Who manages what after a change of role or team (the rules in the module docstring)."""
        moved = user.team_id != old_team
        if not moved and user.role == old_role:
            return
        if user.role == Role.TRAINEE:
            s.execute(delete(TeamManager).where(TeamManager.user_id == user.id))
            for report in s.scalars(select(User).where(User.manager_id == user.id).with_for_update()):
                report.manager_id = None
                log_change(s, report.id, by, "changed", self._unit.now(), {"manager": [user.email, None]})
            return
        if moved and old_team is not None and Role.MANAGER in (old_role, user.role):
            s.execute(delete(TeamManager).where(TeamManager.user_id == user.id, TeamManager.team_id == old_team))
        if user.role == Role.MANAGER and user.team_id is not None and (moved or old_role != Role.MANAGER) \
                and s.get(TeamManager, (user.team_id, user.id)) is None:
            s.add(TeamManager(team_id=user.team_id, user_id=user.id))
        s.flush()

    def set_role(self, user_id: int, role: Role, *, by: UserRecord | None = None) -> UserRecord:
        return self.update_user(user_id, PersonUpdate(role=role), by=by)

    def set_team(self, user_id: int, team_id: int | None, *, by: UserRecord | None = None) -> UserRecord:
        name = None
        if team_id is not None:
            with self._unit.read() as s:
                team = s.get(Team, team_id)
                if team is None:
                    raise StoreError(f"No team with id {team_id}.")
                name = team.name
        return self.update_user(user_id, PersonUpdate(team=name), by=by)

    def set_active(self, user_id: int, active: bool, *, by: UserRecord | None = None) -> UserRecord:
        """Deactivate (`active=False`) or reactivate an account; doing it twice changes nothing more.

        Deactivating is the one place where a person loses access while keeping their history: their
        login is refused from now on, every query made for them too, and their open login sessions end
        in this transaction (their next action in any tab asks them to log in)."""
        with self._unit.write() as s:
            by = acting(s, by, *ADMINISTER, doing="deactivate or reactivate accounts")
            if not active:
                _lock_active_admins(s)
            user = _locked_user(s, user_id)
            if user.active != active:
                if not active and user.role == Role.ADMIN:
                    _keep_an_admin(s, user, "deactivate")
                user.active = active
                log_change(s, user.id, by, "reactivated" if active else "deactivated", self._unit.now())
            if not active:
                end_user_sessions(s, user.id, "deactivated", self._unit.now())
            return _record(s, user)

    def add_team_manager(self, team_id: int, manager_id: int, *, by: UserRecord | None = None) -> None:
        with self._unit.write(conflict="That person already manages that team.") as s:
            by = acting(s, by, *ADMINISTER, doing="choose who manages a team")
            manager, team = s.get(User, manager_id), s.get(Team, team_id)
            if manager is None or team is None:
                raise StoreError("No such team or account; check the ids.")
            if manager.role not in MAY_MANAGE:
                raise StoreError(f"{manager.email} is a trainee; make them a manager first.")
            before = _managed(s, manager_id)
            s.add(TeamManager(team_id=team_id, user_id=manager_id))
            s.flush()
            log_change(s, manager_id, by, "changed", self._unit.now(), {"manages": [before, _managed(s, manager_id)]})

    def people_changes(self, viewer: UserRecord | None, *, user_id: int | None = None, limit: int = 50,
                       after: str | None = None) -> Page[PersonChangeRecord]:
        """The change log, newest first (one person's with `user_id`): for admins, and for the operator
        at the command line (`viewer=None`)."""
        with self._unit.read() as s:
            if viewer is not None and current_viewer(s, viewer).role not in ADMINISTER:
                raise NotAllowedError("Only admin accounts can see the changes made to people's accounts.")
            return read_changes(s, user_id=user_id, limit=max(1, min(limit, 500)), after=after)


def _locked_user(s: Session, user_id: int) -> User:
    user = s.get(User, user_id, with_for_update=True)
    if user is None:
        raise StoreError(f"No account with id {user_id}.")
    return user


def _lock_active_admins(s: Session) -> None:
    """Lock the active admins' rows, always in the same order, before the row being changed: two admins
    demoting or deactivating each other at once then take turns, and the second sees the first's change
    (PostgreSQL; SQLite writes one transaction at a time anyway)."""
    s.execute(select(User.id).where(User.role == Role.ADMIN, User.active.is_(True)).order_by(User.id).with_for_update())


def _keep_an_admin(s: Session, user: User, doing: str) -> None:
    others = s.scalar(
        select(User.id).where(User.role == Role.ADMIN, User.active.is_(True), User.id != user.id).limit(1)
    )
    if others is None:
        raise NotAllowedError(f"{user.email} is the last active admin: make someone else an admin before you "
                              f"{doing} them.")


def _change(changes: Changes, field: str, old: str | None, new: str | None) -> None:
    if (old or None) != (new or None):
        changes[field] = [old or None, new or None]


def _email(s: Session, user_id: int | None) -> str | None:
    return s.scalar(select(User.email).where(User.id == user_id)) if user_id is not None else None


def _team_name(s: Session, team_id: int | None) -> str | None:
    return s.scalar(select(Team.name).where(Team.id == team_id)) if team_id is not None else None


def _managed(s: Session, user_id: int) -> str | None:
    """The teams a person manages, as one readable value for the change log ("North, South")."""
    names = s.scalars(select(Team.name).join(TeamManager, TeamManager.team_id == Team.id)
                      .where(TeamManager.user_id == user_id).order_by(Team.name)).all()
    return ", ".join(names) or None


def _record(s: Session, user: User) -> UserRecord:
    s.flush()
    return user_record(user, _team_name(s, user.team_id))
