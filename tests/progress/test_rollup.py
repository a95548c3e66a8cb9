"""The weekly team rollup equals aggregating `attempt_criteria` directly, after a mix of attempts, team
moves and people outside any team, for every role and time range; and it never widens what a viewer
sees (SQLite and PostgreSQL)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from trainer.store import CriterionTotal
from trainer.store.progress import bucket_start
from trainer.store.rollup import week_of
from trainer.store.tables import AttemptCriterion, TeamCriterionWeek, User

CRITERIA = ["empathy", "apology", "next_step"]
START = datetime(2027, 1, 1, 9, tzinfo=UTC)  # a Friday


def finish(repo, clock, who, at: datetime, rng: random.Random) -> None:
    clock.now = at
    attempt = repo.attempts.start_attempt(who, scenario_id="en-double-charge", scenario_version="v1", seed=1)
    criteria = [CriterionTotal(criterion_id=c, score=rng.randint(0, 2), max=2)
                for c in rng.sample(CRITERIA, rng.randint(1, len(CRITERIA)))]
    repo.attempts.finish_attempt(who, attempt.id, end_state="resolved", score=50, passed=False, criteria=criteria)


@pytest.fixture
def history(repo, people, clock):
    """Six weeks of attempts by everyone, a person moved North -> South half way, a direct report of the
    North manager in South, and a trainer without a team who practises too."""
    rng = random.Random(7)
    erin = repo.accounts.create_user("erin@example.com", "Erin", "trainee", team="South",
                                     manager_email="north.manager@example.com")
    everyone = [people.ana, people.ben, people.carla, people.dev, erin, people.north_manager, people.trainer]
    for day in range(42):
        for who in everyone:
            if rng.random() < 0.5:
                finish(repo, clock, who, START + timedelta(days=day, hours=rng.randint(0, 23)), rng)
        if day == 20:
            repo.people.set_team(people.ben.id, people.carla.team_id)
        if day == 30:
            repo.people.set_team(people.trainer.id, people.ana.team_id)
            repo.people.set_team(people.trainer.id, None)
    return erin


def direct_weeks(repo):
    """(team, week, criterion) -> (sum of score/max, count) by each person's current team."""
    with repo._unit.read() as s:
        ac = AttemptCriterion
        week = bucket_start(s.get_bind().dialect.name, "week", ac.ended_at)
        rows = s.execute(select(User.team_id, week, ac.criterion_id, func.sum(ac.score * 1.0 / ac.max), func.count())
                         .join(User, User.id == ac.user_id).where(User.team_id.is_not(None))
                         .group_by(User.team_id, week, ac.criterion_id)).all()
        stored = s.execute(select(TeamCriterionWeek.team_id, TeamCriterionWeek.week, TeamCriterionWeek.criterion_id,
                                  TeamCriterionWeek.ratio_sum, TeamCriterionWeek.results)).all()
    expected = {(t, str(w)[:10], c): (round(float(x), 9), n) for t, w, c, x, n in rows}
    actual = {(t, str(w)[:10], c): (round(float(x), 9), n) for t, w, c, x, n in stored}
    return expected, actual


def direct(repo, viewer, team_id, since, until):
    """The trend and weakest criteria as the dashboards computed them before the rollup."""
    with repo._unit.read() as s:
        ac = AttemptCriterion
        scope = repo.dashboards._scope(s, viewer, team_id, since, until)
        start = bucket_start(s.get_bind().dialect.name, "week", ac.ended_at)
        trend = [(str(b)[:10], c, round(float(x), 4), n) for b, c, x, n in s.execute(
            select(start, ac.criterion_id, func.avg(ac.score * 1.0 / ac.max), func.count())
            .where(*scope).group_by(start, ac.criterion_id).order_by(start, ac.criterion_id))]
        totals = defaultdict(lambda: [0.0, 0])
        for c, x, n in s.execute(select(ac.criterion_id, func.sum(ac.score * 1.0 / ac.max), func.count())
                                 .where(*scope).group_by(ac.criterion_id)):
            totals[c] = [float(x), n]
    weakest = sorted((x / n, c, n) for c, (x, n) in totals.items())
    return trend, [(c, round(a, 4), n) for a, c, n in weakest]


def test_the_rollup_equals_aggregating_every_result(repo, people, history):
    expected, actual = direct_weeks(repo)
    assert expected and actual == expected
    assert {t for t, _, _ in actual} == {people.ana.team_id, people.carla.team_id}


RANGES = [
    (None, None),
    (START, None),  # a Friday morning: partial first week
    (datetime(2027, 1, 11, tzinfo=UTC), datetime(2027, 2, 1, tzinfo=UTC)),  # whole weeks exactly
    (datetime(2027, 1, 13, 17, tzinfo=UTC), datetime(2027, 1, 29, 6, tzinfo=UTC)),  # partial at both ends
    (datetime(2027, 1, 19, tzinfo=UTC), datetime(2027, 1, 21, tzinfo=UTC)),  # inside one week
    (None, datetime(2027, 1, 20, 12, tzinfo=UTC)),
]


