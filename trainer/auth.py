"""Passwords and login rules for local accounts, kept apart from the database so they can be read and
tested on their own; `repo.accounts.authenticate` (`trainer/store/accounts.py`) applies them inside one
short transaction.

- Hashes are Argon2id (argon2-cffi). A hash made with older parameters is replaced on the next good login.
- Failed logins are counted per account; `max_failures` in a row lock it for `lock_seconds`. A locked
  account is refused without checking the password, so guessing during the lock costs nothing but time.
- Unknown emails cost the same time as known ones and get the same message, so the login form does not
  tell anyone which emails have accounts.
- Failed logins are also counted per network address: `max_failures_per_address` within `lock_seconds`
  from one address (any accounts, known or not) and that address waits until the oldest of them is
  `lock_seconds` old, so one machine cannot guess a little at every account. The address is the
  connection's, or, when the connection comes from a trusted reverse proxy, the client that proxy names
  in X-Forwarded-For (`client_address`).
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from trainer.config import Settings
from trainer.errors import AuthError

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024
WRONG_CREDENTIALS = "Wrong email or password. Check both and try again."


class Passwords:
    """Argon2id hashing; the defaults are argon2-cffi's (RFC 9106 low-memory profile)."""

    def __init__(self, *, time_cost: int | None = None, memory_cost: int | None = None,
                 parallelism: int | None = None):
        defaults = PasswordHasher()
        self._hasher = PasswordHasher(
            time_cost=time_cost or defaults.time_cost,
            memory_cost=memory_cost or defaults.memory_cost,
            parallelism=parallelism or defaults.parallelism,
            type=Type.ID,
        )
        self._dummy: str | None = None

    def hash(self, password: str, *, check: bool = True) -> str:
        """The Argon2id hash; `check=False` skips the length rules (rehashing a password already in use)."""
        if check:
            check_password(password)
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """True when `password` matches; False for a mismatch, a missing or a malformed hash."""
        if not stored_hash:
            self.waste_time(password)
            return False
        try:
            return self._hasher.verify(stored_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except InvalidHashError:
            return True

    def waste_time(self, password: str) -> None:
        """Spend what a real check costs, for unknown emails."""
        if self._dummy is None:
            self._dummy = self._hasher.hash("not a real password")
        with contextlib.suppress(VerificationError):
            self._hasher.verify(self._dummy, password)


def check_password(password: str) -> None:
    """Refuse passwords that are too short or absurdly long, with the rule in the message."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthError(f"Choose a password of at most {MAX_PASSWORD_LENGTH} characters.")


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    lock_seconds: int = 300
    max_failures_per_address: int = 30  # 0: no limit per address

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginPolicy:
        return cls(max_failures=settings.login_max_failures, lock_seconds=settings.login_lock_seconds,
                   max_failures_per_address=settings.login_max_failures_per_address)


@dataclass(frozen=True)
class LoginOutcome:
    """What a login attempt does to the account row, and the error to raise (None: logged in)."""

    failed_logins: int
    locked_until: datetime | None
    error: AuthError | None


def locked_message(locked_until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"This account is locked after too many failed logins. Try again in {minutes} {unit}, "
        "or ask an admin to set a new password."
    )


def address_locked_message(wait_until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((wait_until - now).total_seconds() / 60))
    unit = "minute" if minutes == 1 else "minutes"
    return (f"Too many failed logins from your network address. Try again in {minutes} {unit}; if you "
            "forgot your password, ask an admin to set a new one.")


def trusted_networks(setting: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """TRAINER_TRUSTED_PROXIES as networks (checked when the settings are read)."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in setting.split(",") if v.strip())


def client_address(peer: str | None, forwarded_for: str | None, trusted: str) -> str:
    """The address a login comes from, for counting failures. `peer` is the connection's address
    (None or empty: this machine). Only when the peer is a trusted proxy is X-Forwarded-For read, from
    the right (the entries the proxies appended), skipping trusted proxies: the first address left is
    the client. Anything a client could have written itself further left is never believed."""
    networks = trusted_networks(trusted)

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in networks)

    address = (peer or "").strip() or "local"
    if not networks or not is_trusted(address):
        return address
    for hop in reversed([h.strip() for h in (forwarded_for or "").split(",") if h.strip()]):
        if not is_trusted(hop):
            return hop if _is_ip(hop) else address
        address = hop
    return address


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def decide(policy: LoginPolicy, *, failed_logins: int, locked_until: datetime | None, now: datetime,
           password_ok: bool, active: bool) -> LoginOutcome:
    """The rule for one login attempt on an existing account (pure: the caller stores the outcome)."""
    if locked_until is not None and locked_until > now:
        return LoginOutcome(failed_logins, locked_until, AuthError(locked_message(locked_until, now)))
    if not password_ok:
        failed = failed_logins + 1
        if failed >= policy.max_failures:
            until = now + timedelta(seconds=policy.lock_seconds)
            return LoginOutcome(0, until, AuthError(f"{WRONG_CREDENTIALS} {locked_message(until, now)}"))
        return LoginOutcome(failed, None, AuthError(WRONG_CREDENTIALS))
    if not active:
        return LoginOutcome(0, None, AuthError("This account is deactivated. Ask an admin to reactivate it."))
    return LoginOutcome(0, None, None)
