"""`python -m trainer score`: JSONL in, one JSONL line out per input line, bad lines reported."""

import contextlib
import io
import itertools
import json
import shutil
import sys

import pytest

from trainer.cli import main
from trainer.cli.score import score_lines
from trainer.scoring.rules import RuleScorer

from .conftest import CORE


@pytest.fixture
def library(tmp_path):
    (tmp_path / "rubrics").mkdir()
    shutil.copy(CORE, tmp_path / "rubrics" / "core.yaml")
    return tmp_path


def run(capsys, library, *args, stdin: str | None = None):
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
    try:
        code = main(["score", "--library", str(library), *args])
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_scores_every_line_in_order(capsys, library, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in [
        {"id": "a", "reply": "Calm down, sir"},
        {"id": 2, "reply": "對不起，給您添麻煩了"},
        {"id": "c", "reply": "ببخشید، تا فردا پیگیری می‌کنم", "context": "کجاست سفارشم؟"},
        {"id": "d", "reply": "Thanks Ms Lee", "context": {"customer_names": ["Ms Lee"]}, "language": "en"},
    ]) + "\n\n", encoding="utf-8")
    code, lines, _ = run(capsys, library, "--rubric", "core", "--jsonl", str(source))
    assert code == 0
    assert [x["id"] for x in lines] == ["a", 2, "c", "d"]
    assert [x["language"] for x in lines] == ["en", "zh", "fa", "en"]
    first = lines[0]
    assert set(first) >= {"id", "total", "passed", "criteria"}
    assert first["criteria"]["no_blame"] == {
        "score": 0.0, "max": 2, "evidence": [{"start": 0, "end": 9, "text": "Calm down"}],
        "reason": first["criteria"]["no_blame"]["reason"], "graded": True,
    }
    assert first["passed"] is False and first["critical_failure"] == "no_blame"
    assert lines[2]["criteria"]["next_step"]["score"] == 2
    assert lines[3]["criteria"]["courtesy"]["score"] == 2


def test_bad_lines_get_an_error_line_and_the_run_goes_on(capsys, library):
    stdin = "\n".join([
        "not json",
        json.dumps({"id": 1}),
        json.dumps([1, 2]),
        json.dumps({"id": 2, "reply": "hi", "language": "de"}),
        json.dumps({"id": 3, "reply": "hi", "context": {"response_seconds": "soon"}}),
        json.dumps({"id": 4, "reply": "hi", "context": 5}),
        json.dumps({"id": 5, "reply": "Sorry!"}),
    ])
    code, lines, _ = run(capsys, library, "--rubric", "core", "--jsonl", "-", stdin=stdin)
    assert code == 0
    assert [x.get("id") for x in lines] == [None, 1, None, 2, 3, 4, 5]
    assert all("error" in x for x in lines[:6])
    assert "line 1" in lines[0]["error"] and "reply" in lines[1]["error"]
    assert lines[6]["criteria"]["apology"]["score"] == 1


def test_language_flag_applies_to_lines_without_their_own(capsys, library):
    stdin = json.dumps({"id": 1, "reply": "ok"}) + "\n" + json.dumps({"id": 2, "reply": "ok", "language": "en"})
    _, lines, _ = run(capsys, library, "--rubric", "core", "--language", "fa", "--jsonl", "-", stdin=stdin)
    assert [x["language"] for x in lines] == ["fa", "en"]


def test_unknown_rubric_is_an_error_with_a_suggestion(capsys, library):
    code, lines, err = run(capsys, library, "--rubric", "cor", "--jsonl", "-", stdin="")
    assert code == 2 and not lines
    assert "core" in err


def test_an_invalid_rubric_stops_the_run(capsys, library):
    (library / "rubrics" / "broken.yaml").write_text("id: broken\ntitle: B\ncriteria:\n  - id: x\n    type: nope\n")
    code, lines, err = run(capsys, library, "--rubric", "broken", "--jsonl", "-", stdin='{"id":1,"reply":"x"}')
    assert code == 2 and not lines
    assert "broken.yaml" in err


def _phrases_rubric(rubric_id: str, phrase: str, extends: str | None = None) -> str:
    parent = f"extends: {extends}\n" if extends else ""
    return (f"id: {rubric_id}\ntitle: T\n{parent}criteria:\n  - id: c_{rubric_id}\n    label: L\n    type: phrases\n"
            f"    max_points: 2\n    levels:\n      - points: 2\n        phrases: {{en: ['{phrase}']}}\n")


