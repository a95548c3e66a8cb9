"""Recordings of spoken replies: saved with their turn (`Attempts.record_turn`), heard by whoever may
see the attempt (its owner, their managers, trainers and admins: decided in the query, as for the
transcript), downloaded only by the person who spoke, and deleted after the retention period by
`python -m trainer recordings purge`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from trainer.errors import NotAllowedError, StoreError
from trainer.store.access import current_viewer, visible_users
from trainer.store.records import RecordingRecord, UserRecord
from trainer.store.tables import Attempt, Recording
from trainer.store.unit import UnitOfWork

PURGE_BATCH = 500


def _record(r: Recording) -> RecordingRecord:
    return RecordingRecord(attempt_id=r.attempt_id, turn_index=r.turn_index, user_id=r.user_id, mime=r.mime,
                           seconds=r.seconds, audio=r.audio, created_at=r.created_at)


class Recordings:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def recordings(self, viewer: UserRecord, attempt_id: int) -> list[RecordingRecord]:
        """The attempt's recordings in turn order, if the viewer may see the attempt (else
        `NotAllowedError`); empty when none were kept."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            dialect = s.get_bind().dialect.name
            rows = s.scalars(select(Recording).where(
                Recording.attempt_id == attempt_id, visible_users(viewer, Recording.user_id, dialect=dialect))
                .order_by(Recording.turn_index)).all()
            if not rows:
                self._check_visible(s, viewer, attempt_id, dialect)
            return [_record(r) for r in rows]

    def _check_visible(self, s, viewer: UserRecord, attempt_id: int, dialect: str) -> None:
        found = s.execute(select(Attempt.id).where(
            Attempt.id == attempt_id, visible_users(viewer, Attempt.user_id, dialect=dialect))).first()
        if found is None:
            if s.get(Attempt, attempt_id) is None:
                raise StoreError(f"No attempt with id {attempt_id}.")
            raise NotAllowedError("You may not hear this attempt: it belongs to someone outside your teams.")

    def own_recording(self, viewer: UserRecord, attempt_id: int, turn_index: int) -> RecordingRecord:
        """One recording, for download: only the person who spoke it gets it."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            row = s.scalars(select(Recording).where(Recording.attempt_id == attempt_id,
                                                    Recording.turn_index == turn_index,
                                                    Recording.user_id == viewer.id)).first()
            if row is None:
                if s.scalar(select(func.count()).select_from(Recording).where(
                        Recording.attempt_id == attempt_id, Recording.turn_index == turn_index)):
                    raise NotAllowedError("Only the person who recorded a reply can download it.")
                raise StoreError("That recording is not kept (any more).")
            return _record(row)

    def count_recordings(self, *, before: datetime | None = None) -> int:
        """How many recordings are kept (made before `before`, when given). The operator's view."""
        with self._unit.read() as s:
            query = select(func.count()).select_from(Recording)
            if before is not None:
                query = query.where(Recording.created_at < before)
            return int(s.scalar(query) or 0)

    def purge_recordings(self, before: datetime) -> int:
        """Delete every recording made before `before`, in batches; how many were deleted. The
        transcripts, timings and scores stay."""
        deleted = 0
        while True:
            with self._unit.write() as s:
                ids = s.scalars(select(Recording.id).where(Recording.created_at < before)
                                .order_by(Recording.id).limit(PURGE_BATCH)).all()
                if not ids:
                    return deleted
                s.execute(delete(Recording).where(Recording.id.in_(ids)))
                deleted += len(ids)
