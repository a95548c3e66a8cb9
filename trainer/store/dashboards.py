"""Team dashboard queries, aggregated in SQL over `attempt_criteria` and filtered to the viewer's
people in the database: the trend per criterion for a team, the weakest criteria, and a page of people
with their average per criterion (the heatmap). Nothing here reads attempts row by row into Python."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from trainer.store.access import among, current_viewer, visible_users
from trainer.store.progress import _as_datetime, bucket_start
from trainer.store.records import Bucket, CriterionPoint, Page, PersonCriterion, UserRecord
from trainer.store.tables import AttemptCriterion, User
from trainer.store.unit import UnitOfWork


class Dashboards(UnitOfWork):
    def _scope(self, s, viewer: UserRecord, team_id: int | None, since: datetime | None,  # noqa: ANN001
               until: datetime | None) -> list:
        viewer = current_viewer(s, viewer)
        dialect = s.get_bind().dialect.name
        ac = AttemptCriterion
        conditions = [visible_users(viewer, ac.user_id, dialect=dialect)]
        if team_id is not None:
            conditions.append(among(ac.user_id, select(User.id).where(User.team_id == team_id), dialect))
        if since is not None:
            conditions.append(ac.ended_at >= since)
        if until is not None:
            conditions.append(ac.ended_at < until)
        return conditions

    def team_trend(self, viewer: UserRecord, *, team_id: int | None = None, bucket: Bucket = "week",
                   since: datetime | None = None, until: datetime | None = None) -> list[CriterionPoint]:
        """Per bucket and criterion, the mean of score/max over the viewer's people (or one team)."""
        with self._read() as s:
            ac = AttemptCriterion
            start = bucket_start(s.get_bind().dialect.name, bucket, ac.ended_at).label("bucket")
            query = (select(start, ac.criterion_id, func.avg(ac.score * 1.0 / ac.max).label("average"),
                            func.count().label("attempts"))
                     .where(*self._scope(s, viewer, team_id, since, until))
                     .group_by(start, ac.criterion_id).order_by(start, ac.criterion_id))
            rows = s.execute(query).all()
        return [CriterionPoint(bucket=_as_datetime(r.bucket), criterion_id=r.criterion_id,
                               average=round(float(r.average), 4), attempts=r.attempts) for r in rows]

    def weakest_criteria(self, viewer: UserRecord, *, team_id: int | None = None, since: datetime | None = None,
                         until: datetime | None = None, limit: int = 10,
                         min_results: int = 1) -> list[tuple[str, float, int]]:
        """(criterion, mean share of its points, results), weakest first; criteria with fewer than
        `min_results` results (a rubric few people met) are left out."""
        with self._read() as s:
            ac = AttemptCriterion
            average = func.avg(ac.score * 1.0 / ac.max).label("average")
            query = (select(ac.criterion_id, average, func.count()).where(*self._scope(s, viewer, team_id, since, until))
                     .group_by(ac.criterion_id).having(func.count() >= min_results)
                     .order_by(average, ac.criterion_id).limit(limit))
            return [(cid, round(float(avg), 4), n) for cid, avg, n in s.execute(query)]

    def heatmap(self, viewer: UserRecord, *, team_id: int | None = None, since: datetime | None = None,
                until: datetime | None = None, limit: int = 50, after: str | None = None) -> Page[PersonCriterion]:
        """A page of people (by name) with their average per criterion; `after` is the previous page's
        `next_cursor`. The people are chosen first, then only their results are aggregated."""
        limit = max(1, min(limit, 200))
        with self._read() as s:
            viewer = current_viewer(s, viewer)
            people = select(User.id, User.display_name).where(visible_users(viewer), User.active.is_(True))
            if team_id is not None:
                people = people.where(User.team_id == team_id)
            if after:
                name, _, ident = after.rpartition("|")
                people = people.where((User.display_name > name) |
                                      ((User.display_name == name) & (User.id > int(ident or 0))))
            chosen = s.execute(people.order_by(User.display_name, User.id).limit(limit + 1)).all()
            page, more = chosen[:limit], len(chosen) > limit
            names = {uid: name for uid, name in page}
            ac = AttemptCriterion
            query = (select(ac.user_id, ac.criterion_id, func.avg(ac.score * 1.0 / ac.max), func.count())
                     .where(ac.user_id.in_(list(names)))
                     .group_by(ac.user_id, ac.criterion_id))
            if since is not None:
                query = query.where(ac.ended_at >= since)
            if until is not None:
                query = query.where(ac.ended_at < until)
            rows = s.execute(query).all() if names else []
        items = sorted((PersonCriterion(user_id=uid, display_name=names[uid], criterion_id=cid,
                                        average=round(float(avg), 4), attempts=n) for uid, cid, avg, n in rows),
                       key=lambda p: (p.display_name, p.user_id, p.criterion_id))
        cursor = f"{page[-1].display_name}|{page[-1].id}" if more else None
        return Page[PersonCriterion](items=items, next_cursor=cursor)
