"""Rubric authors' regular expressions: refused at load time when they can backtrack without end,
and run on bounded text, so one pattern cannot stall scoring.

Python's `re` has no time limit. A quantifier around something that is itself of variable length,
`(a+)+`, `(\\w+\\s?)*`, `(.*a){3}`, `(a|)*`, can take exponential time on a reply that almost
matches (a long run of `a` with no `b` after `(a+)+b`); `pattern_problems` finds these in the
parsed pattern and says how to rewrite them. A repetition that starts or ends with a character its
variable-length parts cannot match (`\\w+(\\s\\w+)*`, `([a-z]+\\.)+`) is unambiguous and allowed;
so is one whose alternatives start differently (`(ab|cd)+`, not `(a|aa)+`). What is left (at worst
polynomial, e.g. `\\d*\\d*x`) is bounded by `search`: a pattern sees the first `MAX_CHARS` characters
of a reply through overlapping windows of `WINDOW` characters, so a match is at most 80 characters
long (plenty for a reference, a greeting or a sign-off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _compiler  # type: ignore[attr-defined]  # the stdlib's own parser: Python 3.11+
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

WINDOW = 160
MAX_CHARS = 5_000

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}


def pattern_problems(pattern: str) -> list[str]:
    """What makes a pattern unsafe to run on any reply, with the rewrite (empty when nothing does)."""
    try:
        parsed = _p.parse(pattern)
    except (re.error, RecursionError, OverflowError) as e:
        return [f"not a valid regular expression: {e}"]
    for _lo, hi, body in _repeats(parsed):
        if hi <= 1:
            continue
        inner = [r for r in _repeats(body) if r[0] != r[1]] + _overlapping_alternatives(body, parsed.state)
        if inner and _ambiguous(body, inner, parsed.state):
            return ["a quantifier around a part with its own quantifier (like `(a+)+`, `(\\w+\\s?)*` or "
                    "`(.*a){3}`) can take exponential time on a reply that almost matches; quantify once, e.g. "
                    "`\\w+(\\s\\w+)*` (each repetition starts with something the inner part cannot match), "
                    "or make the inner quantifier possessive: `(a++)+`"]
        if not inner and _can_be_empty(body):
            return ["a repeated group that can match nothing (like `(a|)*`) can take exponential time; make the "
                    "group itself optional instead: `(a)?`"]
    return []


_SAMPLES = "aZz09 _-.,:;/'\"\n\t!?@#&()字ا"
_ONE_CHAR = {_c.LITERAL, _c.NOT_LITERAL, _c.IN, _c.ANY, _c.CATEGORY}


def _ambiguous(body: Any, inner: list[tuple[int, int, Any]], state: Any) -> bool:
    """Whether one repetition of `body` can end where the next begins: true unless `body` has a
    required character that none of its variable-length parts can match (a delimiter)."""
    required = [item for item in _flat(body) if item[0] in _ONE_CHAR]
    if not required:
        return True
    return all(any(_overlaps(rep, _chars(item, state), state) for rep in inner) for item in required)


def _overlapping_alternatives(body: Any, state: Any) -> list[tuple[int, int, Any]]:
    """Alternatives of a group in `body` that can start with the same character (`(a|aa)`), as parts of
    variable length: repeated, they can split one text in many ways."""
    found: list[tuple[int, int, Any]] = []
    for op, av in _flat(body):
        if op is not _c.BRANCH:
            continue
        firsts = [_chars(alt[0], state) if alt and alt[0][0] in _ONE_CHAR else list(_SAMPLES) for alt in av[1]]
        if any(set(a) & set(b) for i, a in enumerate(firsts) for b in firsts[i + 1:]):
            found.extend((1, 2, alt) for alt in av[1])
    return found


def _chars(item: tuple[Any, Any], state: Any) -> list[str]:
    """Characters a one-character item matches: its own for a literal, else those of a sample set."""
    if item[0] is _c.LITERAL:
        return [chr(item[1]).lower(), chr(item[1]).upper()]
    return [ch for ch in _SAMPLES if _matches(item, ch, state)]


def _flat(items: Any) -> Iterator[tuple[Any, Any]]:
    for op, av in items:
        if op is _c.SUBPATTERN:
            yield from _flat(av[-1])
        else:
            yield op, av


def _overlaps(rep: tuple[int, int, Any], chars: list[str], state: Any) -> bool:
    body = list(rep[2])
    if len(body) != 1 or body[0][0] not in _ONE_CHAR:
        return True  # a repeated group: assume it can match the delimiter
    return any(_matches(body[0], ch, state) for ch in chars)


def _matches(item: tuple[Any, Any], ch: str, state: Any) -> bool:
    try:
        return _compiler.compile(_p.SubPattern(state, [item]), re.IGNORECASE).fullmatch(ch) is not None
    except Exception:  # an item this check cannot compile on its own: assume the worst
        return True


def _repeats(items: Any) -> Iterator[tuple[int, int, Any]]:
    """Every greedy or lazy repeat in a parsed pattern (possessive repeats and atomic groups are safe)."""
    for op, av in items:
        if op in _REPEATS:
            yield av
            yield from _repeats(av[2])
        elif op is _c.SUBPATTERN:
            yield from _repeats(av[-1])
        elif op is _c.BRANCH:
            for branch in av[1]:
                yield from _repeats(branch)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            yield from _repeats(av[1])


def _can_be_empty(items: Any) -> bool:
    """Whether a parsed sequence can match the empty string (lookarounds and anchors count as empty)."""
    for op, av in items:
        if op in _REPEATS or op is _c.POSSESSIVE_REPEAT:
            if av[0] > 0 and not _can_be_empty(av[2]):
                return False
        elif op is _c.SUBPATTERN:
            if not _can_be_empty(av[-1]):
                return False
        elif op is _c.ATOMIC_GROUP:
            if not _can_be_empty(av):
                return False
        elif op is _c.BRANCH:
            if not any(_can_be_empty(b) for b in av[1]):
                return False
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return False
    return True


def search(regex: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Non-empty, non-overlapping matches of `regex` in the first `MAX_CHARS` characters of `text`,
    looked for through windows of `WINDOW` characters that overlap by half, so that any match up to
    `WINDOW // 2` characters long is found whole (offsets stay those of `text`)."""
    n = min(len(text), MAX_CHARS)
    taken = 0
    for start in range(0, max(n, 1), WINDOW // 2):
        end = min(start + WINDOW, n)
        for m in regex.finditer(text, start, end):
            if m.end() == m.start() or m.start() < taken or (m.end() == end and end < n):
                continue  # empty, already reported, or perhaps cut short by the window's edge
            taken = m.end()
            yield m
        if end >= n:
            break
