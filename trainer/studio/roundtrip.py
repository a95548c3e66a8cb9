"""Change a few values in a scenario's YAML text and keep everything else as the author wrote it.

The editor's form fields (title, difficulty, tags...) and the new-scenario template change single keys;
ruamel.yaml's round-trip mode keeps comments, key order, quoting, folded text and flow lists, so a
trainer's notes in the file survive a save from the browser.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from trainer.errors import ScenarioError

Loc = tuple[str | int, ...]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap an author's lines
    yaml.indent(mapping=2, sequence=4, offset=2)  # `key:\n  - item`, as the library is written
    return yaml


def load(text: str) -> Any:
    try:
        return _yaml().load(text)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ScenarioError(f"The YAML cannot be read{where}; fix the syntax before changing fields.") from None


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def _as_yaml(value: Any) -> Any:
    if isinstance(value, Mapping):
        m = CommentedMap()
        for k, v in value.items():
            m[k] = _as_yaml(v)
        return m
    if isinstance(value, list | tuple):
        seq = CommentedSeq(_as_yaml(v) for v in value)
        if all(isinstance(v, str | int | float) for v in value) and sum(len(str(v)) for v in value) < 60:
            seq.fa.set_flow_style()
        return seq
    return value


def set_values(text: str, updates: Mapping[Loc | str, Any]) -> str:
    """`text` with each location (a key, or a path like ("persona", "mood")) set to its value.

    Only the lines of the keys that change are rewritten (a key's end-of-line comment is kept); every
    other line stays byte for byte as it was, since a full re-dump would re-wrap long flow lists and
    respell `null`. A missing key is added after its mapping's last key; a missing mapping is made."""
    for loc, value in updates.items():
        path = (loc,) if isinstance(loc, str) else tuple(loc)
        text = _set_one(text, path, value)
    return text


def _set_one(text: str, path: Loc, value: Any) -> str:
    data = load(text)
    if not isinstance(data, CommentedMap):
        raise ScenarioError("The file must be a mapping of keys (id:, title:, ...) before fields can be set.")
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    parent: Any = data
    for depth, part in enumerate(path[:-1]):
        if not isinstance(parent, CommentedMap) or part not in parent or not isinstance(parent[part], CommentedMap):
            nested: Any = value
            for p in reversed(path[depth + 1:]):
                nested = {p: nested}
            return _set_one(text, path[:depth + 1], nested) if depth else _append(lines, data, path[0], nested)
        parent = parent[part]
    key = path[-1]
    if key not in parent:
        return _append(lines, parent, key, value)
    first, col = parent.lc.key(key)
    last = _span_end(lines, first, col)
    old = parent[key]
    new = _keep_style(old, value) if _same_shape(old, value) else _as_yaml(value)
    rendered = _render(key, new, col)
    comment = _eol_comment(parent, key)
    if comment and len(rendered) == 1 and last == first + 1:
        body = rendered[0].rstrip("\n")
        pad = max(comment[1] - len(body), 1)
        rendered = [body + " " * pad + comment[0] + "\n"]
    return "".join(lines[:first] + rendered + lines[last:])


def _append(lines: list[str], parent: CommentedMap, key: str | int, value: Any) -> str:
    if parent:
        keys = list(parent)
        first, col = parent.lc.key(keys[-1])
        at = _span_end(lines, first, col)
        while at > first + 1 and not lines[at - 1].strip():
            at -= 1
    else:
        at, col = len(lines), 0
    return "".join(lines[:at] + _render(key, _as_yaml(value), col) + lines[at:])


def _span_end(lines: list[str], first: int, col: int) -> int:
    """The line after the last line belonging to the key at (first, col)."""
    end = first + 1
    for i in range(first + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        indent = len(lines[i]) - len(lines[i].lstrip(" "))
        if indent <= col and not (stripped.startswith("- ") and indent == col and _is_seq_owner(lines[first])):
            break
        end = i + 1
    return end


def _is_seq_owner(line: str) -> bool:
    """`steps:` with its list items at the same column (`steps:\n- id: a`) owns those items."""
    return line.rstrip().endswith(":")


def _render(key: str | int, value: Any, col: int) -> list[str]:
    m = CommentedMap()
    m[key] = value
    out = dump(m).splitlines(keepends=True)
    return [(" " * col + line) if line.strip() else line for line in out]


def _eol_comment(parent: CommentedMap, key: str | int) -> tuple[str, int] | None:
    """The `# ...` after a key's value on its own line, and the column it started at."""
    item = parent.ca.items.get(key)
    token = item[2] if item and len(item) > 2 else None
    if token is None or not token.value.lstrip().startswith("#"):
        return None
    text = token.value.split("\n", 1)[0].strip()
    return text, token.start_mark.column


def _same_shape(old: Any, new: Any) -> bool:
    return type(old).__name__ == type(new).__name__ or (isinstance(old, str) and isinstance(new, str))


def _keep_style(old: Any, new: Any) -> Any:
    """A new string in the old one's style (folded, literal, quoted); a list keeps flow or block style."""
    if isinstance(old, str) and isinstance(new, str):
        return type(old)(new) if type(old) is not str else new
    if isinstance(old, CommentedSeq) and isinstance(new, list | tuple):
        seq = _as_yaml(list(new))
        if old.fa.flow_style():
            seq.fa.set_flow_style()
        else:
            seq.fa.set_block_style()
        return seq
    return _as_yaml(new)
