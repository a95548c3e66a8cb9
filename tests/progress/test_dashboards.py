"""Team dashboards: a manager's trend, weakest criteria and heatmap cover only their teams (SQLite and
PostgreSQL); the heatmap pages through people."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.progress.conftest import SCENARIOS


def test_a_managers_dashboard_covers_only_their_teams(org, people, repo):
    org.attempt(people.ana, SCENARIOS[0], score=100, at=datetime(2027, 1, 5, tzinfo=UTC))
    org.attempt(people.ben, SCENARIOS[0], score=50, at=datetime(2027, 1, 12, tzinfo=UTC))
    org.attempt(people.carla, SCENARIOS[0], score=0, at=datetime(2027, 1, 12, tzinfo=UTC))
    north = repo.team_trend(people.north_manager, bucket="week")
    assert [(p.bucket.date().isoformat(), p.average) for p in north] == [("2027-01-04", 1.0), ("2027-01-11", 0.5)]
    assert repo.weakest_criteria(people.north_manager) == [("empathy", 0.75, 2)]
    assert repo.weakest_criteria(people.trainer) == [("empathy", 0.5, 3)]
    assert repo.weakest_criteria(people.trainer, min_results=4) == []
    assert repo.weakest_criteria(people.south_manager, team_id=people.ana.team_id) == []  # not their team
    cells = repo.heatmap(people.north_manager).items
    assert {(c.display_name, c.average) for c in cells} == {("Ana", 1.0), ("Ben", 0.5)}
    assert repo.team_trend(people.carla) and all(p.average == 0 for p in repo.team_trend(people.carla))


def test_the_heatmap_pages_through_people(org, people, repo):
    for who in (people.ana, people.ben, people.carla, people.dev):
        org.attempt(who, SCENARIOS[0])
    seen, after = [], None
    while True:
        page = repo.heatmap(people.admin, limit=3, after=after)
        seen += [c.display_name for c in page.items]
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert seen == ["Ana", "Ben", "Carla", "Dev"]
