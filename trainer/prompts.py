"""The prompts Frontline sends to a language model, loaded and checked in one place.

Each prompt is a YAML file of named templates beside the code that sends it: the judge's
(`scoring/judge_prompt.yaml`), the generated customer's (`simulation/customer_prompt.yaml`) and the
scenario drafter's (`scenario/drafting_prompt.yaml`). A template is text, or a mapping of texts (the
customer's ways of ending a call). `load` reads a file with the safe loader and checks it against the
`Spec` its code declares: every template the code uses is there, there is no other (a misspelt name
is an error rather than a text silently never sent), and each template uses only the `{placeholders}`
its code fills. A file that fails raises `LoadError` naming the file, the line and the template, so
an edited prompt fails when it is loaded, not halfway through a trainee's call.

`Prompt.fill` puts values into a template in one pass: text put in is never read for placeholders
again, so a reply that contains "{criteria}" reaches the model as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from trainer.errors import LoadError, Problem

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
Spec = Mapping[str, frozenset[str] | Mapping[str, frozenset[str]]]
"""Template name -> the placeholders it may use; a nested mapping for a template that is a mapping
of texts (each of its keys required, with the placeholders it may use)."""


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
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except OSError as e:
        raise LoadError([Problem(shown, 0, "", f"cannot read the prompt file: {e.strerror or e}")]) from None
    except UnicodeDecodeError:
        raise LoadError([Problem(shown, 0, "", "the prompt file is not UTF-8 text")]) from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise LoadError([Problem(shown, line, "", f"not valid YAML: {getattr(e, 'problem', None) or e}")]) from None
    if not isinstance(root, yaml.MappingNode):
        raise LoadError([Problem(shown, _line(root), "", "a prompt file is a mapping of template names to text")])
    problems: list[Problem] = []
    templates = _templates(shown, root, spec, "", problems)
    if problems:
        raise LoadError(problems)
    return Prompt(path, templates)


def _templates(shown: str, node: yaml.MappingNode, spec: Spec, prefix: str,
               problems: list[Problem]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key_node, value_node in node.value:
        key, line = str(key_node.value), _line(key_node)
        name = f"{prefix}{key}"
        if not isinstance(key_node, yaml.ScalarNode) or key not in spec:
            known = ", ".join(sorted(spec))
            problems.append(Problem(shown, line, name, f"not a template this prompt uses (it has: {known})"))
            continue
        if key in out:
            problems.append(Problem(shown, line, name, "given twice; keep one"))
            continue
        allowed = spec[key]
        if isinstance(allowed, Mapping):
            if not isinstance(value_node, yaml.MappingNode):
                problems.append(Problem(shown, _line(value_node), name,
                                        f"must be a mapping with {', '.join(sorted(allowed))}"))
                continue
            out[key] = _templates(shown, value_node, allowed, f"{name}.", problems)
            continue
        if not isinstance(value_node, yaml.ScalarNode) or value_node.tag != "tag:yaml.org,2002:str" \
                or not value_node.value.strip():
            problems.append(Problem(shown, _line(value_node), name, "must be text"))
            continue
        unknown = [m for m in PLACEHOLDER.finditer(value_node.value) if m.group(1) not in allowed]
        if unknown:
            can = ", ".join("{" + p + "}" for p in sorted(allowed)) or "none"
            problems.append(Problem(shown, _text_line(value_node, unknown[0].start()), name,
                                    f"uses {', '.join(sorted({m.group(0) for m in unknown}))}, which nothing "
                                    f"fills (it may use: {can})"))
            continue
        out[key] = value_node.value
    problems.extend(Problem(shown, _line(node), f"{prefix}{k}", "missing") for k in spec if k not in out
                    and not any(p.loc == f"{prefix}{k}" for p in problems))
    return out


def _line(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 0


def _text_line(node: yaml.ScalarNode, offset: int) -> int:
    """The file's line of the character at `offset` in a text: exact in a literal block (`|`), where
    each line of the text is a line of the file; the text's first line otherwise."""
    if node.style == "|":
        return _line(node) + 1 + node.value.count("\n", 0, offset)
    return _line(node)

