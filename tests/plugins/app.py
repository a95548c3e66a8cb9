"""App fixtures: the Streamlit app under `AppTest` with services the test controls.

- `app_library`: a small scenario library (`tests/app/library`: `app-hold` in English, `app-fa` in
  Persian, rubric `app-basic`);
- `app_services`: `Services` over that library, the real rule scorer and a fresh migrated database
  (SQLite, and PostgreSQL when `TRAINER_TEST_DATABASE_URL` is set), installed for the app to use;
- `app`: a function returning a new `AppTest` of `streamlit_app.py` (a new browser session each call);
- `trainee_login` and friends in `tests/app/drive.py` drive the screens.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer import services as svc
from trainer.auth import LoginPolicy, Passwords
from trainer.config import ROOT, Settings
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.store import Repository
from trainer.store.engine import make_engine

APP_LIBRARY = ROOT / "tests" / "app" / "library"


@pytest.fixture(autouse=True)
def _customer_kinds_put_back():
    """The app registers the generated customer at start-up (`generated.enable()`), in this process when
    run under `AppTest`; put the customer factory's list back after every test, so tests of the factory
    see it as the process set it up."""
    from trainer.simulation import customer

    saved = dict(customer._FACTORIES)
    yield
    customer._FACTORIES.clear()
    customer._FACTORIES.update(saved)


@pytest.fixture
def app_library() -> Path:
    return APP_LIBRARY


@pytest.fixture
def app_repo(database_url: str, fast_passwords: Passwords):
    repository = Repository(make_engine(database_url), passwords=fast_passwords,
                            login_policy=LoginPolicy(max_failures=3, lock_seconds=300))
    repository.upgrade()
    yield repository
    repository.close()


@pytest.fixture
def app_services(app_repo: Repository, app_library: Path, database_url: str):
    settings = Settings.defaults(scenarios_dir=app_library, database_url=database_url)
    services = svc.Services(settings=settings, catalog=Catalog.load(app_library), scorer=RuleScorer(),
                            store=app_repo)
    with svc.using(services):
        yield services


@pytest.fixture
def app(app_services, monkeypatch: pytest.MonkeyPatch):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest, app_test

    class NavigationPagesManager(PagesManager):
        """AppTest resets `uses_pages_directory` before every run, and because `pages/` exists the
        run then takes the legacy pages-folder path (the page file alone, without the entry point).
        A real server clears the flag for good once `st.navigation` has been called; do the same."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", NavigationPagesManager)

    def new_session() -> AppTest:
        return AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)

    return new_session
