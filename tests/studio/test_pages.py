"""The studio pages under AppTest: who may open them, and what a trainer does there (browse, edit with
problems at their lines, save, resolve a conflict, create from the template, play-test without
recording, read analytics, calibrate)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.drive import PASSWORD, errors, log_in, markdown, ok, open_page, plain, press
from trainer import services as svc
from trainer.config import ROOT, Settings
from trainer.practice.attempt import LiveAttempt
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.store.studio_records import NewCalibrationItem
from trainer.ui import context as ctx

STUDIO = ["Scenario library", "Scenario editor", "Play-test", "Scenario analytics", "Calibration"]


@pytest.fixture
def studio_services(app_repo, tmp_path: Path, database_url: str):
    root = tmp_path / "scenarios"
    shutil.copytree(ROOT / "tests" / "app" / "library", root)
    settings = Settings.defaults(scenarios_dir=root, database_url=database_url)
    services = svc.Services(settings=settings, catalog=Catalog.load(root), scorer=RuleScorer(), store=app_repo)
    with svc.using(services):
        yield services


@pytest.fixture
def studio(studio_services, monkeypatch: pytest.MonkeyPatch):
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import app_test

    class NavigationPagesManager(PagesManager):  # as in tests/plugins/app.py
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            PagesManager.uses_pages_directory = False

    monkeypatch.setattr(app_test, "PagesManager", NavigationPagesManager)
    return lambda: AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=30)


@pytest.fixture
def team(app_repo):
    add = app_repo.accounts.create_user
    return {"trainer": add("trainer@example.com", "Tess Trainer", "trainer", PASSWORD),
            "admin": add("admin@example.com", "Admin", "admin", PASSWORD),
            "ana": add("ana@example.com", "Ana", "trainee", PASSWORD, team="North")}


def as_trainer(studio, page: str) -> AppTest:
    at = log_in(ok(studio().run()), "trainer@example.com")
    return open_page(at, page)


def play_test(studio, scenario_id: str = "app-hold") -> AppTest:
    at = as_trainer(studio, "pages/playtest.py")
    at.selectbox(key="playtest_scenario").select(scenario_id)
    return ok(at.run())


def nav_titles(at: AppTest) -> list[str]:
    return [p["page_name"] for p in at._registered_pages.values()]


# -- roles --------------------------------------------------------------------------------------------

def test_trainers_and_admins_get_the_studio_and_trainees_do_not(studio, team):
    for email in ("trainer@example.com", "admin@example.com"):
        assert set(STUDIO) <= set(nav_titles(log_in(ok(studio().run()), email)))
    assert not set(STUDIO) & set(nav_titles(log_in(ok(studio().run()), "ana@example.com")))


@pytest.mark.parametrize("page", ["library", "editor", "playtest", "scenario_analytics", "calibration"])
def test_a_trainee_opening_a_studio_page_directly_is_refused(studio_services, team, page):
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=30)
    at.session_state[ctx.SERVICES] = studio_services
    at.session_state[ctx.USER] = team["ana"]
    ok(at.run())
    assert errors(at) == ["This page is for trainer and admin accounts."]


# -- library ------------------------------------------------------------------------------------------

def test_the_library_lists_files_and_shows_a_broken_file_at_its_line(studio, studio_services, team):
    path = studio_services.settings.scenarios_dir / "en" / "app-hold.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("channel: phone", "channel: fax"), encoding="utf-8")
    studio_services.catalog = Catalog.load(studio_services.settings.scenarios_dir)
    at = as_trainer(studio, "pages/library.py")
    table = at.dataframe[0].value
    assert set(table["id"]) == {"app-hold", "app-fa", "app-basic"}
    assert table.set_index("id").loc["app-hold", "status"] == "has problems"
    assert any("en/app-hold.yaml" in m and "line 6" in m for m in markdown(at))
    assert any(">    6 | channel: fax" in c.value for c in at.code)
    at.text_input(key="library_search").input("app")
    ok(at.run())
    at.selectbox(key="library_language").select("fa")
    ok(at.run())
    assert list(at.dataframe[0].value["id"]) == ["app-fa"]


# -- editor -------------------------------------------------------------------------------------------

def open_in_editor(studio, path: Path) -> AppTest:
    at = as_trainer(studio, "pages/editor.py")
    at.selectbox(key="studio_file_choice").select(str(path))
    ok(at.run())
    return press(at, "Open this file")


def test_edit_see_the_problem_at_its_line_fix_it_and_save(studio, studio_services, app_repo, team):
    path = studio_services.settings.scenarios_dir / "en" / "app-hold.yaml"
    original = path.read_text(encoding="utf-8")
    at = open_in_editor(studio, path)
    assert at.text_area(key="studio_yaml").value == original
    at.text_area(key="studio_yaml").input(original.replace("difficulty: 2", "difficulty: 7"))
    ok(at.run())
    assert errors(at)[0] == "1 problem: fix it to save."
    assert "**line 7** · `difficulty`: must be less than or equal to 5 (got 7)" in markdown(at)
    assert at.button(key="studio_save").disabled
    fixed = original.replace("difficulty: 2", "difficulty: 4")
    at.text_area(key="studio_yaml").input(fixed)
    ok(at.run())
    assert not at.button(key="studio_save").disabled
    at = press(at, "Save")
    assert path.read_text(encoding="utf-8") == fixed
    assert "Saved en/app-hold.yaml: changed difficulty (+1 -1 lines). It is in the practice picker now." in \
        [plain(s.value) for s in at.success]
    [logged] = app_repo.studio.save_log(team["trainer"])
    assert (logged.user_name, logged.path, logged.scenario_id) == ("Tess Trainer", "en/app-hold.yaml", "app-hold")
    assert studio_services.catalog.scenario("app-hold").difficulty == 4


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(studio, studio_services, team):
    path = studio_services.settings.scenarios_dir / "en" / "app-hold.yaml"
    original = path.read_text(encoding="utf-8")
    at = open_in_editor(studio, path)
    path.write_text(original.replace("difficulty: 2", "difficulty: 3"), encoding="utf-8")  # someone else
    at.text_area(key="studio_yaml").input(original.replace("difficulty: 2", "difficulty: 5"))
    ok(at.run())
    at = press(at, "Save")
    assert any("changed by someone else since you opened it" in e for e in errors(at))
    assert "difficulty: 3" in path.read_text(encoding="utf-8")
    at = press(at, "Load the version on disk (copy your text first)")
    assert "difficulty: 3" in at.text_area(key="studio_yaml").value


def test_a_new_scenario_from_the_template_is_saved_and_can_be_practised(studio, studio_services, team):
    at = as_trainer(studio, "pages/editor.py")
    at.text_input(key="studio_new_title").input("The parcel that never came")
    at.selectbox(key="studio_new_rubric").select("app-basic")
    at = press(at, "Create from the template")
    assert "id: the-parcel-that-never-came" in at.text_area(key="studio_yaml").value
    assert not at.button(key="studio_save").disabled, errors(at)
    assert at.get("graphviz_chart"), "the step graph is drawn"
    at = press(at, "Save")
    saved = studio_services.settings.scenarios_dir / "en" / "the-parcel-that-never-came.yaml"
    assert saved.exists()
    assert "the-parcel-that-never-came" in studio_services.catalog.scenarios
    at = open_page(at, "pages/practice.py")
    assert "The parcel that never came · en · Chat · difficulty 2" in at.selectbox(key="scenario_choice").options


def test_quick_fields_change_only_their_lines(studio, studio_services, team):
    path = studio_services.settings.scenarios_dir / "en" / "app-hold.yaml"
    at = open_in_editor(studio, path)
    at.text_input(key="studio_field_title").input("Held too long")
    at = press(at, "Apply to the YAML")
    text = at.text_area(key="studio_yaml").value
    assert text.splitlines()[0].startswith("# Two steps")
    assert "title: Held too long" in text and path.read_text(encoding="utf-8") != text  # not saved yet


# -- play-test ----------------------------------------------------------------------------------------

def test_play_test_shows_the_branch_and_records_nothing(studio, app_repo, team):
    at = play_test(studio)
    at.chat_input(key="playtest_reply").set_value("I understand how frustrating that is. I'm sorry.")
    ok(at.run())
    captions = [c.value for c in at.caption]
    assert any("branch 2 (empathy ≥ 1, apology ≥ 1) → plan" in c for c in captions)
    at = press(at, "Use the model answer")
    assert any("The call ended: resolved" in i.value for i in at.info)
    assert app_repo.attempts.list_attempts(team["admin"]).items == []


def test_play_test_jumps_to_a_step_and_scores_a_reply_alone(studio, team):
    at = play_test(studio)
    at.selectbox(key="playtest_step").select("plan")
    at = press(at, "Start over at this step")
    assert at.chat_message[0].text[0].value == "Fine. So what happens now?"
    at.text_area(key="playtest_try_text").input("I understand. <b>I will</b> call you back by 5 pm.")
    at = press(at, "Score this reply")
    shown = [h.proto.body for h in at.get("html") if h.proto.body.startswith("<div class=\"fl-reply\"")]
    assert len(shown) == 1, shown
    shown = shown[0]
    assert "<mark" in shown and "empathy 2/2" in shown and "&lt;b&gt;" in shown


# -- analytics and calibration ------------------------------------------------------------------------

def test_analytics_for_a_scenario(studio, studio_services, team):
    live = LiveAttempt.begin(studio_services.catalog, studio_services.scorer, studio_services.store, team["ana"],
                             "app-hold", seed=3)
    live.reply("Calm down.", 5)
    at = as_trainer(studio, "pages/scenario_analytics.py")
    at.selectbox(key="analytics_scenario").select("app-hold")
    ok(at.run())
    assert [m.value for m in at.metric][:3] == ["1", "1", "0%"]  # "Calm down." is blame: the caller hung up
    lowest = at.dataframe[-1].value
    assert list(lowest["reply"]) == ["Calm down."] and list(lowest["person"]) == ["Person 1"]


def test_a_calibration_round_is_graded_and_agreement_reported(studio, studio_services, app_repo, team):
    rubric = studio_services.catalog.rubric("app-basic")
    from trainer.scoring.results import ReplyContext
    replies = ["I understand.", "Calm down.", "I hear you."]
    items = [NewCalibrationItem(reply=r, auto=RuleScorer().score(r, rubric, ReplyContext()).model_dump(mode="json"))
             for r in replies]
    app_repo.studio.create_round(team["trainer"], name="Round one", rubric_id="app-basic", source="upload", seed=1,
                                 items=items)
    at = as_trainer(studio, "pages/calibration.py")
    for _ in replies:
        item_id = int(next(r.key for r in at.radio if r.key and r.key.startswith("grade_")).split("_")[1])
        for radio in [r for r in at.radio if r.key and r.key.startswith(f"grade_{item_id}_")]:
            radio.set_value(2 if radio.key.endswith("empathy") and item_id != 2 else 0)
        at = press(at, "Save grades and go to the next reply")
    assert len(app_repo.studio.calibration_grades(team["trainer"], 1)) == 3 * 4  # four criteria each
    table = at.dataframe[0].value
    empathy = table[table["criterion"] == "Acknowledges feelings"].iloc[0]
    assert (empathy["replies"], empathy["same points"]) == (3, 2)
    assert "Disagreements" in " ".join(s.value for s in at.subheader)
    at = press(at, "Add as a Gherkin example")
    feature = studio_services.settings.scenarios_dir / "calibration" / "app-basic-en.feature"
    text = feature.read_text(encoding="utf-8")
    assert text.startswith("Feature: Calibration examples for the app-basic rubric (English)")
    assert '    When the trainee says "I hear you."\n    Then empathy scores 2\n' in text


def test_a_new_scenario_is_play_tested_before_it_is_saved(studio, studio_services, app_repo, team):
    at = as_trainer(studio, "pages/editor.py")
    at.text_input(key="studio_new_title").input("Parcel draft")
    at.selectbox(key="studio_new_rubric").select("app-basic")
    at = press(at, "Create from the template")
    at = press(at, "Play-test this version")
    at = open_page(at, "pages/playtest.py")  # AppTest's next run would go back to the page it was told to open
    assert at.selectbox(key="playtest_scenario").value == "(the editor's unsaved draft)"
    for _ in range(5):
        if any("The call ended" in i.value for i in at.info):
            break
        at = press(at, "Use the model answer")
    assert any("The call ended: resolved" in i.value for i in at.info)
    assert not (studio_services.settings.scenarios_dir / "en" / "parcel-draft.yaml").exists()
    assert app_repo.attempts.list_attempts(team["admin"]).items == []
    at = open_page(at, "pages/editor.py")
    at = press(at, "Save")
    assert (studio_services.settings.scenarios_dir / "en" / "parcel-draft.yaml").exists()
    assert "parcel-draft" in studio_services.catalog.scenarios


def test_play_test_lists_each_turn_beside_the_chat(studio, team):
    at = play_test(studio)
    at.chat_input(key="playtest_reply").set_value("I understand how frustrating that is. I'm sorry.")
    ok(at.run())
    turns = next(d.value for d in at.dataframe if "branch" in d.value.columns)
    assert list(turns["step"]) == ["vent"]
    assert list(turns["branch"]) == ["branch 2 (empathy ≥ 1, apology ≥ 1) → plan"]


def test_the_library_opens_a_file_in_the_editor(studio, studio_services, team):
    at = as_trainer(studio, "pages/library.py")
    path = studio_services.settings.scenarios_dir / "en" / "app-hold.yaml"
    at.selectbox(key="library_open_choice").select(str(path))
    at = press(at, "Open in the editor")
    at = open_page(at, "pages/editor.py")  # AppTest's next run would go back to the page it was told to open
    assert at.text_area(key="studio_yaml").value == path.read_text(encoding="utf-8")
