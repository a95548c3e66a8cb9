"""The demo organisation: real turns scored by the real scorer, programs with assignments, the same
organisation from the same seed, and an occupied database refused."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trainer.cli import main
from trainer.config import ROOT
from trainer.errors import StoreError
from trainer.progress import demo
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.store import Repository
from trainer.store.engine import make_engine


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(ROOT / "scenarios")


def open_repo(url: str, passwords) -> tuple[Repository, demo.Clock]:
    """A repository on the clock the demo moves through its history."""
    clock = demo.Clock(datetime(2027, 6, 1, 12, tzinfo=UTC))
    repo = Repository(make_engine(url), passwords=passwords, clock=clock)
    repo.upgrade()
    return repo, clock


def build(repo: Repository, clock: demo.Clock, catalog: Catalog, seed: int = 5) -> demo.DemoSummary:
    clock.now = datetime(2027, 6, 1, 12, tzinfo=UTC)
    return demo.build(repo, clock, catalog, RuleScorer(), teams=2, people=6, attempts=16, seed=seed)


def test_the_demo_fills_every_dashboard(database_url, fast_passwords, catalog):
    repo, clock = open_repo(database_url, fast_passwords)
    try:
        summary = build(repo, clock, catalog)
        admin = repo.accounts.find_user(summary.admin_email)
        assert summary.people == 10 and len(repo.accounts.list_teams(admin)) == 2
        rows = list(repo.exports.iter_export(admin))
        assert len(rows) == 16 and summary.finished == sum(r.state == "finished" for r in rows)
        finished = next(r for r in rows if r.state == "finished")
        assert finished.criteria and finished.score is not None
        detail = repo.attempts.get_attempt(admin, finished.attempt_id)
        trainee_turns = [t for t in detail.turns if t.speaker == "trainee"]
        assert trainee_turns and all(t.criteria and t.criteria["criteria"] for t in trainee_turns)
        assert detail.session_state is not None
        programs = repo.programs.list_programs()
        assert [p.name for p in programs] == ["2027 manager rotation", "Frontline essentials"]
        assert repo.programs.compliance(admin, programs[0].id).assigned == 2
        assert repo.programs.compliance(admin, programs[1].id).assigned == 6
        manager = next(u for u in repo.accounts.list_users(admin).items if u.role == "manager")
        assert {a.team_id for a in repo.attempts.list_attempts(manager, limit=500).items} <= {manager.team_id}
        with pytest.raises(StoreError, match="already has accounts"):
            build(repo, clock, catalog)
    finally:
        repo.close()


def test_the_same_seed_builds_the_same_organisation(tmp_path, fast_passwords, catalog):
    def scores(name: str, seed: int) -> list:
        repo, clock = open_repo(f"sqlite:///{tmp_path / name}", fast_passwords)
        try:
            build(repo, clock, catalog, seed)
            return [(r.user_email, r.scenario_id, r.score) for r in repo.exports.iter_export(None)]
        finally:
            repo.close()

    assert scores("a.db", 5) == scores("b.db", 5) != scores("c.db", 6)


def test_the_demo_command_says_how_to_log_in(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TRAINER_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--teams", "1", "--people", "2", "--attempts", "3", "--seed", "2"]) == 0
    out, err = capsys.readouterr()
    assert "3 attempts" in out and "frontline-demo" in out and "3/3" in err
    assert main(["demo", "--teams", "0"]) == 2
