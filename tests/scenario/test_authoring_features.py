"""Step definitions for `tests/features/authoring/*.feature`: validating a library as a trainer does."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.scenario.library import OTHER, SCENARIO, insert_line, replace_line, write_library
from trainer.cli import main
from trainer.scenario.catalog import Catalog

scenarios("authoring")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_library(tmp_path / "library")


def _write(folder: Path, name: str, body: str | bytes) -> None:
    write_library(folder, {f"en/{name}": body})


@given("a scenario folder with no mistakes")
def clean_folder(folder: Path) -> None:
    _write(folder, "hold.yaml", SCENARIO)


@given(parsers.parse('a scenario folder where "{name}" has the unknown key "{key}" in the persona on line {line:d}'))
def unknown_key(folder: Path, name: str, key: str, line: int) -> None:
    assert SCENARIO.splitlines()[line - 1].startswith("  mood:"), "the persona's mood is on this line"
    _write(folder, name, replace_line(SCENARIO, line, f"  {key}: 6"))


@given(parsers.parse('a scenario folder where "{name}" sends the first branch to the missing step "{step}" '
                     "on line {line:d}"))
def missing_step(folder: Path, name: str, step: str, line: int) -> None:
    assert SCENARIO.splitlines()[line - 1].strip().startswith("goto:")
    _write(folder, name, replace_line(SCENARIO, line, f"        goto: {step}"))


@given(parsers.parse('"{name}" names the rubric "{rubric}" on line {line:d}'))
def unknown_rubric(folder: Path, name: str, rubric: str, line: int) -> None:
    body = SCENARIO.replace("id: hold-music", f"id: {Path(name).stem}", 1)
    _write(folder, name, replace_line(body, line, f"rubric: {rubric}"))


@given(parsers.parse('a scenario folder where "{name}" is a binary file'))
def binary_file(folder: Path, name: str) -> None:
    _write(folder, name, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")


@when("I validate the folder", target_fixture="outcome")
def validate(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["validate", str(folder)])
    out = capsys.readouterr().out.replace(f"{folder}/en/", "")
    return code, out.splitlines()


@then(parsers.parse('I see "{text}"'))
def i_see(outcome: tuple[int, list[str]], text: str) -> None:
    assert any(line.startswith(text) for line in outcome[1]), "\n".join(outcome[1])


@then("the validation fails")
def fails(outcome: tuple[int, list[str]]) -> None:
    assert outcome[0] == 1


@then("the validation passes")
def passes(outcome: tuple[int, list[str]]) -> None:
    assert outcome[0] == 0, "\n".join(outcome[1])


@then(parsers.parse('the scenario "{scenario_id}" still loads'))
def still_loads(folder: Path, scenario_id: str) -> None:
    assert OTHER.startswith(f"id: {scenario_id}\n")
    assert scenario_id in Catalog.load(folder).scenarios


@given(
    parsers.parse('a scenario folder where the first step of "{name}" names the criteria "{names}" on line {line:d}')
)
def first_step_criteria(folder: Path, name: str, names: str, line: int) -> None:
    assert SCENARIO.splitlines()[line - 1].strip().startswith("model_answer:"), "the first step's answer is here"
    _write(folder, name, insert_line(SCENARIO, line, f"    criteria: [{names}]"))


@given(parsers.parse('a scenario folder where every step of "{name}" names only the criterion "{criterion}"'))
def every_step_names(folder: Path, name: str, criterion: str) -> None:
    lines = SCENARIO.splitlines()
    answers = [n for n, text in enumerate(lines, 1) if text.strip().startswith("model_answer:")]
    body = SCENARIO
    for shift, line in enumerate(answers):
        body = insert_line(body, line + shift, f"    criteria: [{criterion}]")
    _write(folder, name, body)
