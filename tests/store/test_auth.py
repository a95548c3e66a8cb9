"""Password hashing and the login rule, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.auth import LoginPolicy, Passwords, check_password, decide
from trainer.errors import AuthError

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
POLICY = LoginPolicy(max_failures=3, lock_seconds=300)


def test_hashes_are_argon2id_and_verify(fast_passwords):
    hashed = fast_passwords.hash("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert fast_passwords.verify(hashed, "correct horse battery")
    assert not fast_passwords.verify(hashed, "Correct horse battery")


@pytest.mark.parametrize("stored", [None, "", "not-a-hash", "$argon2id$v=19$garbage"])
def test_missing_or_malformed_hashes_never_verify(fast_passwords, stored):
    assert not fast_passwords.verify(stored, "anything at all")


def test_a_hash_with_other_parameters_needs_rehash(fast_passwords):
    stronger = Passwords(time_cost=2, memory_cost=2048, parallelism=1)
    old = fast_passwords.hash("correct horse battery")
    assert stronger.needs_rehash(old)
    assert not fast_passwords.needs_rehash(old)
    assert stronger.verify(old, "correct horse battery")


@pytest.mark.parametrize("password", ["", "short", "x" * 1025])
def test_password_rules(password):
    with pytest.raises(AuthError, match="password of at"):
        check_password(password)


def outcome(**kw):
    base = {"failed_logins": 0, "locked_until": None, "now": NOW, "password_ok": True, "active": True}
    return decide(POLICY, **(base | kw))


def test_good_password_resets_the_count():
    result = outcome(failed_logins=2)
    assert result.error is None and result.failed_logins == 0 and result.locked_until is None


def test_wrong_password_counts_then_locks():
    assert outcome(password_ok=False).failed_logins == 1
    locked = outcome(password_ok=False, failed_logins=2)
    assert locked.locked_until == NOW + timedelta(seconds=300)
    assert "locked" in str(locked.error) and "5 minutes" in str(locked.error)


def test_a_locked_account_is_refused_even_with_the_right_password():
    result = outcome(locked_until=NOW + timedelta(seconds=61))
    assert "Try again in 2 minutes" in str(result.error)


def test_the_lock_expires():
    assert outcome(locked_until=NOW - timedelta(seconds=1)).error is None


def test_a_deactivated_account_is_refused_after_the_password_check():
    assert "deactivated" in str(outcome(active=False).error)
    assert "Wrong email or password" in str(outcome(active=False, password_ok=False).error)
