"""Pages by role: a trainee practises and sees their own progress; a manager sees their own teams and
nobody else's; an admin manages people. Each page checks the role itself too."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.drive import PASSWORD, errors, log_in, ok, open_page, press
from trainer.config import ROOT
from trainer.practice.attempt import LiveAttempt
from trainer.ui import context as ctx


@pytest.fixture
def org(app_repo):
    add = app_repo.accounts.create_user
    admin = add("admin@example.com", "Admin", "admin", PASSWORD)
    north = add("north@example.com", "Nora North", "manager", PASSWORD, team="North")
    south = add("south@example.com", "Sam South", "manager", PASSWORD, team="South")
    ana = add("ana@example.com", "Ana", "trainee", PASSWORD, team="North", manager_email="north@example.com")
    carla = add("carla@example.com", "Carla", "trainee", PASSWORD, team="South")
    return {"admin": admin, "north": north, "south": south, "ana": ana, "carla": carla}


def finished_call(services, user) -> None:
    live = LiveAttempt.begin(services.catalog, services.scorer, services.store, user, "app-hold", seed=3)
    live.reply("I understand, I'm sorry about the wait.", 5)
    live.reply("I'll call you back by 5 pm today.", 5)
    assert live.finished


def nav_titles(at: AppTest) -> list[str]:
    return [p["page_name"] for p in at._registered_pages.values()]


@pytest.mark.parametrize(("who", "has", "lacks"), [
    ("ana", {"Practice", "My progress", "Account"}, {"Team progress", "People"}),
    ("north", {"Practice", "My progress", "Team progress", "Account"}, {"People"}),
    ("admin", {"Practice", "My progress", "Team progress", "People", "Account"}, set()),
])
def test_each_role_gets_its_pages(app, org, who, has, lacks):
    titles = nav_titles(log_in(ok(app().run()), org[who].email))
    assert titles[0] == "Practice" and titles[-1] == "Account"
    assert has <= set(titles) and not lacks & set(titles)


def test_a_page_refuses_a_role_it_is_not_for_even_when_opened_directly(app_services, org):
    at = AppTest.from_file(str(ROOT / "pages" / "people.py"), default_timeout=30)
    at.session_state[ctx.SERVICES] = app_services
    at.session_state[ctx.USER] = org["ana"]
    ok(at.run())
    assert errors(at) == ["This page is for admin accounts."]
    assert not at.dataframe


def test_a_page_opened_without_logging_in_says_so(app_services):
    at = AppTest.from_file(str(ROOT / "pages" / "progress.py"), default_timeout=30)
    at.session_state[ctx.SERVICES] = app_services
    ok(at.run())
    assert errors(at) == ["Log in to see this page."]


def test_the_manager_of_the_team_sees_the_attempt_and_another_manager_does_not(app, app_services, org):
    finished_call(app_services, org["ana"])
    north = open_page(log_in(ok(app().run()), "north@example.com"), "pages/team.py")
    latest = north.dataframe[0].value
    assert list(latest["person"]) == ["Ana"]
    assert "Ana" in " ".join(north.selectbox(key="person_choice").options)
    north.selectbox(key="person_choice").select(org["ana"].id)
    ok(north.run())
    assert {m.label: m.value for m in north.metric}["Finished attempts"] == "1"

    south = open_page(log_in(ok(app().run()), "south@example.com"), "pages/team.py")
    assert not any("Ana" in option for option in south.selectbox(key="person_choice").options)
    assert all("Ana" not in str(frame.value) for frame in south.dataframe)
    assert any("No attempts yet" in c.value for c in south.caption)


def test_a_trainee_sees_only_their_own_progress(app, app_services, org):
    finished_call(app_services, org["carla"])
    at = open_page(log_in(ok(app().run()), "ana@example.com"), "pages/progress.py")
    assert any("has not finished an attempt yet" in i.value for i in at.info)


def test_an_admin_adds_a_trainee_who_can_then_log_in(app, app_repo, org):
    at = open_page(log_in(ok(app().run()), "admin@example.com"), "pages/people.py")
    at.text_input(key="new_name").input("Tom Trainee")
    at.text_input(key="new_email").input("tom@example.com")
    at.selectbox(key="new_role").select("trainee")
    at.selectbox(key="new_team").select("North")
    at.text_input(key="new_password").input(PASSWORD)
    press(at, "Add the person")
    assert not errors(at)
    assert any("Added Tom Trainee" in s.value for s in at.success)
    tom = app_repo.accounts.find_user("tom@example.com")
    assert tom is not None and tom.role == "trainee" and tom.team_name == "North"
    assert log_in(ok(app().run()), "tom@example.com").title[0].value == "Practice"


def test_adding_a_duplicate_account_is_a_message_not_a_traceback(app, org):
    at = open_page(log_in(ok(app().run()), "admin@example.com"), "pages/people.py")
    at.text_input(key="new_name").input("Ana again")
    at.text_input(key="new_email").input("ana@example.com")
    at.text_input(key="new_password").input(PASSWORD)
    press(at, "Add the person")
    assert any("already exists" in e for e in errors(at))
