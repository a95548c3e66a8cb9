"""One place that turns a database URL into a configured SQLAlchemy engine, and database failures into
`StoreError`s a person can act on.

SQLite (the default) gets WAL, foreign keys, a busy timeout, and writes in `BEGIN IMMEDIATE`
transactions: a deferred transaction that later wants to write cannot wait for the write lock and fails
with "database is locked", while `BEGIN IMMEDIATE` takes the lock up front and waits for it under the busy
timeout. Reads stay deferred so they never queue behind writers. pysqlite's own transaction handling is
switched off so that SQLAlchemy emits the BEGIN (the recipe in SQLAlchemy's SQLite dialect docs,
"Enabling Non-Legacy SQLite Transactional Modes", for Python < 3.12).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DataError,
    DBAPIError,
    IntegrityError,
    NoSuchModuleError,
    SQLAlchemyError,
)

from trainer.errors import StoreError

BUSY_TIMEOUT_SECONDS = 30.0
WRITE = {"frontline_write": True}  # execution option that makes a SQLite transaction BEGIN IMMEDIATE


def make_engine(url: str, *, busy_timeout: float = BUSY_TIMEOUT_SECONDS, **kwargs: object) -> Engine:
    """An engine for `url`; for a SQLite file, its folder is created first."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(
            f"The database URL {url!r} is not valid. Set TRAINER_DATABASE_URL to sqlite:///path/to/file.db "
            "or postgresql+psycopg://user@host/db."
        ) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database, busy_timeout, **kwargs)
    try:
        return create_engine(url, pool_pre_ping=True, **kwargs)
    except (NoSuchModuleError, ArgumentError, ImportError) as e:
        raise StoreError(f"Cannot use the database URL {describe(url)}: {e}. Check TRAINER_DATABASE_URL.") from None


def _sqlite_engine(url: str, database: str | None, busy_timeout: float, **kwargs: object) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        folder = Path(database).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(
                f"Cannot create the database folder {folder}: {e.strerror}. "
                "Check that it is writable or point TRAINER_DATABASE_URL elsewhere."
            ) from None
    connect_args = {"timeout": busy_timeout, "check_same_thread": False}
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            if database and database != ":memory:":
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        immediate = conn.get_execution_options().get("frontline_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def describe(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparseable URL)"


@contextmanager
def translate_errors(engine: Engine) -> Iterator[None]:
    """Turn driver failures into `StoreError`s that say what to check; leave integrity errors to callers."""
    try:
        yield
    except IntegrityError:
        raise
    except (DBAPIError, SQLAlchemyError) as e:
        raise StoreError(_explain(engine, e)) from e


def _explain(engine: Engine, error: Exception) -> str:
    url = engine.url
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    if isinstance(error, DataError):
        return f"The database refused a value ({text}). Shorten it or remove unusual characters and try again."
    if url.get_backend_name() == "sqlite":
        where = Path(url.database or "").expanduser()
        if "locked" in text or "busy" in text:
            return (
                f"The database file {where} stayed locked by another program for longer than the busy "
                f"timeout ({text}). Close other programs writing to it and try again."
            )
        return (
            f"The database file {where} cannot be used ({text}). Check that its folder {where.parent} "
            "exists and is writable, and that the file is an SQLite database, or set TRAINER_DATABASE_URL."
        )
    return (
        f"The database at {url.render_as_string(hide_password=True)} cannot be used ({text}). "
        "Check that the server is running and that TRAINER_DATABASE_URL (host, port, user, database) is right."
    )
