"""Login sessions in the database (the rules are in `trainer/sessions.py`): start one after a login,
trade its one-time ticket for the browser's token, check it on every action, end it.

Every check is one query by primary key (the tab's own session) or by the unique token hash (a tab
opened or reloaded with the cookie), joined to the person, so a role change or a deactivation is seen
on the person's next action. `last_seen_at` is written at most once per `SessionPolicy.touch_seconds`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from trainer.errors import AuthError
from trainer.roles import ADMINISTER, ROLES
from trainer.sessions import EndReason, SessionPolicy, digest, new_secret, new_token
from trainer.store.access import acting
from trainer.store.accounts import user_record
from trainer.store.records import Record, UserRecord
from trainer.store.session_tables import LoginSession, ServerSecret, end_user_sessions
from trainer.store.tables import Team, User
from trainer.store.unit import UnitOfWork

COOKIE_SECRET = "session_cookie"
PURGE_AFTER = timedelta(days=1)  # ended and expired rows are kept this long (their reason is shown once)


class IssuedSession(Record):
    """A new session: its id (for this tab) and the one-time ticket the browser trades for its cookie."""

    id: int
    ticket: str
    expires_at: datetime


class SessionCookie(Record):
    """What the browser gets for a ticket: the token to sign into its cookie, and when it stops."""

    token: str
    expires_at: datetime


class SessionStatus(Record):
    """A session as checked now: `user` (as the database has them now) while it lasts; otherwise
    `ended` says why (`trainer.sessions.ended_message` words it)."""

    id: int | None = None
    user: UserRecord | None = None
    ended: str | None = None

    @property
    def live(self) -> bool:
        return self.user is not None


class Sessions:
    """`repo.sessions`; `policy` says how long a session lasts and how often it is touched."""

    def __init__(self, unit: UnitOfWork, *, policy: SessionPolicy):
        self._unit = unit
        self.policy = policy

    def start_session(self, user_id: int) -> IssuedSession:
        """A session for a person who has just proved who they are (password or single sign-on)."""
        now, ticket = self._unit.now(), new_token()
        with self._unit.write() as s:
            user = s.get(User, user_id)
            if user is None or not user.active:
                raise AuthError("This account is deactivated. Ask an admin to reactivate it.")
            s.execute(delete(LoginSession).where(or_(LoginSession.expires_at < now - PURGE_AFTER,
                                                     LoginSession.ended_at < now - PURGE_AFTER)))
            row = LoginSession(user_id=user_id, ticket_hash=digest(ticket),
                               ticket_expires_at=now + timedelta(seconds=self.policy.ticket_seconds),
                               created_at=now, last_seen_at=now,
                               expires_at=now + timedelta(seconds=self.policy.lifetime_seconds))
            s.add(row)
            s.flush()
            return IssuedSession(id=row.id, ticket=ticket, expires_at=row.expires_at)

    def redeem_ticket(self, ticket: str) -> SessionCookie | None:
        """The token for a ticket, once: None for an unknown, used or stale ticket, or a session that
        has ended meanwhile."""
        now = self._unit.now()
        with self._unit.write() as s:
            row = s.scalar(select(LoginSession).where(LoginSession.ticket_hash == digest(ticket)).with_for_update())
            if row is None:
                return None
            stale = row.ticket_expires_at is None or row.ticket_expires_at < now
            row.ticket_hash, row.ticket_expires_at = None, None
            user = s.get(User, row.user_id)
            if stale or user is None or self._ended(row, user, now) is not None:
                return None
            token = new_token()
            row.token_hash = digest(token)
            return SessionCookie(token=token, expires_at=row.expires_at)

    def check_session(self, session_id: int) -> SessionStatus:
        """This tab's session, on each action."""
        return self._check(LoginSession.id == session_id)

    def resume_session(self, token: str) -> SessionStatus:
        """The session of a cookie's token, for a tab opened or reloaded with it."""
        return self._check(LoginSession.token_hash == digest(token))

    def session_of_token(self, token: str) -> SessionStatus:
        """The same, for the route that removes a cookie (it leaves a newer login's cookie alone)."""
        return self._check(LoginSession.token_hash == digest(token))

    def _check(self, which) -> SessionStatus:
        now = self._unit.now()
        query = (select(LoginSession, User, Team.name).join(User, User.id == LoginSession.user_id)
                 .outerjoin(Team, Team.id == User.team_id).where(which))
        with self._unit.read() as s:
            found = s.execute(query).first()
        if found is None:
            return SessionStatus(ended="unknown")
        row, user, team = found
        reason = self._ended(row, user, now)
        if reason is not None:
            if row.ended_at is None:
                self._end(row.id, reason, now)
            return SessionStatus(id=row.id, ended=reason)
        if now - row.last_seen_at >= timedelta(seconds=self.policy.touch_seconds):
            with self._unit.write() as s:
                s.execute(LoginSession.__table__.update().where(LoginSession.id == row.id,
                                                                LoginSession.ended_at.is_(None))
                          .values(last_seen_at=now))
        return SessionStatus(id=row.id, user=user_record(user, team))

    def _ended(self, row: LoginSession, user: User, now: datetime) -> str | None:
        if row.ended_at is not None:
            return row.end_reason or "logout"
        if not user.active:
            return "deactivated"
        if now >= row.expires_at:
            return "expired"
        if now - row.last_seen_at >= timedelta(seconds=self.policy.idle_seconds):
            return "idle"
        return None

    def _end(self, session_id: int, reason: str, now: datetime) -> None:
        with self._unit.write() as s:
            s.execute(LoginSession.__table__.update()
                      .where(LoginSession.id == session_id, LoginSession.ended_at.is_(None))
                      .values(ended_at=now, end_reason=reason, ticket_hash=None, ticket_expires_at=None))

    def end_session(self, session_id: int, reason: EndReason = "logout") -> None:
        """Log this browser out (every tab of it: they share the cookie and so the session)."""
        self._end(session_id, reason, self._unit.now())

    def end_session_by_token(self, token: str, reason: EndReason = "logout") -> None:
        with self._unit.write() as s:
            s.execute(LoginSession.__table__.update()
                      .where(LoginSession.token_hash == digest(token), LoginSession.ended_at.is_(None))
                      .values(ended_at=self._unit.now(), end_reason=reason))

    def end_all_sessions(self, user_id: int, *, by: UserRecord | None = None, keep: int | None = None,
                         reason: EndReason = "everywhere") -> int:
        """End a person's sessions but `keep`; the person themselves, an admin, or the operator
        (`by=None`). Returns how many ended."""
        with self._unit.write() as s:
            if by is not None:
                acting(s, by, *(ROLES if by.id == user_id else ADMINISTER), doing="log other people out")
            return end_user_sessions(s, user_id, reason, self._unit.now(), keep=keep)

    def open_sessions(self, user_id: int) -> int:
        """How many of a person's sessions are open now (for "Log out everywhere")."""
        now = self._unit.now()
        with self._unit.read() as s:
            rows = s.scalars(select(LoginSession).where(LoginSession.user_id == user_id,
                                                        LoginSession.ended_at.is_(None),
                                                        LoginSession.expires_at > now)).all()
            idle = timedelta(seconds=self.policy.idle_seconds)
            return sum(1 for row in rows if now - row.last_seen_at < idle)

    def session_secret(self, configured: str = "") -> str:
        """The key that signs login cookies: `configured` (TRAINER_SESSION_SECRET) when given, else one
        generated on first use and kept in the database, so every app process on it signs alike."""
        if configured:
            return configured
        with self._unit.read() as s:
            found = s.scalar(select(ServerSecret.value).where(ServerSecret.name == COOKIE_SECRET))
        if found:
            return found
        with self._unit.write() as s:
            insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
            s.execute(insert(ServerSecret).values(name=COOKIE_SECRET, value=new_secret(), created_at=self._unit.now())
                      .on_conflict_do_nothing(index_elements=["name"]))
            return s.scalar(select(ServerSecret.value).where(ServerSecret.name == COOKIE_SECRET)) or ""
