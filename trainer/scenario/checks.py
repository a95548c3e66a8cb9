"""Checks that a scenario makes sense as a conversation, against the rubric it is scored with.

The schema sees one file; these checks see the step graph and the (flattened) rubric: every `goto`
and `start` names a step, every step is reachable and can lead to an end, a step entered by a
`goto` says something, each step ends with a default branch, conditions and mood rules name
criteria the rubric has with ranges that can hold, each step's `criteria` name the rubric's and every
criterion about steps is assessed at one, and the scenario can be passed at all. Each
problem points at the line of the offending key.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from trainer.errors import Problem
from trainer.scenario.loader import Loaded
from trainer.scenario.schema import Condition, EndState, Range, RegexCriterion, Rubric, Scenario

Loc = tuple[str | int, ...]


def suggest(wanted: str, known: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(wanted, sorted(known), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


class ScenarioChecks:
    def __init__(self, loaded: Loaded, rubric: Rubric | None):
        assert isinstance(loaded.checkable, Scenario)
        self.s: Scenario = loaded.checkable
        self.loaded = loaded
        self.rubric = rubric
        self.problems: list[Problem] = []
        self.step_ids = {step.id: i for i, step in enumerate(self.s.steps)}

    def add(self, loc: Loc, message: str, key: bool = False) -> None:
        line = self.loaded.key_line(*loc) if key else self.loaded.line(*loc)
        self.problems.append(Problem(self.loaded.path, line, ".".join(str(p) for p in loc), message))

    def run(self) -> list[Problem]:
        self._targets()
        self._default_branches()
        self._graph()
        self._conditions()
        self._mood_rules()
        self._step_criteria()
        self._can_pass()
        return self.problems

    def _step_ref(self, step_id: str) -> str:
        return f"no step {step_id!r} in this scenario{suggest(step_id, set(self.step_ids))}"

    def _branches(self) -> Iterator[tuple[int, int]]:
        for i, step in enumerate(self.s.steps):
            for j in range(len(step.branches)):
                yield i, j

    def _targets(self) -> None:
        if self.s.start is not None and self.s.start not in self.step_ids:
            self.add(("start",), "`start` names " + self._step_ref(self.s.start))
        for i, j in self._branches():
            goto = self.s.steps[i].branches[j].goto
            if goto is not None and goto not in self.step_ids:
                self.add(("steps", i, "branches", j, "goto"), "`goto` names " + self._step_ref(goto))

    def _default_branches(self) -> None:
        for i, step in enumerate(self.s.steps):
            default = next((j for j, b in enumerate(step.branches) if b.when is None), None)
            last = len(step.branches) - 1
            if default is None:
                self.add(("steps", i, "branches", last), f"step {step.id!r} has no default branch: add a "
                         "last branch without `when`, taken when no condition holds", key=True)
            elif default < last:
                line = self.loaded.key_line("steps", i, "branches", default)
                for j in range(default + 1, last + 1):
                    self.add(("steps", i, "branches", j), f"this branch is never taken: the branch on line "
                             f"{line} has no `when` and always matches; move the default branch last",
                             key=True)

    def _graph(self) -> None:
        edges: dict[str, set[str]] = {s.id: set() for s in self.s.steps}
        ends = {s.id for s in self.s.steps if any(b.end is not None for b in s.branches)}
        entered: dict[str, tuple[int, int]] = {}
        for i, j in self._branches():
            goto = self.s.steps[i].branches[j].goto
            if goto in edges:
                edges[self.s.steps[i].id].add(goto)
                entered.setdefault(goto, (i, j))
        start = self.s.start_step
        reached = _closure({start} if start in edges else set(), lambda n: edges[n])
        reverse: dict[str, set[str]] = {n: set() for n in edges}
        for src, dsts in edges.items():
            for dst in dsts:
                reverse[dst].add(src)
        can_end = _closure(ends, lambda n: reverse[n])
        for i, step in enumerate(self.s.steps):
            if step.id not in reached:
                self.add(("steps", i, "id"), f"step {step.id!r} is never reached: no `goto` leads to it from "
                         f"the start step {start!r}; link it or remove it")
            elif step.id not in can_end:
                self.add(("steps", i, "id"), f"no way to end the call from step {step.id!r}: none of its "
                         "branches, nor those of the steps they lead to, has an `end:`")
            if step.id in entered and not step.say:
                bi, bj = entered[step.id]
                line = self.loaded.line("steps", bi, "branches", bj, "goto")
                self.add(("steps", i, "id"), f"step {step.id!r} is entered by a `goto` (line {line}) but has "
                         "no `say`: add what the customer says when the conversation arrives here")

    def _conditions(self) -> None:
        for i, j in self._branches():
            when = self.s.steps[i].branches[j].when
            if when is not None:
                self._condition(when, ("steps", i, "branches", j, "when"))

    def _mood_rules(self) -> None:
        seen: dict[str, int] = {}
        for k, rule in enumerate(self.s.mood_rules or []):
            if rule.name in seen:
                self.add(("mood_rules", k, "name"), f"mood rule {rule.name!r} is already defined "
                         f"(line {seen[rule.name]}); give each rule its own name")
            seen.setdefault(rule.name, self.loaded.line("mood_rules", k, "name"))
            self._condition(rule.when, ("mood_rules", k, "when"))

    def _step_criteria(self) -> None:
        """Each step's `criteria` name the rubric's criteria, and every criterion about steps
        (`scope: step`) is assessed at some step: one that names it, or one that names none."""
        if self.rubric is None:
            return
        ids = [c.id for c in self.rubric.criteria]
        for i, step in enumerate(self.s.steps):
            seen: set[str] = set()
            for k, cid in enumerate(step.criteria or []):
                if cid not in ids:
                    self.add(("steps", i, "criteria", k), f"step {step.id!r} names criterion {cid!r}, which is not "
                             f"in rubric {self.rubric.id!r}{suggest(cid, ids)} (its criteria: {', '.join(ids)})")
                elif cid in seen:
                    self.add(("steps", i, "criteria", k), f"criterion {cid!r} is named twice in step {step.id!r}")
                seen.add(cid)
        if any(step.criteria is None for step in self.s.steps):
            return  # a step that names none assesses every criterion
        named = {cid for step in self.s.steps for cid in step.criteria or []}
        for c in self.rubric.criteria:
            if c.scope == "step" and c.id not in named and not getattr(c, "only_with_model", False):
                self.add(("rubric",), f"criterion {c.id!r} of rubric {self.rubric.id!r} is assessed at no step: "
                         f"every step names its `criteria` and none names {c.id!r}; add it to the step it is "
                         "about, or give it `scope: call` in the rubric if it is judged over the whole call")

    def _condition(self, cond: Condition, loc: Loc) -> None:
        for name, rng in cond.criteria.items():
            here = (*loc, "criteria", name)
            if self.rubric is None:
                continue
            ids = [c.id for c in self.rubric.criteria]
            if name not in ids:
                self.add(here, f"criterion {name!r} is not in rubric {self.rubric.id!r}{suggest(name, ids)} "
                         f"(its criteria: {', '.join(ids)})", key=True)
                continue
            top = self.rubric.criterion(name).max_points
            self._range(rng, here, 0, top, f"criterion {name!r} scores 0..{top}")
        if cond.score is not None:
            self._range(cond.score, (*loc, "score"), 0, 100, "a reply's score is 0..100")
        if cond.mood is not None:
            self._range(cond.mood, (*loc, "mood"), 0, 10, "mood is 0..10")
        if cond.turn is not None:
            self._range(cond.turn, (*loc, "turn"), 1, self.s.max_turns, f"turns run 1..{self.s.max_turns}")
        for k, sub in enumerate(cond.any or []):
            self._condition(sub, (*loc, "any", k))

    def _range(self, rng: Range, loc: Loc, low: float, high: float, scale: str) -> None:
        if rng.min is not None and rng.min > high:
            self.add((*loc, "min"), f"min {rng.min:g} can never hold: {scale}")
        if rng.max is not None and rng.max < low:
            self.add((*loc, "max"), f"max {rng.max:g} can never hold: {scale}")

    def _can_pass(self) -> None:
        success = set(self.s.success_ends)
        reachable_ends = {b.end for step in self.s.steps for b in step.branches if b.end is not None}
        reachable_ends.add(EndState.timed_out)
        if self.s.persona.hang_up_at is not None:
            reachable_ends.add(EndState.hung_up)
        if not success & reachable_ends:
            wanted = " or ".join(e.value for e in self.s.success_ends)
            self.add(("success_ends",) if "success_ends" in (self._raw() or {}) else ("steps",),
                     f"no branch ends the call as {wanted}, so no attempt can pass; add `end: "
                     f"{self.s.success_ends[0].value}` to a branch or change `success_ends`", key=True)
        hang = self.s.persona.hang_up_at
        if hang is not None and self.s.persona.mood >= hang:
            self.add(("persona", "mood"), f"the customer starts at mood {self.s.persona.mood}, already at "
                     f"`hang_up_at` ({hang}): the call would end at once")

    def _raw(self) -> dict[str, object] | None:
        data = self.loaded.document.data if self.loaded.document else None
        return data if isinstance(data, dict) else None


def _closure(seeds: set[str], step: Callable[[str], set[str]]) -> set[str]:
    seen, todo = set(seeds), list(seeds)
    while todo:
        for nxt in step(todo.pop()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def placeholder_problems(loaded: Loaded) -> list[Problem]:
    """The variables module's unknown placeholders and Faker providers, at their lines."""
    try:
        from trainer.scenario import variables
    except ImportError:  # the variables module is optional while the library is assembled
        return []
    assert isinstance(loaded.checkable, Scenario)
    try:
        found = variables.problems(loaded.checkable)
    except Exception as e:  # a bug there must not hide every other problem of the library
        return [Problem(loaded.path, 1, "", f"could not check placeholders ({type(e).__name__}: {e}); "
                        "please report this")]
    out = []
    for dotted, message in found:
        loc = tuple(int(p) if p.isdigit() else p for p in dotted.split(".")) if dotted else ()
        out.append(Problem(loaded.path, loaded.line(*loc), dotted, message))
    return out


