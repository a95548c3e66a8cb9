"""Users and teams: creating accounts, logging in, and listing people as a given viewer sees them.
Changing people afterwards (role, team, manager, deactivating) is in `people.py`; every change to an
account is written to the change log (`changelog.py`) in the same transaction."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from trainer.auth import WRONG_CREDENTIALS, LoginPolicy, Passwords, address_locked_message, decide
from trainer.errors import AuthError, NotAllowedError, StoreError
from trainer.roles import ADMINISTER, MAY_MANAGE, ROLES, Role
from trainer.store.access import acting, current_viewer, require_role, visible_users
from trainer.store.changelog import log_change
from trainer.store.records import Page, TeamRecord, UserRecord
from trainer.store.session_tables import LoginFailure, end_user_sessions
from trainer.store.tables import Team, TeamManager, User
from trainer.store.unit import UnitOfWork

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not EMAIL.match(email) or len(email) > 320:
        raise StoreError(f"{email!r} is not an email address; use one like name@example.com.")
    return email


def user_record(user: User, team_name: str | None = None) -> UserRecord:
    return UserRecord(
        id=user.id, email=user.email, display_name=user.display_name, role=user.role,  # type: ignore[arg-type]
        team_id=user.team_id, team_name=team_name, manager_id=user.manager_id, active=user.active,
        created_at=user.created_at,
    )


def manager_for(s: Session, manager_email: str, *, person_id: int | None = None) -> User:
    """The account named as someone's manager: it must exist, be active and not be a trainee."""
    manager = s.scalar(select(User).where(User.email == normalise_email(manager_email)))
    if manager is None:
        raise StoreError(f"No account with the email {manager_email}; add the manager first.")
    if manager.id == person_id:
        raise StoreError("A person cannot be their own manager; choose someone else or no manager.")
    if manager.role not in MAY_MANAGE:
        raise StoreError(f"{manager.email} is a trainee; a manager must be a manager, trainer or admin.")
    if not manager.active:
        raise StoreError(f"{manager.email} is deactivated; reactivate them or choose another manager.")
    return manager


def team_named(s: Session, name: str, now: datetime) -> Team:
    """The team of this name, created (at `now`) when new."""
    name = name.strip()
    if not name:
        raise StoreError("A team needs a name.")
    team = s.scalar(select(Team).where(Team.name == name))
    if team is None:
        team = Team(name=name, created_at=now)
        s.add(team)
        s.flush()
    return team


def _users_with_team():
    return select(User, Team.name).outerjoin(Team, Team.id == User.team_id)


