"""The library as a trainer browses it: every scenario file with its language, channel, difficulty,
tags and status, and every load problem with the offending lines of its file shown around it.

Broken files are listed too (status "has problems", with what could still be read from them), since
a scenario that silently vanished from the practice picker is the worst kind of error.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from trainer.errors import Problem
from trainer.scenario.catalog import Catalog, find_files

Status = Literal["ready", "has problems"]
CONTEXT_LINES = 2


class Entry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    kind: Literal["scenario", "rubric"]
    language: str
    channel: str
    difficulty: int | None
    tags: tuple[str, ...]
    rubric: str
    status: Status
    problems: int
    path: str


class Excerpt(BaseModel):
    """A problem with the lines around it: (line number, text, is the offending line)."""

    model_config = ConfigDict(frozen=True)

    problem: str
    path: str
    line: int
    lines: tuple[tuple[int, str, bool], ...]


def entries(catalog: Catalog, root: Path) -> list[Entry]:
    """Every scenario and rubric file under `root`, loaded or not, sorted by kind then id."""
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for p in catalog.problems:
        by_path[_key(p.path)].append(p)
    files, _ = find_files([root])
    out: list[Entry] = []
    for path, kind in files:
        problems = by_path.get(_key(str(path)), [])
        data = _peek(path)
        out.append(Entry(
            id=str(data.get("id") or path.stem), title=str(data.get("title") or ""), kind=kind,
            language=str(data.get("language") or ""), channel=str(data.get("channel") or ""),
            difficulty=data.get("difficulty") if isinstance(data.get("difficulty"), int) else None,
            tags=tuple(str(t) for t in data.get("tags") or [] if isinstance(t, str | int)),
            rubric=str(data.get("rubric") or data.get("extends") or ""),
            status="has problems" if problems else "ready", problems=len(problems), path=str(path)))
    return sorted(out, key=lambda e: (e.kind != "scenario", e.id))


def _key(path: str) -> str:
    try:
        return str(Path(path).resolve())
    except OSError:
        return path


def _peek(path: Path) -> dict:
    """What a file says about itself, even when it does not validate (empty when unreadable)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def search(items: list[Entry], text: str = "", *, kind: str | None = None, language: str | None = None,
           channel: str | None = None, status: Status | None = None, tag: str | None = None) -> list[Entry]:
    """Filter by any of the fields; `text` matches id, title, tags and path, case-insensitively."""
    words = text.lower().split()

    def keep(e: Entry) -> bool:
        hay = " ".join([e.id, e.title, *e.tags, e.path, e.rubric]).lower()
        return (all(w in hay for w in words) and (kind is None or e.kind == kind)
                and (language is None or e.language == language) and (channel is None or e.channel == channel)
                and (status is None or e.status == status) and (tag is None or tag in e.tags))

    return [e for e in items if keep(e)]


def excerpts(problems: list[Problem], *, context: int = CONTEXT_LINES, limit: int = 200) -> list[Excerpt]:
    """Each problem with the lines of its file around it (no lines when the file cannot be read)."""
    cache: dict[str, list[str] | None] = {}
    out: list[Excerpt] = []
    for p in problems[:limit]:
        if p.path not in cache:
            try:
                cache[p.path] = Path(p.path).read_text(encoding="utf-8-sig", errors="replace").splitlines()
            except OSError:
                cache[p.path] = None
        out.append(excerpt_of(p, cache[p.path], context))
    return out


def excerpt_of(problem: Problem, lines: list[str] | None, context: int = CONTEXT_LINES) -> Excerpt:
    shown: list[tuple[int, str, bool]] = []
    if lines and problem.line:
        first, last = max(1, problem.line - context), min(len(lines), problem.line + context)
        shown = [(n, lines[n - 1][:300], n == problem.line) for n in range(first, last + 1)]
    return Excerpt(problem=str(problem), path=problem.path, line=problem.line, lines=tuple(shown))
