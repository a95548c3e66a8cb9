"""Database fixtures: a fresh, migrated database per test, on SQLite always and on PostgreSQL too when
`TRAINER_TEST_DATABASE_URL` is set (each test gets its own schema there, dropped afterwards).

- `database_url`: the URL of an empty database (parametrised: `sqlite`, `postgresql`);
- `repo`: a `Repository` on it, schema upgraded, cheap Argon2 parameters, the `clock` below;
- `clock`: a settable clock (`clock.advance(seconds)`), so lockouts are tested without sleeping;
- `people`: a small organisation (admin, trainer, two teams with a manager and two trainees each);
- `fast_passwords`: Argon2id with minimal cost, for tests that hash a lot.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.auth import LoginPolicy, Passwords
from trainer.store import Repository, UserRecord
from trainer.store.engine import make_engine

PG_ENV = "TRAINER_TEST_DATABASE_URL"
PASSWORD = "correct horse battery"


def _pg_url() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty database: an SQLite file in tmp_path, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'frontline.db'}"
        return
    base = _pg_url()
    if base is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV}, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = make_engine(base)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


class Clock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture(scope="session")
def fast_passwords() -> Passwords:
    return Passwords(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def repo(database_url: str, fast_passwords: Passwords, clock: Clock):
    repository = Repository(make_engine(database_url), passwords=fast_passwords,
                            login_policy=LoginPolicy(max_failures=3, lock_seconds=300), clock=clock)
    repository.upgrade()
    yield repository
    repository.close()


@dataclass(frozen=True)
class People:
    admin: UserRecord
    trainer: UserRecord
    north_manager: UserRecord
    south_manager: UserRecord
    ana: UserRecord  # trainee, North
    ben: UserRecord  # trainee, North
    carla: UserRecord  # trainee, South
    dev: UserRecord  # trainee, South


@pytest.fixture
def people(repo: Repository) -> People:
    def add(email: str, role: str, team: str | None = None, manager: str | None = None) -> UserRecord:
        name = email.split("@")[0].replace(".", " ").title()
        return repo.accounts.create_user(email, name, role, PASSWORD, team=team, manager_email=manager)  # type: ignore[arg-type]

    return People(
        admin=add("admin@example.com", "admin"),
        trainer=add("trainer@example.com", "trainer"),
        north_manager=add("north.manager@example.com", "manager", "North"),
        south_manager=add("south.manager@example.com", "manager", "South"),
        ana=add("ana@example.com", "trainee", "North", "north.manager@example.com"),
        ben=add("ben@example.com", "trainee", "North"),
        carla=add("carla@example.com", "trainee", "South", "south.manager@example.com"),
        dev=add("dev@example.com", "trainee", "South"),
    )
