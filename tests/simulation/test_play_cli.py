"""`python -m trainer play`: in-process for each option, and once as a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from trainer.cli import main
from trainer.config import ROOT

RUDE = "Calm down, that's not my problem. It's company policy, read the terms and conditions.\n"


def play_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:
    code = main(["play", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_model_answers_pass_with_the_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = play_json(capsys, "angry-hold-music", "--model-answers")
    assert code == 0
    assert out["end_state"] == "resolved" and out["passed"] is True
    assert 0 <= out["score"] <= 100 and out["score"] >= out["pass_mark"]
    speakers = [t["speaker"] for t in out["transcript"]]
    assert speakers[0] == "customer" and speakers[1::2] == ["trainee"] * (len(speakers) // 2)
    assert len(out["mood"]) == len(out["turns"]) == len(speakers) // 2
    assert out["mood"][-1] < out["mood_start"]
    assert {"empathy", "apology", "no_blame", "next_step"} <= set(out["criteria"])
    assert all({"points", "max", "evidence", "tip", "model_answer"} <= set(c) for c in out["criteria"].values())


def test_rude_replies_from_a_file_do_not_pass(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    replies = tmp_path / "rude.txt"
    replies.write_text(RUDE * 10, encoding="utf-8")
    code, out = play_json(capsys, "angry-hold-music", "--replies", str(replies))
    assert code == 1
    assert out["passed"] is False and out["end_state"] != "resolved" and out["why_not_passed"]


def test_replies_from_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n" + RUDE))
    code, out = play_json(capsys, "bereaved-late-return", "--seed", "3")
    assert code == 1
    assert [t["text"] for t in out["transcript"] if t["speaker"] == "trainee"] == [RUDE.strip()]


def test_same_seed_same_transcript_other_seed_other_customer(capsys: pytest.CaptureFixture[str]) -> None:
    _, a = play_json(capsys, "public-complaint", "--model-answers", "--seed", "5")
    _, b = play_json(capsys, "public-complaint", "--model-answers", "--seed", "5")
    _, c = play_json(capsys, "public-complaint", "--model-answers", "--seed", "6")
    assert a == b
    assert a["customer"] != c["customer"]


def test_the_same_seed_and_day_is_the_same_customer_on_any_day(capsys: pytest.CaptureFixture[str]) -> None:
    _, first = play_json(capsys, "public-complaint", "--seed", "7", "--today", "2026-11-22", "--model-answers")
    _, again = play_json(capsys, "public-complaint", "--seed", "7", "--today", "2026-11-22", "--model-answers")
    _, later = play_json(capsys, "public-complaint", "--seed", "7", "--today", "2030-11-22", "--model-answers")
    assert first == again and first["today"] == "2026-11-22"
    said = " ".join(t["text"] for t in first["transcript"])
    assert "2026-07-13" in said and "2030-" in " ".join(t["text"] for t in later["transcript"])


def test_a_day_that_is_not_a_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["play", "public-complaint", "--today", "22/11/2026"])
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_readable_transcript_and_scorecard(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["play", "angry-hold-music", "--model-answers"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("angry-hold-music: Twenty minutes of hold music")
    assert " customer: " in text and "  trainee: " in text and "[mood 8 -> " in text
    assert "Call ended: resolved" in text and ": PASSED" in text

    replies = tmp_path / "one.txt"
    replies.write_text("I'm so sorry about the wait, I understand.\n", encoding="utf-8")
    assert main(["play", "angry-hold-music", "--replies", str(replies)]) == 1
    text = capsys.readouterr().out
    assert "the call had not ended" in text and "NOT PASSED" in text and "tip: " in text


def test_unknown_id_suggests_close_matches(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "angry-hold-musc", "--model-answers"]) == 2
    assert "Did you mean 'angry-hold-music'" in capsys.readouterr().err


def test_unreadable_replies_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["play", "angry-hold-music", "--replies", str(tmp_path / "missing.txt")]) == 2
    assert "Cannot read replies from" in capsys.readouterr().err


def test_real_subprocess() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "trainer", "play", "angry-hold-music", "--model-answers", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["end_state"] == "resolved" and out["passed"] is True


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_it_asks_for_each_reply_and_times_it(capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal("Calm down, it's not my fault you waited.\n"))
    assert main(["play", "angry-hold-music"]) == 1
    text = capsys.readouterr().out
    assert "trainee> " in text and "Call ended: hung_up after 1 reply" in text
