"""Programs in the database: creating and editing them, bringing their cycles and assignments up to
date (`sync_programs`), and reading where people stand, always aggregated in SQL and filtered to what
the viewer may see.

`sync_programs(now)` is idempotent and cheap to call often (pages call it for the viewer alone):
- opens the program's current cycle when it is due to open (a yearly rollover);
- assigns everyone in the audience who has no assignment in it yet (people who joined later too);
- marks open assignments of people who left the audience `removed` (and restores them if they return);
- completes assignments whose person passed every required scenario while the cycle was open, checking
  only people with a passing attempt ended since the last check (plus a margin), so the cost follows
  new attempts rather than history;
- issues a certificate for each completion, expiring when the cycle closes (yearly programs).
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    case,
    delete,
    exists,
    false,
    func,
    insert,
    literal,
    or_,
    select,
    true,
    type_coerce,
    update,
)
from sqlalchemy.orm import Session

from trainer.cycles import ProgramSpec, current_number, cycle, status
from trainer.errors import StoreError
from trainer.roles import AUTHOR, Role
from trainer.store.access import current_viewer, require_role, visible_users
from trainer.store.program_records import (
    AssignmentRecord,
    CertificateRecord,
    ComplianceReport,
    CycleRecord,
    ProgramRecord,
    ScenarioStanding,
    SyncReport,
    TeamCompliance,
)
from trainer.store.records import Page, UserRecord
from trainer.store.tables import (
    Assignment,
    Attempt,
    Certificate,
    Program,
    ProgramCycle,
    ProgramRole,
    ProgramScenario,
    ProgramTeam,
    Team,
    User,
    UtcDateTime,
)
from trainer.store.unit import UnitOfWork

RECHECK_MARGIN = timedelta(minutes=10)  # attempts committed a little after their end time still count
EDITORS = AUTHOR


def _cycle_record(c: ProgramCycle) -> CycleRecord:
    return CycleRecord(id=c.id, program_id=c.program_id, number=c.number, label=c.label, opens_at=c.opens_at,
                       due_at=c.due_at, closes_at=c.closes_at)


def passing(program: Program, c: ProgramCycle | CycleRecord) -> list[ColumnElement[bool]]:
    """Conditions on `Attempt` for an attempt that counts towards `program` in cycle `c`."""
    conditions = [Attempt.state == "finished", Attempt.passed.is_(True), Attempt.score >= program.pass_mark,
                  Attempt.ended_at >= c.opens_at]
    if c.closes_at is not None:
        conditions.append(Attempt.ended_at < c.closes_at)
    if program.assessment_only:
        conditions.append(Attempt.mode == "assessment")
    return conditions


class Programs:
    def __init__(self, unit: UnitOfWork):
        self._unit = unit

    # --- creating and editing -----------------------------------------------------------------------

    def create_program(self, spec: ProgramSpec, *, by: UserRecord | None = None) -> ProgramRecord:
        """A new program (admins and trainers; None: the operator). Run `sync_programs` to assign it."""
        require_role(by, *EDITORS, doing="create programs")
        now = self._unit.now()
        with self._unit.write(conflict=f"A program named {spec.name!r} already exists; choose another name.") as s:
            if by is not None:
                current_viewer(s, by)
            program = Program(created_by=by.id if by else None, created_at=now, updated_at=now, active=True)
            self._apply(s, program, spec)
            return self._record(s, program)

    def update_program(self, program_id: int, spec: ProgramSpec, *, by: UserRecord | None = None) -> ProgramRecord:
        """Change a program. The running cycle takes the new dates; completions already made stand."""
        require_role(by, *EDITORS, doing="edit programs")
        with self._unit.write(conflict=f"A program named {spec.name!r} already exists; choose another name.") as s:
            if by is not None:
                current_viewer(s, by)
            program = self._program(s, program_id)
            program.updated_at = self._unit.now()
            self._apply(s, program, spec)
            latest = s.scalar(select(ProgramCycle).where(ProgramCycle.program_id == program.id)
                              .order_by(ProgramCycle.number.desc()).limit(1))
            if latest is not None:
                fresh = cycle(spec.recurrence, spec.timezone, spec.opens_on, spec.due_on, latest.number)
                latest.label, latest.opens_at, latest.due_at = fresh.label, fresh.opens_at, fresh.due_at
                latest.closes_at, latest.checked_until = fresh.closes_at, None
            return self._record(s, program)

    def set_program_active(self, program_id: int, active: bool, *, by: UserRecord | None = None) -> None:
        """An inactive program keeps its history but gets no new cycles or assignments."""
        require_role(by, *EDITORS, doing="archive programs")
        with self._unit.write() as s:
            self._program(s, program_id).active = active

    def _apply(self, s: Session, program: Program, spec: ProgramSpec) -> None:
        if spec.team_ids:
            found = set(s.scalars(select(Team.id).where(Team.id.in_(spec.team_ids))))
            if missing := sorted(set(spec.team_ids) - found):
                raise StoreError(f"No team with id {', '.join(map(str, missing))}; choose existing teams.")
        program.name, program.description, program.pass_mark = spec.name, spec.description, spec.pass_mark
        program.assessment_only, program.recurrence, program.timezone = (
            spec.assessment_only, spec.recurrence, spec.timezone)
        program.opens_on, program.due_on = spec.opens_on.isoformat(), spec.due_on.isoformat()
        s.add(program)
        s.flush()
        for table in (ProgramScenario, ProgramRole, ProgramTeam):
            s.execute(delete(table).where(table.program_id == program.id))
        s.add_all(ProgramScenario(program_id=program.id, scenario_id=sid, position=i)
                  for i, sid in enumerate(spec.scenario_ids))
        s.add_all(ProgramRole(program_id=program.id, role=r) for r in dict.fromkeys(spec.roles))
        s.add_all(ProgramTeam(program_id=program.id, team_id=t) for t in dict.fromkeys(spec.team_ids))
        s.flush()

    def _program(self, s: Session, program_id: int) -> Program:
        program = s.get(Program, program_id)
        if program is None:
            raise StoreError(f"No program with id {program_id}; `python -m trainer report programs` lists them.")
        return program

    def _spec(self, s: Session, program: Program) -> ProgramSpec:
        def ids(column: Any, table: Any, order: Any = None) -> list:
            query = select(column).where(table.program_id == program.id)
            return list(s.scalars(query.order_by(order if order is not None else column)))

        return ProgramSpec.model_construct(
            name=program.name, description=program.description,
            scenario_ids=ids(ProgramScenario.scenario_id, ProgramScenario, ProgramScenario.position),
            pass_mark=program.pass_mark, assessment_only=program.assessment_only,
            recurrence=program.recurrence, timezone=program.timezone,
            opens_on=date.fromisoformat(program.opens_on), due_on=date.fromisoformat(program.due_on),
            roles=[Role(r) for r in ids(ProgramRole.role, ProgramRole)], team_ids=ids(ProgramTeam.team_id, ProgramTeam))

    def _record(self, s: Session, program: Program) -> ProgramRecord:
        return ProgramRecord(id=program.id, spec=self._spec(s, program), active=program.active,
                             created_at=program.created_at, updated_at=program.updated_at)

    def list_programs(self, *, include_inactive: bool = False) -> list[ProgramRecord]:
        """Programs by name (their settings are not secret; who is in them is filtered elsewhere)."""
        with self._unit.read() as s:
            query = select(Program).order_by(Program.name)
            if not include_inactive:
                query = query.where(Program.active.is_(True))
            return [self._record(s, p) for p in s.scalars(query)]

    def get_program(self, program_id: int) -> ProgramRecord:
        with self._unit.read() as s:
            return self._record(s, self._program(s, program_id))

    def find_program(self, name_or_id: str) -> ProgramRecord:
        """By id, or by exact name (case-insensitive), for the command line."""
        with self._unit.read() as s:
            program = s.get(Program, int(name_or_id)) if name_or_id.isdigit() else s.scalar(
                select(Program).where(func.lower(Program.name) == name_or_id.strip().lower()))
            if program is None:
                names = ", ".join(repr(n) for n in s.scalars(select(Program.name).order_by(Program.name)))
                raise StoreError(f"No program {name_or_id!r}. Programs: {names or 'none yet'}.")
            return self._record(s, program)

    # --- bringing cycles and assignments up to date -------------------------------------------------

    def sync_programs(self, *, program_id: int | None = None, user_id: int | None = None) -> SyncReport:
        """See the module docstring. `user_id` limits the work to one person (a page they open)."""
        now = self._unit.now()
        totals: dict[str, int] = {}
        with self._unit.read() as s:
            query = select(Program.id).where(Program.active.is_(True))
            if program_id is not None:
                query = query.where(Program.id == program_id)
            ids = list(s.scalars(query))
        for pid in ids:
            with self._unit.write() as s:
                for key, value in self._sync_one(s, s.get(Program, pid), now, user_id).items():
                    totals[key] = totals.get(key, 0) + value
        return SyncReport(programs=len(ids), **totals)

    def _sync_one(self, s: Session, program: Program, now: datetime, user_id: int | None) -> dict[str, int]:
        spec = self._spec(s, program)
        number = current_number(spec.recurrence, spec.timezone, spec.opens_on, now)
        c = s.scalar(select(ProgramCycle).where(ProgramCycle.program_id == program.id,
                                                ProgramCycle.number == number))
        opened = 0
        if c is None:
            fresh = cycle(spec.recurrence, spec.timezone, spec.opens_on, spec.due_on, number)
            c = ProgramCycle(program_id=program.id, number=number, label=fresh.label, opens_at=fresh.opens_at,
                             due_at=fresh.due_at, closes_at=fresh.closes_at)
            s.add(c)
            s.flush()
            opened = 1
        audience = self._audience(program, user_id)
        mine = [Assignment.cycle_id == c.id] + ([Assignment.user_id == user_id] if user_id is not None else [])
        assigned = s.execute(insert(Assignment).from_select(
            ["program_id", "cycle_id", "user_id", "assigned_at"],
            select(literal(program.id), literal(c.id), User.id, literal(now, UtcDateTime())).where(
                audience, ~exists().where(Assignment.cycle_id == c.id, Assignment.user_id == User.id))),
            execution_options={"preserve_rowcount": True}).rowcount
        in_audience = select(User.id).where(audience)
        removed = s.execute(update(Assignment).where(
            *mine, Assignment.removed_at.is_(None), Assignment.completed_at.is_(None),
            Assignment.user_id.not_in(in_audience)).values(removed_at=now)).rowcount
        restored = s.execute(update(Assignment).where(
            *mine, Assignment.removed_at.is_not(None), Assignment.user_id.in_(in_audience))
            .values(removed_at=None)).rowcount
        completed = self._complete(s, program, spec.scenario_ids, c, now, user_id)
        certified = self._certify(s, program, spec.scenario_ids, c, completed)
        return {"cycles_opened": opened, "assigned": max(assigned, 0), "removed": max(removed, 0),
                "restored": max(restored, 0), "completed": len(completed), "certified": certified}

    def _audience(self, program: Program, user_id: int | None) -> ColumnElement[bool]:
        roles = select(ProgramRole.role).where(ProgramRole.program_id == program.id)
        teams = select(ProgramTeam.team_id).where(ProgramTeam.program_id == program.id)
        conditions = [User.active.is_(True),
                      or_(~exists(roles), User.role.in_(roles)),
                      or_(~exists(teams), User.team_id.in_(teams))]
        if user_id is not None:
            conditions.append(User.id == user_id)
        return and_(*conditions)

    def _complete(self, s: Session, program: Program, required: list[str], c: ProgramCycle, now: datetime,
                  user_id: int | None) -> list[int]:
        """Mark complete the open assignments whose person passed everything; returns those people."""
        open_users = select(Assignment.user_id).where(
            Assignment.cycle_id == c.id, Assignment.completed_at.is_(None), Assignment.removed_at.is_(None))
        if user_id is not None:
            open_users = open_users.where(Assignment.user_id == user_id)
        counts = passing(program, c) + [Attempt.scenario_id.in_(required)]
        candidates: Any = open_users
        if c.checked_until is not None and user_id is None:  # only people with a new passing attempt
            recent = select(Attempt.user_id).where(*counts, Attempt.ended_at >= c.checked_until - RECHECK_MARGIN)
            candidates = open_users.where(Assignment.user_id.in_(recent))
        first = type_coerce(func.min(Attempt.ended_at), UtcDateTime()).label("first")
        firsts = (select(Attempt.user_id, Attempt.scenario_id, first)
                  .where(*counts, Attempt.user_id.in_(candidates))
                  .group_by(Attempt.user_id, Attempt.scenario_id).subquery())
        last = type_coerce(func.max(firsts.c.first), UtcDateTime())
        done = s.execute(select(firsts.c.user_id, last).group_by(firsts.c.user_id)
                         .having(func.count() == len(required))).all()
        if done:  # one executemany by primary key, not a statement per person
            when_by_user = dict(done)
            ids: list[tuple[int, int]] = []
            users = list(when_by_user)
            for chunk in range(0, len(users), 500):
                ids += s.execute(select(Assignment.id, Assignment.user_id).where(
                    Assignment.cycle_id == c.id, Assignment.user_id.in_(users[chunk:chunk + 500]))).all()
            table = Assignment.__table__
            s.connection().execute(
                update(table).where(table.c.id == bindparam("b_id"))
                .values(completed_at=bindparam("b_when"), removed_at=None),
                [{"b_id": aid, "b_when": when_by_user[uid]} for aid, uid in ids])
        if user_id is None:
            c.checked_until = now
        return [uid for uid, _ in done]

    def _certify(self, s: Session, program: Program, required: list[str], c: ProgramCycle,
                 users: list[int]) -> int:
        """Certificates for the people just completed (in the same transaction as their completion)."""
        if not users:
            return 0
        rows = []
        for chunk in range(0, len(users), 500):
            rows += s.execute(select(Assignment.id, Assignment.user_id, Assignment.completed_at).where(
                Assignment.cycle_id == c.id, Assignment.user_id.in_(users[chunk:chunk + 500]),
                Assignment.completed_at.is_not(None),
                ~exists().where(Certificate.assignment_id == Assignment.id))).all()
        best: dict[int, dict[str, float]] = {}
        for chunk in range(0, len(users), 500):
            query = (select(Attempt.user_id, Attempt.scenario_id, func.max(Attempt.score))
                     .where(*passing(program, c), Attempt.scenario_id.in_(required),
                            Attempt.user_id.in_(users[chunk:chunk + 500]))
                     .group_by(Attempt.user_id, Attempt.scenario_id))
            for uid, sid, score in s.execute(query):
                best.setdefault(uid, {})[sid] = round(float(score), 1)
        s.add_all(Certificate(assignment_id=r.id, user_id=r.user_id, program_id=program.id, cycle_id=c.id,
                              code=secrets.token_hex(6).upper(), issued_at=r.completed_at,
                              expires_at=c.closes_at, scores=best.get(r.user_id, {})) for r in rows)
        s.flush()
        return len(rows)

    # --- reading --------------------------------------------------------------------------------------

    def current_cycle(self, program_id: int) -> CycleRecord | None:
        with self._unit.read() as s:
            c = s.scalar(select(ProgramCycle).where(ProgramCycle.program_id == program_id)
                         .order_by(ProgramCycle.number.desc()).limit(1))
            return _cycle_record(c) if c else None

    def cycles(self, program_id: int) -> list[CycleRecord]:
        with self._unit.read() as s:
            return [_cycle_record(c) for c in s.scalars(select(ProgramCycle).where(
                ProgramCycle.program_id == program_id).order_by(ProgramCycle.number.desc()))]

    def my_assignments(self, viewer: UserRecord) -> list[AssignmentRecord]:
        """The viewer's assignments in every program's latest cycle, with each required scenario."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            latest = (select(ProgramCycle.program_id, func.max(ProgramCycle.number).label("number"))
                      .group_by(ProgramCycle.program_id).subquery())
            query = (self._assignments().join(latest, and_(latest.c.program_id == ProgramCycle.program_id,
                                                           latest.c.number == ProgramCycle.number))
                     .where(Assignment.user_id == viewer.id, Assignment.removed_at.is_(None))
                     .order_by(ProgramCycle.due_at, Program.name))
            return self._assignment_records(s, s.execute(query).all(), detail=True)

    def _assignments(self):
        return (select(Assignment, ProgramCycle, Program, User.display_name, User.email, Team.name)
                .join(ProgramCycle, ProgramCycle.id == Assignment.cycle_id)
                .join(Program, Program.id == Assignment.program_id)
                .join(User, User.id == Assignment.user_id)
                .outerjoin(Team, Team.id == User.team_id))

    def _assignment_records(self, s: Session, rows: list, *, detail: bool) -> list[AssignmentRecord]:
        """Records for a page of assignment rows; the per-scenario standing in one grouped query."""
        now = self._unit.now()
        out: list[AssignmentRecord] = []
        specs: dict[int, ProgramSpec] = {}
        standing: dict[tuple[int, int], dict[str, tuple[int, float]]] = {}
        by_cycle: dict[int, list] = {}
        for row in rows:
            by_cycle.setdefault(row[1].id, []).append(row)
        for group in by_cycle.values():  # one grouped query per cycle on the page, not one per person
            _, c, program, *_ = group[0]
            if program.id not in specs:
                specs[program.id] = self._spec(s, program)
            users = [row[0].user_id for row in group]
            stats = s.execute(select(Attempt.user_id, Attempt.scenario_id, func.count(), func.max(Attempt.score))
                              .where(*passing(program, c), Attempt.user_id.in_(users),
                                     Attempt.scenario_id.in_(specs[program.id].scenario_ids))
                              .group_by(Attempt.user_id, Attempt.scenario_id)).all()
            for uid, sid, n, best in stats:
                standing.setdefault((c.id, uid), {})[sid] = (n, best)
        for a, c, program, name, email, team in rows:
            required = specs[program.id].scenario_ids
            passed = standing.get((c.id, a.user_id), {})
            certificate = None
            if detail and a.completed_at is not None:
                cert = s.scalar(select(Certificate).where(Certificate.assignment_id == a.id))
                if cert is not None:
                    certificate = _certificate(cert, name, email, program.name, c.label)
            out.append(AssignmentRecord(
                id=a.id, program_id=program.id, program_name=program.name, cycle=_cycle_record(c),
                user_id=a.user_id, user_name=name, user_email=email, team_name=team, assigned_at=a.assigned_at,
                completed_at=a.completed_at, removed_at=a.removed_at,
                status=status(due_at=c.due_at, completed_at=a.completed_at, removed_at=a.removed_at, now=now),
                required=len(required), passed=len(passed),
                scenarios=[ScenarioStanding(scenario_id=sid, passed=sid in passed,
                                            best_score=passed[sid][1] if sid in passed else None,
                                            attempts=passed[sid][0] if sid in passed else 0)
                           for sid in required] if detail else [],
                certificate=certificate))
        return out

    def compliance(self, viewer: UserRecord | None, program_id: int, *,
                   cycle_id: int | None = None) -> ComplianceReport:
        """Per team (the viewer's teams, for a manager): assigned, completed (of which late), overdue.
        `viewer` None is the operator at the command line (everyone)."""
        now = self._unit.now()
        with self._unit.read() as s:
            program = self._program(s, program_id)
            c = self._cycle(s, program, cycle_id)
            done = Assignment.completed_at.is_not(None)
            query = (select(User.team_id, Team.name, func.count(), func.sum(case((done, 1), else_=0)),
                            func.sum(case((and_(done, Assignment.completed_at >= c.due_at), 1), else_=0)))
                     .select_from(Assignment).join(User, User.id == Assignment.user_id)
                     .outerjoin(Team, Team.id == User.team_id)
                     .where(Assignment.cycle_id == c.id, Assignment.removed_at.is_(None),
                            self._seen_by(s, viewer))
                     .group_by(User.team_id, Team.name).order_by(Team.name))
            past_due = now >= c.due_at
            teams = [TeamCompliance(team_id=tid, team_name=name or "(no team)", assigned=n,
                                    completed=int(finished or 0),
                                    completed_late=int(late or 0),
                                    overdue=n - int(finished or 0) if past_due else 0)
                     for tid, name, n, finished, late in s.execute(query)]
            return ComplianceReport(program=self._record(s, program), cycle=_cycle_record(c), as_of=now, teams=teams)

    def _seen_by(self, s: Session, viewer: UserRecord | None) -> ColumnElement[bool]:
        if viewer is None:
            return true()
        viewer = current_viewer(s, viewer)
        return visible_users(viewer, Assignment.user_id, dialect=s.get_bind().dialect.name)

    def _cycle(self, s: Session, program: Program, cycle_id: int | None) -> ProgramCycle:
        query = select(ProgramCycle).where(ProgramCycle.program_id == program.id)
        query = query.where(ProgramCycle.id == cycle_id) if cycle_id is not None else \
            query.order_by(ProgramCycle.number.desc()).limit(1)
        c = s.scalar(query)
        if c is None:
            raise StoreError(f"Program {program.name!r} has no such cycle yet; it opens on {program.opens_on}.")
        return c

    def compliance_people(self, viewer: UserRecord | None, program_id: int, *, cycle_id: int | None = None,
                          only: str | None = None, team_id: int | None = None, limit: int = 50,
                          after: str | None = None) -> Page[AssignmentRecord]:
        """One page of assignments by name; `only`: overdue, due, completed or removed."""
        limit = max(1, min(limit, 500))
        now = self._unit.now()
        with self._unit.read() as s:
            program = self._program(s, program_id)
            c = self._cycle(s, program, cycle_id)
            query = self._assignments().where(Assignment.cycle_id == c.id, self._seen_by(s, viewer))
            query = query.where(*_only(only, c, now))
            if team_id is not None:
                query = query.where(User.team_id == team_id)
            if after:
                name, _, ident = after.rpartition("|")
                query = query.where(or_(User.display_name > name,
                                        and_(User.display_name == name, Assignment.id > int(ident or 0))))
            rows = s.execute(query.order_by(User.display_name, Assignment.id).limit(limit + 1)).all()
            items = self._assignment_records(s, rows[:limit], detail=False)
        more = len(rows) > limit
        cursor = f"{items[-1].user_name}|{items[-1].id}" if more and items else None
        return Page[AssignmentRecord](items=items, next_cursor=cursor)

    def certificates(self, viewer: UserRecord, user_id: int | None = None) -> list[CertificateRecord]:
        """A person's certificates, newest first (their own unless the viewer may see them)."""
        with self._unit.read() as s:
            viewer = current_viewer(s, viewer)
            uid = viewer.id if user_id is None else user_id
            query = (select(Certificate, User.display_name, User.email, Program.name, ProgramCycle.label)
                     .join(User, User.id == Certificate.user_id).join(Program, Program.id == Certificate.program_id)
                     .join(ProgramCycle, ProgramCycle.id == Certificate.cycle_id)
                     .where(Certificate.user_id == uid, visible_users(viewer, Certificate.user_id))
                     .order_by(Certificate.issued_at.desc()))
            return [_certificate(*row) for row in s.execute(query)]

    def find_certificate(self, code: str) -> CertificateRecord | None:
        """A certificate by its code, for checking a printed one (name, program and dates only)."""
        with self._unit.read() as s:
            row = s.execute(select(Certificate, User.display_name, User.email, Program.name, ProgramCycle.label)
                            .join(User, User.id == Certificate.user_id)
                            .join(Program, Program.id == Certificate.program_id)
                            .join(ProgramCycle, ProgramCycle.id == Certificate.cycle_id)
                            .where(Certificate.code == code.strip().upper())).first()
            return _certificate(*row) if row else None


def _only(only: str | None, c: ProgramCycle, now: datetime) -> list[ColumnElement[bool]]:
    live = Assignment.removed_at.is_(None)
    if only is None:
        return [live]
    if only == "overdue":
        return [live, Assignment.completed_at.is_(None)] if now >= c.due_at else [false()]
    if only == "due":
        return [live, Assignment.completed_at.is_(None)] if now < c.due_at else [false()]
    if only == "completed":
        return [Assignment.completed_at.is_not(None)]
    if only == "removed":
        return [Assignment.removed_at.is_not(None)]
    raise StoreError(f"Unknown status {only!r}; use overdue, due, completed or removed.")


def _certificate(cert: Certificate, name: str, email: str, program: str, label: str) -> CertificateRecord:
    return CertificateRecord(id=cert.id, code=cert.code, user_id=cert.user_id, user_name=name, user_email=email,
                             program_id=cert.program_id, program_name=program, cycle_label=label,
                             issued_at=cert.issued_at, expires_at=cert.expires_at,
                             scores={k: float(v) for k, v in (cert.scores or {}).items()})
