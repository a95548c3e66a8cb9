"""Attempts for export (CSV, xAPI): pages in start-time order with their per-criterion results, read
through the start-time index in batches, so an export of a million attempts streams in constant memory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from trainer.errors import StoreError
from trainer.store.access import current_viewer, visible_users
from trainer.store.program_records import ExportRow
from trainer.store.records import Page, UserRecord
from trainer.store.tables import Attempt, AttemptCriterion, Team, User
from trainer.store.unit import UnitOfWork


class Exports:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def export_page(self, viewer: UserRecord | None, *, since: datetime | None = None,
                    until: datetime | None = None, finished_only: bool = False, limit: int = 1000,
                    after: str | None = None) -> Page[ExportRow]:
        """Attempts started in [since, until), oldest first; `viewer` None is the operator (everyone)."""
        limit = max(1, min(limit, 5000))
        with self._unit.read() as s:
            query = (select(Attempt, User.display_name, User.email, Team.name)
                     .join(User, User.id == Attempt.user_id).outerjoin(Team, Team.id == User.team_id))
            if viewer is not None:
                viewer = current_viewer(s, viewer)
                query = query.where(visible_users(viewer, Attempt.user_id, dialect=s.get_bind().dialect.name))
            if since is not None:
                query = query.where(Attempt.started_at >= since)
            if until is not None:
                query = query.where(Attempt.started_at < until)
            if finished_only:
                query = query.where(Attempt.state == "finished")
            if after:
                when, ident = _parse(after)
                query = query.where(
                    Attempt.started_at >= when,
                    or_(Attempt.started_at > when, and_(Attempt.started_at == when, Attempt.id > ident)),
                )
            rows = s.execute(query.order_by(Attempt.started_at, Attempt.id).limit(limit + 1)).all()
            items = self._rows(s, rows[:limit])
        cursor = f"{items[-1].started_at.isoformat()}|{items[-1].attempt_id}" if len(rows) > limit else None
        return Page[ExportRow](items=items, next_cursor=cursor)

    def _rows(self, s: Session, rows: list) -> list[ExportRow]:
        criteria: dict[int, dict[str, tuple[float, int]]] = {}
        ids = [r[0].id for r in rows]
        if ids:
            for c in s.execute(select(AttemptCriterion.attempt_id, AttemptCriterion.criterion_id,
                                      AttemptCriterion.score, AttemptCriterion.max)
                               .where(AttemptCriterion.attempt_id.in_(ids))):
                criteria.setdefault(c.attempt_id, {})[c.criterion_id] = (float(c.score), int(c.max))
        return [ExportRow(attempt_id=a.id, user_id=a.user_id, user_name=name, user_email=email, team_name=team,
                          scenario_id=a.scenario_id, scenario_version=a.scenario_version, mode=a.mode,
                          state=a.state, started_at=a.started_at, ended_at=a.ended_at, end_state=a.end_state,
                          score=a.score, passed=a.passed, turn_count=a.turn_count,
                          criteria=dict(sorted(criteria.get(a.id, {}).items())))
                for a, name, email, team in rows]

    def iter_export(self, viewer: UserRecord | None, *, since: datetime | None = None,
                    until: datetime | None = None, finished_only: bool = False,
                    batch: int = 1000) -> Iterator[ExportRow]:
        after = None
        while True:
            page = self.export_page(viewer, since=since, until=until, finished_only=finished_only,
                                    limit=batch, after=after)
            yield from page.items
            if page.next_cursor is None:
                return
            after = page.next_cursor


def _parse(cursor: str) -> tuple[datetime, int]:
    try:
        when, _, ident = cursor.partition("|")
        return datetime.fromisoformat(when), int(ident)
    except ValueError:
        raise StoreError("That export position is not valid; start the export again.") from None
