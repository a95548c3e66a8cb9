"""Scenario drafting for trainers: a paragraph in, a scenario YAML out, checked like any library file.

The LLM writes the whole file from the trainer's description, the format's rules, the library's
rubrics and an example (the prompt is data: `drafting_prompt.yaml`). The draft is validated with the
same loader and library checks as a saved file (`Catalog.check_text`), plus an id clash check; when
it has problems the model is shown them and asked once more. Every request is sized to the model's
context (`TRAINER_LLM_CONTEXT_TOKENS`): the answer's budget is what the prompt leaves, the example is
left out when it does not fit, and a fix that cannot fit is not asked for. The result always comes back
with its problems for the trainer to fix,
how many requests were made and why any of them failed. `save` validates the (possibly edited) text again and writes
nothing that has a problem, and never overwrites a file.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from trainer import prompts
from trainer.errors import LLMError, LoadError, Problem, ScenarioError
from trainer.llm import ChatModel, estimate_tokens
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import ID_PATTERN

PROMPT_FILE = Path(__file__).with_name("drafting_prompt.yaml")
MAX_PARAGRAPH_CHARS = 4000
MAX_DRAFT_CHARS = 64 * 1024
DRAFT_TOKENS = 4000  # the most a draft may take; a scenario file is usually 1,000-2,500 tokens
MIN_DRAFT_TOKENS = 900  # less than this left by the prompt, and a whole scenario cannot be written
PROMPT_SPEC: prompts.Spec = {  # {name} and {order_id} are a scenario's own placeholders, shown to the model as such
    "system": prompts.Slots(fills=frozenset({"rubrics", "example"}), shows=frozenset({"name"})),
    "user": frozenset({"paragraph"}), "fix": frozenset({"problems"}),
    "example": prompts.Slots(shows=frozenset({"name", "order_id"})),
}
_FENCE = re.compile(r"^\s*```[a-zA-Z]*\s*\n(.*?)\n\s*```\s*$", re.DOTALL)


@dataclass
class Draft:
    """A drafted scenario file and everything wrong with it (nothing: it can be saved)."""

    text: str
    problems: list[Problem] = field(default_factory=list)
    scenario_id: str | None = None
    attempts: int = 1  # requests made, failed ones included
    errors: list[str] = field(default_factory=list)  # why a request after the first failed or was not made

    @property
    def ok(self) -> bool:
        return bool(self.text.strip()) and not self.problems


@lru_cache(maxsize=1)
def load_prompt(path: Path = PROMPT_FILE) -> prompts.Prompt:
    return prompts.load(path, PROMPT_SPEC)


def rubric_list(catalog: Catalog) -> str:
    """One line a rubric; one that extends another names it and only the criteria it adds, so thirty
    rubrics built on `core` do not repeat core's criteria thirty times in the model's context."""
    lines = []
    for rid, r in sorted(catalog.rubrics.items()):
        parent = catalog.rubrics.get(r.extends) if r.extends else None
        inherited = {c.id for c in parent.criteria} if parent else set()
        own = ", ".join(c.id for c in r.criteria if c.id not in inherited) or "no more criteria"
        lines.append(f"- {rid} ({r.title}): {f'{r.extends} + ' if parent else ''}{own}")
    return "\n".join(lines) or "- core"


def draft(paragraph: str, model: ChatModel, catalog: Catalog, *, attempts: int = 2,
          path: str = "<draft>", context_tokens: int = 4096) -> Draft:
    """Ask `model` for a scenario; `LLMError` only when not even one answer came back."""
    paragraph = paragraph.strip()
    if not paragraph:
        raise ScenarioError("Describe the scenario in a few sentences first (who calls, about what, "
                            "in which language and channel).")
    prompt = load_prompt()
    user = {"role": "user", "content": prompt.fill("user", {"paragraph": paragraph[:MAX_PARAGRAPH_CHARS]})}
    systems = [{"role": "system", "content": prompt.fill("system", {"rubrics": rubric_list(catalog),
                                                                       "example": example})}
               for example in (prompt["example"], "(no example: the model's context is too small for one)")]
    conversation: list[dict[str, str]] = [user]

    def fitting() -> tuple[list[dict[str, str]], int]:
        """The request with the example if it fits, else without; and the answer's budget."""
        for system in systems:
            messages = [system, *conversation]
            if (budget := _budget(messages, context_tokens)) >= MIN_DRAFT_TOKENS:
                return messages, budget
        return messages, budget

    messages, budget = fitting()
    if budget < MIN_DRAFT_TOKENS:
        raise LLMError(f"The model's context ({context_tokens:,} tokens) is too small to draft a scenario: the "
                       f"instructions alone need about {estimate_tokens(messages):,}. Set "
                       "TRAINER_LLM_CONTEXT_TOKENS to the server's real context size, or use a model with a "
                       "larger one.", "context")
    result: Draft | None = None
    made = 0
    for _ in range(max(1, attempts)):
        if result is not None:
            messages, budget = fitting()
            if budget < MIN_DRAFT_TOKENS:
                result.errors.append(f"The fix was not asked for: the draft and its problems leave only {budget} "
                                     f"of the model's {context_tokens:,} context tokens for the answer.")
                break
        made += 1
        try:
            answer = model.complete(messages, temperature=0.4, max_tokens=budget)
        except LLMError as e:
            if result is None:
                raise
            result.errors.append(f"Asking for the fix failed: {e}")
            break
        result = check(unfence(answer), catalog, path)
        if result.ok:
            break
        conversation += [{"role": "assistant", "content": answer},
                         {"role": "user", "content": prompt.fill("fix", {
                             "problems": "\n".join(str(p) for p in result.problems[:30])})}]
    assert result is not None
    result.attempts = made
    return result


