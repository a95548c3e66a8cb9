"""The studio's queries: the scenario save log, per-scenario analytics aggregated in SQL, and calibration
rounds with their grades. Every read and write re-checks the viewer's role in the database.

Analytics follow `access.visible_users` for who counts, and name people only to viewers who manage them
(their teams or direct reports) or to admins; everyone else sees 'Person 1', 'Person 2'... numbered
within the result, so a trainer can study a scenario without learning who struggled with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import ColumnElement, String, case, cast, delete, func, select, union
from sqlalchemy.orm import Session, aliased

from trainer.errors import StoreError
from trainer.roles import ADMINISTER, AUTHOR
from trainer.store.access import current_viewer, require_role, visible_users
from trainer.store.attempts import scrub
from trainer.store.records import UserRecord
from trainer.store.studio_records import (
    CalibrationItemRecord,
    CriterionAverage,
    GradeRecord,
    LowReply,
    NewCalibrationItem,
    PoolReply,
    RoundRecord,
    SaveRecord,
    ScenarioSummary,
    Source,
    StepStop,
)
from trainer.store.studio_tables import CalibrationGrade, CalibrationItem, CalibrationRound, ScenarioSave
from trainer.store.tables import Attempt, AttemptCriterion, TeamManager, Turn, User
from trainer.store.unit import UnitOfWork

STUDIO_ROLES = AUTHOR


def _last_step(dialect: str) -> ColumnElement[str]:
    """The step of the last line in an attempt's saved transcript (where the call stopped)."""
    if dialect == "postgresql":
        return Attempt.session_state[("transcript", -1, "step")].as_string()
    return cast(func.json_extract(Attempt.session_state, "$.transcript[#-1].step"), String)


def _managed_by(viewer: UserRecord):
    teams = select(TeamManager.team_id).where(TeamManager.user_id == viewer.id)
    return union(select(User.id).where(User.team_id.in_(teams)), select(User.id).where(User.manager_id == viewer.id))


def _since(column: ColumnElement[datetime], since: datetime | None) -> tuple[ColumnElement[bool], ...]:
    return () if since is None else (column >= since,)


