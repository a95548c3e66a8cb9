"""Login sessions, failed logins per network address, and the server's own secrets. Kept beside
`tables.py` (same `Base`, same naming rules), as the studio's and the change log's tables are; revision
`0011_sessions` creates them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from trainer.sessions import END_REASONS
from trainer.store.tables import Base, UtcDateTime, utc_now

_REASONS = ", ".join(f"'{r}'" for r in END_REASONS)


class LoginSession(Base):
    """One browser's login. `token_hash` is the SHA-256 of the token in the browser's cookie (empty
    until the browser has traded its one-time ticket for the cookie); `ticket_hash` that of the ticket,
    cleared once used. An ended session keeps its row, with when and why, until it is purged."""

    __tablename__ = "sessions"
    __table_args__ = (
        CheckConstraint(f"end_reason IS NULL OR end_reason IN ({_REASONS})", name="end_reason"),
        Index(None, "user_id"),
        Index(None, "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    ticket_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    end_reason: Mapped[str | None] = mapped_column(String(16))


class LoginFailure(Base):
    """One failed login from one network address (any email, known or not); rows older than the login
    lock time are deleted as new ones come."""

    __tablename__ = "login_failures"
    __table_args__ = (Index(None, "address", "failed_at"), Index(None, "failed_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(64))
    failed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


class ServerSecret(Base):
    """A secret the app generates once and every app process on this database shares (the key that
    signs login cookies, when `TRAINER_SESSION_SECRET` is not set)."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)


def end_user_sessions(s: Session, user_id: int, reason: str, now: datetime, *, keep: int | None = None) -> int:
    """End every open session of a person but `keep`, inside the caller's transaction (a new password,
    a deactivation, "log out everywhere"): the change and the logouts happen together or not at all."""
    query = (update(LoginSession).where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
             .values(ended_at=now, end_reason=reason, ticket_hash=None, ticket_expires_at=None))
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    return s.execute(query).rowcount or 0
