"""Attempts and their turns: every turn is saved, with the session state to resume from, in one short
transaction the moment it happens; reads return only what the viewer may see."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from trainer.errors import NotAllowedError, StoreError
from trainer.store import rollup
from trainer.store.access import among, current_viewer, visible_users
from trainer.store.records import (
    AttemptDetail,
    AttemptRecord,
    AttemptState,
    CriterionTotal,
    CustomerKind,
    Mode,
    NewRecording,
    NewTurn,
    Page,
    TurnRecord,
    UserRecord,
)
from trainer.store.rescoring import latest_reply_scores
from trainer.store.tables import Attempt, AttemptCriterion, Recording, Turn, User
from trainer.store.unit import UnitOfWork

State = BaseModel | Mapping[str, Any]


def scrub(value: Any) -> Any:
    """NUL characters replaced by U+FFFD, in strings at any depth: PostgreSQL refuses them in text and
    JSONB, and a reply pasted from a binary file must not make the turn unsaveable."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd") if "\x00" in value else value
    if isinstance(value, dict):
        return {scrub(k): scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def as_json(state: State | None) -> dict[str, Any] | None:
    if state is None:
        return None
    if isinstance(state, BaseModel):
        return scrub(state.model_dump(mode="json"))
    return scrub(dict(state))


def _attempts():
    return select(Attempt, User.display_name, User.email, User.team_id).join(User, User.id == Attempt.user_id)


def attempt_record(a: Attempt, name: str, email: str, team_id: int | None) -> AttemptRecord:
    return AttemptRecord(
        id=a.id, user_id=a.user_id, user_name=name, user_email=email, team_id=team_id,
        scenario_id=a.scenario_id, scenario_version=a.scenario_version, seed=a.seed,
        mode=a.mode, customer_kind=a.customer_kind, state=a.state,  # type: ignore[arg-type]
        started_at=a.started_at, updated_at=a.updated_at, ended_at=a.ended_at, end_state=a.end_state,
        score=a.score, passed=a.passed, turn_count=a.turn_count,
    )


def _cursor(a: AttemptRecord) -> str:
    return f"{a.started_at.isoformat()}|{a.id}"


def _parse_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        when, _, ident = cursor.partition("|")
        return datetime.fromisoformat(when), int(ident)
    except ValueError:
        raise StoreError("That page link is out of date; go back to the first page.") from None


class Attempts:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def start_attempt(self, viewer: UserRecord, *, scenario_id: str, scenario_version: str, seed: int,
                      mode: Mode = "practice", customer_kind: CustomerKind = "scripted",
                      state: State | None = None, opening: NewTurn | None = None) -> AttemptRecord:
        """Start the viewer's attempt (with the customer's opening line, if given). Any other attempt of
        theirs still in progress is marked abandoned, so there is only ever one to resume."""
        now = self._unit.now()
        with self._unit.write() as s:
            current_viewer(s, viewer)
            s.execute(update(Attempt).where(Attempt.user_id == viewer.id, Attempt.state == "in_progress")
                      .values(state="abandoned", ended_at=now, updated_at=now))
            attempt = Attempt(user_id=viewer.id, scenario_id=scenario_id, scenario_version=scenario_version,
                              seed=seed, mode=mode, customer_kind=customer_kind, state="in_progress",
                              started_at=now, updated_at=now, turn_count=0, session_state=as_json(state))
            s.add(attempt)
            s.flush()
            if opening is not None:
                self._add_turns(s, attempt, [opening], now)
            return attempt_record(attempt, viewer.display_name, viewer.email, viewer.team_id)

    def record_turn(self, viewer: UserRecord, attempt_id: int, turns: NewTurn | Iterable[NewTurn],
                    state: State | None, recordings: Iterable[NewRecording] = ()) -> None:
        """Save the turn(s), the session state after them and the recordings of spoken replies among
        them, together or not at all."""
        turns = [turns] if isinstance(turns, NewTurn) else list(turns)
        conflict = (f"That turn of attempt {attempt_id} was already saved, perhaps from another tab. "
                    "Reload the page to continue from the saved turn.")
        with self._unit.write(conflict=conflict) as s:
            attempt = self._own_open_attempt(s, viewer, attempt_id)
            now = self._unit.now()
            self._add_turns(s, attempt, turns, now)
            attempt.session_state, attempt.updated_at = as_json(state), now
            s.add_all(Recording(attempt_id=attempt.id, user_id=attempt.user_id, created_at=now, **r.model_dump())
                      for r in recordings)

    def _add_turns(self, s: Session, attempt: Attempt, turns: list[NewTurn], now: datetime) -> None:
        s.add_all(Turn(attempt_id=attempt.id, created_at=now, **scrub(t.model_dump())) for t in turns)
        if turns:
            attempt.turn_count = max(attempt.turn_count, max(t.index for t in turns) + 1)
        s.flush()

    def finish_attempt(self, viewer: UserRecord, attempt_id: int, *, end_state: str, score: float,
                       passed: bool, criteria: Iterable[CriterionTotal],
                       state: State | None = None) -> AttemptRecord:
        """Close the attempt with its results; one `attempt_criteria` row per criterion for the trends, and
        the same results added to the team's weekly rollup, in the same transaction."""
        criteria = list(criteria)
        with self._unit.write(conflict=f"Attempt {attempt_id} has a criterion listed twice.") as s:
            attempt = self._own_open_attempt(s, viewer, attempt_id)
            now = self._unit.now()
            attempt.state, attempt.ended_at, attempt.updated_at = "finished", now, now
            attempt.end_state, attempt.score, attempt.passed = end_state, score, passed
            if state is not None:
                attempt.session_state = as_json(state)
            s.add_all(AttemptCriterion(attempt_id=attempt.id, criterion_id=c.criterion_id, user_id=attempt.user_id,
                                       scenario_id=attempt.scenario_id, ended_at=now, score=c.score, max=c.max)
                      for c in criteria)
            s.flush()
            team_id = s.scalar(select(User.team_id).where(User.id == attempt.user_id).with_for_update())
            rollup.record(s, team_id, now, ((c.criterion_id, c.score, c.max) for c in criteria))
            return attempt_record(attempt, viewer.display_name, viewer.email, viewer.team_id)

    def abandon_attempt(self, viewer: UserRecord, attempt_id: int) -> None:
        with self._unit.write() as s:
            attempt = self._own_open_attempt(s, viewer, attempt_id)
            attempt.state, attempt.ended_at, attempt.updated_at = "abandoned", self._unit.now(), self._unit.now()

    def _own_open_attempt(self, s: Session, viewer: UserRecord, attempt_id: int) -> Attempt:
        current_viewer(s, viewer)
        attempt = s.get(Attempt, attempt_id, with_for_update=True)
        if attempt is None:
            raise StoreError(f"No attempt with id {attempt_id}.")
        if attempt.user_id != viewer.id:
            raise NotAllowedError("Only the person taking an attempt can add to it.")
        if attempt.state != "in_progress":
            raise StoreError(f"Attempt {attempt_id} is already {attempt.state}; start a new one to practise again.")
        return attempt

    def get_attempt(self, viewer: UserRecord, attempt_id: int) -> AttemptDetail:
        """One attempt with its transcript and results; `NotAllowedError` if the viewer may not see it."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            row = s.execute(_attempts().where(Attempt.id == attempt_id, visible_users(viewer, Attempt.user_id))).first()
            if row is None:
                if s.get(Attempt, attempt_id) is None:
                    raise StoreError(f"No attempt with id {attempt_id}.")
                raise NotAllowedError("You may not see this attempt: it belongs to someone outside your teams.")
            return self._detail(s, row)

    def _detail(self, s: Session, row: Any) -> AttemptDetail:
        attempt = row[0]
        turns = s.scalars(select(Turn).where(Turn.attempt_id == attempt.id).order_by(Turn.index))
        crit = s.scalars(select(AttemptCriterion).where(AttemptCriterion.attempt_id == attempt.id)
                         .order_by(AttemptCriterion.criterion_id))
        rescored = latest_reply_scores(s, attempt.id) if attempt.rubric_version else {}
        return AttemptDetail(
            attempt=attempt_record(*row),
            turns=[TurnRecord(index=t.index, speaker=t.speaker, text=t.text,  # type: ignore[arg-type]
                              response_seconds=t.response_seconds, criteria=rescored.get(t.id, t.criteria),
                              mood_after=t.mood_after, created_at=t.created_at, voice=t.voice,
                              notice=t.notice) for t in turns],
            criteria=[CriterionTotal(criterion_id=c.criterion_id, score=c.score, max=c.max) for c in crit],
            session_state=attempt.session_state,
        )

    def resumable_attempt(self, viewer: UserRecord) -> AttemptDetail | None:
        """The viewer's own attempt still in progress (the latest), with its turns and state, or None."""
        with self._unit.read() as s:
            current_viewer(s, viewer)
            row = s.execute(_attempts().where(Attempt.user_id == viewer.id, Attempt.state == "in_progress")
                            .order_by(Attempt.started_at.desc(), Attempt.id.desc()).limit(1)).first()
            return self._detail(s, row) if row else None

    def list_attempts(self, viewer: UserRecord, *, user_id: int | None = None, team_id: int | None = None,
                      scenario_id: str | None = None, state: AttemptState | None = None,
                      since: datetime | None = None, until: datetime | None = None,
                      limit: int = 50, after: str | None = None) -> Page[AttemptRecord]:
        """Newest first, only what the viewer may see; filters narrow it further. `since` and `until`
        bound the start time (until excluded); `after` is the previous page's `next_cursor`.

        The page's ids are chosen first from the attempts indexes alone, then only those rows are read:
        a manager's page costs the same at a thousand attempts as at a million."""
        limit = max(1, min(limit, 500))
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            dialect = s.get_bind().dialect.name
            ids = select(Attempt.id).where(visible_users(viewer, Attempt.user_id, dialect=dialect))
            for column, value in ((Attempt.user_id, user_id), (Attempt.scenario_id, scenario_id),
                                  (Attempt.state, state)):
                if value is not None:
                    ids = ids.where(column == value)
            if team_id is not None:
                ids = ids.where(among(Attempt.user_id, select(User.id).where(User.team_id == team_id), dialect))
            if since is not None:
                ids = ids.where(Attempt.started_at >= since)
            if until is not None:
                ids = ids.where(Attempt.started_at < until)
            if after:
                when, ident = _parse_cursor(after)
                # the first condition alone bounds an index range; the second breaks ties in it
                ids = ids.where(Attempt.started_at <= when, or_(Attempt.started_at < when, Attempt.id < ident))
            newest_first = (Attempt.started_at.desc(), Attempt.id.desc())
            ids = ids.order_by(*newest_first).limit(limit + 1)
            query = _attempts().where(Attempt.id.in_(ids.scalar_subquery())).order_by(*newest_first)
            items = [attempt_record(*row) for row in s.execute(query)]
        more = len(items) > limit
        return Page[AttemptRecord](items=items[:limit], next_cursor=_cursor(items[limit - 1]) if more else None)
