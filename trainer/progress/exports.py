"""CSV exports for spreadsheets and HR systems: attempts (one row per attempt, one column per criterion
seen) and compliance (one row per assigned person). Cells a spreadsheet would run as a formula are
prefixed with an apostrophe, so a display name like `=HYPERLINK(...)` stays text."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TextIO

from trainer.messages import bidi_safe
from trainer.store import AssignmentRecord, ExportRow

ATTEMPT_COLUMNS = ["attempt_id", "email", "name", "team", "scenario_id", "scenario_title", "scenario_version",
                   "mode", "state", "started_at", "ended_at", "duration_seconds", "end_state", "score", "passed",
                   "turns", "criteria"]
COMPLIANCE_COLUMNS = ["email", "name", "team", "program", "cycle", "due_at", "status", "passed_scenarios",
                      "required_scenarios", "assigned_at", "completed_at"]


def cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def duration_seconds(row: ExportRow) -> float | None:
    return None if row.ended_at is None else round((row.ended_at - row.started_at).total_seconds(), 1)


def write_attempts(rows: Iterable[ExportRow], out: TextIO, titles: Mapping[str, str] | None = None) -> int:
    """Write the header and one line per attempt; `criteria` is `id=score/max` pairs joined by `;`."""
    titles = titles or {}
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ATTEMPT_COLUMNS)
    count = 0
    for r in rows:
        criteria = ";".join(f"{cid}={score:g}/{top}" for cid, (score, top) in r.criteria.items())
        writer.writerow(
            [
                cell(v)
                for v in (
                    r.attempt_id,
                    r.user_email,
                    r.user_name,
                    r.team_name,
                    r.scenario_id,
                    bidi_safe(titles.get(r.scenario_id, "")),
                    r.scenario_version,
                    r.mode,
                    r.state,
                    r.started_at,
                    r.ended_at,
                    duration_seconds(r),
                    r.end_state,
                    r.score,
                    r.passed,
                    r.turn_count,
                    criteria,
                )
            ]
        )
        count += 1
    return count


def write_compliance(rows: Iterable[AssignmentRecord], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COMPLIANCE_COLUMNS)
    count = 0
    for a in rows:
        writer.writerow([cell(v) for v in (
            a.user_email, a.user_name, a.team_name, a.program_name, a.cycle.label, a.cycle.due_at, a.status,
            a.passed, a.required, a.assigned_at, a.completed_at)])
        count += 1
    return count
