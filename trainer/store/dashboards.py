"""Team dashboard queries, aggregated in SQL over `attempt_criteria` and filtered to the viewer's
people in the database: the trend per criterion for a team, the weakest criteria, and a page of people
with their average per criterion (the heatmap). Nothing here reads attempts row by row into Python.

The trend (weekly buckets) and the weakest criteria read whole weeks of whole teams from the weekly
team rollup (`team_criterion_weeks`) and only the rest from `attempt_criteria`: the partial weeks at the
ends of the period, a manager's direct reports outside their teams, people without a team. The figures
are exactly those of aggregating `attempt_criteria` alone (tests/progress/test_rollup.py), and who may
see what is unchanged. Day and month trends and the heatmap (per person) still aggregate directly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select, true

from trainer.roles import SEE_EVERYONE, Role
from trainer.store import rollup
from trainer.store.access import among, current_viewer, visible_users
from trainer.store.progress import _as_datetime, bucket_start
from trainer.store.records import Bucket, CriterionPoint, HeatmapPage, PersonCriterion, PersonRef, UserRecord
from trainer.store.tables import AttemptCriterion, Team, TeamCriterionWeek, TeamManager, User
from trainer.store.unit import UnitOfWork


class Dashboards:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def _scope(self, s, viewer: UserRecord, team_id: int | None, since: datetime | None,
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

    def _sums(self, s, viewer: UserRecord, team_id: int | None, since: datetime | None,
              until: datetime | None, *, by_week: bool, criteria: Sequence[str] | None = None,
              scenarios: Sequence[str] | None = None) -> dict[tuple[date | None, str], tuple[float, int]]:
        """(week or None, criterion) -> (sum of score/max, results) over the viewer's people (or one team)
        in [since, until), for `criteria` (None: all) in calls of `scenarios` (None: every call). Whole
        weeks of whole teams come from the weekly rollup; the partial weeks at either end and the people
        outside those teams (a manager's direct reports elsewhere, people without a team) come from
        `attempt_criteria`, so the figures are exactly those of aggregating `attempt_criteria` alone.
        The rollup does not know scenarios: a set of scenarios is aggregated from `attempt_criteria`
        (through its scenario index)."""
        viewer = current_viewer(s, viewer)
        dialect = s.get_bind().dialect.name
        if scenarios is None:
            teams, rest = self._rolled_up(s, viewer, team_id)
        else:
            teams, rest = None, self._people(viewer, team_id)
        out: dict[tuple[date | None, str], tuple[float, int]] = {}

        def put(week: date | None, cid: str, total: float, n: int) -> None:
            key = (week if by_week else None, cid)
            old_total, old_n = out.get(key, (0.0, 0))
            out[key] = (old_total + float(total), old_n + n)

        def direct(people, lo: datetime | None, hi: datetime | None) -> None:
            ac = AttemptCriterion
            conditions = [among(ac.user_id, people, dialect)] if people is not None else []
            conditions += _only(criteria, scenarios)
            if lo is not None:
                conditions.append(ac.ended_at >= lo)
            if hi is not None:
                conditions.append(ac.ended_at < hi)
            keys = [bucket_start(dialect, "week", ac.ended_at), ac.criterion_id] if by_week else [ac.criterion_id]
            query = (select(*keys, func.sum(ac.score * 1.0 / ac.max), func.count())
                     .where(*conditions).group_by(*keys))
            for row in s.execute(query):
                *key, total, n = row
                put(rollup.as_date(key[0]) if by_week else None, key[-1], total, n)

        if teams is not None:
            first = None if since is None else rollup.week_of(since)
            if first is not None and rollup.week_start(first) < since:
                first += timedelta(days=7)
            last = None if until is None else rollup.week_of(until)  # whole weeks end where this one starts
            if first is not None and last is not None and first >= last:
                direct(self._team_people(teams), since, until)
            else:
                t = TeamCriterionWeek
                query = select(t.week, t.criterion_id, func.sum(t.ratio_sum), func.sum(t.results))
                if teams != "all":
                    query = query.where(t.team_id.in_(teams))
                if criteria is not None:
                    query = query.where(t.criterion_id.in_(list(criteria)))
                if first is not None:
                    query = query.where(t.week >= first)
                if last is not None:
                    query = query.where(t.week < last)
                for w, cid, total, n in s.execute(query.group_by(t.week, t.criterion_id)):
                    put(rollup.as_date(w), cid, total, int(n))
                people = self._team_people(teams)
                if first is not None and since is not None and rollup.week_start(first) > since:
                    direct(people, since, rollup.week_start(first))
                if last is not None and until is not None and rollup.week_start(last) < until:
                    direct(people, rollup.week_start(last), until)
        if scenarios is not None:
            direct(rest, since, until)  # `rest` None: everyone
        elif rest is not None:
            direct(rest, since, until)
        return out

    @staticmethod
    def _people(viewer: UserRecord, team_id: int | None):
        """A select of the ids of the people the viewer may see (in `team_id`, if given); None for a
        trainer or admin looking at everyone, so the query needs no condition on people at all."""
        if team_id is None and viewer.role in SEE_EVERYONE:
            return None
        people = select(User.id).where(visible_users(viewer))
        return people if team_id is None else people.where(User.team_id == team_id)

    @staticmethod
    def _team_people(teams):
        if teams == "all":
            return select(User.id).where(User.team_id.is_not(None))
        return select(User.id).where(User.team_id.in_(teams))

    def _rolled_up(self, s, viewer: UserRecord, team_id: int | None):
        """(teams read from the rollup: a list, "all" or None; the other people, read directly: a select
        of user ids or None). Together they are exactly the viewer's people (in `team_id`, if given)."""
        if viewer.role in SEE_EVERYONE:
            if team_id is not None:
                return [team_id], None
            return "all", select(User.id).where(User.team_id.is_(None))
        if viewer.role == Role.MANAGER:
            managed = list(s.scalars(select(TeamManager.team_id).where(TeamManager.user_id == viewer.id)))
            if team_id is not None:
                if team_id in managed:
                    return [team_id], None
                return None, select(User.id).where(User.team_id == team_id, visible_users(viewer))
            outside = or_(User.team_id.is_(None), User.team_id.not_in(managed)) if managed else true()
            others = select(User.id).where(or_(User.manager_id == viewer.id, User.id == viewer.id), outside)
            return (managed or None), others
        people = select(User.id).where(User.id == viewer.id)
        if team_id is not None:
            people = people.where(User.team_id == team_id)
        return None, people

    def team_trend(
        self,
        viewer: UserRecord,
        *,
        team_id: int | None = None,
        bucket: Bucket = "week",
        since: datetime | None = None,
        until: datetime | None = None,
        criteria: Sequence[str] | None = None,
        scenarios: Sequence[str] | None = None,
    ) -> list[CriterionPoint]:
        """Per bucket and criterion, the mean of score/max over the viewer's people (or one team), for
        `criteria` in calls of `scenarios` (None: all). Weekly buckets read the team rollup (see `_sums`);
        days and months aggregate `attempt_criteria`."""
        if bucket == "week":
            with self._unit.read() as s:
                sums = self._sums(s, viewer, team_id, since, until, by_week=True, criteria=criteria,
                                  scenarios=scenarios)
            return [CriterionPoint(bucket=rollup.week_start(week), criterion_id=cid,
                                   average=round(total / n, 4), attempts=n)
                    for (week, cid), (total, n) in sorted(sums.items()) if n > 0]
        with self._unit.read() as s:
            ac = AttemptCriterion
            start = bucket_start(s.get_bind().dialect.name, bucket, ac.ended_at).label("bucket")
            query = (select(start, ac.criterion_id, func.avg(ac.score * 1.0 / ac.max).label("average"),
                            func.count().label("attempts"))
                     .where(*self._scope(s, viewer, team_id, since, until), *_only(criteria, scenarios))
                     .group_by(start, ac.criterion_id).order_by(start, ac.criterion_id))
            rows = s.execute(query).all()
        return [CriterionPoint(bucket=_as_datetime(r.bucket), criterion_id=r.criterion_id,
                               average=round(float(r.average), 4), attempts=r.attempts) for r in rows]

    def weakest_criteria(self, viewer: UserRecord, *, team_id: int | None = None, since: datetime | None = None,
                         until: datetime | None = None, limit: int = 10, min_results: int = 1,
                         criteria: Sequence[str] | None = None,
                         scenarios: Sequence[str] | None = None) -> list[tuple[str, float, int]]:
        """(criterion, mean share of its points, results), weakest first; criteria with fewer than
        `min_results` results (a rubric few people met) are left out. Reads the team rollup (see `_sums`)."""
        with self._unit.read() as s:
            sums = self._sums(s, viewer, team_id, since, until, by_week=False, criteria=criteria,
                              scenarios=scenarios)
        ranked = sorted((total / n, cid, n) for (_, cid), (total, n) in sums.items() if n > 0 and n >= min_results)
        return [(cid, round(average, 4), n) for average, cid, n in ranked[:max(0, limit)]]

    def heatmap(self, viewer: UserRecord, *, team_id: int | None = None, since: datetime | None = None,
                until: datetime | None = None, limit: int = 50, after: str | None = None,
                criteria: Sequence[str] | None = None, scenarios: Sequence[str] | None = None) -> HeatmapPage:
        """A page of people (by name) with their average per criterion (`criteria` in calls of `scenarios`;
        None: all); `after` is the previous page's `next_cursor`. The people are chosen first, then only
        their results are aggregated; `people` lists everyone on the page, with results or not."""
        limit = max(1, min(limit, 200))
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            people = (select(User.id, User.display_name, Team.name).outerjoin(Team, Team.id == User.team_id)
                      .where(visible_users(viewer), User.active.is_(True)))
            if team_id is not None:
                people = people.where(User.team_id == team_id)
            if after:
                name, _, ident = after.rpartition("|")
                people = people.where((User.display_name > name) |
                                      ((User.display_name == name) & (User.id > int(ident or 0))))
            chosen = s.execute(people.order_by(User.display_name, User.id).limit(limit + 1)).all()
            page, more = chosen[:limit], len(chosen) > limit
            names = {uid: name for uid, name, _ in page}
            ac = AttemptCriterion
            query = (select(ac.user_id, ac.criterion_id, func.avg(ac.score * 1.0 / ac.max), func.count())
                     .where(ac.user_id.in_(list(names)), *_only(criteria, scenarios))
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
        return HeatmapPage(
            items=items,
            next_cursor=cursor,
            people=[PersonRef(user_id=uid, display_name=name, team_name=team) for uid, name, team in page],
        )


def _only(criteria: Sequence[str] | None, scenarios: Sequence[str] | None) -> list:
    """Conditions on `attempt_criteria` for a set of criteria and of scenarios (None: no condition)."""
    ac = AttemptCriterion
    out = []
    if criteria is not None:
        out.append(ac.criterion_id.in_(list(criteria)))
    if scenarios is not None:
        out.append(ac.scenario_id.in_(list(scenarios)))
    return out
