"""Short transactions: `read()` for queries, `write()` for changes (`BEGIN IMMEDIATE` on SQLite), both
turning database failures into `StoreError`s, and `now()`, the clock. The repository makes one and gives
it to each of its parts, so they all share the engine and the clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from trainer.errors import StoreError
from trainer.store.engine import WRITE, translate_errors
from trainer.store.tables import utc_now


class UnitOfWork:
    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self._write_engine = engine.execution_options(**WRITE)
        self._clock = clock

    def now(self) -> datetime:
        return self._clock()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with translate_errors(self.engine), Session(self.engine, expire_on_commit=False) as session, \
                session.begin():
            yield session

    @contextmanager
    def write(self, conflict: str = "") -> Iterator[Session]:
        """One write transaction; a uniqueness or reference violation becomes `StoreError(conflict)`."""
        try:
            with translate_errors(self.engine), Session(self._write_engine, expire_on_commit=False) as session, \
                    session.begin():
                yield session
        except IntegrityError as e:
            detail = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
            raise StoreError(conflict or f"The database refused the change ({detail}).") from None
