"""`python -m trainer rescore`: stored replies scored again with the current rubrics, on SQLite and
PostgreSQL. A demo organisation plays real attempts (every reply scored as the app scores it); then a
trainer changes the `core` rubric and rescores."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from trainer.cli import main, rescore
from trainer.config import ROOT
from trainer.store import open_repository
from trainer.store.rescoring import AS_PLAYED
from trainer.store.tables import (
    Attempt,
    AttemptCriterion,
    AttemptScoreRow,
    ReplyScoreRow,
    TeamCriterionWeek,
    Turn,
)


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "scenarios"
    shutil.copytree(ROOT / "scenarios", folder)
    return folder


@pytest.fixture
def cli(database_url, library, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("TRAINER_DATABASE_URL", database_url)
    monkeypatch.setenv("TRAINER_SCENARIOS_DIR", str(library))
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    assert run("demo", "--teams", "2", "--people", "4", "--attempts", "12", "--seed", "3", "--quiet")[0] == 0
    return run


def weigh_apology_three_times(library: Path) -> None:
    core = library / "rubrics" / "core.yaml"
    text = core.read_text(encoding="utf-8")
    old = "    weight: 1\n    max_points: 2\n    tip: Say what you are sorry for"
    assert old in text
    core.write_text(text.replace(old, old.replace("weight: 1", "weight: 3")), encoding="utf-8")


def snapshot(database_url: str) -> dict:
    from trainer.config import load_settings

    repo = open_repository(load_settings(), upgrade=False)
    try:
        with repo.engine.connect() as c:
            return {
                "attempts": {r.id: (r.score, r.passed, r.rubric_version) for r in c.execute(
                    select(Attempt.id, Attempt.score, Attempt.passed, Attempt.rubric_version)
                    .where(Attempt.state == "finished"))},
                "criteria": sorted(c.execute(select(AttemptCriterion.attempt_id, AttemptCriterion.criterion_id,
                                                    AttemptCriterion.score)).all()),
                "turns": sorted(c.execute(select(Turn.id, Turn.criteria)).all(), key=lambda t: t[0]),
                "reply_scores": c.scalar(select(func.count()).select_from(ReplyScoreRow)),
                "history": sorted(c.execute(select(AttemptScoreRow.attempt_id, AttemptScoreRow.rubric_version,
                                                   AttemptScoreRow.score)).all()),
                "rollup": sorted((r.team_id, str(r.week), r.criterion_id, round(r.ratio_sum, 6), r.results)
                                 for r in c.execute(select(TeamCriterionWeek))),
            }
    finally:
        repo.close()


def test_an_unchanged_library_changes_no_score_and_a_second_run_has_nothing_to_do(cli, database_url):
    before = snapshot(database_url)
    code, out, err = cli("rescore")
    assert code == 0, err
    assert "replies: " in out and ", 0 changed" in out.splitlines()[1]  # every reply's context was rebuilt exactly
    assert "attempts: " in out and ", 0 changed" in out.splitlines()[2]
    assert "rescoring [" in err  # the progress bar
    after = snapshot(database_url)
    assert {k: v[:2] for k, v in after["attempts"].items()} == {k: v[:2] for k, v in before["attempts"].items()}
    assert after["reply_scores"] == 0 and after["history"] == [] and after["rollup"] == before["rollup"]
    assert len({v[2] for v in after["attempts"].values()}) >= 1 and None not in {
        v[2] for v in after["attempts"].values()
    }
    code, out, _ = cli("rescore")
    assert code == 0 and "0 attempts to rescore" in out


def test_after_a_rubric_change_scores_move_the_earlier_ones_are_kept_and_dashboards_read_the_new(
        cli, database_url, library):
    before = snapshot(database_url)
    weigh_apology_three_times(library)

    code, out, _ = cli("rescore", "--rubric", "core", "--dry-run")
    assert code == 0 and "dry run: nothing saved" in out
    changed = int(out.splitlines()[1].split(" rescored, ")[1].split(" changed")[0].replace(",", ""))
    assert changed > 0 and "moved by" in out
    assert snapshot(database_url) == before  # nothing saved

    code, out, _ = cli("rescore", "--rubric", "core")
    assert code == 0 and f"{changed:,} changed" in out.splitlines()[1]
    after = snapshot(database_url)
    assert after["turns"] == before["turns"]  # the scores as played are kept
    assert after["reply_scores"] == changed  # one new row per reply whose score changed
    moved = [a for a in before["attempts"] if after["attempts"][a][0] != before["attempts"][a][0]]
    assert moved
    history = {(a, v): s for a, v, s in after["history"]}
    for a in moved:  # the earlier attempt score and the new one, both kept
        assert history[(a, AS_PLAYED)] == before["attempts"][a][0]
        assert history[(a, after["attempts"][a][2])] == after["attempts"][a][0]
    assert after["rollup"] == rollup_from_results(database_url)  # the team rollup follows attempt_criteria

    # the transcript shows each reply's newest score
    from trainer.config import load_settings
    repo = open_repository(load_settings(), upgrade=False)
    try:
        detail = repo.attempts.get_attempt(repo.accounts.find_user("admin@demo.example"), moved[0])
        with repo.engine.connect() as c:
            newest = dict(c.execute(select(ReplyScoreRow.turn_id, ReplyScoreRow.total)
                                    .where(ReplyScoreRow.attempt_id == moved[0])).all())
        shown = [t.criteria["total"] for t in detail.turns if t.speaker == "trainee" and t.criteria]
        assert set(newest.values()) <= set(shown)
    finally:
        repo.close()

    code, out, _ = cli("rescore", "--rubric", "core")
    assert "0 attempts to rescore" in out


def rollup_from_results(database_url: str) -> list:
    from trainer.config import load_settings
    from trainer.store import rollup
    from trainer.store.tables import User

    repo = open_repository(load_settings(), upgrade=False)
    try:
        with repo.engine.connect() as c:
            sums: dict = {}
            for r in c.execute(select(User.team_id, AttemptCriterion.ended_at, AttemptCriterion.criterion_id,
                                      AttemptCriterion.score, AttemptCriterion.max)
                               .join(User, User.id == AttemptCriterion.user_id).where(User.team_id.is_not(None))):
                key = (r.team_id, str(rollup.week_of(r.ended_at)), r.criterion_id)
                total, n = sums.get(key, (0.0, 0))
                sums[key] = (total + r.score / r.max, n + 1)
        return sorted((*k, round(v[0], 6), v[1]) for k, v in sums.items())
    finally:
        repo.close()


def test_an_interrupted_run_keeps_what_it_saved_and_the_next_run_carries_on(cli, database_url, library, monkeypatch):
    weigh_apology_three_times(library)
    _, full, _ = cli("rescore", "--dry-run")
    monkeypatch.setattr(rescore, "BATCH", 3)
    real, calls = rescore._batch, []

    def stop_on_third(ids):
        calls.append(ids)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(ids)

    monkeypatch.setattr(rescore, "_batch", stop_on_third)
    code, out, err = cli("rescore")
    assert code == 130 and "run the same command again" in err
    done = sum(len(ids) for ids in calls[:2])
    assert f"attempts: {done:,} rescored" in out
    monkeypatch.setattr(rescore, "_batch", real)
    code, out, _ = cli("rescore")
    assert code == 0
    total = int(full.split(", ")[1].split(" attempts")[0].replace(",", ""))
    assert f"{total - done:,} attempts to rescore" in out


def test_filters_and_workers(cli, database_url, library):
    weigh_apology_three_times(library)
    code, out, _ = cli("rescore", "--scenario", "angry-hold-music", "--dry-run")
    assert code == 0 and out.startswith("1 scenarios,")
    code, out, _ = cli("rescore", "--since", "2999-01-01", "--dry-run")
    assert "0 attempts to rescore" in out
    code, _, err = cli("rescore", "--rubric", "no-such-rubric")
    assert code == 2 and "no-such-rubric" in err
    if database_url.startswith("sqlite"):
        code, out, _ = cli("rescore", "--workers", "2")
        assert code == 0 and "changed" in out
        assert "0 attempts to rescore" in cli("rescore")[1]
