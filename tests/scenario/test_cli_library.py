"""`python -m trainer validate` and `schema`, through `trainer.cli.main` and once as a real process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.scenario.library import SCENARIO, replace_line, write_library
from trainer.cli import main
from trainer.cli.library import SCHEMA_DIR, schema_text
from trainer.config import ROOT
from trainer.scenario.schema import json_schema


def test_validate_a_clean_folder_exits_0_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_library(tmp_path)
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "OK: 1 scenarios, 1 rubrics\n"


def test_validate_prints_one_problem_per_line_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_library(tmp_path, {"en/a.yaml": replace_line(SCENARIO, 5, "channel: fax"), "en/b.yaml": "id: [\n"})
    assert main(["validate", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{tmp_path}/en/a.yaml:5: channel: 'fax' is not allowed here; use 'phone', 'chat', "
                        "'email' or 'social'")
    assert lines[1].startswith(f"{tmp_path}/en/b.yaml:2: YAML syntax error:")
    assert lines[2] == "2 problem(s) in 2 file(s); loaded 1 scenarios, 1 rubrics"


def test_validate_defaults_to_the_configured_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    write_library(tmp_path, {"en/big.yaml": SCENARIO.replace("hold-music", "big") + "#" * 3000 + "\n"})
    monkeypatch.setenv("TRAINER_SCENARIOS_DIR", str(tmp_path))
    monkeypatch.setenv("TRAINER_MAX_FILE_KB", "2")
    assert main(["validate"]) == 1
    assert "big.yaml: the file is 3 KiB, over the 2 KiB limit" in capsys.readouterr().out


def test_validate_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_library(tmp_path, {"en/a.yaml": replace_line(SCENARIO, 7, "rubric: basik")})
    assert main(["validate", "--json", str(tmp_path)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["scenarios"] == ["other-caller"]
    assert report["problems"][0]["line"] == 7 and report["problems"][0]["loc"] == "rubric"


@pytest.mark.parametrize("kind", ["scenario", "rubric"])
def test_schema_prints_the_json_schema(kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", kind]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema(kind)


@pytest.mark.parametrize("kind", ["scenario", "rubric"])
def test_committed_schema_files_are_current(kind: str) -> None:
    committed = SCHEMA_DIR / f"{kind}.schema.json"
    assert committed.read_text(encoding="utf-8") == schema_text(kind), (
        "scenarios/schema/ is out of date: run `python -m trainer schema --write`")


def test_schema_write_into_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--write", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rubric.schema.json", "scenario.schema.json"]
    assert json.loads((tmp_path / "rubric.schema.json").read_text(encoding="utf-8"))["title"] == "Frontline rubric"


def test_validate_as_a_real_process(tmp_path: Path) -> None:
    write_library(tmp_path, {"en/a.yaml": replace_line(SCENARIO, 10, "  mod: 6")})
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "trainer", "validate", str(tmp_path)], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    assert f"{tmp_path}/en/a.yaml:10: persona.mod: unknown key 'mod'; did you mean 'mood'?" in done.stdout
    assert "Traceback" not in done.stderr


def test_validating_one_file_reads_the_library_rubrics_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write_library(tmp_path)
    monkeypatch.setenv("TRAINER_SCENARIOS_DIR", str(tmp_path))
    scenario = next(p for p in tmp_path.rglob("*.yaml") if "rubrics" not in p.parts)
    assert main(["validate", str(scenario)]) == 0
    assert capsys.readouterr().out == "OK: 1 scenarios, 1 rubrics\n"