@pytest.mark.parametrize(("broken", "stops"), [("mine", True), ("parent", True), ("other", False)])
def test_a_phrase_problem_stops_the_run_only_in_the_rubric_used_or_one_it_extends(capsys, library, broken, stops):
    rubrics = library / "rubrics"
    bad = "sorry for the (delay"  # unbalanced parentheses
    rubrics.joinpath("parent.yaml").write_text(_phrases_rubric("parent", bad if broken == "parent" else "sorry"))
    rubrics.joinpath("mine.yaml").write_text(_phrases_rubric("mine", bad if broken == "mine" else "thanks", "parent"))
    rubrics.joinpath("other.yaml").write_text(_phrases_rubric("other", bad if broken == "other" else "hello"))
    stdin = '{"id": 1, "reply": "sorry, thanks"}'
    code, lines, err = run(capsys, library, "--rubric", "mine", "--jsonl", "-", stdin=stdin)
    if stops:
        assert code == 2 and not lines
        assert f"{broken}.yaml" in err
        assert ("unbalanced parentheses" if broken == "mine" else "problems of its own") in err
    else:
        assert code == 0
        assert lines[0]["criteria"]["c_parent"]["score"] == 2 and lines[0]["criteria"]["c_mine"]["score"] == 2


def test_standard_output_replaced_by_text_still_gets_every_line(library):
    sys.stdin = io.TextIOWrapper(io.BytesIO('{"id": 1, "reply": "Sorry"}\n{"id": 2, "reply": "متاسفم"}'.encode()))
    text = io.StringIO()
    try:
        with contextlib.redirect_stdout(text):
            code = main(["score", "--library", str(library), "--rubric", "core", "--jsonl", "-"])
    finally:
        sys.stdin = sys.__stdin__
    assert code == 0
    assert [json.loads(line)["language"] for line in text.getvalue().splitlines()] == ["en", "fa"]


def test_a_rubric_declared_twice_is_checked_with_the_parents_of_both(capsys, library):
    rubrics = library / "rubrics"
    rubrics.joinpath("a_mine.yaml").write_text(_phrases_rubric("mine", "thanks", "p1"))
    rubrics.joinpath("b_mine.yaml").write_text(_phrases_rubric("mine", "thanks", "p2"))
    rubrics.joinpath("p1.yaml").write_text(_phrases_rubric("p1", "sorry for the (delay"))
    rubrics.joinpath("p2.yaml").write_text(_phrases_rubric("p2", "sorry"))
    code, lines, err = run(capsys, library, "--rubric", "mine", "--jsonl", "-", stdin='{"id": 1, "reply": "x"}')
    assert code == 2 and not lines and "mine" in err


def test_an_output_file_that_cannot_be_written_is_an_error(capsys, library, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "reply": "sorry"}\n')
    code, _, err = run(capsys, library, "--rubric", "core", "--jsonl", str(source), "-o", str(tmp_path / "no" / "out"))
    assert code == 2 and "--output" in err


def test_missing_input_file_is_an_error(capsys, library, tmp_path):
    code, _, err = run(capsys, library, "--rubric", "core", "--jsonl", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "--jsonl" in err


def test_output_file(capsys, library, tmp_path):
    target = tmp_path / "out.jsonl"
    code, lines, _ = run(capsys, library, "--rubric", "core", "--jsonl", "-", "-o", str(target),
                         stdin='{"id":1,"reply":"Sorry"}')
    assert code == 0 and not lines
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == 1


def test_lines_stream_one_at_a_time(core):
    endless = itertools.cycle([b'{"id": 1, "reply": "Sorry for the wait"}\n'])
    first = list(itertools.islice(score_lines(endless, core, RuleScorer()), 3))
    assert len(first) == 3 and all(json.loads(x)["criteria"]["apology"]["score"] == 2 for x in first)


def test_undecodable_bytes_and_lone_surrogates_still_give_valid_lines(core):
    lines = list(score_lines([b'{"id": 1, "reply": "\xff\xfe sorry"}', '{"id": 2, "reply": "\\udc80 sorry"}',
                              b'{"id": 3, "reply": "\\ud800 sorry"}', b'{"id": "\\udc80", "reply": "sorry"}'],
                             core, RuleScorer()))
    assert len(lines) == 4
    for line in lines:
        line.encode("utf-8")
        assert json.loads(line)["criteria"]["apology"]["score"] == 1


@pytest.mark.parametrize("text", ['{"id": 1, "reply": "a"}\n', ' {"id": 1}', '{"id": 1} x', '{"id": 1}\x0b', "[1, 2]",
                                  "nope", '{"a": NaN}', '"s"', '{"id": 1}\r\n', "", '{"a": [' * 5000, '{"a": 1,}'])
def test_a_line_is_read_exactly_as_json_loads_reads_it(text):
    from trainer.cli.score import _loads

    def read(load):
        try:
            return "ok", load(text)
        except ValueError as e:
            return type(e).__name__, str(e)
        except RecursionError:  # its words depend on how deep the stack already was
            return "RecursionError", ""

    assert read(_loads) == read(json.loads)
