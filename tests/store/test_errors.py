"""A database that is gone, locked or not a database gives a message saying what to check."""

from __future__ import annotations

import sqlite3

import pytest

from tests.plugins.db import PASSWORD
from trainer.config import Settings
from trainer.errors import StoreError
from trainer.store import Repository, open_repository
from trainer.store.engine import make_engine


def test_an_unreachable_postgresql_server(fast_passwords):
    repo = Repository(make_engine("postgresql+psycopg://frontline:secret@127.0.0.1:1/nowhere"),
                      passwords=fast_passwords)
    with pytest.raises(StoreError) as info:
        repo.accounts.count_users()
    message = str(info.value)
    assert "server is running" in message and "TRAINER_DATABASE_URL" in message
    assert "secret" not in message


def test_a_malformed_url():
    with pytest.raises(StoreError, match="not valid"):
        make_engine("not a url")


def test_an_unknown_driver():
    with pytest.raises(StoreError, match="TRAINER_DATABASE_URL"):
        make_engine("nosuchdb://x/y")


def test_the_sqlite_folder_is_created(tmp_path):
    repo = open_repository(Settings.defaults(database_url=f"sqlite:///{tmp_path / 'a' / 'b' / 'f.db'}"))
    assert repo.accounts.count_users() == 0 and (tmp_path / "a" / "b" / "f.db").is_file()
    repo.close()


def test_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(StoreError, match="notes.db") as info:
        open_repository(Settings.defaults(database_url=f"sqlite:///{path}"))
    assert "writable" in str(info.value)


def test_a_database_locked_by_another_program(tmp_path, fast_passwords):
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    repo = Repository(make_engine(url, busy_timeout=0.2), passwords=fast_passwords)
    repo.upgrade()
    other = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        assert repo.accounts.count_users() == 0  # reading still works while another program writes
        with pytest.raises(StoreError, match="locked by another program"):
            repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert repo.accounts.create_user("ana@example.com", "Ana", "trainee", PASSWORD).id
    repo.close()


def test_a_value_the_database_refuses(repo, people):
    """PostgreSQL checks lengths; SQLite does not, so there the long id is simply kept."""
    try:
        attempt = repo.attempts.start_attempt(people.ana, scenario_id="x" * 500, scenario_version="v", seed=1)
    except StoreError as e:
        assert "refused a value" in str(e) and repo.engine.dialect.name == "postgresql"
    else:
        assert repo.engine.dialect.name == "sqlite" and len(attempt.scenario_id) == 500
