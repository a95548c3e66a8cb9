"""Read one YAML file safely and remember the line of every key and value: scenario and rubric files
(`trainer/scenario/loader.py`) and the LLM prompt files (`trainer/prompts.py`).

PyYAML's loaders forget where values came from, silently keep the last of two equal keys, accept any
hashable as a key, and expand aliases without limit. Authors need better than that: this module
reads the safe parser's events (libyaml's when installed), composes the node tree itself without
recursion, and builds plain Python values from it, so that every value keeps its line (`Lines`),
duplicate and non-text keys are reported, deep nesting and a second document are refused with a
line, and an alias bomb or a loop of aliases is refused after a bounded amount of work.

Scalars follow YAML 1.1 as PyYAML resolves them, with two changes that spare authors surprises:
`yes`/`no`/`on`/`off` stay text (only `true`/`false` are booleans) and dates stay text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Loc = tuple[str | int, ...]

MAX_REUSED_NODES = 50_000  # values produced by repeating an anchored value through `*alias`
MAX_DEPTH = 60

_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_PLAIN_SCALARS = {
    _STR, _BOOL, _TIMESTAMP,
    "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null",
}


class YamlFileError(Exception):
    """The file cannot be read as one YAML document; `line` is 0 when no line applies."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(message)


@dataclass(frozen=True)
class Flaw:
    """Something wrong in the YAML structure itself (duplicate key, non-text key...)."""

    line: int
    loc: Loc
    message: str


class Lines:
    """Line numbers (1-based) by location: `key` is the line of a mapping key or list item,
    `value` the line where its value starts. An unknown location falls back to its nearest parent."""

    def __init__(self) -> None:
        self._key: dict[Loc, int] = {}
        self._value: dict[Loc, int] = {}

    def record(self, loc: Loc, key_line: int, value_line: int) -> None:
        self._key.setdefault(loc, key_line)
        self._value.setdefault(loc, value_line)

    def _find(self, table: dict[Loc, int], loc: Loc) -> int:
        loc = tuple(loc)
        while loc not in table and loc:
            loc = loc[:-1]
        return table.get(loc, 1)

    def key(self, loc: Loc) -> int:
        return self._find(self._key, loc)

    def value(self, loc: Loc) -> int:
        return self._find(self._value, loc)

    def has(self, loc: Loc) -> bool:
        return tuple(loc) in self._key


@dataclass
class Document:
    path: str
    data: Any
    lines: Lines
    digest: str
    flaws: list[Flaw] = field(default_factory=list)


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when installed: ~10x faster


def _compose(text: str, loader_class: type | None = None) -> Node | None:
    """The file's one document as a node tree, built from parser events without recursion, so that
    deep nesting, undefined aliases and a second document get a clear message and a line."""
    loader = (loader_class or _LOADER)(text)
    try:
        anchors: dict[str, Node] = {}
        stack: list[tuple[Node, list[Any]]] = []  # open collections and their children so far
        root: Node | None = None
        documents = 0
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlFileError(line, "a second YAML document starts here; put one scenario or "
                                        "rubric per file")
                continue
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise YamlFileError(line, f"the alias *{event.anchor} comes before any &{event.anchor} "
                                        "anchor defines it")
                node: Node | None = anchors[event.anchor]
            elif isinstance(event, yaml.ScalarEvent):
                tag = event.tag if event.tag not in (None, "!") else loader.resolve(
                    ScalarNode, event.value, event.implicit)
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                kind = SequenceNode if isinstance(event, yaml.SequenceStartEvent) else MappingNode
                tag = event.tag if event.tag not in (None, "!") else loader.resolve(kind, None, event.implicit)
                if len(stack) >= MAX_DEPTH:
                    raise YamlFileError(line, f"values are nested more than {MAX_DEPTH} levels deep")
                stack.append((kind(tag, [], event.start_mark, None, flow_style=event.flow_style), []))
                if event.anchor is not None:
                    anchors[event.anchor] = stack[-1][0]
                continue
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                node, children = stack.pop()
                node.end_mark = event.end_mark
                node.value = children if isinstance(node, SequenceNode) else list(
                    zip(children[::2], children[1::2], strict=True))
            else:
                continue
            if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
                anchors[event.anchor] = node
            if stack:
                stack[-1][1].append(node)
            else:
                root = node
        return root
    finally:
        loader.dispose()


