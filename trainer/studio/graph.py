"""The step graph of a scenario as Graphviz DOT (for `st.graphviz_chart`): a box per step, an oval per
ending, an arrow per branch labelled with its condition; the start step is bold and steps that no
branch reaches are dashed, so an author sees a dead end or an orphan at a glance."""

from __future__ import annotations

from trainer.scenario.schema import Condition, Range, Scenario

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


def to_dot(scenario: Scenario, *, highlight: str | None = None) -> str:
    """DOT for the scenario; `highlight` marks the step a play-test is at."""
    reached = {b.goto for s in scenario.steps for b in s.branches if b.goto}
    ends = {b.end.value for s in scenario.steps for b in s.branches if b.end is not None}
    if scenario.persona.hang_up_at is not None:
        ends.add("hung_up")
    out = ["digraph steps {", "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=11];',
           '  edge [fontname="Helvetica", fontsize=9];']
    for step in scenario.steps:
        style = ["rounded"]
        if step.id == scenario.start_step:
            style.append("bold")
        elif step.id not in reached:
            style.append("dashed")
        if step.id == highlight:
            style.append("filled")
        label = step.id + (f"\n{step.goal[:40]}" if step.goal else "")
        fill = ', fillcolor="#fff59d"' if step.id == highlight else ""
        out.append(f'  {_q("step:" + step.id)} [shape=box, style="{",".join(style)}", label={_q(label)}{fill}];')
    for end in sorted(ends):
        out.append(f'  {_q("end:" + end)} [shape=oval, label={_q(end.replace("_", " "))}, '
                   f'color="{_END_COLOURS.get(end, "black")}"];')
    for step in scenario.steps:
        for i, branch in enumerate(step.branches, start=1):
            target = f"step:{branch.goto}" if branch.goto else f"end:{branch.end.value}"  # type: ignore[union-attr]
            out.append(f"  {_q('step:' + step.id)} -> {_q(target)} [label={_q(f'{i}. {describe(branch.when)}')}];")
    out.append("}")
    return "\n".join(out)
