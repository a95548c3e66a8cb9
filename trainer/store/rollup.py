"""The weekly team rollup (`team_criterion_weeks`): kept in step with `attempt_criteria` by the writes
that change what a team's results are (finishing an attempt, moving a person between teams), so the
team dashboards read a few rows per team and week instead of every result of every person."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from trainer.store.progress import bucket_start
from trainer.store.tables import AttemptCriterion, TeamCriterionWeek

Sums = dict[tuple[date, str], tuple[float, int]]


def week_of(moment: datetime) -> date:
    """The Monday (UTC) of the ISO week `moment` falls in."""
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def week_start(week: date) -> datetime:
    return datetime(week.year, week.month, week.day, tzinfo=UTC)


def as_date(value: object) -> date:
    """A week key as the database returned it (a date, a datetime or SQLite's 'YYYY-MM-DD')."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def add(s: Session, team_id: int, sums: Sums, sign: int = 1) -> None:
    """Add (or, with `sign=-1`, take away) per-week, per-criterion sums to a team's rows."""
    if not sums:
        return
    t = TeamCriterionWeek.__table__
    dialect = s.get_bind().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = [{"team_id": team_id, "week": week, "criterion_id": cid, "ratio_sum": sign * total, "results": sign * n}
            for (week, cid), (total, n) in sorted(sums.items())]
    stmt = make(t).values(rows)
    s.execute(stmt.on_conflict_do_update(
        index_elements=[t.c.team_id, t.c.week, t.c.criterion_id],
        set_={"ratio_sum": t.c.ratio_sum + stmt.excluded.ratio_sum, "results": t.c.results + stmt.excluded.results}))
    if sign < 0:
        s.execute(delete(t).where(t.c.team_id == team_id, t.c.results <= 0))


def record(s: Session, team_id: int | None, ended_at: datetime, results: Iterable[tuple[str, float, int]]) -> None:
    """One finished attempt's (criterion, score, max) results, in the finishing transaction."""
    if team_id is None:
        return
    week = week_of(ended_at)
    sums: Sums = {}
    for cid, score, top in results:
        total, n = sums.get((week, cid), (0.0, 0))
        sums[(week, cid)] = (total + (score / top if top else 0.0), n + 1)
    add(s, team_id, sums)


def person_sums(s: Session, user_id: int) -> Sums:
    """A person's results per week and criterion, aggregated in SQL."""
    ac = AttemptCriterion
    week = bucket_start(s.get_bind().dialect.name, "week", ac.ended_at)
    query = (select(week, ac.criterion_id, func.sum(ac.score * 1.0 / ac.max), func.count())
             .where(ac.user_id == user_id).group_by(week, ac.criterion_id))
    return {(as_date(w), cid): (float(total), n) for w, cid, total, n in s.execute(query)}


def move_person(s: Session, user_id: int, old_team: int | None, new_team: int | None) -> None:
    """A person changing team takes their results with them."""
    if old_team == new_team:
        return
    sums = person_sums(s, user_id)
    if old_team is not None:
        add(s, old_team, sums, sign=-1)
    if new_team is not None:
        add(s, new_team, sums)


def backfill_sql(dialect: str) -> str:
    """One INSERT ... SELECT ... GROUP BY that rolls up every existing result by its person's team."""
    week = ("CAST(date_trunc('week', timezone('UTC', ac.ended_at)) AS DATE)" if dialect == "postgresql"
            else "date(ac.ended_at, 'weekday 0', '-6 days')")
    return ("INSERT INTO team_criterion_weeks (team_id, week, criterion_id, ratio_sum, results) "
            f"SELECT u.team_id, {week}, ac.criterion_id, SUM(ac.score * 1.0 / ac.max), COUNT(*) "
            "FROM attempt_criteria ac JOIN users u ON u.id = ac.user_id WHERE u.team_id IS NOT NULL "
            f"GROUP BY u.team_id, {week}, ac.criterion_id")
