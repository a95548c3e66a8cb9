"""Step definitions for `tests/features/studio/*.feature`: editing, play-testing and calibrating as a
trainer does, through the studio's library functions (the pages call the same ones)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from trainer.errors import LoadError
from trainer.scenario.catalog import Catalog
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer
from trainer.store.studio_records import CalibrationItemRecord, GradeRecord
from trainer.studio import calibration, files, template
from trainer.studio.playtest import PlayTest, branch_words
from trainer.studio.roundtrip import set_values

scenarios("studio")


@pytest.fixture
def state() -> dict:
    return {}


# -- editing ----------------------------------------------------------------------------------------

@given(parsers.parse('the scenario "{scenario_id}" is open in the editor'))
def opened(state, library: Path, catalog, scenario_id: str) -> None:
    state["opened"] = files.open_file(catalog.source(scenario_id))
    state["text"] = state["opened"].text


@given(parsers.parse('a new scenario "{scenario_id}" from the template with the rubric "{rubric}"'))
def from_template(state, library: Path, scenario_id: str, rubric: str) -> None:
    text = template.new_scenario(scenario_id, "Late parcel", rubric=rubric)
    state["opened"] = files.new_file(template.path_for(library, scenario_id, "en"), text)
    state["text"] = text


@given(parsers.parse("someone else saves the same file with difficulty {level:d}"))
def someone_else(state, library: Path, catalog, level: int) -> None:
    theirs = files.open_file(Path(state["opened"].path))
    files.save(theirs, set_values(theirs.text, {"difficulty": level}), catalog, library)


@when(parsers.parse("I set the difficulty to {level:d}"))
def set_difficulty(state, level: int) -> None:
    state["text"] = set_values(state["text"], {"difficulty": level})


@when(parsers.parse('I replace "{old}" with "{new}"'))
def replace(state, old: str, new: str) -> None:
    state["text"] = state["text"].replace(old, new)


@when("I save")
def save(state, library: Path, catalog) -> None:
    try:
        state["saved"] = files.save(state["opened"], state["text"], catalog, library)
    except (LoadError, files.EditConflict) as e:
        state["refused"] = e


@then(parsers.parse('the file on disk says "{line}"'))
def on_disk(state, line: str) -> None:
    assert line in Path(state["opened"].path).read_text(encoding="utf-8").splitlines()


@then(parsers.parse('the file still starts with its comment "{comment}"'))
def comment_kept(state, comment: str) -> None:
    assert Path(state["opened"].path).read_text(encoding="utf-8").startswith(comment)


@then(parsers.parse('the save is summarised as "{summary}"'))
def summarised(state, summary: str) -> None:
    assert state["saved"].summary == summary


@then(parsers.parse('the save is refused with a problem at line {line:d} on "{loc}"'))
def refused_at(state, line: int, loc: str) -> None:
    error = state.get("refused")
    assert isinstance(error, LoadError)
    assert [(p.line, p.loc) for p in error.problems] == [(line, loc)]


@then("the save is refused because the file changed on disk")
def refused_conflict(state) -> None:
    assert isinstance(state.get("refused"), files.EditConflict)


@then(parsers.parse('the library has the scenario "{scenario_id}"'))
def in_library(library: Path, scenario_id: str) -> None:
    assert scenario_id in Catalog.load(library).scenarios


# -- play-testing -----------------------------------------------------------------------------------

@given(parsers.parse('a play-test of "{scenario_id}"'))
def play(state, catalog, scenario_id: str) -> None:
    scenario = catalog.scenario(scenario_id)
    state["play"] = PlayTest(scenario, catalog.rubric_for(scenario), RuleScorer(), seed=7)


@when(parsers.parse('I reply "{text}"'))
def reply(state, text: str) -> None:
    state["outcome"] = state["play"].reply(text)


@when(parsers.parse('I start over at the step "{step}"'))
def jump(state, step: str) -> None:
    state["play"].jump_to(step)


@when("I reply with the model answer")
def model_answer(state) -> None:
    state["outcome"] = state["play"].reply(state["play"].model_answer())


@then(parsers.parse('the call goes "{words}"'))
def goes(state, words: str) -> None:
    assert branch_words(state["play"].scenario, state["outcome"].branch) == words


@then(parsers.parse('the call ends "{end}"'))
def ends(state, end: str) -> None:
    assert state["outcome"].end_state == end


# -- calibrating ------------------------------------------------------------------------------------

@given(parsers.parse('replies graded by the scorer with the rubric "{rubric_id}"'))
def scored_replies(state, catalog, datatable, rubric_id: str) -> None:
    rubric = catalog.rubric(rubric_id)
    replies = [row[0] for row in datatable[1:]]
    state["rubric"] = rubric
    state["items"] = [CalibrationItemRecord(id=n + 1, round_id=1, position=n, reply=r,
                                            auto=RuleScorer().score(r, rubric, ReplyContext()).model_dump(mode="json"))
                      for n, r in enumerate(replies)]


@given(parsers.parse("{name} grades {criterion} as {points}"))
def grades(state, name: str, criterion: str, points: str) -> None:
    values = [float(p) for p in points.split(",")]
    state.setdefault("grades", []).extend(
        GradeRecord(item_id=n + 1, grader_id=1, grader_name=name, criterion_id=criterion, points=v)
        for n, v in enumerate(values))


@when("the agreement is computed")
def computed(state) -> None:
    state["report"] = calibration.report(state["rubric"], state["items"], state["grades"])


def _pair(state, criterion: str, name: str):
    return next(p for p in state["report"].scorer_vs_trainers if p.criterion_id == criterion and p.second == name)


@then(parsers.parse("for {criterion} the scorer and {name} agree on {exact:d} of {count:d} replies"))
def agree_on(state, criterion: str, name: str, exact: int, count: int) -> None:
    a = _pair(state, criterion, name).agreement
    assert (a.exact, a.count) == (exact, count)


@then(parsers.parse("the kappa for {criterion} is {value:f}"))
def kappa_is(state, criterion: str, value: float) -> None:
    [pair] = [p for p in state["report"].scorer_vs_trainers if p.criterion_id == criterion]
    assert pair.agreement.kappa == pytest.approx(value, abs=0.005)


@then(parsers.parse('the only disagreement is "{reply}" where the scorer gave {auto:d} and {name} gave {human:d}'))
def only_disagreement(state, reply: str, auto: int, name: str, human: int) -> None:
    [d] = state["report"].disagreements
    assert (d.reply, d.automatic, d.grader, d.human) == (reply, auto, name, human)


@then("there are no disagreements")
def no_disagreements(state) -> None:
    assert state["report"].disagreements == ()
