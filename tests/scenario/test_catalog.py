"""The catalog's interface: lookups with suggestions, flattened rubrics, versions, sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenario.library import RUBRIC, SCENARIO, write_library
from trainer.errors import LoadError, UnknownIdError
from trainer.scenario.catalog import Catalog
from trainer.scenario.loader import parse_text

CHILD = """\
id: child
title: Child rubric
extends: basic
criteria:
  - id: empathy
    label: Empathy, stricter
    type: phrases
    max_points: 4
    levels:
      - points: 4
        phrases:
          en: [I am so sorry]
  - id: name
    label: Uses the name
    type: uses_name
"""
GRANDCHILD = "id: grandchild\ntitle: Grandchild\nextends: child\npass_mark: 90\n"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path, {
        "en/hold.yaml": SCENARIO,
        "en/strict.yml": SCENARIO.replace("id: hold-music", "id: strict-caller").replace(
            "rubric: basic", "rubric: grandchild"),
        "rubrics/child.yaml": CHILD,
        "rubrics/more/grandchild.yaml": GRANDCHILD,
        ".drafts/ignored.yaml": "not: [valid",
    })


def test_a_clean_library_loads_everything(library: Path) -> None:
    catalog = Catalog.load(library)
    assert catalog.problems == []
    assert sorted(catalog.scenarios) == ["hold-music", "other-caller", "strict-caller"]
    assert sorted(catalog.rubrics) == ["basic", "child", "grandchild"]
    catalog.raise_for_problems()


def test_extends_is_flattened_inherited_first_same_id_replaced(library: Path) -> None:
    catalog = Catalog.load(library)
    child, grandchild = catalog.rubric("child"), catalog.rubric("grandchild")
    assert [c.id for c in child.criteria] == ["empathy", "next_step", "name"]
    assert child.criterion("empathy").max_points == 4
    assert child.pass_mark == 60  # inherited from basic
    assert [c.id for c in grandchild.criteria] == ["empathy", "next_step", "name"]
    assert grandchild.pass_mark == 90


def test_pass_mark_defaults_to_70(tmp_path: Path) -> None:
    write_library(tmp_path, {"rubrics/basic.yaml": RUBRIC.replace("pass_mark: 60\n", "")})
    assert Catalog.load(tmp_path).rubric("basic").pass_mark == 70


def test_unknown_ids_raise_with_close_matches(library: Path) -> None:
    catalog = Catalog.load(library)
    with pytest.raises(UnknownIdError) as info:
        catalog.scenario("hold-musik")
    assert info.value.suggestions == ["hold-music"]
    assert "Did you mean 'hold-music'?" in str(info.value)
    with pytest.raises(UnknownIdError):
        catalog.rubric("grandkid")
    assert catalog.rubric_for(catalog.scenario("strict-caller")).id == "grandchild"


def test_source_names_the_file(library: Path) -> None:
    catalog = Catalog.load(library)
    assert catalog.source("strict-caller") == library / "en" / "strict.yml"
    assert catalog.source("grandchild") == library / "rubrics" / "more" / "grandchild.yaml"
    with pytest.raises(UnknownIdError):
        catalog.source("nope")


def test_version_follows_the_scenario_and_its_rubric_chain_only(library: Path) -> None:
    before = Catalog.load(library)
    assert len(before.version("strict-caller")) == 12
    assert before.version("strict-caller") == Catalog.load(library).version("strict-caller")

    (library / "rubrics" / "child.yaml").write_text(CHILD + "description: now with a note\n", encoding="utf-8")
    after = Catalog.load(library)
    assert after.version("strict-caller") != before.version("strict-caller")  # grandchild extends child
    assert after.version("hold-music") == before.version("hold-music")  # basic did not change

    (library / "en" / "hold.yaml").write_text(SCENARIO + "# a comment\n", encoding="utf-8")
    assert Catalog.load(library).version("hold-music") != before.version("hold-music")


def test_raise_for_problems_carries_them_all(tmp_path: Path) -> None:
    write_library(tmp_path, {"en/a.yaml": "id: a\n", "en/b.yaml": "title: [\n"})
    catalog = Catalog.load(tmp_path, max_file_bytes=10_000)
    with pytest.raises(LoadError) as info:
        catalog.raise_for_problems()
    assert {Path(p.path).name for p in info.value.problems} == {"a.yaml", "b.yaml"}
    assert str(info.value).count("\n") == len(info.value.problems) - 1


def test_files_and_missing_paths_can_be_given(tmp_path: Path) -> None:
    library = write_library(tmp_path)
    catalog = Catalog.load(library / "rubrics" / "basic.yaml", library / "en" / "other.yaml", tmp_path / "nope")
    assert sorted(catalog.scenarios) == ["other-caller"]
    assert [str(p) for p in catalog.problems] == [f"{tmp_path / 'nope'}: no such file or folder; check the path"]


def test_the_size_limit_is_a_parameter(tmp_path: Path) -> None:
    write_library(tmp_path)
    catalog = Catalog.load(tmp_path, max_file_bytes=200)
    assert catalog.scenarios == {}
    assert all("over the 200 bytes limit" in p.message for p in catalog.problems)


def test_parse_text_validates_unsaved_text() -> None:
    assert parse_text(SCENARIO, "scenario").model is not None
    broken = parse_text(SCENARIO.replace("language: en", "language: de"), "scenario", path="editor")
    assert [str(p) for p in broken.problems] == ["editor:4: language: 'de' is not allowed here; use 'en', "
                                                 "'fa' or 'zh'"]


def test_check_text_checks_an_unsaved_scenario_against_the_library(library: Path) -> None:
    catalog = Catalog.load(library)
    assert catalog.check_text(SCENARIO) == []
    problems = catalog.check_text(SCENARIO.replace("rubric: basic", "rubric: chlid"), path="editor.yaml")
    assert [str(p) for p in problems] == [
        "editor.yaml:7: rubric: no rubric with id 'chlid'; did you mean 'child'? (rubrics are read from "
        "folders named `rubrics`)"]
    assert catalog.check_text("id: r2\ntitle: R\nextends: basic\n", kind="rubric") == []
    assert catalog.check_text("id: [", kind="rubric")[0].message.startswith("YAML syntax error")


def test_check_text_reports_malformed_phrases_of_an_unsaved_rubric(library: Path) -> None:
    catalog = Catalog.load(library)
    text = ("id: r3\ntitle: R\nextends: basic\ncriteria:\n  - id: thanks\n    label: Thanks\n    type: phrases\n"
            "    levels:\n      - points: 2\n        phrases:\n          en: [thank you, 'sorry?']\n")
    problems = catalog.check_text(text, kind="rubric", path="editor.yaml")
    assert [(p.line, p.loc) for p in problems] == [(11, "criteria.0.levels.0.phrases.en.1")]
    assert "write `(sorry)?` for an optional word" in problems[0].message
