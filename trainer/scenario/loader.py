"""Load one scenario or rubric file into its model, or into `path:line: loc: message` problems.

This is everything one file can tell about itself: YAML that reads (see `yamlfile`), the strict
schema (errors made readable by `readable`), nothing raised. Checks that need other files (rubric
ids, `extends`, duplicate ids) and the step graph live in `catalog` and `checks`. The studio editor
uses `parse_text` for live validation of text that is not on disk yet.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from trainer.errors import Problem
from trainer.scenario.readable import explain, unknown_keys
from trainer.scenario.schema import Rubric, Scenario
from trainer.yamlfile import Document, YamlFileError, parse, read

Kind = Literal["scenario", "rubric"]
MODELS: dict[str, type[BaseModel]] = {"scenario": Scenario, "rubric": Rubric}
RUBRICS_FOLDER = "rubrics"
_TWICE = re.compile(r"^(step|criterion) id '(.+)' appears twice$")


@dataclass
class Loaded:
    """One file's outcome: `model` is set only when the file has no problems of its own;
    `checkable` is also set when the only schema problems were unknown keys (ignoring them gives a
    model), so that the library checks can still report everything else in one pass."""

    path: str
    kind: Kind
    model: Scenario | Rubric | None = None
    checkable: Scenario | Rubric | None = None
    document: Document | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def digest(self) -> str:
        return self.document.digest if self.document else ""

    @property
    def declared_id(self) -> str | None:
        """The file's `id:` even when the file is otherwise broken (for duplicate checks)."""
        data = self.document.data if self.document else None
        value = data.get("id") if isinstance(data, dict) else None
        return value if isinstance(value, str) else None

    def line(self, *loc: str | int) -> int:
        return self.document.lines.value(loc) if self.document else 0

    def key_line(self, *loc: str | int) -> int:
        return self.document.lines.key(loc) if self.document else 0


def kind_of(path: Path) -> Kind:
    """Files inside a folder named `rubrics` are rubrics; every other file is a scenario."""
    return "rubric" if RUBRICS_FOLDER in path.parent.parts else "scenario"


def load_file(path: Path, kind: Kind, max_file_bytes: int, shown: str | None = None) -> Loaded:
    shown = shown or str(path)
    try:
        document = read(path, max_file_bytes, shown)
    except YamlFileError as e:
        return Loaded(shown, kind, problems=[Problem(shown, e.line, "", e.message)])
    return _validate(document, kind)


def parse_text(text: str | bytes, kind: Kind, path: str = "<text>") -> Loaded:
    """Validate YAML text as one scenario or rubric file (for editors that have not saved yet)."""
    try:
        document = parse(text, path)
    except YamlFileError as e:
        return Loaded(path, kind, problems=[Problem(path, e.line, "", e.message)])
    return _validate(document, kind)


def _validate(document: Document, kind: Kind) -> Loaded:
    loaded = Loaded(document.path, kind, document=document)
    path, data = document.path, document.data
    problems = [Problem(path, f.line, _dotted(f.loc), f.message) for f in document.flaws]
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        problems.append(Problem(path, document.lines.value(()), "",
                                f"the file holds {what}; a {kind} file is a mapping of `key: value` lines"))
        loaded.problems = problems
        return loaded
    misplaced = _misplaced(data, kind)
    if misplaced:
        problems.append(Problem(path, document.lines.value(()), "", misplaced))
        loaded.problems = problems
        return loaded
    model_cls = MODELS[kind]
    try:
        model = model_cls.model_validate(data)
    except ValidationError as e:
        for item in explain(model_cls, e, data, document.lines):
            line, loc = _locate_twice(item.message, data, document) or (item.line, item.loc)
            problems.append(Problem(path, line, loc, item.message))
        model = _without_unknown_keys(model_cls, e, data)
    loaded.problems = sorted(set(problems))
    loaded.checkable = model
    loaded.model = model if not problems else None
    return loaded


def _without_unknown_keys(model_cls: type[BaseModel], error: ValidationError, data: Any) -> Any:
    locs = unknown_keys(model_cls, error)
    if not locs:
        return None
    data = copy.deepcopy(data)
    for loc in locs:
        parent = data
        for part in loc[:-1]:
            parent = parent[part]
        parent.pop(loc[-1], None)
    try:
        return model_cls.model_validate(data)
    except (ValidationError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _misplaced(data: dict[str, Any], kind: Kind) -> str | None:
    if kind == "scenario" and "criteria" in data and "steps" not in data:
        return (f"this looks like a rubric (it has `criteria:`); rubric files belong in a folder named "
                f"`{RUBRICS_FOLDER}`")
    if kind == "rubric" and "steps" in data and "criteria" not in data:
        return f"this looks like a scenario (it has `steps:`); move it out of the `{RUBRICS_FOLDER}` folder"
    return None


def _locate_twice(message: str, data: dict[str, Any], document: Document) -> tuple[int, str] | None:
    """Point 'step id 'x' appears twice' at the second occurrence instead of the file's top."""
    m = _TWICE.match(message)
    if not m:
        return None
    field_name = "steps" if m.group(1) == "step" else "criteria"
    seen = 0
    for i, item in enumerate(data.get(field_name) or []):
        if isinstance(item, dict) and item.get("id") == m.group(2):
            seen += 1
            if seen == 2:
                return document.lines.value((field_name, i, "id")), f"{field_name}.{i}.id"
    return None


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in loc)