class Studio:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    def _studio_viewer(self, s: Session, viewer: UserRecord, doing: str) -> UserRecord:
        viewer = current_viewer(s, viewer)
        require_role(viewer, *STUDIO_ROLES, doing=doing)
        return viewer

    # -- the save log ----------------------------------------------------------------------------

    def record_save(self, viewer: UserRecord, *, path: str, scenario_id: str | None, before_hash: str | None,
                    after_hash: str, summary: str, diff: str) -> SaveRecord:
        with self._unit.write() as s:
            viewer = self._studio_viewer(s, viewer, "save scenarios")
            row = ScenarioSave(path=path[:500], scenario_id=scenario_id, user_id=viewer.id, saved_at=self._unit.now(),
                               before_hash=before_hash, after_hash=after_hash, summary=scrub(summary)[:500],
                               diff=scrub(diff))
            s.add(row)
            s.flush()
            return _save_record(row, viewer.display_name)

    def latest_save_id(self) -> int:
        """The newest save's id (0 before any): an app process compares it with the one its library was
        loaded at, to notice a save made through another process on the same database. It tells
        nothing about anyone, so it takes no viewer."""
        with self._unit.read() as s:
            return int(s.scalar(select(func.max(ScenarioSave.id))) or 0)

    def save_log(self, viewer: UserRecord, *, scenario_id: str | None = None, path: str | None = None,
                 limit: int = 50) -> list[SaveRecord]:
        """Newest first."""
        with self._unit.read() as s:
            self._studio_viewer(s, viewer, "read the save log")
            query = select(ScenarioSave, User.display_name).outerjoin(User, User.id == ScenarioSave.user_id)
            if scenario_id is not None:
                query = query.where(ScenarioSave.scenario_id == scenario_id)
            if path is not None:
                query = query.where(ScenarioSave.path == path)
            rows = s.execute(query.order_by(ScenarioSave.saved_at.desc(), ScenarioSave.id.desc())
                             .limit(max(1, min(limit, 500)))).all()
            return [_save_record(row, name) for row, name in rows]

    # -- analytics per scenario -----------------------------------------------------------------

    def scenario_summary(
        self, viewer: UserRecord, scenario_id: str, *, since: datetime | None = None
    ) -> ScenarioSummary:
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            seen = visible_users(viewer, Attempt.user_id, dialect=s.get_bind().dialect.name)
            finished = Attempt.state == "finished"
            row = s.execute(select(
                func.count().label("attempts"),
                func.sum(case((finished, 1), else_=0)).label("finished"),
                func.sum(case((Attempt.state == "abandoned", 1), else_=0)).label("abandoned"),
                func.sum(case((Attempt.state == "in_progress", 1), else_=0)).label("in_progress"),
                func.sum(case((finished & Attempt.passed.is_(True), 1), else_=0)).label("passed"),
                func.avg(case((finished, Attempt.score))).label("average"),
            ).where(Attempt.scenario_id == scenario_id, seen, *_since(Attempt.started_at, since))).one()
        done = int(row.finished or 0)
        return ScenarioSummary(
            scenario_id=scenario_id, attempts=int(row.attempts or 0), finished=done,
            abandoned=int(row.abandoned or 0), in_progress=int(row.in_progress or 0), passed=int(row.passed or 0),
            pass_rate=round(int(row.passed or 0) / done, 4) if done else None,
            average_score=None if row.average is None else round(float(row.average), 2))

    def scenario_criteria(self, viewer: UserRecord, scenario_id: str, *,
                          since: datetime | None = None) -> list[CriterionAverage]:
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            ac = AttemptCriterion
            rows = s.execute(
                select(ac.criterion_id, func.avg(ac.score * 1.0 / ac.max).label("average"), func.count().label("n"))
                .where(ac.scenario_id == scenario_id, *_since(ac.ended_at, since),
                       visible_users(viewer, ac.user_id, dialect=s.get_bind().dialect.name))
                .group_by(ac.criterion_id).order_by(ac.criterion_id)).all()
        return [CriterionAverage(criterion_id=r.criterion_id, average=round(float(r.average), 4), attempts=r.n)
                for r in rows]

    def scenario_steps(self, viewer: UserRecord, scenario_id: str, *, since: datetime | None = None) -> list[StepStop]:
        """Per step: attempts that stopped there, most failures and drop-offs first."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            dialect = s.get_bind().dialect.name
            step = _last_step(dialect).label("step")
            failed = func.sum(case(((Attempt.state == "finished") & Attempt.passed.is_not(True), 1), else_=0))
            abandoned = func.sum(case((Attempt.state == "abandoned", 1), else_=0))
            hung_up = func.sum(case((Attempt.end_state == "hung_up", 1), else_=0))
            rows = s.execute(
                select(step, func.count().label("stopped"), failed.label("failed"), abandoned.label("abandoned"),
                       hung_up.label("hung_up"))
                .where(Attempt.scenario_id == scenario_id, Attempt.state != "in_progress",
                       *_since(Attempt.started_at, since), visible_users(viewer, Attempt.user_id, dialect=dialect))
                .group_by(step)).all()
        stops = [StepStop(step=r.step or "?", stopped=r.stopped, failed=int(r.failed or 0),
                          abandoned=int(r.abandoned or 0), hung_up=int(r.hung_up or 0)) for r in rows]
        return sorted(stops, key=lambda x: (-(x.failed + x.abandoned), -x.stopped, x.step))

    def lowest_replies(self, viewer: UserRecord, scenario_id: str, *, limit: int = 10,
                       since: datetime | None = None) -> list[LowReply]:
        """The lowest-scoring trainee replies in this scenario, with names only where the viewer may know."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            dialect = s.get_bind().dialect.name
            total = Turn.criteria["total"].as_float()
            if viewer.role in ADMINISTER:
                named = case((Attempt.user_id.is_not(None), True), else_=False)
            else:
                named = case((Attempt.user_id.in_(_managed_by(viewer).scalar_subquery()), True), else_=False)
            rows = s.execute(
                select(Turn.attempt_id, Turn.index, Turn.text, total.label("total"), Attempt.user_id,
                       User.display_name, named.label("named"))
                .join(Attempt, Attempt.id == Turn.attempt_id).join(User, User.id == Attempt.user_id)
                .where(Attempt.scenario_id == scenario_id, Turn.speaker == "trainee", Turn.criteria.is_not(None),
                       *_since(Attempt.started_at, since), visible_users(viewer, Attempt.user_id, dialect=dialect))
                .order_by(total.asc(), Turn.attempt_id.desc(), Turn.index).limit(max(1, min(limit, 200)))).all()
        aliases: dict[int, str] = {}
        out = []
        for r in rows:
            if r.named or viewer.id == r.user_id:
                person, shown = r.display_name, True
            else:
                person, shown = aliases.setdefault(r.user_id, f"Person {len(aliases) + 1}"), False
            out.append(LowReply(attempt_id=r.attempt_id, turn_index=r.index, text=r.text,
                                total=float(r.total or 0), person=person, named=shown))
        return out

    # -- calibration ----------------------------------------------------------------------------

    def reply_pool(self, viewer: UserRecord, *, rubric_id: str, scenario_ids: Iterable[str] | None = None,
                   limit: int = 5000) -> list[PoolReply]:
        """Recent trainee replies scored with this rubric (newest first), with the line they answered."""
        with self._unit.read() as s:
            self._studio_viewer(s, viewer, "sample replies for calibration")
            before = aliased(Turn)
            query = (select(Turn.attempt_id, Turn.index, Turn.text, Turn.criteria, Attempt.scenario_id,
                            before.text.label("customer_line"))
                     .join(Attempt, Attempt.id == Turn.attempt_id)
                     .outerjoin(before, (before.attempt_id == Turn.attempt_id) & (before.index == Turn.index - 1))
                     .where(Turn.speaker == "trainee", Turn.criteria["rubric_id"].as_string() == rubric_id))
            if scenario_ids is not None:
                query = query.where(Attempt.scenario_id.in_(list(scenario_ids)))
            rows = s.execute(query.order_by(Turn.id.desc()).limit(max(1, min(limit, 50_000)))).all()
        return [PoolReply(attempt_id=r.attempt_id, turn_index=r.index, scenario_id=r.scenario_id, text=r.text,
                          customer_line=r.customer_line, auto=r.criteria) for r in rows]

    def create_round(self, viewer: UserRecord, *, name: str, rubric_id: str, source: Source, seed: int,
                     items: list[NewCalibrationItem]) -> RoundRecord:
        if not items:
            raise StoreError(
                "A calibration round needs at least one reply; record some attempts or upload a JSONL file."
            )
        with self._unit.write() as s:
            viewer = self._studio_viewer(s, viewer, "start calibration rounds")
            now = self._unit.now()
            row = CalibrationRound(name=name[:200] or "Calibration", rubric_id=rubric_id, source=source, seed=seed,
                                   created_by=viewer.id, created_at=now)
            s.add(row)
            s.flush()
            s.add_all(CalibrationItem(round_id=row.id, position=i, **scrub(item.model_dump()))
                      for i, item in enumerate(items))
            s.flush()
            return _round_record(row, len(items), 0)

    def calibration_rounds(self, viewer: UserRecord) -> list[RoundRecord]:
        with self._unit.read() as s:
            self._studio_viewer(s, viewer, "see calibration rounds")
            items = (select(CalibrationItem.round_id, func.count().label("n"))
                     .group_by(CalibrationItem.round_id).subquery())
            graders = (
                select(CalibrationItem.round_id, func.count(func.distinct(CalibrationGrade.grader_id)).label("g"))
                .join(CalibrationGrade, CalibrationGrade.item_id == CalibrationItem.id)
                .group_by(CalibrationItem.round_id)
                .subquery()
            )
            rows = s.execute(select(CalibrationRound, items.c.n, graders.c.g)
                             .outerjoin(items, items.c.round_id == CalibrationRound.id)
                             .outerjoin(graders, graders.c.round_id == CalibrationRound.id)
                             .order_by(CalibrationRound.created_at.desc(), CalibrationRound.id.desc())).all()
            return [_round_record(r, n or 0, g or 0) for r, n, g in rows]

    def calibration_items(self, viewer: UserRecord, round_id: int) -> list[CalibrationItemRecord]:
        with self._unit.read() as s:
            self._studio_viewer(s, viewer, "see calibration rounds")
            self._round(s, round_id)
            rows = s.scalars(select(CalibrationItem).where(CalibrationItem.round_id == round_id)
                             .order_by(CalibrationItem.position))
            return [CalibrationItemRecord(id=r.id, round_id=r.round_id, position=r.position, reply=r.reply,
                                          customer_line=r.customer_line, language=r.language,
                                          scenario_id=r.scenario_id, attempt_id=r.attempt_id,
                                          turn_index=r.turn_index, auto=r.auto) for r in rows]

    def grade(self, viewer: UserRecord, item_id: int, points: Mapping[str, float]) -> None:
        """The viewer's points per criterion for one reply; grading again replaces them."""
        with self._unit.write() as s:
            viewer = self._studio_viewer(s, viewer, "grade replies")
            if s.get(CalibrationItem, item_id) is None:
                raise StoreError(f"No calibration reply with id {item_id}; reload the round.")
            s.execute(delete(CalibrationGrade).where(CalibrationGrade.item_id == item_id,
                                                     CalibrationGrade.grader_id == viewer.id,
                                                     CalibrationGrade.criterion_id.in_(list(points))))
            now = self._unit.now()
            s.add_all(CalibrationGrade(item_id=item_id, grader_id=viewer.id, criterion_id=c, points=float(p),
                                       graded_at=now) for c, p in points.items())

    def calibration_grades(self, viewer: UserRecord, round_id: int) -> list[GradeRecord]:
        with self._unit.read() as s:
            self._studio_viewer(s, viewer, "see calibration grades")
            self._round(s, round_id)
            rows = s.execute(select(CalibrationGrade, User.display_name)
                             .join(CalibrationItem, CalibrationItem.id == CalibrationGrade.item_id)
                             .join(User, User.id == CalibrationGrade.grader_id)
                             .where(CalibrationItem.round_id == round_id)
                             .order_by(CalibrationGrade.item_id, CalibrationGrade.grader_id,
                                       CalibrationGrade.criterion_id)).all()
            return [GradeRecord(item_id=g.item_id, grader_id=g.grader_id, grader_name=name,
                                criterion_id=g.criterion_id, points=g.points) for g, name in rows]

    def _round(self, s: Session, round_id: int) -> CalibrationRound:
        row = s.get(CalibrationRound, round_id)
        if row is None:
            raise StoreError(f"No calibration round with id {round_id}; pick one from the list.")
        return row


def _save_record(row: ScenarioSave, name: str | None) -> SaveRecord:
    return SaveRecord(id=row.id, path=row.path, scenario_id=row.scenario_id, user_id=row.user_id, user_name=name,
                      saved_at=row.saved_at, before_hash=row.before_hash, after_hash=row.after_hash,
                      summary=row.summary, diff=row.diff)


def _round_record(row: CalibrationRound, items: int, graders: int) -> RoundRecord:
    return RoundRecord(id=row.id, name=row.name, rubric_id=row.rubric_id, source=row.source,  # type: ignore[arg-type]
                       seed=row.seed, created_by=row.created_by, created_at=row.created_at, items=items,
                       graders=graders)



