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

from sqlalchemy import and_, bindparam, delete, false, func, insert, or_, select, update
from sqlalchemy.orm import Session

from trainer.simulation.rescoring import AS_PLAYED, AttemptRescore, StoredAttempt, StoredTurn
from trainer.store import rollup
from trainer.store.tables import Attempt, AttemptCriterion, AttemptScoreRow, ReplyScoreRow, Turn, User
from trainer.store.unit import UnitOfWork


class Rescoring:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

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
        with self._unit.read() as s:
            return list(s.scalars(query.order_by(Attempt.id).limit(limit)))

    def count_rescore_candidates(self, versions: Mapping[str, str], *, since: datetime | None = None) -> int:
        total, after = 0, 0
        while ids := self.rescore_candidates(versions, since=since, after_id=after, limit=100_000):
            total, after = total + len(ids), ids[-1]
        return total

    def attempts_to_rescore(self, attempt_ids: Iterable[int]) -> list[StoredAttempt]:
        """The attempts with their turns (each with its latest score) and current per-criterion results."""
        ids = list(attempt_ids)
        with self._unit.read() as s:
            rows = s.execute(select(Attempt.id, Attempt.scenario_id, Attempt.end_state, Attempt.score,
                                    Attempt.passed, Attempt.rubric_version, Attempt.session_state)
                             .where(Attempt.id.in_(ids)).order_by(Attempt.id)).all()
            turns: dict[int, list[tuple[int, str, str, float | None, object, object]]] = {i: [] for i in ids}
            for t in s.execute(select(Turn.attempt_id, Turn.id, Turn.speaker, Turn.text, Turn.response_seconds,
                                      Turn.criteria, Turn.voice).where(Turn.attempt_id.in_(ids))
                               .order_by(Turn.attempt_id, Turn.index)):
                turns[t.attempt_id].append((t.id, t.speaker, t.text, t.response_seconds, t.criteria, t.voice))
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
                criteria=crit[r.id], steps=_reply_steps(state),
                turns=[StoredTurn(tid, speaker, text, seconds,
                                  latest.get(tid, criteria) if isinstance(latest.get(tid, criteria), dict) else None,
                                  voice if isinstance(voice, dict) and speaker == "trainee" else None)
                       for tid, speaker, text, seconds, criteria, voice in turns[r.id]]))
        return out

    def save_rescores(self, results: Iterable[AttemptRescore]) -> None:
        """Save one batch in one transaction, a few statements for the whole batch: new reply scores,
        changed attempts' scores with their history and `attempt_criteria`, the team rollup."""
        results = list(results)
        if not results:
            return
        with self._unit.write() as s:
            now = self._unit.now()
            replies = [{"turn_id": c.turn_id, "attempt_id": r.attempt.attempt_id, "rubric_id": r.rubric_id,
                        "rubric_version": r.version, "total": c.new.total,
                        "criteria": c.new.model_dump(mode="json"), "scored_at": now}
                       for r in results for c in r.changed]
            if replies:
                s.execute(insert(ReplyScoreRow), replies)
            changed = {r.attempt.attempt_id: r for r in results if r.attempt_changed}
            if changed:
                self._replace_attempt_scores(s, changed, now)
            for version in {r.version for r in results}:
                ids = [r.attempt.attempt_id for r in results
                       if r.version == version and r.attempt.attempt_id not in changed]
                if ids:
                    s.execute(update(Attempt).where(Attempt.id.in_(ids)).values(rubric_version=version))

    def _replace_attempt_scores(self, s: Session, changed: dict[int, AttemptRescore], now: datetime) -> None:
        ids = list(changed)
        people = {row.id: (row.user_id, row.ended_at, row.team_id) for row in s.execute(
            select(Attempt.id, Attempt.user_id, Attempt.ended_at, User.team_id).join(User, User.id == Attempt.user_id)
            .where(Attempt.id.in_(ids)))}
        # the people's rows are locked as when an attempt finishes, so a move between teams waits
        s.execute(select(User.id).where(User.id.in_({p[0] for p in people.values()})).with_for_update())
        known = {
            (aid, version)
            for aid, version in s.execute(
                select(AttemptScoreRow.attempt_id, AttemptScoreRow.rubric_version).where(
                    AttemptScoreRow.attempt_id.in_(ids)
                )
            )
        }
        history = []
        for aid, r in changed.items():
            earlier = r.attempt.rubric_version or AS_PLAYED
            if (aid, earlier) not in known:
                history.append({"attempt_id": aid, "rubric_version": earlier, "rubric_id": r.rubric_id,
                                "score": r.attempt.score, "passed": r.attempt.passed, "scored_at": now,
                                "criteria": {k: list(v) for k, v in r.attempt.criteria.items()}})
        replaced = [(aid, r.version) for aid, r in changed.items() if (aid, r.version) in known]
        for aid, version in replaced:
            s.execute(delete(AttemptScoreRow).where(AttemptScoreRow.attempt_id == aid,
                                                    AttemptScoreRow.rubric_version == version))
        history += [{"attempt_id": aid, "rubric_version": r.version, "rubric_id": r.rubric_id, "score": r.score,
                     "passed": r.passed, "scored_at": now, "criteria": {k: list(v) for k, v in r.criteria.items()}}
                    for aid, r in changed.items()]
        s.execute(insert(AttemptScoreRow), history)
        # the team rollup: the old results out, the new in, summed per team for the whole batch
        minus: dict[int, rollup.Sums] = {}
        plus: dict[int, rollup.Sums] = {}
        for row in s.execute(
            select(
                AttemptCriterion.attempt_id,
                AttemptCriterion.criterion_id,
                AttemptCriterion.ended_at,
                AttemptCriterion.score,
                AttemptCriterion.max,
            ).where(AttemptCriterion.attempt_id.in_(ids))
        ):
            team = people[row.attempt_id][2]
            if team is not None:
                _add(minus.setdefault(team, {}), row.ended_at, row.criterion_id, row.score, row.max)
        rows = []
        for aid, r in changed.items():
            user_id, ended_at, team = people[aid]
            ended_at = ended_at or now
            for cid, (score, top) in r.criteria.items():
                rows.append({"attempt_id": aid, "criterion_id": cid, "user_id": user_id,
                             "scenario_id": r.attempt.scenario_id, "ended_at": ended_at, "score": score, "max": top})
                if team is not None:
                    _add(plus.setdefault(team, {}), ended_at, cid, score, top)
        for team, sums in sorted(minus.items()):
            rollup.add(s, team, sums, sign=-1)
        s.execute(delete(AttemptCriterion).where(AttemptCriterion.attempt_id.in_(ids)))
        if rows:
            s.execute(insert(AttemptCriterion), rows)
        for team, sums in sorted(plus.items()):
            rollup.add(s, team, sums)
        table = Attempt.__table__
        s.execute(update(table).where(table.c.id == bindparam("aid")).values(
            score=bindparam("new_score"), passed=bindparam("new_passed"), rubric_version=bindparam("version")),
            [{"aid": aid, "new_score": r.score, "new_passed": r.passed, "version": r.version}
             for aid, r in changed.items()])


def _add(sums: rollup.Sums, ended_at: datetime, criterion_id: str, score: float, top: int) -> None:
    key = (rollup.week_of(ended_at), criterion_id)
    total, n = sums.get(key, (0.0, 0))
    sums[key] = (total + (score / top if top else 0.0), n + 1)


def latest_reply_scores(s: Session, attempt_id: int) -> dict[int, dict]:
    """Turn id -> its latest rescored score, for the turns of one attempt that have one."""
    newest = (select(func.max(ReplyScoreRow.id)).where(ReplyScoreRow.attempt_id == attempt_id)
              .group_by(ReplyScoreRow.turn_id))
    rows = s.execute(select(ReplyScoreRow.turn_id, ReplyScoreRow.criteria).where(ReplyScoreRow.id.in_(newest)))
    return {turn_id: criteria for turn_id, criteria in rows}


def _reply_steps(state: dict[str, object]) -> list[str | None]:
    """The step each trainee reply answered, in order, from a saved session state."""
    transcript = state.get("transcript")
    if not isinstance(transcript, list):
        return []
    return [t.get("step") if isinstance(t.get("step"), str) else None
            for t in transcript if isinstance(t, dict) and t.get("speaker") == "trainee"]
