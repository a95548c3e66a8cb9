"""A person's progress, aggregated in SQL: their finished attempts over time, the average of each
criterion per day/week/month, and their best and latest result per scenario. Buckets are in UTC."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from trainer.errors import NotAllowedError, StoreError
from trainer.store.access import among, current_viewer, visible_users
from trainer.store.records import (
    Bucket,
    CriterionPoint,
    PersonCriterion,
    ScenarioProgress,
    ScorePoint,
    UserRecord,
)
from trainer.store.tables import Attempt, AttemptCriterion, User
from trainer.store.unit import UnitOfWork

BUCKETS = ("day", "week", "month")


def bucket_start(dialect: str, bucket: Bucket, column: ColumnElement) -> ColumnElement:
    """The start of the UTC day, ISO week (Monday) or month that `column` falls in."""
    if bucket not in BUCKETS:
        raise StoreError(f"Unknown time bucket {bucket!r}; use day, week or month.")
    if dialect == "postgresql":
        return func.date_trunc(bucket, func.timezone("UTC", column))
    if bucket == "day":
        return func.date(column)
    if bucket == "week":  # the next Sunday (or today, if Sunday), then back six days to Monday
        return func.date(column, "weekday 0", "-6 days")
    return func.date(column, "start of month")


def _as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC)


class Progress:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def _person(self, s: Session, viewer: UserRecord, user_id: int) -> None:
        viewer = current_viewer(s, viewer)
        if s.scalar(select(User.id).where(User.id == user_id, visible_users(viewer))) is None:
            if s.get(User, user_id) is None:
                raise StoreError(f"No account with id {user_id}.")
            raise NotAllowedError("You may not see this person's progress: they are outside your teams.")

    def score_history(self, viewer: UserRecord, user_id: int, *, since: datetime | None = None,
                      limit: int = 500) -> list[ScorePoint]:
        """The person's finished attempts, oldest first (the latest `limit` of them)."""
        with self._unit.read() as s:
            self._person(s, viewer, user_id)
            query = select(Attempt.id, Attempt.scenario_id, Attempt.ended_at, Attempt.score, Attempt.passed,
                           Attempt.mode).where(Attempt.user_id == user_id, Attempt.state == "finished")
            if since is not None:
                query = query.where(Attempt.started_at >= since)
            rows = s.execute(query.order_by(Attempt.started_at.desc(), Attempt.id.desc()).limit(limit)).all()
        return [ScorePoint(attempt_id=r.id, scenario_id=r.scenario_id, ended_at=r.ended_at, score=r.score,
                           passed=r.passed, mode=r.mode) for r in reversed(rows)]

    def criterion_trend(self, viewer: UserRecord, user_id: int, *, bucket: Bucket = "week",
                        since: datetime | None = None, until: datetime | None = None,
                        criteria: Sequence[str] | None = None,
                        scenarios: Sequence[str] | None = None) -> list[CriterionPoint]:
        """Per bucket and criterion: the mean of score/max over the person's finished attempts, for
        `criteria` in calls of `scenarios` (None: all)."""
        with self._unit.read() as s:
            self._person(s, viewer, user_id)
            ac = AttemptCriterion
            start = bucket_start(s.get_bind().dialect.name, bucket, ac.ended_at).label("bucket")
            query = (select(start, ac.criterion_id, func.avg(ac.score * 1.0 / ac.max).label("average"),
                            func.count().label("attempts"))
                     .where(ac.user_id == user_id)
                     .group_by(start, ac.criterion_id).order_by(start, ac.criterion_id))
            if criteria is not None:
                query = query.where(ac.criterion_id.in_(list(criteria)))
            if scenarios is not None:
                query = query.where(ac.scenario_id.in_(list(scenarios)))
            if since is not None:
                query = query.where(ac.ended_at >= since)
            if until is not None:
                query = query.where(ac.ended_at < until)
            rows = s.execute(query).all()
        return [CriterionPoint(bucket=_as_datetime(r.bucket), criterion_id=r.criterion_id,
                               average=round(float(r.average), 4), attempts=r.attempts) for r in rows]

    def scenario_progress(self, viewer: UserRecord, user_id: int) -> list[ScenarioProgress]:
        """Per scenario the person finished: how often, best score, latest score and pass, ever passed."""
        with self._unit.read() as s:
            self._person(s, viewer, user_id)
            finished = (Attempt.user_id == user_id, Attempt.state == "finished")
            ranked = (select(Attempt.scenario_id, Attempt.score, Attempt.passed, Attempt.ended_at,
                             func.row_number().over(partition_by=Attempt.scenario_id,
                                                    order_by=(Attempt.ended_at.desc(), Attempt.id.desc()))
                             .label("rank")).where(*finished).subquery())
            totals = (select(Attempt.scenario_id, func.count().label("attempts"),
                             func.max(Attempt.score).label("best"),
                             func.max(case((Attempt.passed, 1), else_=0)).label("ever_passed"))
                      .where(*finished).group_by(Attempt.scenario_id).subquery())
            query = (select(totals.c.scenario_id, totals.c.attempts, totals.c.best, totals.c.ever_passed,
                            ranked.c.score, ranked.c.passed, ranked.c.ended_at)
                     .join(ranked, (ranked.c.scenario_id == totals.c.scenario_id) & (ranked.c.rank == 1))
                     .order_by(ranked.c.ended_at.desc()))
            rows = s.execute(query).all()
        return [ScenarioProgress(scenario_id=r.scenario_id, attempts=r.attempts, best_score=r.best,
                                 latest_score=r.score, latest_passed=r.passed, latest_at=r.ended_at,
                                 ever_passed=bool(r.ever_passed))
                for r in rows]

    def criterion_averages(self, viewer: UserRecord, *, team_id: int | None = None,
                           since: datetime | None = None, until: datetime | None = None) -> list[PersonCriterion]:
        """Per person the viewer may see (optionally one team) and criterion: the mean of score/max
        over finished attempts ended in [since, until). The team heatmap and "weakest criteria"."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            dialect = s.get_bind().dialect.name
            ac = AttemptCriterion
            query = (select(ac.user_id, User.display_name, ac.criterion_id,
                            func.avg(ac.score * 1.0 / ac.max).label("average"), func.count().label("attempts"))
                     .join(User, User.id == ac.user_id)
                     .where(visible_users(viewer, ac.user_id, dialect=dialect))
                     .group_by(ac.user_id, User.display_name, ac.criterion_id)
                     .order_by(User.display_name, ac.user_id, ac.criterion_id))
            if team_id is not None:
                query = query.where(among(ac.user_id, select(User.id).where(User.team_id == team_id), dialect))
            if since is not None:
                query = query.where(ac.ended_at >= since)
            if until is not None:
                query = query.where(ac.ended_at < until)
            rows = s.execute(query).all()
        return [PersonCriterion(user_id=r.user_id, display_name=r.display_name, criterion_id=r.criterion_id,
                                average=round(float(r.average), 4), attempts=r.attempts) for r in rows]
