"""Steps for tests/features/sessions/staying_logged_in.feature, driven through the app with AppTest: each browser
(`tests/app/browser.py`) keeps its login cookie, and its tabs are AppTest sessions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.app.browser import Browser
from tests.app.drive import PASSWORD, errors
from trainer.sessions import SessionPolicy
from trainer.ui import web_session

scenarios("sessions/staying_logged_in.feature")

PROGRESS, PRACTICE, PEOPLE, ACCOUNT = "pages/progress.py", "pages/practice.py", "pages/people.py", "pages/account.py"
TITLES = {"My progress": PROGRESS, "Practice": PRACTICE}


@pytest.fixture
def database_url(tmp_path):
    """SQLite only: these are page behaviours; the store's session tests cover both databases."""
    return f"sqlite:///{tmp_path / 'db' / 'frontline.db'}"


@pytest.fixture(autouse=True)
def _route_forgets_the_last_test():
    yield
    web_session._store = None


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(app_repo) -> Clock:
    clock = Clock()
    app_repo._unit._clock = clock
    return clock


@pytest.fixture
def tabs() -> dict:
    return {}


@pytest.fixture
def laptop(app, monkeypatch) -> Browser:
    return Browser(app, monkeypatch)


@pytest.fixture
def phone(app, monkeypatch) -> Browser:
    return Browser(app, monkeypatch)


def logged_in_as(at, name: str) -> bool:
    return any(f"Logged in as {name}" in c.value for c in at.sidebar.caption)


def asked_to_log_in(at, saying: str) -> None:
    assert at.title[0].value == "Frontline" and at.text_input(key="login_email")
    assert any(saying in i.value for i in at.info), [i.value for i in at.info]


@given(parsers.parse('the trainee "{trainee}" and the admin "{admin}"'))
def accounts(app_repo, trainee: str, admin: str) -> None:
    app_repo.accounts.create_user(admin, "Ada", "admin", PASSWORD)
    app_repo.accounts.create_user(trainee, "Ana", "trainee", PASSWORD, team="North")


@given(parsers.parse("logins end after {minutes:d} minutes without activity"))
def idle_limit(app_repo, clock: Clock, minutes: int) -> None:
    app_repo.sessions.policy = SessionPolicy(idle_seconds=minutes * 60)


@given("Ana has logged in")
@given("Ana has logged in on her laptop")
def ana_logs_in(laptop: Browser, tabs: dict) -> None:
    tabs["ana"] = laptop.log_in(laptop.open(), "ana@example.com")
    assert logged_in_as(tabs["ana"], "Ana") and laptop.cookie


@given("she has logged in on her phone")
def ana_on_her_phone(phone: Browser, tabs: dict) -> None:
    tabs["phone"] = phone.log_in(phone.open(), "ana@example.com")
    assert phone.cookie


@given("she has opened the app in a second tab")
def second_tab(laptop: Browser, tabs: dict) -> None:
    tabs["second"] = laptop.open()
    assert logged_in_as(tabs["second"], "Ana")


@when(parsers.parse('she opens "{title}" and reloads the page'))
def open_and_reload(laptop: Browser, tabs: dict, title: str) -> None:
    laptop.go_to(tabs["ana"], TITLES[title])
    assert tabs["ana"].title[0].value == title
    tabs["ana"] = laptop.open(TITLES[title])


@when("she reloads the main page")
def reload_main(laptop: Browser, tabs: dict) -> None:
    tabs["ana"] = laptop.open()


@then(parsers.parse('she is on "{title}", logged in as Ana'))
def on_page(tabs: dict, title: str) -> None:
    at = tabs["ana"]
    assert at.title[0].value == title and logged_in_as(at, "Ana (trainee)")
    assert not errors(at)


@when("she logs out in the first tab")
def log_out_first(laptop: Browser, tabs: dict) -> None:
    at = laptop.press(tabs["ana"], "Log out")
    assert at.text_input(key="login_email")
    assert laptop.cookie is None  # the page's script had the cookie removed


@then(parsers.parse('her next click in the second tab asks her to log in, saying "{saying}"'))
def second_tab_asks(laptop: Browser, tabs: dict, saying: str) -> None:
    asked_to_log_in(laptop.go_to(tabs["second"], PROGRESS), saying)


@then("reloading the page does not log her in again")
def reload_logged_out(laptop: Browser) -> None:
    at = laptop.open()
    assert at.text_input(key="login_email") and not logged_in_as(at, "Ana")


@when("Ada deactivates Ana on the People page")
def ada_deactivates(app, monkeypatch, app_repo) -> None:
    admin = Browser(app, monkeypatch)
    at = admin.go_to(admin.log_in(admin.open(), "ada@example.com"), PEOPLE)
    at.selectbox(key="manage_person").select(app_repo.accounts.find_user("ana@example.com").id)
    admin.run(at)
    admin.press(at, "Deactivate Ana")
    assert not app_repo.accounts.find_user("ana@example.com").active


@then(parsers.parse('Ana\'s next click asks her to log in, saying "{saying}"'))
@then(parsers.parse('her next click asks her to log in, saying "{saying}"'))
def next_click_asks(laptop: Browser, tabs: dict, saying: str) -> None:
    asked_to_log_in(laptop.go_to(tabs["ana"], PROGRESS), saying)


@when("she changes her password on her laptop")
def change_password(laptop: Browser, tabs: dict) -> None:
    at = laptop.go_to(tabs["ana"], ACCOUNT)
    at.text_input(key="current_password").input(PASSWORD)
    at.text_input(key="new_password_1").input("a brand new secret")
    at.text_input(key="new_password_2").input("a brand new secret")
    at = laptop.press(at, "Change the password")
    assert [s.value for s in at.success] == ["Your password is changed. Your 1 login elsewhere ended."]


@then("she is still logged in on her laptop")
@then("she is still logged in")
def still_logged_in(laptop: Browser, tabs: dict) -> None:
    at = laptop.go_to(tabs["ana"], PROGRESS)
    assert at.title[0].value == "My progress" and logged_in_as(at, "Ana")
    assert logged_in_as(laptop.open(), "Ana")  # and a reload keeps her in


@then(parsers.parse('her next click on her phone asks her to log in, saying "{saying}"'))
def phone_asks(phone: Browser, tabs: dict, saying: str) -> None:
    asked_to_log_in(phone.go_to(tabs["phone"], PROGRESS), saying)


@when("20 minutes pass and she clicks, and 20 minutes more pass and she clicks")
def active(laptop: Browser, tabs: dict, clock: Clock) -> None:
    for page in (PROGRESS, PRACTICE):
        clock.now += timedelta(minutes=20)
        assert logged_in_as(laptop.go_to(tabs["ana"], page), "Ana")


@when(parsers.parse("{minutes:d} minutes pass"))
def time_passes(clock: Clock, minutes: int) -> None:
    clock.now += timedelta(minutes=minutes)