class Accounts:
    """`repo.accounts`. `passwords` and `policy` (the login lockout rules) are its own settings."""

    def __init__(self, unit: UnitOfWork, *, passwords: Passwords, policy: LoginPolicy):
        self._unit = unit
        self.passwords = passwords
        self.policy = policy

    # --- users -------------------------------------------------------------------------------------

    def create_user(self, email: str, display_name: str, role: Role, password: str | None = None, *,
                    team: str | None = None, manager_email: str | None = None,
                    by: UserRecord | None = None) -> UserRecord:
        """Add an account. `team` is created when new; a manager given a team also manages it.
        `by` is the admin doing it (None: the operator at the command line or first-run setup)."""
        require_role(by, *ADMINISTER, doing="create accounts")
        if role not in ROLES:
            raise StoreError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}.")
        email, display_name = normalise_email(email), display_name.strip()
        if not display_name:
            raise StoreError("Give the person a display name.")
        hashed = self.passwords.hash(password) if password is not None else None
        with self._unit.write(conflict=f"An account with the email {email} already exists.") as s:
            by = acting(s, by, *ADMINISTER, doing="create accounts")
            manager = manager_for(s, manager_email) if manager_email else None
            team_row = team_named(s, team, self._unit.now()) if team else None
            user = User(email=email, display_name=display_name, role=role, password_hash=hashed,
                        team_id=team_row.id if team_row else None, manager_id=manager.id if manager else None,
                        failed_logins=0, active=True, created_at=self._unit.now())
            s.add(user)
            s.flush()
            if team_row is not None and role == Role.MANAGER:
                s.add(TeamManager(team_id=team_row.id, user_id=user.id))
            added = {"name": display_name, "role": role, "team": team_row.name if team_row else None,
                     "manager": manager.email if manager else None}
            log_change(s, user.id, by, "added", self._unit.now(), {k: [None, v] for k, v in added.items() if v})
            return user_record(user, team_row.name if team_row else None)

    def count_users(self) -> int:
        """0 means a fresh install: the app shows the first-run screen that creates the admin."""
        with self._unit.read() as s:
            return s.scalar(select(func.count()).select_from(User)) or 0

    def find_user(self, email: str) -> UserRecord | None:
        """The account with this email, for sign-in flows (no viewer: nothing is shown to anyone)."""
        try:
            email = normalise_email(email)
        except StoreError:
            return None
        with self._unit.read() as s:
            row = s.execute(_users_with_team().where(User.email == email)).first()
            return user_record(*row) if row else None

    def get_user(self, viewer: UserRecord, user_id: int) -> UserRecord:
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            row = s.execute(_users_with_team().where(User.id == user_id, visible_users(viewer))).first()
            if row is None:
                if s.get(User, user_id) is None:
                    raise StoreError(f"No account with id {user_id}.")
                raise NotAllowedError("You may not see this person's account.")
            return user_record(*row)

    def list_users(self, viewer: UserRecord, *, limit: int = 100, after: str | None = None,
                   team_id: int | None = None) -> Page[UserRecord]:
        """People the viewer may see, by email; `after` is the previous page's `next_cursor`."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            query = _users_with_team().where(visible_users(viewer)).order_by(User.email).limit(limit + 1)
            if after:
                query = query.where(User.email > after)
            if team_id is not None:
                query = query.where(User.team_id == team_id)
            items = [user_record(*row) for row in s.execute(query)]
        more = len(items) > limit
        return Page[UserRecord](items=items[:limit], next_cursor=items[limit - 1].email if more else None)

    def all_users(self, *, limit: int = 500, after: str | None = None) -> Page[UserRecord]:
        """Every account, for the operator at the command line; pages use `list_users(viewer)`."""
        with self._unit.read() as s:
            query = _users_with_team().order_by(User.email).limit(limit + 1)
            if after:
                query = query.where(User.email > after)
            items = [user_record(*row) for row in s.execute(query)]
        more = len(items) > limit
        return Page[UserRecord](items=items[:limit], next_cursor=items[limit - 1].email if more else None)

    def set_password(self, user_id: int, password: str, *, by: UserRecord | None = None,
                     keep_session: int | None = None) -> int:
        """Set a new password (and lift any lock): the person themselves, an admin, or the operator.

        It ends the person's login sessions, all but `keep_session` (the one a person changing their own
        password is using), in the same transaction; returns how many ended."""
        if by is not None and by.id != user_id:
            require_role(by, *ADMINISTER, doing="set other people's passwords")
        hashed = self.passwords.hash(password)
        with self._unit.write() as s:
            if by is not None:
                by = acting(s, by, *(ROLES if by.id == user_id else ADMINISTER),
                            doing="set other people's passwords")
            user = s.get(User, user_id)
            if user is None:
                raise StoreError(f"No account with id {user_id}.")
            user.password_hash, user.failed_logins, user.locked_until = hashed, 0, None
            log_change(s, user_id, by, "password", self._unit.now())
            return end_user_sessions(s, user_id, "password", self._unit.now(), keep=keep_session)

    def authenticate(self, email: str, password: str, *, address: str | None = None) -> UserRecord:
        """The account for these credentials, or `AuthError` (wrong password, locked, deactivated, too
        many failed logins from `address`, the network address the login comes from, when known).

        The slow hash check runs outside the transaction; the failure counts are updated in a short
        write transaction that re-reads the row, so parallel guesses are all counted."""
        if address:
            self._check_address(address[:64])
        try:
            email = normalise_email(email)
        except StoreError:
            email = ""
        with self._unit.read() as s:
            row = s.execute(_users_with_team().add_columns(User.password_hash).where(User.email == email)).first()
        if row is None:
            self.passwords.waste_time(password)
            if address:
                with self._unit.write() as s:
                    self._count_failure(s, address[:64])
            raise AuthError(WRONG_CREDENTIALS)
        user, stored = user_record(row[0], row[1]), row[2]
        password_ok = self.passwords.verify(stored, password)
        with self._unit.write() as s:
            row = s.execute(select(User).where(User.id == user.id).with_for_update()).scalar_one()
            outcome = decide(self.policy, failed_logins=row.failed_logins, locked_until=row.locked_until,
                             now=self._unit.now(), password_ok=password_ok, active=row.active)
            row.failed_logins, row.locked_until = outcome.failed_logins, outcome.locked_until
            if outcome.error is None and stored and row.password_hash == stored \
                    and self.passwords.needs_rehash(stored):
                row.password_hash = self.passwords.hash(password, check=False)
            if address and not password_ok:
                self._count_failure(s, address[:64])
        if outcome.error is not None:
            raise outcome.error
        return user

    def _check_address(self, address: str) -> None:
        """Refuse, without checking any password, an address with too many recent failed logins."""
        limit = self.policy.max_failures_per_address
        if limit <= 0:
            return
        now = self._unit.now()
        window = timedelta(seconds=self.policy.lock_seconds)
        with self._unit.read() as s:
            recent = s.scalars(select(LoginFailure.failed_at)
                               .where(LoginFailure.address == address, LoginFailure.failed_at > now - window)
                               .order_by(LoginFailure.failed_at.desc()).limit(limit)).all()
        if len(recent) >= limit:
            raise AuthError(address_locked_message(recent[-1] + window, now))

    def _count_failure(self, s: Session, address: str) -> None:
        if self.policy.max_failures_per_address <= 0:
            return
        now = self._unit.now()
        s.execute(
            delete(LoginFailure).where(LoginFailure.failed_at <= now - timedelta(seconds=self.policy.lock_seconds))
        )
        s.add(LoginFailure(address=address, failed_at=now))

    # --- teams -------------------------------------------------------------------------------------

    def create_team(self, name: str, *, by: UserRecord | None = None) -> TeamRecord:
        require_role(by, *ADMINISTER, doing="create teams")
        with self._unit.write(conflict=f"A team named {name.strip()!r} already exists.") as s:
            team = Team(name=name.strip(), created_at=self._unit.now())
            if not team.name:
                raise StoreError("A team needs a name.")
            s.add(team)
            s.flush()
            return TeamRecord(id=team.id, name=team.name)

    def list_teams(self, viewer: UserRecord) -> list[TeamRecord]:
        """Trainers and admins: every team; a manager: the teams they manage; a trainee: their own."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            query = select(Team.id, Team.name).order_by(Team.name)
            if viewer.role == Role.MANAGER:
                query = query.where(Team.id.in_(select(TeamManager.team_id).where(TeamManager.user_id == viewer.id)))
            elif viewer.role == Role.TRAINEE:
                query = query.where(Team.id == select(User.team_id).where(User.id == viewer.id).scalar_subquery())
            return [TeamRecord(id=r.id, name=r.name) for r in s.execute(query)]
