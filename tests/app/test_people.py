"""The People page under `AppTest`: an admin adds people one after another (the form empties after each),
changes a person's role, team and manager, sets a password, deactivates and reactivates, and reads the
log of those changes."""

from __future__ import annotations

import pytest

from tests.app.drive import PASSWORD, errors, log_in, ok, open_page, plain, press


@pytest.fixture
def org(app_repo):
    add = app_repo.accounts.create_user
    return {
        "admin": add("admin@example.com", "Admin", "admin", PASSWORD),
        "north": add("north@example.com", "Nora North", "manager", PASSWORD, team="North"),
        "south": add("south@example.com", "Sam South", "manager", PASSWORD, team="South"),
        "ana": add("ana@example.com", "Ana", "trainee", PASSWORD, team="North", manager_email="north@example.com"),
    }


@pytest.fixture
def people_page(app, org):
    return open_page(log_in(ok(app().run()), "admin@example.com"), "pages/people.py")


def successes(at) -> list[str]:
    return [plain(s.value) for s in at.success]


def add(at, name: str, email: str, *, team: str | None = None, manager: int | None = None):
    at.text_input(key="new_name").input(name)
    at.text_input(key="new_email").input(email)
    if team is not None:
        at.selectbox(key="new_team").select(team)
    if manager is not None:
        at.selectbox(key="new_manager").select(manager)
    at.text_input(key="new_password").input(PASSWORD)
    return press(at, "Add the person")


def test_the_add_form_empties_after_each_person_so_the_next_one_starts_fresh(people_page, app_repo, org):
    at = add(people_page, "Tom", "tom@example.com", team="South", manager=org["south"].id)
    assert successes(at) == ["Added Tom (tom@example.com) as trainee in South."]
    assert [at.text_input(key=k).value for k in ("new_name", "new_email", "new_password")] == ["", "", ""]
    assert at.selectbox(key="new_team").value is None and at.selectbox(key="new_manager").value is None
    at = add(at, "Uma", "uma@example.com")
    uma, tom = app_repo.accounts.find_user("uma@example.com"), app_repo.accounts.find_user("tom@example.com")
    assert (tom.team_name, tom.manager_id) == ("South", org["south"].id)
    assert (uma.team_name, uma.manager_id) == (None, None)


def test_a_refused_person_keeps_what_was_typed(people_page):
    at = add(people_page, "Ana again", "ana@example.com", team="South")
    assert any("already exists" in e for e in errors(at))
    assert at.text_input(key="new_name").value == "Ana again" and at.selectbox(key="new_team").value == "South"


def test_an_admin_changes_role_team_and_manager_and_sees_it_in_the_log(people_page, app_repo, org):
    at = people_page
    at.selectbox(key="manage_person").select(org["ana"].id)
    ok(at.run())
    key = f"edit_{org['ana'].id}"
    at.selectbox(key=f"{key}_role").select("manager")
    at.selectbox(key=f"{key}_team").select("South")
    at.selectbox(key=f"{key}_manager").select_index(0)  # "No manager"
    at = press(at, "Save the changes")
    assert not errors(at)
    assert successes(at) == ["Saved Ana: role: trainee → manager; team: North → South; "
                             "manager: north@example.com → none; manages: none → South."]
    ana = app_repo.accounts.find_user("ana@example.com")
    assert (ana.role, ana.team_name, ana.manager_id) == ("manager", "South", None)
    everyone = at.dataframe[0].value
    assert everyone.set_index("email").loc["ana@example.com", "team"] == "South"
    log = at.dataframe[-1].value
    assert log.iloc[0]["person"] == "Ana" and log.iloc[0]["by"] == "Admin"
    assert log.iloc[0]["what"].startswith("role: trainee → manager")


def test_deactivating_stops_the_login_and_reactivating_brings_it_back(app, people_page, org):
    at = people_page
    at.selectbox(key="manage_person").select(org["ana"].id)
    at = press(ok(at.run()), "Deactivate Ana")
    assert successes(at) == ["Ana is deactivated."]
    assert at.dataframe[0].value.set_index("email").loc["ana@example.com", "status"] == "deactivated"
    refused = log_in(ok(app().run()), "ana@example.com")
    assert any("deactivated" in e for e in errors(refused)) and refused.title[0].value == "Frontline"
    at = press(at, "Reactivate Ana")
    assert successes(at) == ["Ana is active again: they can log in."]
    assert log_in(ok(app().run()), "ana@example.com").title[0].value == "Practice"


def test_setting_a_password_for_someone(app, people_page, app_repo, org):
    at = people_page
    at.selectbox(key="manage_person").select(org["ana"].id)
    ok(at.run())
    at.text_input(key=f"password_{org['ana'].id}").input("a brand new secret")
    at = press(at, "Set the password")
    assert successes(at) == ["Password set for Ana; any lock on the account is lifted."]
    assert at.text_input(key=f"password_{org['ana'].id}").value == ""
    assert app_repo.accounts.authenticate("ana@example.com", "a brand new secret").id == org["ana"].id


def test_the_last_admin_cannot_demote_or_deactivate_themselves(people_page, app_repo, org):
    at = people_page
    at.selectbox(key="manage_person").select(org["admin"].id)
    ok(at.run())
    at.selectbox(key=f"edit_{org['admin'].id}_role").select("trainer")
    at = press(at, "Save the changes")
    assert any("last active admin" in e for e in errors(at))
    at = press(at, "Deactivate Admin")
    assert any("last active admin" in e for e in errors(at))
    assert app_repo.accounts.find_user("admin@example.com").role == "admin"


def test_a_manager_sees_a_deactivated_report_marked_as_such(app, app_repo, org):
    app_repo.people.set_active(org["ana"].id, False, by=org["admin"])
    at = open_page(log_in(ok(app().run()), "north@example.com"), "pages/team.py")
    assert any(o.endswith(", deactivated)") and o.startswith("Ana") for o in at.selectbox(key="person_choice").options)


def test_an_admin_who_steps_down_loses_the_people_page_at_once(people_page, app_repo, org):
    app_repo.accounts.create_user("second@example.com", "Second Admin", "admin", PASSWORD)
    at = people_page
    at.selectbox(key="manage_person").select(org["admin"].id)
    ok(at.run())
    at.selectbox(key=f"edit_{org['admin'].id}_role").select("trainer")
    at = press(at, "Save the changes")
    assert app_repo.accounts.find_user("admin@example.com").role == "trainer"
    assert any("Logged in as Admin (trainer)" in c.value for c in at.sidebar.caption)
    assert "People" not in [p["page_name"] for p in at._registered_pages.values()]
    assert at.title[0].value == "Practice"  # the page they were on is not theirs any more


def test_an_admin_who_deactivates_themselves_is_logged_out(people_page, app_repo, org):
    app_repo.accounts.create_user("second@example.com", "Second Admin", "admin", PASSWORD)
    at = people_page
    at.selectbox(key="manage_person").select(org["admin"].id)
    at = press(ok(at.run()), "Deactivate Admin")
    assert at.title[0].value == "Frontline" and at.text_input(key="login_email")
