"""Team dashboards: a manager's trend, weakest criteria and heatmap cover only their teams (SQLite and
PostgreSQL); the heatmap pages through people."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.progress.conftest import SCENARIOS
from trainer.store import CriterionTotal


def test_a_managers_dashboard_covers_only_their_teams(org, people, repo):
    org.attempt(people.ana, SCENARIOS[0], score=100, at=datetime(2027, 1, 5, tzinfo=UTC))
    org.attempt(people.ben, SCENARIOS[0], score=50, at=datetime(2027, 1, 12, tzinfo=UTC))
    org.attempt(people.carla, SCENARIOS[0], score=0, at=datetime(2027, 1, 12, tzinfo=UTC))
    north = repo.dashboards.team_trend(people.north_manager, bucket="week")
    assert [(p.bucket.date().isoformat(), p.average) for p in north] == [("2027-01-04", 1.0), ("2027-01-11", 0.5)]
    assert repo.dashboards.weakest_criteria(people.north_manager) == [("empathy", 0.75, 2)]
    assert repo.dashboards.weakest_criteria(people.trainer) == [("empathy", 0.5, 3)]
    assert repo.dashboards.weakest_criteria(people.trainer, min_results=4) == []
    assert repo.dashboards.weakest_criteria(people.south_manager, team_id=people.ana.team_id) == []  # not their team
    cells = repo.dashboards.heatmap(people.north_manager).items
    assert {(c.display_name, c.average) for c in cells} == {("Ana", 1.0), ("Ben", 0.5)}
    assert repo.dashboards.team_trend(people.carla) and all(
        p.average == 0 for p in repo.dashboards.team_trend(people.carla)
    )


def test_the_heatmap_pages_through_people(org, people, repo):
    for who in (people.ana, people.ben, people.carla, people.dev):
        org.attempt(who, SCENARIOS[0])
    seen, after = [], None
    while True:
        page = repo.dashboards.heatmap(people.admin, limit=3, after=after)
        seen += [c.display_name for c in page.items]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == ["Ana", "Ben", "Carla", "Dev"]


def finished(repo, clock, who, scenario_id: str, at: datetime, points: dict[str, float]) -> None:
    """A finished attempt scoring `points` (of 2) on each criterion."""
    clock.now = at
    record = repo.attempts.start_attempt(who, scenario_id=scenario_id, scenario_version="v1", seed=1, mode="practice")
    repo.attempts.finish_attempt(who, record.id, end_state="resolved", score=50, passed=False,
                                 criteria=[CriterionTotal(criterion_id=c, score=p, max=2) for c, p in points.items()])


def test_one_criterion_set_at_a_time(repo, people, clock):
    """A set of criteria, and a set of scenarios: the rolled-up shared set and a rubric's scenarios
    give the same figures as counting by hand; nothing else leaks in."""
    monday = datetime(2027, 1, 4, 10, tzinfo=UTC)
    finished(repo, clock, people.ana, "en-a", monday, {"empathy": 2, "refund": 0})
    finished(repo, clock, people.ana, "fa-a", monday, {"empathy": 0, "refund": 2})
    finished(repo, clock, people.ben, "en-a", datetime(2027, 1, 12, tzinfo=UTC), {"empathy": 1, "refund": 1})
    finished(repo, clock, people.carla, "en-a", monday, {"empathy": 0, "refund": 0})  # South
    shared = repo.dashboards.weakest_criteria(people.north_manager, criteria=["empathy"])
    assert shared == [("empathy", 0.5, 3)]  # every call: Ana's two and Ben's one
    english = repo.dashboards.weakest_criteria(people.north_manager, criteria=["empathy", "refund"], scenarios=["en-a"])
    assert english == [("refund", 0.25, 2), ("empathy", 0.75, 2)]
    everyone = repo.dashboards.weakest_criteria(people.admin, criteria=["refund"], scenarios=["en-a"])
    assert everyone == [("refund", round(1 / 6, 4), 3)]
    trend = repo.dashboards.team_trend(people.north_manager, criteria=["refund"], scenarios=["en-a"])
    assert [(p.bucket.date().isoformat(), p.average, p.attempts) for p in trend] == [
        ("2027-01-04", 0.0, 1), ("2027-01-11", 0.5, 1)]
    assert (
        repo.dashboards.team_trend(people.admin, team_id=people.carla.team_id, criteria=["empathy"], scenarios=["fa-a"])
        == []
    )
    mine = repo.progress.criterion_trend(people.ana, people.ana.id, criteria=["empathy"], scenarios=["fa-a"])
    assert [(p.criterion_id, p.average) for p in mine] == [("empathy", 0.0)]


def test_the_heatmap_lists_everyone_on_the_page_with_results_or_not(repo, people, clock):
    finished(repo, clock, people.ana, "en-a", datetime(2027, 1, 4, tzinfo=UTC), {"empathy": 2, "refund": 1})
    finished(repo, clock, people.ana, "fa-a", datetime(2027, 1, 4, tzinfo=UTC), {"empathy": 0})
    page = repo.dashboards.heatmap(people.north_manager, criteria=["empathy"], scenarios=["en-a"])
    assert [(p.display_name, p.team_name) for p in page.people] == [
        ("Ana", "North"), ("Ben", "North"), ("North Manager", "North")]
    assert [(c.display_name, c.criterion_id, c.average) for c in page.items] == [("Ana", "empathy", 1.0)]