def _line(node: Node) -> int:
    return node.start_mark.line + 1


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, recording lines and flaws."""

    def __init__(self) -> None:
        self.lines = Lines()
        self.flaws: list[Flaw] = []
        self._seen: set[int] = set()
        self._active: set[int] = set()
        self._reused = 0
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: Node, loc: Loc, key_line: int, depth: int = 0) -> Any:
        if id(node) in self._active:
            raise YamlFileError(_line(node), "an alias refers to a value that contains it (a loop of "
                                "`*alias` references); repeat the value instead")
        if depth > MAX_DEPTH:
            raise YamlFileError(_line(node), f"values are nested more than {MAX_DEPTH} levels deep")
        if id(node) in self._seen:
            self._reused += 1
            if self._reused > MAX_REUSED_NODES:
                raise YamlFileError(_line(node), "aliases (`*name`) expand to more than "
                                    f"{MAX_REUSED_NODES} values (an alias bomb?); use fewer aliases")
        self._seen.add(id(node))
        self.lines.record(loc, key_line, _line(node))
        if isinstance(node, ScalarNode):
            return self._scalar(node, loc)
        self._active.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                self._expect_tag(node, _SEQ, loc)
                return [self.build(item, (*loc, i), _line(item), depth + 1) for i, item in enumerate(node.value)]
            assert isinstance(node, MappingNode)
            self._expect_tag(node, _MAP, loc)
            return self._mapping(node, loc, depth)
        finally:
            self._active.discard(id(node))

    def _expect_tag(self, node: Node, tag: str, loc: Loc) -> None:
        if node.tag != tag:
            self.flaws.append(Flaw(_line(node), loc, f"the tag {node.tag!r} is not supported; remove it"))

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
            return node.value
        if node.tag in (_TIMESTAMP, _STR):
            return node.value
        if node.tag not in _PLAIN_SCALARS:
            self.flaws.append(Flaw(_line(node), loc, f"the tag {node.tag!r} is not supported; remove it"))
            return node.value
        return self._scalars.construct_object(node)

    def _pairs(self, node: MappingNode, depth: int) -> Iterator[tuple[Node, Node]]:
        """Key/value node pairs, with `<<: *anchor` merges expanded after the explicit keys."""
        merged: list[tuple[Node, Node]] = []
        for key, value in node.value:
            if key.tag != _MERGE:
                yield key, value
                continue
            sources = value.value if isinstance(value, SequenceNode) else [value]
            for source in sources:
                if not isinstance(source, MappingNode):
                    self.flaws.append(Flaw(_line(source), (), "`<<` merges only mappings (`<<: *name`)"))
                    continue
                merged.extend(source.value)
        yield from merged

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        explicit = {k.value for k, _ in node.value if isinstance(k, ScalarNode) and k.tag != _MERGE}
        n_explicit = sum(1 for k, _ in node.value if k.tag != _MERGE)
        for index, (key, value) in enumerate(self._pairs(node, depth)):
            from_merge = index >= n_explicit
            name = self._key(key, loc)
            if name is None:
                continue
            if name in out:
                if from_merge:
                    continue  # explicit keys override merged ones, as YAML intends
                self.flaws.append(Flaw(_line(key), (*loc, name), f"duplicate key {name!r} (first on line "
                                       f"{first_line[name]}); keep only one"))
                continue
            if from_merge and name in explicit:
                continue
            first_line[name] = _line(key)
            out[name] = self.build(value, (*loc, name), _line(key), depth + 1)
        return out

    def _key(self, key: Node, loc: Loc) -> str | None:
        if isinstance(key, ScalarNode) and (key.tag == _STR or (key.tag == _BOOL and key.value.lower()
                                                                not in ("true", "false"))):
            return key.value
        shown = key.value if isinstance(key, ScalarNode) else "a list or mapping"
        shown = "an empty key" if isinstance(key, ScalarNode) and key.value in ("", "~", "null") else shown
        self.flaws.append(Flaw(_line(key), loc, f"keys must be text, not {shown!r}: quote it or rename it"))
        return None


def _decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise YamlFileError(0, "this is a binary file, not YAML text; save it as UTF-8 text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise YamlFileError(line, f"not UTF-8 text (byte 0x{raw[e.start]:02x} at line {line}); save the "
                            "file as UTF-8") from None


def _syntax_error(e: yaml.YAMLError, text: str) -> YamlFileError:
    if isinstance(e, yaml.reader.ReaderError):
        line = text[: e.position].count("\n") + 1 if isinstance(e.position, int) else 0
        char = e.character if isinstance(e.character, int) else 0
        return YamlFileError(line, f"the control character #x{char:04x} is not allowed in YAML; remove it")
    if not isinstance(e, yaml.MarkedYAMLError):
        return YamlFileError(0, f"YAML error: {e}")
    problem, context = e.problem or "invalid YAML", e.context or ""
    mark, start = e.problem_mark, e.context_mark
    line = mark.line + 1 if mark else (start.line + 1 if start else 0)
    if mark is not None and "\t" in _line_text(text, line)[: mark.column + 1]:
        return YamlFileError(line, "a tab is used for indentation; YAML indents with spaces only")
    if "end of stream" in problem and start is not None:  # unclosed quote or bracket: point at its start
        return YamlFileError(start.line + 1, f"YAML syntax error: {context} that is never closed")
    if start is not None and mark is not None and start.line != mark.line:
        context += f" started on line {start.line + 1}"
    return YamlFileError(line, f"YAML syntax error: {problem}" + (f" ({context.strip()})" if context else ""))


def _line_text(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line - 1] if 0 < line <= len(lines) else ""


EMPTY = "write one scenario or rubric in it, or delete it"


def parse(raw: bytes | str, path: str = "<text>", empty: str = EMPTY) -> Document:
    """Parse one YAML document; raises `YamlFileError` when there is no usable document at all.
    `empty`: what to tell the author of an empty file (a scenario's, by default)."""
    digest = hashlib.sha256(raw.encode("utf-8") if isinstance(raw, str) else raw).hexdigest()
    text = raw if isinstance(raw, str) else _decode(raw)
    if "\x00" in text:
        raise YamlFileError(0, "this is a binary file, not YAML text; save it as UTF-8 text")
    try:
        node = _compose(text)
    except yaml.YAMLError as e:
        if _LOADER is yaml.SafeLoader:
            raise _syntax_error(e, text) from None
        # libyaml stops at nesting limits of its own, with its own words; the pure-Python parser has
        # none and reads lazily, so reading the broken file again with it lets our limit (MAX_DEPTH)
        # and our messages apply, whichever parser is installed and whatever it says.
        try:
            node = _compose(text, yaml.SafeLoader)
        except yaml.YAMLError as again:
            raise _syntax_error(again, text) from None
    if node is None:
        raise YamlFileError(0, f"the file is empty; {empty}")
    builder = _Builder()
    data = builder.build(node, (), _line(node))
    return Document(path, data, builder.lines, digest, builder.flaws)


def read(path: Path, max_bytes: int, shown: str | None = None) -> Document:
    """Read and parse a file no larger than `max_bytes`."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise YamlFileError(0, f"the file is {_size(size)}, over the {_size(max_bytes)} limit "
                                "(TRAINER_MAX_FILE_KB); split it or raise the limit")
        with path.open("rb") as f:
            raw = f.read(max_bytes + 1)
    except OSError as e:
        raise YamlFileError(0, f"cannot read the file: {e.strerror or e}") from None
    if len(raw) > max_bytes:  # grew while reading
        raise YamlFileError(0, f"the file is over the {_size(max_bytes)} limit (TRAINER_MAX_FILE_KB)")
    return parse(raw, shown or str(path))


def _size(n: int) -> str:
    return f"{n // 1024} KiB" if n >= 1024 else f"{n} bytes"
