"""Failed logins counted per network address, on SQLite and PostgreSQL: a refused address costs no
password check, other addresses are not affected, a success does not wipe the count, old failures are
deleted as new ones come, and 0 turns the limit off."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.plugins.db import PASSWORD
from trainer.auth import LoginPolicy
from trainer.errors import AuthError
from trainer.store.session_tables import LoginFailure

ADDRESS = "203.0.113.7"


@pytest.fixture
def limited(repo, people):
    repo.accounts.policy = LoginPolicy(max_failures=100, lock_seconds=600, max_failures_per_address=3)
    return repo


def fail(repo, email: str = "ana@example.com", address: str = ADDRESS) -> None:
    with pytest.raises(AuthError, match="Wrong email or password"):
        repo.accounts.authenticate(email, "not the password", address=address)


def test_an_address_waits_after_its_failures_and_others_do_not(limited, clock):
    fail(limited, "ana@example.com")
    fail(limited, "nobody@example.com")  # unknown emails count too
    clock.advance(60)
    fail(limited, "ben@example.com")
    with pytest.raises(AuthError, match="Too many failed logins from your network address. Try again in 9 minutes"):
        limited.accounts.authenticate("ana@example.com", PASSWORD, address=ADDRESS)
    assert limited.accounts.authenticate("ana@example.com", PASSWORD, address="198.51.100.2").email == "ana@example.com"
    assert limited.accounts.authenticate("ana@example.com", PASSWORD).email == "ana@example.com"  # no address known
    clock.advance(541)  # the oldest failures are ten minutes old: one more try is allowed
    assert limited.accounts.authenticate("ana@example.com", PASSWORD, address=ADDRESS).email == "ana@example.com"


def test_a_refused_address_costs_no_password_check(limited, monkeypatch):
    for _ in range(3):
        fail(limited)
    monkeypatch.setattr(limited.accounts.passwords, "verify", lambda *a: pytest.fail("checked a password"))
    monkeypatch.setattr(limited.accounts.passwords, "waste_time", lambda *a: pytest.fail("checked a password"))
    with pytest.raises(AuthError, match="Too many failed logins"):
        limited.accounts.authenticate("ana@example.com", PASSWORD, address=ADDRESS)


def test_a_success_does_not_reset_the_count_and_old_failures_are_deleted(limited, clock):
    fail(limited)
    fail(limited)
    limited.accounts.authenticate("ana@example.com", PASSWORD, address=ADDRESS)
    fail(limited)
    with pytest.raises(AuthError, match="Too many failed logins"):
        limited.accounts.authenticate("ana@example.com", PASSWORD, address=ADDRESS)
    clock.advance(601)
    fail(limited, address="198.51.100.2")
    with limited._unit.read() as s:
        assert s.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_zero_turns_the_address_limit_off(repo, people):
    repo.accounts.policy = LoginPolicy(max_failures=100, lock_seconds=600, max_failures_per_address=0)
    for _ in range(10):
        fail(repo)
    assert repo.accounts.authenticate("ana@example.com", PASSWORD, address=ADDRESS).email == "ana@example.com"
