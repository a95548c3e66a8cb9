"""The one door to the database: `Repository` gathers every query the app, the CLI and the dashboards
make (accounts and teams, changes to people and their log, login sessions, attempts and turns,
progress). Everything it returns is a plain record from `records.py`; every read takes the viewer and
filters in SQL (see `access.py`).

Build it once per process with `open_repository(settings)`, which also brings the schema up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from trainer.auth import LoginPolicy, Passwords
from trainer.config import Settings
from trainer.sessions import SessionPolicy
from trainer.store import migrate
from trainer.store.attempts import Attempts
from trainer.store.dashboards import Dashboards
from trainer.store.engine import make_engine
from trainer.store.exports import Exports
from trainer.store.people import People
from trainer.store.programs import Programs
from trainer.store.progress import Progress
from trainer.store.recordings import Recordings
from trainer.store.rescoring import Rescoring
from trainer.store.sessions import Sessions
from trainer.store.studio import Studio
from trainer.store.tables import utc_now


class Repository(People, Sessions, Attempts, Recordings, Progress, Programs, Exports, Dashboards, Studio,
                 Rescoring):
    def __init__(self, engine: Engine, *, passwords: Passwords | None = None,
                 policy: LoginPolicy | None = None, sessions: SessionPolicy | None = None,
                 clock: Callable[[], datetime] = utc_now):
        super().__init__(engine, clock=clock)
        self.passwords = passwords or Passwords()
        self.policy = policy or LoginPolicy()
        self.sessions = sessions or SessionPolicy()

    def upgrade(self) -> str | None:
        """Bring the schema to the newest revision (creates every table in an empty database)."""
        return migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_repository(settings: Settings, *, upgrade: bool = True, passwords: Passwords | None = None,
                    clock: Callable[[], datetime] = utc_now) -> Repository:
    """The repository for `settings.database_url`, upgraded to the newest schema unless told not to."""
    repo = Repository(make_engine(settings.database_url), passwords=passwords,
                      policy=LoginPolicy.from_settings(settings), sessions=SessionPolicy.from_settings(settings),
                      clock=clock)
    if upgrade:
        repo.upgrade()
    return repo
