"""The step graph of a scenario as Graphviz DOT (for `st.graphviz_chart`): a box per step, an oval per
ending, an arrow per branch labelled with its condition; the start step is bold and steps that no
branch reaches are dashed, so an author sees a dead end or an orphan at a glance."""

from __future__ import annotations

import textwrap

from trainer.scenario.schema import Condition, Range, Scenario

FONT = "Helvetica"
CONDITION_WIDTH = 18  # characters per line of a branch's condition

_END_COLOURS = {"resolved": "#2e7d32", "escalated": "#ef6c00", "hung_up": "#c62828", "timed_out": "#6d4c41"}


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _range(name: str, r: Range) -> str:
    if r.min is not None and r.max is not None:
        return f"{name} {r.min:g}..{r.max:g}" if r.min != r.max else f"{name} = {r.min:g}"
    if r.min is not None:
        return f"{name} ≥ {r.min:g}"
    return f"{name} ≤ {r.max:g}"


def describe(cond: Condition | None) -> str:
    """A condition in a few words: 'empathy ≥ 1, apology ≥ 1' or 'otherwise'."""
    if cond is None:
        return "otherwise"
    parts = [_range(c, r) for c, r in cond.criteria.items()]
    for name, r in (("score", cond.score), ("mood", cond.mood), ("turn", cond.turn)):
        if r is not None:
            parts.append(_range(name, r))
    if cond.slow is not None:
        parts.append("slow" if cond.slow else "in time")
    if cond.any:
        parts.append("(" + " or ".join(describe(c) for c in cond.any) + ")")
    return ", ".join(parts) or "always"


def wrap(text: str, width: int) -> str:
    """`text` in lines of at most about `width` characters (words are never split)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)) or text


def to_dot(scenario: Scenario, *, highlight: str | None = None) -> str:
    """DOT for the scenario, read top to bottom, so the drawing grows with its steps instead of
    shrinking into a strip: a box per step named by its id (its goal shows on hover), branch
    conditions wrapped into short lines, text large enough to read at the drawing's natural width,
    which stays narrow enough for a page column. `highlight` marks the step a play-test is at:
    filled, with a thick border and "now" in its label."""
    reached = {b.goto for s in scenario.steps for b in s.branches if b.goto}
    ends = {b.end.value for s in scenario.steps for b in s.branches if b.end is not None}
    if scenario.persona.hang_up_at is not None:
        ends.add("hung_up")
    out = ["digraph steps {", "  rankdir=TB;", "  nodesep=0.25;", "  ranksep=0.45;",
           f'  node [fontname="{FONT}", fontsize=14, margin="0.15,0.08"];',
           f'  edge [fontname="{FONT}", fontsize=12, color="#555555", fontcolor="#333333"];']
    for step in scenario.steps:
        style = ["rounded"]
        if step.id == scenario.start_step:
            style.append("bold")
        elif step.id not in reached:
            style.append("dashed")
        extra = ""
        title = step.id
        if step.id == highlight:
            style.append("filled")
            extra = ', fillcolor="#fde68a", color="#b45309", penwidth=3'
            title = f"▶ {step.id} (now)"
        tip = f", tooltip={_q(step.goal)}" if step.goal else ""
        out.append(f'  {_q("step:" + step.id)} [shape=box, style="{",".join(style)}", label={_q(title)}{tip}{extra}];')
    for end in sorted(ends):
        out.append(f'  {_q("end:" + end)} [shape=oval, label={_q(end.replace("_", " "))}, '
                   f'color="{_END_COLOURS.get(end, "black")}", fontcolor="{_END_COLOURS.get(end, "black")}"];')
    for step in scenario.steps:
        for i, branch in enumerate(step.branches, start=1):
            target = f"step:{branch.goto}" if branch.goto else f"end:{branch.end.value}"  # type: ignore[union-attr]
            label = wrap(f"{i}. {describe(branch.when)}", CONDITION_WIDTH)
            out.append(f"  {_q('step:' + step.id)} -> {_q(target)} [label={_q(label)}];")
    out.append("}")
    return "\n".join(out)
