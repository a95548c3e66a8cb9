"""The one door to the database: `Repository` is made of focused parts, each in its own module, that
share one unit of work (the engine, short transactions, the clock):

- `repo.accounts` (`accounts.py`): creating accounts and teams, logging in, listing people;
- `repo.people` (`people.py`): changing people afterwards (role, team, manager, deactivating) and the
  change log;
- `repo.sessions` (`sessions.py`): login sessions;
- `repo.attempts` (`attempts.py`): attempts and their turns;
- `repo.recordings` (`recordings.py`): recordings of spoken replies;
- `repo.progress` (`progress.py`): a person's progress;
- `repo.dashboards` (`dashboards.py`): team dashboards;
- `repo.programs` (`programs.py`): programs, their cycles, assignments and certificates;
- `repo.exports` (`exports.py`): attempts for export;
- `repo.studio` (`studio.py`): the studio's save log, analytics and calibration;
- `repo.rescoring` (`rescoring.py`): rescoring stored attempts.

No part calls another: what two parts need alike is a function in a module below them (`access.py`,
`rollup.py`, ...). Everything a part returns is a plain record; every read takes the viewer and filters
in SQL (see `access.py`).

`repo.now()` reads the clock they share. Build it once per process with `open_repository(settings)`, which
also brings the schema up to date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Engine

from trainer.auth import LoginPolicy, Passwords
from trainer.config import Settings
from trainer.sessions import SessionPolicy
from trainer.store import migrate
from trainer.store.accounts import Accounts
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
from trainer.store.unit import UnitOfWork


class Repository:
    def __init__(self, engine: Engine, *, passwords: Passwords | None = None,
                 login_policy: LoginPolicy | None = None, session_policy: SessionPolicy | None = None,
                 clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self._unit = unit = UnitOfWork(engine, clock=clock)
        self.accounts = Accounts(unit, passwords=passwords or Passwords(), policy=login_policy or LoginPolicy())
        self.people = People(unit)
        self.sessions = Sessions(unit, policy=session_policy or SessionPolicy())
        self.attempts = Attempts(unit)
        self.recordings = Recordings(unit)
        self.progress = Progress(unit)
        self.dashboards = Dashboards(unit)
        self.programs = Programs(unit)
        self.exports = Exports(unit)
        self.studio = Studio(unit)
        self.rescoring = Rescoring(unit)

    def now(self) -> datetime:
        """The time by the clock every part shares (a test's clock, in tests)."""
        return self._unit.now()

    def upgrade(self) -> str | None:
        """Bring the schema to the newest revision (creates every table in an empty database)."""
        return migrate.upgrade(self.engine)

    def close(self) -> None:
        self.engine.dispose()


def open_repository(settings: Settings, *, upgrade: bool = True, passwords: Passwords | None = None,
                    clock: Callable[[], datetime] = utc_now) -> Repository:
    """The repository for `settings.database_url`, upgraded to the newest schema unless told not to."""
    repo = Repository(make_engine(settings.database_url), passwords=passwords,
                      login_policy=LoginPolicy.from_settings(settings),
                      session_policy=SessionPolicy.from_settings(settings), clock=clock)
    if upgrade:
        repo.upgrade()
    return repo