def rubric_problems(loaded: Loaded) -> list[Problem]:
    """Phrases written in a way the matcher would drop or take literally, and regular expressions
    that could backtrack without end, at their lines, so that `validate` shows them instead of a
    criterion that silently never scores or a reply that never finishes scoring."""
    from trainer.matching.patterns import pattern_problems
    from trainer.matching.phrases import phrase_problems

    rubric = loaded.checkable
    assert isinstance(rubric, Rubric)
    out: list[Problem] = []
    for i, c in enumerate(rubric.criteria):
        if isinstance(c, RegexCriterion):
            for message in pattern_problems(c.pattern):
                out.append(Problem(loaded.path, loaded.line("criteria", i, "pattern"), f"criteria.{i}.pattern",
                                   f"pattern {c.pattern!r}: {message}"))
        lists: list[tuple[Loc, dict[str, list[str]]]] = []
        for j, level in enumerate(getattr(c, "levels", None) or []):
            lists.append((("criteria", i, "levels", j, "phrases"), level.phrases))
        if isinstance(getattr(c, "phrases", None), dict):
            lists.append((("criteria", i, "phrases"), c.phrases))
        for where, phrases in lists:
            for language, items in phrases.items():
                for k, phrase in enumerate(items):
                    loc = (*where, language, k)
                    for message in phrase_problems(phrase, language):
                        out.append(Problem(loaded.path, loaded.line(*loc), ".".join(str(p) for p in loc),
                                           f"phrase {phrase!r}: {message}"))
    return out
