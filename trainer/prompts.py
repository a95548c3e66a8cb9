"""The prompts Frontline sends to a language model, loaded and checked in one place.

Each prompt is a YAML file of named templates beside the code that sends it: the judge's
(`scoring/judge_prompt.yaml`), the generated customer's (`simulation/customer_prompt.yaml`) and the
scenario drafter's (`scenario/drafting_prompt.yaml`). A template is text, or a mapping of texts (the
customer's ways of ending a call). `load` reads a file with the safe loader and checks it against the
`Spec` its code declares: every template the code uses is there, there is no other (a misspelt name
is an error rather than a text silently never sent), each template keeps every `{placeholder}` its
code fills (a judge prompt without `{reply}` would grade nothing) and uses no other, and nothing in
it only looks like one (`{Reply}`, `{ reply }`). A file that fails raises `LoadError` naming the file,
the line and the template, so an edited prompt fails when it is loaded, not halfway through a call.

`Prompt.fill` puts values into a template in one pass: text put in is never read for placeholders
again, so a reply that contains "{criteria}" reaches the model as typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trainer import yamlfile
from trainer.errors import LoadError, Problem

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# {Reply}, { reply }, {reply2}: meant as a placeholder, filled by nothing ({{ and }} are literal braces)
_LOOKALIKE = re.compile(r"(?<!\{)\{\s*[A-Za-z_]\w*\s*\}(?!\})")


@dataclass(frozen=True)
class Slots:
    """A template's placeholders: those its code `fills` (each must be in the text) and those it
    `shows` the model as they are (a scenario's own `{name}` in the drafting example)."""

    fills: frozenset[str] = frozenset()
    shows: frozenset[str] = frozenset()


Spec = Mapping[str, "frozenset[str] | Slots | Spec"]
"""Template name -> its placeholders (a frozenset: the ones its code fills); a nested `Spec` for a
template that is a mapping of texts, each of its keys required."""


@dataclass(frozen=True)
class Prompt:
    """A checked prompt file: `prompt["system"]` is a template's text, `prompt.fill("system", ...)`
    the text with its placeholders filled, `prompt.texts()` every text in it."""

    path: Path
    templates: Mapping[str, str | Mapping[str, str]]

    def __getitem__(self, name: str) -> str:
        text = self.templates[name]
        if not isinstance(text, str):
            raise TypeError(f"{name!r} is a mapping of templates; use prompt.choice({name!r}, key)")
        return text

    def choice(self, name: str, key: str) -> str:
        """One text of a template that is a mapping of texts."""
        texts = self.templates[name]
        if isinstance(texts, str):
            raise TypeError(f"{name!r} is a single template; use prompt[{name!r}]")
        return texts[key]

    def fill(self, name: str, values: Mapping[str, str]) -> str:
        return fill(self[name], values)

    def texts(self) -> list[str]:
        """Every text in the file, in order (the customer checks no line echoes one of them)."""
        out: list[str] = []
        for value in self.templates.values():
            out.extend([value] if isinstance(value, str) else value.values())
        return out


def fill(template: str, values: Mapping[str, str]) -> str:
    """`template` with each `{name}` in `values` replaced, in one pass; other braces stay as they are."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def load(path: Path, spec: Spec) -> Prompt:
    """Read the prompt file at `path` and check it against `spec`; `LoadError` says what is wrong."""
    shown = str(path)
    try:
        raw = path.read_bytes()
        document = yamlfile.parse(raw, shown, empty="write the prompt's templates in it")
    except OSError as e:
        raise LoadError([Problem(shown, 0, "", f"cannot read the prompt file: {e.strerror or e}")]) from None
    except yamlfile.YamlFileError as e:
        raise LoadError([Problem(shown, e.line, "", e.message)]) from None
    problems = [Problem(shown, f.line, ".".join(map(str, f.loc)), f.message) for f in document.flaws]
    if not isinstance(document.data, dict):
        raise LoadError([*problems, Problem(shown, 1, "", "a prompt file is a mapping of template names to text")])
    text = raw.decode("utf-8-sig")  # parse has read it as UTF-8
    templates = _templates(shown, text, document.lines, document.data, spec, (), problems)
    if problems:
        raise LoadError(problems)
    return Prompt(path, templates)


def _templates(shown: str, text: str, lines: yamlfile.Lines, data: dict[str, Any], spec: Spec,
               at: tuple[str, ...], problems: list[Problem]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        loc = (*at, key)
        name = ".".join(loc)
        if key not in spec:
            problems.append(Problem(shown, lines.key(loc), name,
                                    f"not a template this prompt uses (it has: {', '.join(sorted(spec))})"))
            continue
        slots = spec[key]
        if isinstance(slots, Mapping):
            if isinstance(value, dict):
                out[key] = _templates(shown, text, lines, value, slots, loc, problems)
            else:
                problems.append(Problem(shown, lines.value(loc), name,
                                        f"must be a mapping with {', '.join(sorted(slots))}"))
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(shown, lines.value(loc), name, "must be text"))
            continue
        problem = _placeholder_problem(value, slots if isinstance(slots, Slots) else Slots(fills=slots))
        if problem:
            snippet, message = problem
            problems.append(Problem(shown, _text_line(text, lines.value(loc), snippet), name, message))
            continue
        out[key] = value
    problems.extend(Problem(shown, lines.value(at), ".".join((*at, k)), "missing") for k in spec if k not in data)
    return out


def _placeholder_problem(value: str, slots: Slots) -> tuple[str, str] | None:
    """What is wrong with a template's placeholders, as (the text to point at, or "", the message)."""
    def names(found: Iterable[str]) -> str:
        return ", ".join("{" + p + "}" for p in sorted(found))

    may = slots.fills | slots.shows
    used = {m.group(1) for m in PLACEHOLDER.finditer(value)}
    unknown = sorted(used - may)
    if unknown:
        return "{" + unknown[0] + "}", (f"uses {names(unknown)}, which nothing fills "
                                        f"(it may use: {names(may) or 'none'})")
    odd = [m.group(0) for m in _LOOKALIKE.finditer(value) if not PLACEHOLDER.fullmatch(m.group(0))]
    if odd:
        return odd[0], (f"{odd[0]} is not a placeholder (they are lower-case names in braces, with no spaces): "
                        f"write one of {names(may)}, or remove it" if may else
                        f"{odd[0]} is not a placeholder, and this template has none: remove it")
    missing = sorted(slots.fills - used)
    if missing:
        return "", f"must contain {names(missing)}: what it brings would otherwise never reach the model"
    return None


def _text_line(text: str, first: int, snippet: str) -> int:
    """The file's line where `snippet` is written, looking from line `first` (where the text starts)."""
    if not snippet:
        return first
    offset = sum(map(len, text.splitlines(keepends=True)[: first - 1]))
    at = text.find(snippet, offset)
    return text.count("\n", 0, at) + 1 if at >= 0 else first
