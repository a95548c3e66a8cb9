"""The step graph drawn as DOT: every step, every ending, every branch with its condition."""

from trainer.scenario.schema import Scenario
from trainer.studio.graph import describe, to_dot, wrap


def test_nodes_and_labelled_branches(catalog):
    dot = to_dot(catalog.scenario("app-hold"), highlight="plan")
    assert dot.startswith("digraph steps {") and dot.endswith("}")
    assert '"step:vent" [shape=box, style="rounded,bold"' in dot
    assert '"step:plan" [shape=box, style="rounded,filled", label="▶ plan (now)' in dot
    assert 'fillcolor="#fde68a", color="#b45309", penwidth=3];' in dot
    assert '"step:vent" -> "step:plan" [label="2. empathy ≥ 1,\\napology ≥ 1"];' in dot
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


def test_the_graph_reads_top_to_bottom_with_legible_wrapped_text(catalog):
    """A left-to-right graph of long labels was drawn as a 390 x 25 px strip: the drawing runs top to
    bottom, grows with its steps, and wraps goals and conditions into short lines."""
    scenario = catalog.scenario("app-hold")
    dot = to_dot(scenario)
    assert "rankdir=TB;" in dot and "fontsize=14" in dot and "fontsize=12" in dot
    assert "(now)" not in dot and "penwidth" not in dot
    data = scenario.model_dump()
    data["steps"][0]["goal"] = "Acknowledge the wait and how it felt"
    assert 'label="vent", tooltip="Acknowledge the wait and how it felt"' in to_dot(Scenario.model_validate(data))
    for line in dot.split("\n"):
        if "label=" in line:
            label = line.split('label="', 1)[1].split('"', 1)[0]
            assert all(len(part) <= 32 for part in label.split("\\n")), label
    assert wrap("a b c d e f", 3) == "a b\nc d\ne f"
