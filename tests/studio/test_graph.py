"""The step graph drawn as DOT: every step, every ending, every branch with its condition."""

from trainer.scenario.schema import Scenario
from trainer.studio.graph import describe, to_dot


def test_nodes_and_labelled_branches(catalog):
    dot = to_dot(catalog.scenario("app-hold"), highlight="plan")
    assert dot.startswith("digraph steps {") and dot.endswith("}")
    assert '"step:vent" [shape=box, style="rounded,bold"' in dot
    assert '"step:plan" [shape=box, style="rounded,filled"' in dot
    assert '"step:vent" -> "step:plan" [label="2. empathy ≥ 1, apology ≥ 1"];' in dot
    assert '"step:plan" -> "end:resolved" [label="1. next_step ≥ 1"];' in dot
    assert dot.count('"end:hung_up" [shape') == 1


def test_unreached_steps_are_dashed(catalog):
    data = catalog.scenario("app-hold").model_dump()
    data["steps"].append({"id": "orphan", "model_answer": "x", "branches": [{"end": "resolved"}]})
    dot = to_dot(Scenario.model_validate(data))
    assert '"step:orphan" [shape=box, style="rounded,dashed"' in dot


def test_conditions_in_words(catalog):
    branch = catalog.scenario("app-hold").steps[0].branches[0]
    assert describe(branch.when) == "no_blame ≤ 0"
    assert describe(None) == "otherwise"
