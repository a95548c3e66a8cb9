"""Step definitions for `tests/features/accounts/*.feature`."""

from __future__ import annotations

import io
import shlex

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from trainer.auth import LoginPolicy
from trainer.cli import main
from trainer.errors import AuthError, NotAllowedError
from trainer.store import Repository

scenarios("accounts")

PASSWORD = "a long password"


@pytest.fixture(autouse=True)
def _every_database(repo: Repository) -> None:
    """Steps ask for `repo` by name at run time; asking here lets pytest run each scenario per database."""


@pytest.fixture
def outcome() -> dict:
    return {}


@given(parsers.parse("accounts lock after {failures:d} failed logins for {minutes:d} minutes"))
def lock_policy(repo: Repository, failures: int, minutes: int) -> None:
    repo.accounts.policy = LoginPolicy(max_failures=failures, lock_seconds=minutes * 60)


@given(parsers.parse("logins from one network address may fail {failures:d} times in {minutes:d} minutes"))
def address_policy(repo: Repository, failures: int, minutes: int) -> None:
    repo.accounts.policy = LoginPolicy(max_failures=100, lock_seconds=minutes * 60, max_failures_per_address=failures)


@given(parsers.parse('a trainee "{email}" with the password "{password}"'))
def a_trainee(repo: Repository, email: str, password: str) -> None:
    repo.accounts.create_user(email, email.split("@")[0].title(), "trainee", password)


@given(parsers.parse('the team "{team}" managed by "{manager}" with the trainee "{trainee}"'))
def a_team(repo: Repository, team: str, manager: str, trainee: str) -> None:
    repo.accounts.create_user(manager, manager.split("@")[0].title(), "manager", PASSWORD, team=team)
    repo.accounts.create_user(trainee, trainee.split("@")[0].title(), "trainee", PASSWORD, team=team)


@given(parsers.parse('"{email}" has practised "{scenario}"'))
def practised(repo: Repository, outcome: dict, email: str, scenario: str) -> None:
    who = repo.accounts.find_user(email)
    outcome["attempt"] = repo.attempts.start_attempt(who, scenario_id=scenario, scenario_version="v1", seed=1).id


@when(parsers.parse('the admin runs "{command}" with the password "{password}" on standard input'))
def run_cli(database_url, monkeypatch, tmp_path, capsys, outcome: dict, command: str, password: str) -> None:
    monkeypatch.setenv("TRAINER_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    outcome["code"] = main([*shlex.split(command), "--password-stdin"])
    outcome["out"] = capsys.readouterr().out


@when(parsers.parse('"{email}" logs in with "{password}"'))
def log_in(repo: Repository, outcome: dict, email: str, password: str) -> None:
    try:
        outcome["user"], outcome["error"] = repo.accounts.authenticate(email, password), None
    except AuthError as e:
        outcome["user"], outcome["error"] = None, e


@when(parsers.parse('someone at {address} logs in as "{email}" with "{password}"'))
def log_in_from(repo: Repository, outcome: dict, address: str, email: str, password: str) -> None:
    try:
        outcome["user"], outcome["error"] = repo.accounts.authenticate(email, password, address=address), None
    except AuthError as e:
        outcome["user"], outcome["error"] = None, e


@then("the login succeeds")
def login_succeeds(outcome: dict) -> None:
    assert outcome["error"] is None and outcome["user"] is not None


@when(parsers.parse("{minutes:d} minutes pass"))
def time_passes(clock, minutes: int) -> None:
    clock.advance(minutes * 60 + 1)


@then(parsers.parse('the command succeeds and says "{message}"'))
def command_succeeds(outcome: dict, message: str) -> None:
    assert outcome["code"] == 0
    assert outcome["out"].strip() == message


@then(parsers.parse('"{email}" can log in with "{password}"'))
def can_log_in(repo: Repository, email: str, password: str) -> None:
    assert repo.accounts.authenticate(email, password).email == email


@then(parsers.parse('the login is refused with "{message}"'))
def refused(outcome: dict, message: str) -> None:
    assert outcome["user"] is None
    assert message in str(outcome["error"])


@then(parsers.parse('"{email}" can open that attempt'))
def can_open(repo: Repository, outcome: dict, email: str) -> None:
    assert (
        repo.attempts.get_attempt(repo.accounts.find_user(email), outcome["attempt"]).attempt.id == outcome["attempt"]
    )


@then(parsers.parse('"{email}" is not allowed to open that attempt'))
def cannot_open(repo: Repository, outcome: dict, email: str) -> None:
    with pytest.raises(NotAllowedError):
        repo.attempts.get_attempt(repo.accounts.find_user(email), outcome["attempt"])


@then(parsers.parse('the attempts "{viewer}" sees belong to "{owner}" only'))
def sees_only(repo: Repository, viewer: str, owner: str) -> None:
    assert {a.user_email for a in repo.attempts.list_attempts(repo.accounts.find_user(viewer)).items} == {owner}


@then(parsers.parse('the attempts "{viewer}" sees belong to nobody'))
def sees_nothing(repo: Repository, viewer: str) -> None:
    assert repo.attempts.list_attempts(repo.accounts.find_user(viewer)).items == []
