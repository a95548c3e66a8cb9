"""Run Alembic from code: the app upgrades the database on start (an empty one included), and the
`db` commands call the same functions. No alembic.ini: the configuration is built here."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from trainer.errors import StoreError
from trainer.store.engine import WRITE, translate_errors

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_PG_UPGRADE_LOCK = 0x46524F4E  # any constant: replicas starting together upgrade one at a time


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision the code knows."""
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return heads[0]


def current(engine: Engine) -> str | None:
    """The revision the database is at; None for an empty database."""
    with translate_errors(engine), engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> str | None:
    """Bring the database to `revision` (creating every table in an empty one); returns the new revision.

    A database from a newer version of Frontline is refused rather than touched."""
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    with _sqlite_file_lock(engine):
        at = current(engine)
        if at is not None and at not in known:
            raise StoreError(
                f"The database is at schema revision {at}, which this version of Frontline does not know. "
                "Upgrade Frontline, or point TRAINER_DATABASE_URL at another database."
            )
        with translate_errors(engine), engine.connect() as conn:
            conn.execution_options(**WRITE)
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_UPGRADE_LOCK})
                config = alembic_config(conn)
                command.upgrade(config, revision)
        return current(engine)


@contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Processes upgrading one SQLite file take turns, from their first connection to their last.

    The busy timeout covers most of a race on a new file, but not all of it: switching a new file to WAL
    and a read that must become a write can fail at once with "database is locked". A lock file beside
    the database (what `pg_advisory_xact_lock` is for PostgreSQL) leaves no race to lose."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    path = Path(database).expanduser().resolve().with_name(Path(database).name + ".upgrade-lock")
    with open(path, "a+b") as handle:
        if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
            import msvcrt

            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for about ten seconds
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        yield  # closing the file releases the lock


def revision(engine: Engine, message: str) -> None:
    """Write a new revision file comparing the models with a database at head (for developers)."""
    with translate_errors(engine), engine.connect() as conn:
        command.revision(alembic_config(conn), message=message, autogenerate=True)