@pytest.mark.parametrize("since, until", RANGES)
def test_trend_and_weakest_criteria_equal_the_direct_aggregation(repo, people, history, since, until):
    erin = history
    viewers = [(people.admin, None), (people.admin, people.ana.team_id), (people.trainer, people.carla.team_id),
               (people.north_manager, None), (people.north_manager, people.ana.team_id),
               (people.north_manager, people.carla.team_id), (people.south_manager, None),
               (people.south_manager, people.ana.team_id), (people.ben, None), (erin, None)]
    for viewer, team_id in viewers:
        trend, weakest = direct(repo, viewer, team_id, since, until)
        got = [(p.bucket.date().isoformat(), p.criterion_id, p.average, p.attempts)
               for p in repo.dashboards.team_trend(viewer, team_id=team_id, since=since, until=until)]
        assert got == trend, (viewer.email, team_id)
        assert repo.dashboards.weakest_criteria(viewer, team_id=team_id, since=since, until=until) == weakest[:10]


def test_role_boundaries_hold_with_the_rollup(repo, people, history):
    erin = history
    everything = sum(n for _, _, n in repo.dashboards.weakest_criteria(people.admin))
    north = sum(n for _, _, n in repo.dashboards.weakest_criteria(people.admin, team_id=people.ana.team_id))
    mine = sum(n for _, _, n in repo.dashboards.weakest_criteria(people.north_manager))
    erins = sum(n for _, _, n in repo.dashboards.weakest_criteria(erin))
    assert 0 < north < mine < everything
    assert mine == north + erins  # their team and their direct report in South, nobody else
    # another team's manager asking for North gets nothing; North's manager asking for South gets only Erin
    assert repo.dashboards.weakest_criteria(people.south_manager, team_id=people.ana.team_id) == []
    assert repo.dashboards.team_trend(people.south_manager, team_id=people.ana.team_id) == []
    assert (
        sum(n for _, _, n in repo.dashboards.weakest_criteria(people.north_manager, team_id=people.carla.team_id))
        == erins
    )
    # a trainee sees only themselves, whatever team they ask for
    assert repo.dashboards.weakest_criteria(
        people.ben, team_id=people.carla.team_id
    ) == repo.dashboards.weakest_criteria(people.ben)
    assert repo.dashboards.weakest_criteria(people.ben, team_id=people.ana.team_id) == []


def test_the_week_starts_on_monday_in_utc():
    assert week_of(datetime(2027, 1, 3, 23, 59, tzinfo=UTC)).isoformat() == "2026-12-28"
    assert week_of(datetime(2027, 1, 4, 0, 0, tzinfo=UTC)).isoformat() == "2027-01-04"


def test_the_migration_backfills_the_rollup_from_existing_results(database_url):
    """A database at revision 0004 with results (some of people without a team) upgraded to 0005."""
    from sqlalchemy import insert

    from trainer.store import Repository, migrate
    from trainer.store.engine import make_engine
    from trainer.store.tables import Attempt, Team

    engine = make_engine(database_url)
    try:
        migrate.upgrade(engine, "0004")
        rng = random.Random(3)
        with engine.begin() as conn:
            conn.execute(insert(Team.__table__), [{"id": 1, "name": "North", "created_at": START},
                                                  {"id": 2, "name": "South", "created_at": START}])
            conn.execute(insert(User.__table__), [
                {"id": u, "email": f"p{u}@example.com", "display_name": f"P{u}", "role": "trainee",
                 "team_id": (None if u == 5 else u % 2 + 1), "manager_id": None, "password_hash": None,
                 "failed_logins": 0, "locked_until": None, "active": True, "created_at": START} for u in range(1, 6)])
            attempts, criteria = [], []
            for aid in range(1, 200):
                uid, ended = rng.randint(1, 5), START + timedelta(hours=rng.randint(0, 24 * 60))
                attempts.append({"id": aid, "user_id": uid, "scenario_id": "s", "scenario_version": "v1", "seed": 1,
                                 "mode": "practice", "customer_kind": "scripted", "state": "finished",
                                 "started_at": ended, "updated_at": ended, "ended_at": ended, "end_state": "resolved",
                                 "score": 50.0, "passed": False, "turn_count": 1, "session_state": None})
                criteria += [{"attempt_id": aid, "criterion_id": c, "user_id": uid, "scenario_id": "s",
                              "ended_at": ended, "score": float(rng.randint(0, 2)), "max": 2} for c in CRITERIA]
            conn.execute(insert(Attempt.__table__), attempts)
            conn.execute(insert(AttemptCriterion.__table__), criteria)
        assert migrate.upgrade(engine) == migrate.head()
        expected, actual = direct_weeks(Repository(engine))
        assert len(expected) > 40 and actual == expected
    finally:
        engine.dispose()
