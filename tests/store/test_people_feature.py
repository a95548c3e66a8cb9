"""Step definitions for `tests/features/people/*.feature`: the repository and the command line, on every
test database."""

from __future__ import annotations

import shlex

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.plugins.db import PASSWORD
from trainer.cli import main
from trainer.errors import AuthError, FrontlineError
from trainer.store import CriterionTotal, PersonUpdate, Repository, UserRecord

scenarios("people")


@pytest.fixture(autouse=True)
def _every_database(repo: Repository) -> None:
    """Steps ask for `repo` by name at run time; asking here lets pytest run each scenario per database."""


@pytest.fixture
def outcome() -> dict:
    return {}


def who(repo: Repository, email: str) -> UserRecord:
    person = repo.accounts.find_user(email)
    assert person is not None, email
    return person


def name_of(email: str) -> str:
    return email.split("@")[0].title()


@given(parsers.parse('the admin "{email}"'))
def an_admin(repo: Repository, email: str) -> None:
    repo.accounts.create_user(email, name_of(email), "admin", PASSWORD)


@given(parsers.parse('the team "{team}" managed by "{manager}"'))
def a_team(repo: Repository, team: str, manager: str) -> None:
    repo.accounts.create_user(manager, name_of(manager), "manager", PASSWORD, team=team)


@given(parsers.parse('the trainee "{email}" in "{team}" reporting to "{manager}"'))
def a_trainee(repo: Repository, email: str, team: str, manager: str) -> None:
    repo.accounts.create_user(email, name_of(email), "trainee", PASSWORD, team=team, manager_email=manager)


@given(parsers.parse('"{email}" has finished a practice call'))
def finished_call(repo: Repository, outcome: dict, email: str) -> None:
    person = who(repo, email)
    attempt = repo.attempts.start_attempt(person, scenario_id="angry-hold-music", scenario_version="v1", seed=1)
    repo.attempts.finish_attempt(person, attempt.id, end_state="resolved", score=80, passed=True,
                                 criteria=[CriterionTotal(criterion_id="empathy", score=2, max=2)])
    outcome["attempt"] = attempt.id


@given(parsers.parse('"{email}" locked her account with wrong passwords'))
def locked(repo: Repository, email: str) -> None:
    for _ in range(repo.accounts.policy.max_failures):
        with pytest.raises(AuthError):
            repo.accounts.authenticate(email, "not my password")
    with pytest.raises(AuthError, match="locked"):
        repo.accounts.authenticate(email, PASSWORD)


def attempt(outcome: dict, action) -> None:
    try:
        outcome["result"], outcome["error"] = action(), None
    except FrontlineError as e:
        outcome["result"], outcome["error"] = None, e


@when(parsers.parse('"{admin}" moves "{email}" to "{team}" reporting to "{manager}"'))
def move(repo: Repository, admin: str, email: str, team: str, manager: str) -> None:
    repo.people.update_user(who(repo, email).id, PersonUpdate(team=team, manager_email=manager), by=who(repo, admin))


@when(parsers.parse('"{admin}" makes "{email}" a {role}'))
@when(parsers.parse('"{admin}" tries to make "{email}" a {role}'))
def make(repo: Repository, outcome: dict, admin: str, email: str, role: str) -> None:
    attempt(outcome, lambda: repo.people.set_role(who(repo, email).id, role, by=who(repo, admin)))


@when(parsers.parse('"{admin}" deactivates "{email}"'))
@when(parsers.parse('"{admin}" tries to deactivate "{email}"'))
def deactivate(repo: Repository, outcome: dict, admin: str, email: str) -> None:
    attempt(outcome, lambda: repo.people.set_active(who(repo, email).id, False, by=who(repo, admin)))


@when(parsers.parse('"{admin}" reactivates "{email}"'))
def reactivate(repo: Repository, admin: str, email: str) -> None:
    repo.people.set_active(who(repo, email).id, True, by=who(repo, admin))


@when(parsers.parse('"{admin}" sets the password of "{email}" to "{password}"'))
def set_password(repo: Repository, admin: str, email: str, password: str) -> None:
    repo.accounts.set_password(who(repo, email).id, password, by=who(repo, admin))


@when(parsers.parse('the operator runs "{command}"'))
def run_cli(database_url, monkeypatch, tmp_path, capsys, outcome: dict, command: str) -> None:
    monkeypatch.setenv("TRAINER_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml from the checkout
    outcome["code"] = main(shlex.split(command))
    outcome["out"] = capsys.readouterr().out


@then(parsers.parse('"{email}" is in "{team}" reporting to "{manager}"'))
def is_in(repo: Repository, email: str, team: str, manager: str) -> None:
    person = who(repo, email)
    assert (person.team_name, person.manager_id) == (team, who(repo, manager).id)


@then(parsers.parse('"{manager}" sees "{email}" among their people'))
def sees(repo: Repository, manager: str, email: str) -> None:
    assert email in {u.email for u in repo.accounts.list_users(who(repo, manager)).items}


@then(parsers.parse('"{manager}" no longer sees "{email}"'))
def does_not_see(repo: Repository, manager: str, email: str) -> None:
    assert email not in {u.email for u in repo.accounts.list_users(who(repo, manager)).items}


@then(parsers.parse('"{email}" manages "{team}"'))
def manages(repo: Repository, email: str, team: str) -> None:
    assert [t.name for t in repo.accounts.list_teams(who(repo, email))] == [team]


@then(parsers.parse('the latest change to "{email}" reads "{summary}", by "{by}"'))
def latest_change(repo: Repository, email: str, summary: str, by: str) -> None:
    change = repo.people.people_changes(who(repo, "ada@example.com"), user_id=who(repo, email).id, limit=1).items[0]
    assert (change.summary, change.by) == (summary, by)


@then(parsers.parse('"{email}" cannot log in: "{message}"'))
def cannot_log_in(repo: Repository, email: str, message: str) -> None:
    with pytest.raises(AuthError, match=message):
        repo.accounts.authenticate(email, PASSWORD)


@then(parsers.parse('"{email}" can log in'))
def can_log_in(repo: Repository, email: str) -> None:
    assert repo.accounts.authenticate(email, PASSWORD).email == email


@then(parsers.parse('"{email}" can log in with "{password}"'))
def can_log_in_with(repo: Repository, email: str, password: str) -> None:
    assert repo.accounts.authenticate(email, password).email == email


@then(parsers.parse('"{manager}" still sees the call of "{email}", marked deactivated'))
def still_sees(repo: Repository, outcome: dict, manager: str, email: str) -> None:
    viewer = who(repo, manager)
    assert repo.attempts.get_attempt(viewer, outcome["attempt"]).attempt.user_email == email
    assert {u.email: u.active for u in repo.accounts.list_users(viewer).items}[email] is False


@then(parsers.parse('it is refused with "{message}"'))
def refused(outcome: dict, message: str) -> None:
    assert outcome["error"] is not None and message in str(outcome["error"])


@then(parsers.parse('"{email}" is still a {role}'))
def still(repo: Repository, email: str, role: str) -> None:
    assert who(repo, email).role == role


@then(parsers.parse('the command says "{message}"'))
def command_says(outcome: dict, message: str) -> None:
    assert outcome["code"] == 0
    assert outcome["out"].strip() == message


@then(parsers.parse('the command\'s lines end with "{first}" and "{second}"'))
def lines_end_with(outcome: dict, first: str, second: str) -> None:
    lines = outcome["out"].splitlines()
    assert len(lines) == 2 and lines[0].endswith(first) and lines[1].endswith(second)
