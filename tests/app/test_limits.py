"""Limits that protect the server, on the pages: the login form counts failures per network address,
and a person who already has the most replies being answered at once is told so, the reply kept."""

from __future__ import annotations

import pytest

from tests.app.drive import PASSWORD, errors, log_in, ok, start
from trainer.auth import LoginPolicy
from trainer.limits import CALLS


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: the store's tests cover both databases."""
    return f"sqlite:///{tmp_path / 'db' / 'frontline.db'}"


@pytest.fixture
def ana(app_repo):
    return app_repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD, team="North")


def test_the_login_form_makes_an_address_with_many_failures_wait(app, app_repo, ana):
    app_repo.accounts.policy = LoginPolicy(max_failures=100, lock_seconds=300, max_failures_per_address=3)
    at = ok(app().run())
    for email in ("ana@example.com", "ben@example.com", "cleo@example.com"):
        log_in(at, email, "not the password")
        assert errors(at) == ["Wrong email or password. Check both and try again."]
    log_in(at, "ana@example.com")
    assert any("Too many failed logins from your network address. Try again in 5 minutes" in e for e in errors(at))
    assert at.title[0].value == "Frontline"


def test_a_reply_beyond_the_calls_at_once_is_refused_and_kept(app, ana):
    at = start(log_in(ok(app().run()), "ana@example.com"), "app-hold")
    with CALLS.hold(ana.id, 2), CALLS.hold(ana.id, 2):  # two replies being answered in other tabs
        at.chat_input(key="reply").set_value("I'm so sorry about the wait.")
        ok(at.run())
    assert any("already answering 2 of your replies or calls" in e for e in errors(at))
    assert "I'm so sorry about the wait." in [t.value for t in at.text]  # kept to send again
    at.chat_input(key="reply").set_value("I'm so sorry about the wait.")
    ok(at.run())
    assert not errors(at)


def test_starting_a_call_beyond_the_calls_at_once_is_refused(app, ana):
    at = log_in(ok(app().run()), "ana@example.com")
    with CALLS.hold(ana.id, 2), CALLS.hold(ana.id, 2):
        at = start(at, "app-hold")
    assert any("already answering 2 of your replies or calls" in e for e in errors(at))
    assert at.button(key="start")
