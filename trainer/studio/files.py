"""Open a library file for editing and save it back safely.

A save happens only when the text is valid against the rest of the library (same checks as loading,
plus a unique id), only inside the scenario folder, and only when the file on disk is still the one
that was opened: if someone else saved it in the meantime the save is refused with `EditConflict`
(no silent overwrite), and the trainer can reload or copy their text. The file is replaced atomically
(write a temporary file, then rename), so a crash never leaves half a scenario; the check and the
write happen under a lock, so two saves of one file cannot both pass the check.
"""

from __future__ import annotations

import difflib
import hashlib
import math
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict

from trainer.errors import LoadError, Problem, ScenarioError
from trainer.scenario.catalog import Catalog
from trainer.scenario.loader import Kind, kind_of, parse_text

_SAVING = threading.Lock()
DEFAULT_MAX_BYTES = 256 * 1024  # TRAINER_MAX_FILE_KB's default; the app passes the setting


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One save of `path` at a time: a thread lock here, and an advisory file lock (`.name.lock`, hidden
    from the library) where the OS has one, for several app processes sharing the folder."""
    with _SAVING:
        try:
            import fcntl
        except ImportError:  # not POSIX: the thread lock alone
            yield
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path.parent / f".{path.name}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class EditConflict(ScenarioError):
    """The file changed on disk since it was opened in the editor."""


class OpenedFile(BaseModel):
    """A file as the editor opened it: its text and the hash that a save must still find on disk."""

    model_config = ConfigDict(frozen=True)

    path: str
    kind: Kind
    text: str
    digest: str | None  # None: a new file, which must not exist yet when saved


class Saved(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: str
    id: str | None
    before: str | None
    after: str
    summary: str
    diff: str


def digest(data: bytes | str) -> str:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()


def disk_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def inside(root: Path, path: Path) -> Path:
    """`path` resolved, refused unless it lies under `root` and is a .yaml/.yml file."""
    resolved = path.resolve()
    base = root.resolve()
    if resolved != base and base not in resolved.parents:
        raise ScenarioError(f"{path} is outside the scenario folder {root}; the editor only saves files there.")
    if resolved.suffix.lower() not in (".yaml", ".yml"):
        raise ScenarioError(f"{path.name} is not a .yaml file; scenario files end in .yaml.")
    return resolved


def open_file(path: Path) -> OpenedFile:
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise ScenarioError(f"{path} cannot be read ({e.strerror}); check that it still exists.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(f"{path} is not UTF-8 text; save it as UTF-8 to edit it here.") from None
    return OpenedFile(path=str(path), kind=kind_of(path), text=text, digest=digest(raw))


def new_file(path: Path, text: str) -> OpenedFile:
    if path.exists():
        raise ScenarioError(f"{path} already exists; choose another id or open that file instead.")
    return OpenedFile(path=str(path), kind=kind_of(path), text=text, digest=None)


def check(catalog: Catalog, text: str, kind: Kind, path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Every problem of the unsaved text, including an id another file already uses. Text larger than
    the loader reads (`max_bytes`, TRAINER_MAX_FILE_KB) is refused before it is parsed."""
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        return [Problem(path, 0, "file", f"the text is {math.ceil(size / 1024)} KiB, over the {max_bytes // 1024} "
                                         "KiB limit (TRAINER_MAX_FILE_KB); split it into smaller files")]
    problems = catalog.check_text(text, kind, path)
    loaded = parse_text(text, kind, path)
    declared = loaded.declared_id
    if declared is not None:
        owner = _owner(catalog, declared, kind)
        if owner is not None and owner.resolve() != Path(path).resolve():
            problems = sorted({*problems, Problem(path, loaded.line("id"), "id",
                                                  f"duplicate {kind} id {declared!r}: {owner} already uses it; "
                                                  "ids must be unique across the library")})
    return problems


def _owner(catalog: Catalog, id_: str, kind: Kind) -> Path | None:
    table = catalog.scenarios if kind == "scenario" else catalog.rubrics
    if id_ not in table:
        return None
    try:
        return catalog.source(id_)
    except ScenarioError:
        return None


def save(opened: OpenedFile, text: str, catalog: Catalog, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Saved:
    """Write `text` over the opened file; `LoadError` if it has problems, `EditConflict` if the file
    changed on disk since it was opened."""
    path = inside(root, Path(opened.path))
    problems = check(catalog, text, opened.kind, opened.path, max_bytes)
    if problems:
        raise LoadError(problems)
    if not text.endswith("\n"):
        text += "\n"
    with _locked(path):
        now = disk_digest(path)
        if now != opened.digest:
            what = "was created by someone else" if opened.digest is None else (
                "was deleted" if now is None else "was changed by someone else")
            raise EditConflict(f"{path.name} {what} since you opened it. Copy your text, reload the file "
                               "to see their version, and apply your change again.")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    before = opened.text if opened.digest is not None else ""
    return Saved(path=str(path), id=parse_text(text, opened.kind, opened.path).declared_id, before=opened.digest,
                 after=digest(text), summary=summarise(before, text), diff=unified(before, text, path.name))


def unified(before: str, after: str, name: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"a/{name}", tofile=f"b/{name}", n=1))


def summarise(before: str, after: str) -> str:
    """'created' or 'changed title, steps.2.say (+3 -1 lines)': what a reviewer of the log needs."""
    if not before:
        return f"created ({len(after.splitlines())} lines)"
    added = removed = 0
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        added += line.startswith("+ ")
        removed += line.startswith("- ")
    keys = changed_keys(_data(before), _data(after))
    where = ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
    lines = f"+{added} -{removed} lines"
    return f"changed {where} ({lines})" if keys else f"comments or layout only ({lines})"


def _data(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError:
        return None


def changed_keys(old: Any, new: Any, prefix: str = "", depth: int = 3) -> list[str]:
    """Dotted locations whose values differ, down to `depth` levels."""
    if old == new:
        return []
    if depth == 0 or not (isinstance(old, dict) and isinstance(new, dict) or
                          isinstance(old, list) and isinstance(new, list)):
        return [prefix or "(whole file)"]
    if isinstance(old, list):
        keys_l = range(max(len(old), len(new)))
        return [k for i in keys_l for k in changed_keys(old[i] if i < len(old) else None,
                                                         new[i] if i < len(new) else None,
                                                         f"{prefix}.{i}" if prefix else str(i), depth - 1)]
    out: list[str] = []
    for key in [*old, *(k for k in new if k not in old)]:
        out.extend(changed_keys(old.get(key), new.get(key), f"{prefix}.{key}" if prefix else str(key), depth - 1))
    return out