def _budget(messages: list[dict[str, str]], context_tokens: int) -> int:
    """The answer's token budget: what the prompt leaves of the context, at most `DRAFT_TOKENS`."""
    return max(0, min(DRAFT_TOKENS, context_tokens - estimate_tokens(messages) - 32))


def unfence(answer: str) -> str:
    """The YAML inside a ``` fence, or the answer as it is."""
    m = _FENCE.match(answer)
    text = m.group(1) if m else answer.strip()
    return text.strip() + "\n"


def check(text: str, catalog: Catalog, path: str = "<draft>") -> Draft:
    """Every problem of a scenario text, against `catalog`'s rubrics and ids."""
    if len(text) > MAX_DRAFT_CHARS:
        return Draft(text, [Problem(path, 0, "", f"the draft is {len(text):,} characters; the limit is "
                                                 f"{MAX_DRAFT_CHARS:,}")])
    problems = list(catalog.check_text(text, "scenario", path))
    scenario_id = _declared_id(text)
    if scenario_id is not None and scenario_id in catalog.scenarios:
        problems.append(Problem(path, _line_of(text, "id"), "id",
                                f"id {scenario_id!r} is already used by {catalog.source(scenario_id)}; "
                                "choose another id"))
    return Draft(text, sorted(set(problems)), scenario_id)


def save(text: str, folder: Path, catalog: Catalog) -> Path:
    """Write a valid scenario text as `folder/<id>.yaml`; `LoadError` (with every problem) when it is
    not valid, `ScenarioError` when the file exists already. Nothing is written on any error."""
    checked = check(text, catalog, str(folder / "<draft>.yaml"))
    if checked.problems:
        raise LoadError(checked.problems)
    scenario_id = checked.scenario_id
    if scenario_id is None or not re.match(ID_PATTERN, scenario_id):
        raise ScenarioError("The draft has no usable `id:`; add one before saving.")
    target = folder / f"{scenario_id}.yaml"
    if target.exists():
        raise ScenarioError(f"{target} exists already; choose another id or remove that file first.")
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{scenario_id}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.link(tmp, target)  # fails rather than overwrite a file that appeared meanwhile
    except FileExistsError:
        raise ScenarioError(f"{target} exists already; choose another id.") from None
    finally:
        os.unlink(tmp)
    return target


def _declared_id(text: str) -> str | None:
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    value = data.get("id") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def _line_of(text: str, key: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return number
    return 0
