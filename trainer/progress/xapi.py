"""xAPI (Experience API 1.0.3) statements for a learning-record store, one JSON object per line.

Per finished attempt: one statement with the verb `passed` or `failed` (`completed` when the result
has no pass/fail), the scenario as the activity, `result.score.scaled` in 0..1, `success`,
`completion`, `duration` in ISO 8601 and every criterion's points under the extension
`{base}/extensions/criteria`. Per criterion: one `scored` statement on the criterion as an activity
whose parent is the scenario, sharing the attempt's `context.registration`. Statement ids are UUID5s
of the attempt, so pushing the same export twice does not duplicate anything in the store.

`base` is the IRI under which Frontline names its activities and extensions; set it to a URL your
organisation controls (`--iri-base`); the default is a placeholder under the reserved `.invalid` domain.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from datetime import timedelta
from typing import Any, TextIO

from trainer.store import ExportRow

DEFAULT_BASE = "https://frontline.invalid/xapi"
VERSION = "1.0.3"
ADL = "http://adlnet.gov/expapi/verbs/"
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"


def iso_duration(delta: timedelta) -> str:
    """ISO 8601 duration, e.g. `PT4M12.5S`; never negative."""
    total = max(0.0, delta.total_seconds())
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    out = "PT"
    if hours:
        out += f"{int(hours)}H"
    if minutes:
        out += f"{int(minutes)}M"
    if seconds or out == "PT":
        out += f"{round(seconds, 2):g}S"
    return out


def verb(name: str) -> dict[str, Any]:
    return {"id": ADL + name, "display": {"en-US": name}}


def _iri(base: str, *parts: str) -> str:
    from urllib.parse import quote

    return "/".join([base.rstrip("/"), *(quote(p, safe="") for p in parts)])


def statements(row: ExportRow, *, base: str = DEFAULT_BASE, titles: Mapping[str, str] | None = None,
               per_criterion: bool = True) -> list[dict[str, Any]]:
    """The statements for one attempt (none unless it finished)."""
    if row.state != "finished" or row.ended_at is None:
        return []
    titles = titles or {}
    registration = str(uuid.uuid5(uuid.NAMESPACE_URL, _iri(base, "attempts", str(row.attempt_id))))
    actor = {"objectType": "Agent", "name": row.user_name, "mbox": f"mailto:{row.user_email}"}
    scenario = {"objectType": "Activity", "id": _iri(base, "scenarios", row.scenario_id),
                "definition": {"type": SIMULATION, "name": {"en-US": titles.get(row.scenario_id, row.scenario_id)}}}
    extensions = {_iri(base, "extensions", "criteria"): {
        cid: {"score": score, "max": top, "scaled": round(score / top, 4) if top else 0.0}
        for cid, (score, top) in row.criteria.items()}}
    if row.end_state:
        extensions[_iri(base, "extensions", "end-state")] = row.end_state
    context = {"registration": registration, "platform": "Frontline",
               "extensions": {_iri(base, "extensions", "scenario-version"): row.scenario_version,
                              _iri(base, "extensions", "mode"): row.mode}}
    if row.team_name:
        context["extensions"][_iri(base, "extensions", "team")] = row.team_name
    name = "completed" if row.passed is None else ("passed" if row.passed else "failed")
    result: dict[str, Any] = {"completion": True, "duration": iso_duration(row.ended_at - row.started_at),
                              "extensions": extensions}
    if row.score is not None:
        scaled = min(1.0, max(0.0, row.score / 100))
        result["score"] = {"scaled": round(scaled, 4), "raw": round(row.score, 2), "min": 0, "max": 100}
    if row.passed is not None:
        result["success"] = bool(row.passed)
    timestamp = row.ended_at.isoformat()
    out = [{"id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{registration}/{name}")), "actor": actor, "verb": verb(name),
            "object": scenario, "result": result, "context": context, "timestamp": timestamp, "version": VERSION}]
    if per_criterion:
        for cid, (score, top) in row.criteria.items():
            out.append({
                "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{registration}/criteria/{cid}")),
                "actor": actor, "verb": verb("scored"),
                "object": {"objectType": "Activity", "id": _iri(base, "criteria", cid),
                           "definition": {"type": OBJECTIVE, "name": {"en-US": cid}}},
                "result": {"score": {"scaled": round(score / top, 4) if top else 0.0, "raw": score, "min": 0,
                                     "max": top}},
                "context": {**context, "contextActivities": {"parent": [{"objectType": "Activity",
                                                                         "id": scenario["id"]}]}},
                "timestamp": timestamp, "version": VERSION})
    return out


def all_statements(rows: Iterable[ExportRow], **options: Any) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield from statements(row, **options)


def write_jsonl(items: Iterable[dict[str, Any]], out: TextIO) -> int:
    count = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
