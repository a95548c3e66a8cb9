"""`python -m trainer users ...` and `db ...` against a real database."""

from __future__ import annotations

import io
import json

import pytest

from trainer.cli import main
from trainer.store import migrate


@pytest.fixture
def cli(database_url, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TRAINER_DATABASE_URL", database_url)
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml from the checkout

    def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_db_current_then_upgrade(cli):
    code, out, _ = cli("db", "current")
    assert code == 1 and "empty database" in out and "db upgrade" in out
    head = migrate.head()
    code, out, _ = cli("db", "upgrade")
    assert code == 0 and f"upgraded from an empty database to {head}" in out
    assert cli("db", "upgrade")[1].endswith(f"already at the newest revision {head}.\n")
    code, out, _ = cli("db", "current")
    assert code == 0 and f"revision {head} (newest)" in out


def test_users_add_and_list(cli):
    code, out, _ = cli("users", "add", "--email", "Boss@example.com", "--name", "Bo Boss", "--role", "manager",
                       "--team", "North", "--password-stdin", stdin="a long password\n")
    assert (code, out) == (0, "Added manager Bo Boss <boss@example.com> in team North.\n")
    code, _, _ = cli("users", "add", "--email", "ana@example.com", "--name", "Ana", "--role", "trainee",
                     "--team", "North", "--manager", "boss@example.com", "--password-stdin", stdin="ana's password")
    assert code == 0
    code, out, _ = cli("users", "list")
    assert out.splitlines() == [
        "EMAIL             NAME     ROLE     TEAM   ACTIVE",
        "ana@example.com   Ana      trainee  North  yes",
        "boss@example.com  Bo Boss  manager  North  yes",
    ]
    rows = [json.loads(line) for line in cli("users", "list", "--json")[1].splitlines()]
    assert rows[0]["manager_id"] == rows[1]["id"]


def test_users_add_refusals(cli):
    code, _, err = cli("users", "add", "--email", "a@example.com", "--name", "A", "--role", "admin")
    assert code == 2 and "--password-stdin" in err
    code, _, err = cli("users", "add", "--email", "a@example.com", "--name", "A", "--role", "admin",
                       "--password-stdin", stdin="short\n")
    assert code == 2 and "at least 8 characters" in err
    args = ("users", "add", "--email", "a@example.com", "--name", "A", "--role", "admin", "--password-stdin")
    assert cli(*args, stdin="long enough password\n")[0] == 0
    code, _, err = cli(*args, stdin="long enough password\n")
    assert code == 2 and "already exists" in err


def test_users_set_password(cli):
    add = ("users", "add", "--email", "a@example.com", "--name", "A", "--role", "admin", "--password-stdin")
    cli(*add, stdin="first password\n")
    code, out, _ = cli("users", "set-password", "--email", "a@example.com", "--password-stdin",
                       stdin="second password\n")
    assert code == 0 and "unlocked" in out
    code, _, err = cli("users", "set-password", "--email", "x@example.com", "--password-stdin", stdin="whatever1\n")
    assert code == 2 and "No account" in err


def test_users_list_on_an_empty_database(cli):
    assert "No accounts yet" in cli("users", "list")[1]


def test_users_set_deactivate_and_history(cli):
    add = ("users", "add", "--name", "A", "--password-stdin")
    cli(*add, "--email", "boss@example.com", "--role", "manager", "--team", "North", stdin="long enough password\n")
    cli(*add, "--email", "a@example.com", "--role", "trainee", stdin="long enough password\n")
    code, out, _ = cli("users", "set", "--email", "a@example.com", "--team", "North", "--manager", "boss@example.com")
    assert (code, out) == (0, "Changed a@example.com: team: none → North; manager: none → boss@example.com.\n")
    assert cli("users", "set", "--email", "a@example.com", "--team", "North")[1] == (
        "Nothing to change for a@example.com: it is already so.\n")
    code, _, err = cli("users", "set", "--email", "a@example.com")
    assert code == 2 and "Say what to change" in err
    code, _, err = cli("users", "set", "--email", "nobody@example.com", "--role", "admin")
    assert code == 2 and "No account with the email nobody@example.com" in err
    code, _, err = cli("users", "set", "--email", "boss@example.com", "--manager", "boss@example.com")
    assert code == 2 and "own manager" in err
    assert cli("users", "deactivate", "--email", "a@example.com")[0] == 0
    assert cli("users", "deactivate", "--email", "a@example.com")[1] == "a@example.com is already deactivated.\n"
    assert "a@example.com     A     trainee  North  no" in cli("users", "list")[1]
    rows = [json.loads(line) for line in cli("users", "history", "--json")[1].splitlines()]
    assert [(r["person_email"], r["action"], r["by"]) for r in rows] == [
        ("a@example.com", "deactivated", "the command line"), ("a@example.com", "changed", "the command line"),
        ("a@example.com", "added", "the command line or first-run setup"),
        ("boss@example.com", "added", "the command line or first-run setup")]


def test_users_set_refuses_contradictory_options(cli):
    with pytest.raises(SystemExit):
        cli("users", "set", "--email", "a@example.com", "--team", "North", "--no-team")
    with pytest.raises(SystemExit):
        cli("users", "set", "--email", "a@example.com", "--manager", "b@example.com", "--no-manager")
