"""A person's progress, aggregated in the database, and who may see it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trainer.errors import NotAllowedError
from trainer.store import CriterionTotal, Repository


def finish(repo: Repository, who, scenario: str, score: float, empathy: float, apology: float = 1):
    attempt = repo.attempts.start_attempt(who, scenario_id=scenario, scenario_version="v1", seed=1)
    return repo.attempts.finish_attempt(who, attempt.id, end_state="resolved", score=score, passed=score >= 70,
                                        criteria=[CriterionTotal(criterion_id="empathy", score=empathy, max=2),
                                                  CriterionTotal(criterion_id="apology", score=apology, max=4)])


@pytest.fixture
def history(repo: Repository, people, clock):
    # Monday 2 March 2026, 09:00 UTC; then Sunday 8 March 23:30; then Monday 9 March 00:30
    finish(repo, people.ana, "hold-music", 40, empathy=0)
    clock.advance(3600)
    finish(repo, people.ana, "hold-music", 80, empathy=2)
    clock.now = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)
    finish(repo, people.ana, "late-present", 90, empathy=1)
    clock.now = datetime(2026, 3, 9, 0, 30, tzinfo=UTC)
    finish(repo, people.ana, "hold-music", 60, empathy=2, apology=4)
    repo.attempts.start_attempt(people.ana, scenario_id="late-present", scenario_version="v1", seed=2)  # in progress
    finish(repo, people.ben, "hold-music", 100, empathy=2)


def test_weekly_trend_per_criterion(repo: Repository, people, history):
    points = repo.progress.criterion_trend(people.ana, people.ana.id, bucket="week")
    got = {(p.bucket.date().isoformat(), p.criterion_id): (p.average, p.attempts) for p in points}
    assert got == {
        ("2026-03-02", "apology"): (0.25, 3),
        ("2026-03-02", "empathy"): (0.5, 3),
        ("2026-03-09", "apology"): (1.0, 1),
        ("2026-03-09", "empathy"): (1.0, 1),
    }
    assert all(p.bucket.tzinfo is not None for p in points)


def test_daily_and_monthly_buckets(repo: Repository, people, history):
    days = {p.bucket.date().isoformat() for p in repo.progress.criterion_trend(people.ana, people.ana.id, bucket="day")}
    assert days == {"2026-03-02", "2026-03-08", "2026-03-09"}
    months = repo.progress.criterion_trend(people.ana, people.ana.id, bucket="month")
    assert {(p.bucket.date().isoformat(), p.attempts) for p in months} == {("2026-03-01", 4)}


def test_trend_time_range(repo: Repository, people, history):
    since = datetime(2026, 3, 8, tzinfo=UTC)
    points = repo.progress.criterion_trend(people.ana, people.ana.id, bucket="day", since=since)
    assert {p.bucket.date().isoformat() for p in points} == {"2026-03-08", "2026-03-09"}


def test_best_and_latest_per_scenario(repo: Repository, people, history):
    rows = {r.scenario_id: r for r in repo.progress.scenario_progress(people.north_manager, people.ana.id)}
    hold, late = rows["hold-music"], rows["late-present"]
    assert (hold.attempts, hold.best_score, hold.latest_score, hold.latest_passed, hold.ever_passed) == \
        (3, 80, 60, False, True)
    assert (late.attempts, late.best_score, late.latest_score, late.ever_passed) == (1, 90, 90, True)
    assert list(rows) == ["hold-music", "late-present"]  # most recent first


def test_score_history_oldest_first(repo: Repository, people, history):
    points = repo.progress.score_history(people.ana, people.ana.id)
    assert [p.score for p in points] == [40, 80, 90, 60]
    assert [p.score for p in repo.progress.score_history(people.ana, people.ana.id, limit=2)] == [90, 60]


def test_progress_of_someone_outside_ones_teams_is_refused(repo: Repository, people, history):
    for call in (repo.progress.criterion_trend, repo.progress.scenario_progress, repo.progress.score_history):
        with pytest.raises(NotAllowedError):
            call(people.south_manager, people.ana.id)
        with pytest.raises(NotAllowedError):
            call(people.ben, people.ana.id)
        assert call(people.trainer, people.ana.id)


def test_criterion_averages_per_person_as_the_viewer_may_see(repo: Repository, people, history, clock):
    finish(repo, people.carla, "hold-music", 50, empathy=1)

    def heat(viewer, **kw):
        return {(p.display_name, p.criterion_id): (p.average, p.attempts)
                for p in repo.progress.criterion_averages(viewer, **kw)}

    north = heat(people.north_manager)
    assert north == {("Ana", "apology"): (0.4375, 4), ("Ana", "empathy"): (0.625, 4),
                     ("Ben", "apology"): (0.25, 1), ("Ben", "empathy"): (1.0, 1)}
    assert set(heat(people.south_manager)) == {("Carla", "apology"), ("Carla", "empathy")}
    assert set(heat(people.ana)) == {("Ana", "apology"), ("Ana", "empathy")}
    assert len(heat(people.admin)) == 6
    south = next(t for t in repo.accounts.list_teams(people.admin) if t.name == "South")
    assert heat(people.north_manager, team_id=south.id) == {}
    assert set(heat(people.admin, team_id=south.id)) == {("Carla", "apology"), ("Carla", "empathy")}
    assert heat(people.north_manager, since=datetime(2026, 3, 9, tzinfo=UTC))[("Ana", "empathy")] == (1.0, 1)
