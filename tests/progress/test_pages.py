"""The program pages in the app: who gets which page, my assignments and certificate, compliance for
a manager (their team only) and an admin, the team overview, and creating a program from the form."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from tests.app.drive import PASSWORD, log_in, markdown, ok, open_page, press
from trainer.cycles import ProgramSpec
from trainer.practice.attempt import LiveAttempt


@pytest.fixture
def org(app_repo, app_services):
    add = app_repo.accounts.create_user
    people = {
        "admin": add("admin@example.com", "Admin", "admin", PASSWORD),
        "trainer": add("trainer@example.com", "Tess Trainer", "trainer", PASSWORD),
        "north": add("north@example.com", "Nora North", "manager", PASSWORD, team="North"),
        "south": add("south@example.com", "Sam South", "manager", PASSWORD, team="South"),
        "ana": add("ana@example.com", "Ana", "trainee", PASSWORD, team="North", manager_email="north@example.com"),
        "carla": add("carla@example.com", "Carla", "trainee", PASSWORD, team="South"),
    }
    today = datetime.now(UTC).date()
    app_repo.programs.create_program(ProgramSpec(
        name="Hold music basics", scenario_ids=["app-hold"], pass_mark=50, recurrence="none",
        opens_on=date(2020, 1, 1), due_on=date(today.year + 1, 12, 31), roles=["trainee"]))
    return people


def finished_call(services, user) -> None:
    live = LiveAttempt.begin(services.catalog, services.scorer, services.store, user, "app-hold", seed=3)
    live.reply("I understand, I'm sorry about the wait.", 5)
    live.reply("I'll call you back by 5 pm today.", 5)
    assert live.finished


def titles(at) -> list[str]:
    return [p["page_name"] for p in at._registered_pages.values()]


@pytest.mark.parametrize(("who", "has", "lacks"), [
    ("ana", ["My assignments", "Certificates"], ["Program compliance", "Programs"]),
    ("north", ["My assignments", "Program compliance"], ["Programs"]),
    ("trainer", ["Program compliance", "Programs"], []),
])
def test_program_pages_by_role(app, org, who, has, lacks):
    at = log_in(ok(app().run()), org[who].email)
    assert set(has) <= set(titles(at)) and not set(lacks) & set(titles(at))


def test_a_trainee_sees_the_assignment_then_the_certificate(app, org, app_services):
    at = open_page(log_in(ok(app().run()), "ana@example.com"), "pages/assignments.py")
    assert any("Hold music basics" in m for m in [s.value for s in at.subheader])
    assert "0 of 1 required scenarios passed" in at.get("progress")[0].proto.text
    finished_call(app_services, org["ana"])
    at = open_page(at, "pages/assignments.py")
    assert any("Completed" in m for m in markdown(at))
    at = open_page(at, "pages/certificates.py")
    assert not any(i.value.startswith("No certificates") for i in at.info)


def test_compliance_for_a_manager_shows_only_their_team(app, org, app_services):
    finished_call(app_services, org["carla"])
    app_services.store.programs.sync_programs()
    at = open_page(log_in(ok(app().run()), "north@example.com"), "pages/compliance.py")
    assert [m.value for m in at.metric][:2] == ["1", "0"]  # assigned: Ana only; nobody in North completed
    at = open_page(log_in(ok(app().run()), "admin@example.com"), "pages/compliance.py")
    assert [m.value for m in at.metric][:2] == ["2", "1"]
    at.segmented_control(key=f"only_1_{app_services.store.programs.current_cycle(1).id}").set_value("completed")
    ok(at.run())
    assert list(at.dataframe[0].value["name"]) == ["Carla"]


def test_the_team_overview_draws_for_a_manager(app, org, app_services):
    finished_call(app_services, org["ana"])
    at = open_page(log_in(ok(app().run()), "north@example.com"), "pages/team.py")
    assert any(s.value.startswith("Average per criterion") for s in at.subheader)
    assert at.get("progress"), "the program's completion bar"


def test_a_trainer_creates_a_program_from_the_form(app, org, app_services):
    at = open_page(log_in(ok(app().run()), "trainer@example.com"), "pages/programs.py")
    at.text_input[0].input("2028 manager rotation")
    at.multiselect[0].select("app-hold")
    at = press(at, "Save the program")
    assert any("Saved 2028 manager rotation" in s.value for s in at.success)
    assert [p.name for p in app_services.store.programs.list_programs()] == [
        "2028 manager rotation",
        "Hold music basics",
    ]


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


def test_a_first_attempt_reads_as_words_not_a_dot(app, org, app_services):
    finished_call(app_services, org["ana"])
    at = open_page(log_in(ok(app().run()), "ana@example.com"), "pages/progress.py")
    said = [c.replace("\\", "") for c in captions(at)]  # markdown-escaped: the title has HTML in it
    assert any(c.startswith("1 attempt so far (The caller on hold (<b>test</b>)") and "/100" in c for c in said), said
    assert any(c.startswith("1 attempt so far, all in the week of") for c in said), said
    # no scatter or line chart of one point, only the bars of that week's averages per criterion
    drawn = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    marks = {layer["mark"]["type"] for spec in drawn for layer in spec.get("layer", [spec])}
    assert drawn and marks == {"bar", "text"}, marks


def test_the_team_overview_with_one_week_of_results_says_so(app, org, app_services):
    finished_call(app_services, org["ana"])
    at = open_page(log_in(ok(app().run()), "north@example.com"), "pages/team.py")
    assert any(c.startswith("1 attempt so far, all in the week of") for c in captions(at)), captions(at)
    assert [s.value for s in at.header][:3] == ["Who is behind", "On what", "Since when"]
