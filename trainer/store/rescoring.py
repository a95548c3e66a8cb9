"""Rescoring stored attempts (`python -m trainer rescore`): what to rescore, reading it, saving results.

Earlier scores are never overwritten where they are kept: a reply's score as played stays in
`turns.criteria`, and each later score that differs is a new `reply_scores` row (the latest row is the
reply's current score; `get_attempt` shows it). An attempt's score, pass and `attempt_criteria`, which
every dashboard reads, are updated to the newest, in the same transaction as the team rollup, and the
earlier and new values are both kept in `attempt_scores`. `attempts.rubric_version` names the rubric
version of the attempt's current score, so a rerun skips what is already done: a run that was
interrupted resumes, and nothing is counted twice. Program completions and certificates already given
are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import and_, delete, false, func, or_, select, update
from sqlalchemy.orm import Session

from trainer.simulation.rescoring import AS_PLAYED, AttemptRescore, StoredAttempt, StoredTurn
from trainer.store import rollup
from trainer.store.tables import Attempt, AttemptCriterion, AttemptScoreRow, ReplyScoreRow, Turn, User
from trainer.store.unit import UnitOfWork


class Rescoring(UnitOfWork):
    def rescore_candidates(self, versions: Mapping[str, str], *, since: datetime | None = None,
                           after_id: int = 0, limit: int = 10_000) -> list[int]:
        """Ids of finished attempts of the scenarios in `versions` (scenario id -> its rubric's current
        version) not yet scored with that version, in id order after `after_id`."""
        by_version: dict[str, list[str]] = {}
        for scenario_id, version in versions.items():
            by_version.setdefault(version, []).append(scenario_id)
        wanted = or_(false(), *(and_(Attempt.scenario_id.in_(ids),
                                     or_(Attempt.rubric_version.is_(None), Attempt.rubric_version != version))
                                for version, ids in by_version.items()))
        query = select(Attempt.id).where(Attempt.state == "finished", Attempt.id > after_id, wanted)
        if since is not None:
            query = query.where(Attempt.ended_at >= since)
        with self._read() as s:
            return list(s.scalars(query.order_by(Attempt.id).limit(limit)))

    def count_rescore_candidates(self, versions: Mapping[str, str], *, since: datetime | None = None) -> int:
        total, after = 0, 0
        while ids := self.rescore_candidates(versions, since=since, after_id=after, limit=100_000):
            total, after = total + len(ids), ids[-1]
        return total

    def attempts_to_rescore(self, attempt_ids: Iterable[int]) -> list[StoredAttempt]:
        """The attempts with their turns (each with its latest score) and current per-criterion results."""
        ids = list(attempt_ids)
        with self._read() as s:
            rows = s.execute(select(Attempt.id, Attempt.scenario_id, Attempt.end_state, Attempt.score,
                                    Attempt.passed, Attempt.rubric_version, Attempt.session_state)
                             .where(Attempt.id.in_(ids)).order_by(Attempt.id)).all()
            turns: dict[int, list[tuple[int, str, str, float | None, object]]] = {i: [] for i in ids}
            for t in s.execute(select(Turn.attempt_id, Turn.id, Turn.speaker, Turn.text, Turn.response_seconds,
                                      Turn.criteria).where(Turn.attempt_id.in_(ids))
                               .order_by(Turn.attempt_id, Turn.index)):
                turns[t.attempt_id].append((t.id, t.speaker, t.text, t.response_seconds, t.criteria))
            latest: dict[int, object] = {}
            newest = (select(func.max(ReplyScoreRow.id)).where(ReplyScoreRow.attempt_id.in_(ids))
                      .group_by(ReplyScoreRow.turn_id))
            for turn_id, criteria in s.execute(select(ReplyScoreRow.turn_id, ReplyScoreRow.criteria)
                                               .where(ReplyScoreRow.id.in_(newest))):
                latest[turn_id] = criteria
            crit: dict[int, dict[str, tuple[float, int]]] = {i: {} for i in ids}
            for c in s.execute(select(AttemptCriterion.attempt_id, AttemptCriterion.criterion_id,
                                      AttemptCriterion.score, AttemptCriterion.max)
                               .where(AttemptCriterion.attempt_id.in_(ids))):
                crit[c.attempt_id][c.criterion_id] = (c.score, c.max)
        out = []
        for r in rows:
            state = r.session_state if isinstance(r.session_state, dict) else {}
            values = state.get("values") if isinstance(state.get("values"), dict) else {}
            out.append(StoredAttempt(
                attempt_id=r.id, scenario_id=r.scenario_id, end_state=r.end_state, score=r.score, passed=r.passed,
                rubric_version=r.rubric_version, values={str(k): str(v) for k, v in values.items()},
                criteria=crit[r.id],
                turns=[StoredTurn(tid, speaker, text, seconds,
                                  latest.get(tid, criteria) if isinstance(latest.get(tid, criteria), dict) else None)
                       for tid, speaker, text, seconds, criteria in turns[r.id]]))
        return out

    def save_rescores(self, results: Iterable[AttemptRescore]) -> None:
        """Save one batch in one transaction: new reply scores, attempt scores, their history, the rollup."""
        results = list(results)
        if not results:
            return
        with self._write() as s:
            now = self.now()
            for r in results:
                a = r.attempt
                s.add_all(ReplyScoreRow(turn_id=c.turn_id, attempt_id=a.attempt_id, rubric_id=r.rubric_id,
                                        rubric_version=r.version, total=c.new.total,
                                        criteria=c.new.model_dump(mode="json"), scored_at=now)
                          for c in r.changed)
                if r.attempt_changed:
                    self._replace_attempt_score(s, r, now)
                s.execute(update(Attempt).where(Attempt.id == a.attempt_id).values(rubric_version=r.version))

    def _replace_attempt_score(self, s: Session, r: AttemptRescore, now: datetime) -> None:
        a = r.attempt
        earlier = a.rubric_version or AS_PLAYED
        known = set(s.scalars(select(AttemptScoreRow.rubric_version)
                              .where(AttemptScoreRow.attempt_id == a.attempt_id)))
        if earlier not in known:
            s.add(AttemptScoreRow(attempt_id=a.attempt_id, rubric_version=earlier, rubric_id=r.rubric_id,
                                  score=a.score, passed=a.passed, scored_at=now,
                                  criteria={k: list(v) for k, v in a.criteria.items()}))
        if r.version in known:
            s.execute(delete(AttemptScoreRow).where(AttemptScoreRow.attempt_id == a.attempt_id,
                                                    AttemptScoreRow.rubric_version == r.version))
        s.add(AttemptScoreRow(attempt_id=a.attempt_id, rubric_version=r.version, rubric_id=r.rubric_id,
                              score=r.score, passed=r.passed, scored_at=now,
                              criteria={k: list(v) for k, v in r.criteria.items()}))
        attempt = s.get(Attempt, a.attempt_id, with_for_update=True)
        team_id = s.scalar(select(User.team_id).where(User.id == attempt.user_id).with_for_update())
        old = list(s.scalars(select(AttemptCriterion).where(AttemptCriterion.attempt_id == a.attempt_id)))
        ended_at = attempt.ended_at or now
        if team_id is not None and old:  # take the old results out of the team rollup, put the new in
            sums: rollup.Sums = {}
            for c in old:
                week = rollup.week_of(c.ended_at)
                total, n = sums.get((week, c.criterion_id), (0.0, 0))
                sums[(week, c.criterion_id)] = (total + (c.score / c.max if c.max else 0.0), n + 1)
            rollup.add(s, team_id, sums, sign=-1)
        s.execute(delete(AttemptCriterion).where(AttemptCriterion.attempt_id == a.attempt_id))
        s.add_all(AttemptCriterion(attempt_id=a.attempt_id, criterion_id=cid, user_id=attempt.user_id,
                                   scenario_id=attempt.scenario_id, ended_at=ended_at, score=score, max=top)
                  for cid, (score, top) in r.criteria.items())
        s.flush()
        rollup.record(s, team_id, ended_at, ((cid, score, top) for cid, (score, top) in r.criteria.items()))
        attempt.score, attempt.passed = r.score, r.passed


def latest_reply_scores(s: Session, attempt_id: int) -> dict[int, dict]:
    """Turn id -> its latest rescored score, for the turns of one attempt that have one."""
    newest = (select(func.max(ReplyScoreRow.id)).where(ReplyScoreRow.attempt_id == attempt_id)
              .group_by(ReplyScoreRow.turn_id))
    rows = s.execute(select(ReplyScoreRow.turn_id, ReplyScoreRow.criteria).where(ReplyScoreRow.id.in_(newest)))
    return {turn_id: criteria for turn_id, criteria in rows}
