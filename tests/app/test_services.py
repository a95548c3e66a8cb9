"""Services are built in one place and fail part by part."""

from __future__ import annotations

from trainer import services as svc
from trainer.config import Settings
from trainer.errors import StoreError


def test_a_database_that_cannot_be_opened_leaves_the_library_working(app_library):
    settings = Settings.defaults(scenarios_dir=app_library, database_url="sqlite:////proc/no/such/dir/x.db")
    services = svc.build(settings)
    assert services.store is None and services.store_error
    assert "app-hold" in services.catalog.scenarios
    try:
        services.repository()
    except StoreError as e:
        assert str(e) == services.store_error
    else:
        raise AssertionError("repository() must raise when there is no database")


def test_a_working_database_is_migrated_and_ready(app_library, tmp_path):
    settings = Settings.defaults(scenarios_dir=app_library, database_url=f"sqlite:///{tmp_path / 'x.db'}")
    services = svc.build(settings)
    assert services.store is not None and services.store_error is None
    assert services.repository().accounts.count_users() == 0
    services.store.close()


def test_installed_services_replace_the_built_ones_and_are_put_back(app_library):
    fake = svc.Services(settings=Settings.defaults(), catalog=None, scorer=None)  # type: ignore[arg-type]
    before = svc.installed()
    with svc.using(fake):
        assert svc.installed() is fake
    assert svc.installed() is before
