"""`python -m trainer report ...`: programs and compliance from the terminal.

- `report programs [--json]`: every program with its current cycle;
- `report compliance --program ID [--cycle LABEL] [--json | --csv FILE]`: per team, how many people are
  assigned, have completed (on time or late) and are overdue, then the overdue people. Programs are
  brought up to date first (new cycles, newcomers, completions, certificates) unless `--no-sync`.
  `--program` takes the id or the exact name.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any

from trainer.config import Settings
from trainer.cycles import last_day
from trainer.errors import StoreError
from trainer.progress import exports
from trainer.store import AssignmentRecord, ComplianceReport, Repository, UserRecord, open_repository


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="programs and compliance reports", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="report_command", required=True, metavar="REPORT")
    programs = sub.add_parser("programs", help="list programs and their current cycles")
    programs.add_argument("--json", action="store_true")
    programs.set_defaults(func=list_programs)
    comp = sub.add_parser("compliance", help="completion and overdue people for one program")
    comp.add_argument("--program", required=True, metavar="ID", help="program id or exact name")
    comp.add_argument("--cycle", metavar="LABEL", help="an earlier cycle, e.g. 2027 (default: the current one)")
    fmt = comp.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="one JSON object")
    fmt.add_argument("--csv", metavar="FILE", help="one row per assigned person ('-': standard output)")
    comp.add_argument("--no-sync", action="store_true", help="report as stored, without bringing programs up to date")
    comp.set_defaults(func=compliance)


def list_programs(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        rows = []
        for p in repo.programs.list_programs(include_inactive=True):
            c = repo.programs.current_cycle(p.id)
            rows.append({"id": p.id, "name": p.name, "active": p.active, "recurrence": p.spec.recurrence,
                         "scenarios": p.spec.scenario_ids, "pass_mark": p.spec.pass_mark,
                         "timezone": p.spec.timezone, "cycle": c.label if c else None,
                         "due_on": last_day(c.due_at, p.spec.timezone).isoformat() if c else None,
                         "due_at": c.due_at.isoformat() if c else None})
    finally:
        repo.close()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print("No programs yet. Create one on the Programs page.")
    for r in rows if not args.json else []:
        state = "" if r["active"] else " (archived)"
        print(f"{r['id']:>4}  {r['name']}{state}: {len(r['scenarios'])} scenarios, pass mark {r['pass_mark']:g}, "
              f"{r['recurrence']}, cycle {r['cycle'] or 'not opened yet'}, due by the end of {r['due_on'] or '-'} "
              f"({r['timezone']})")
    return 0


def all_people(repo: Repository, viewer: UserRecord | None, program_id: int, cycle_id: int, only: str | None = None
               ) -> Iterator[AssignmentRecord]:
    after = None
    while True:
        page = repo.programs.compliance_people(viewer, program_id, cycle_id=cycle_id, only=only, limit=500, after=after)
        yield from page.items
        if page.next_cursor is None:
            return
        after = page.next_cursor


def as_json(report: ComplianceReport, overdue: list[AssignmentRecord]) -> dict[str, Any]:
    return {
        "program": {"id": report.program.id, "name": report.program.name,
                    "scenarios": report.program.spec.scenario_ids, "pass_mark": report.program.spec.pass_mark},
        "cycle": {"label": report.cycle.label, "opens_at": report.cycle.opens_at.isoformat(),
                  "due_at": report.cycle.due_at.isoformat(),
                  "closes_at": report.cycle.closes_at.isoformat() if report.cycle.closes_at else None},
        "as_of": report.as_of.isoformat(),
        "totals": {"assigned": report.assigned, "completed": report.completed, "overdue": report.overdue,
                   "completion_rate": round(report.completed / report.assigned, 4) if report.assigned else 0.0},
        "teams": [{"team": t.team_name, "assigned": t.assigned, "completed": t.completed,
                   "completed_late": t.completed_late, "overdue": t.overdue, "completion_rate": round(t.rate, 4)}
                  for t in report.teams],
        "overdue": [{"email": a.user_email, "name": a.user_name, "team": a.team_name, "passed": a.passed,
                     "required": a.required} for a in overdue],
    }


def compliance(args: argparse.Namespace, settings: Settings) -> int:
    repo = open_repository(settings)
    try:
        program = repo.programs.find_program(args.program)
        if not args.no_sync:
            repo.programs.sync_programs(program_id=program.id)
        viewer = None  # the operator sees everyone
        cycle_id = None
        if args.cycle:
            found = [c for c in repo.programs.cycles(program.id) if c.label == args.cycle]
            if not found:
                labels = ", ".join(c.label for c in repo.programs.cycles(program.id)) or "none"
                raise StoreError(f"Program {program.name!r} has no cycle {args.cycle!r}; its cycles: {labels}.")
            cycle_id = found[0].id
        report = repo.programs.compliance(viewer, program.id, cycle_id=cycle_id)
        if args.csv:
            from trainer.cli.export import output

            with output(args.csv) as out:
                count = exports.write_compliance(all_people(repo, viewer, program.id, report.cycle.id), out)
            if args.csv != "-":
                print(f"Wrote {count} people to {args.csv}.", file=sys.stderr)
            return 0
        overdue = list(all_people(repo, viewer, program.id, report.cycle.id, "overdue"))
    finally:
        repo.close()
    if args.json:
        print(json.dumps(as_json(report, overdue), ensure_ascii=False, indent=2))
        return 0
    print_report(report, overdue)
    return 0


def print_report(report: ComplianceReport, overdue: list[AssignmentRecord]) -> None:
    c = report.cycle
    zone = report.program.spec.timezone
    print(f"{report.program.name}, cycle {c.label}: due by the end of {last_day(c.due_at, zone)} ({zone})")
    rate = f"{100 * report.completed / report.assigned:.0f}%" if report.assigned else "-"
    print(f"{report.completed} of {report.assigned} completed ({rate}), {report.overdue} overdue\n")
    print(f"{'team':<30} {'assigned':>8} {'done':>6} {'of which late':>14} {'overdue':>8} {'rate':>6}")
    for t in report.teams:
        print(f"{t.team_name[:30]:<30} {t.assigned:>8} {t.completed:>6} {t.completed_late:>14} {t.overdue:>8} "
              f"{100 * t.rate:>5.0f}%")
    if overdue:
        print(f"\nOverdue ({len(overdue)}):")
        for a in overdue:
            print(f"  {a.user_name} <{a.user_email}>, {a.team_name or 'no team'}: {a.passed}/{a.required} passed")
