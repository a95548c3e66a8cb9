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
