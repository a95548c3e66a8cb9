"""Golden transcripts: the shipped scenarios at fixed seeds, word for word.

A change to a scenario's lines, branches or mood rules, to the variables or to the rule scorer
shows up here as a diff. When the change is intended, regenerate and review the diff:

    FRONTLINE_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/simulation/test_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.found import found
from tests.library.steps import GOLDEN_DAY, match_golden
from trainer.scenario.variables import fill
from trainer.simulation.session import Session

GOLDEN = Path(__file__).parent / "golden"
RUDE = "Calm down, that's not my problem. It's company policy, read the terms and conditions."
OFFHAND = "Okay. What's the order number?"
CASES = [
    (scenario_id, seed, script)
    for scenario_id in ("angry-hold-music", "bereaved-late-return", "public-complaint")
    for seed, script in ((7, "model-answers"), (7, "rude"), (21, "offhand-then-model-answers"))
]


def run(session: Session, script: str) -> dict[str, object]:
    while not session.ended:
        step = session.current_step
        assert step is not None
        model = fill(step.model_answer, session.state.values)
        if script == "rude":
            session.reply(RUDE)
        elif script == "offhand-then-model-answers" and session.turn == 0:
            session.reply(OFFHAND)
        else:
            session.reply(model)
    card = session.scorecard()
    lines = []
    for t in session.state.transcript:
        line: dict[str, object] = {"speaker": t.speaker, "text": t.text, "step": t.step}
        if t.speaker == "trainee":
            line["mood"] = [t.mood_before, t.mood_after]
            line["mood_changes"] = {c.rule: c.change for c in t.mood_changes}
            assert t.branch is not None
            line["branch"] = t.branch.model_dump(mode="json", exclude_none=True)
            if not t.branch.skipped:  # steps passed over are listed only when there were some
                del line["branch"]["skipped"]
        lines.append(line)
    return {
        "scenario": session.scenario.id, "seed": session.state.seed, "script": script,
        "customer": session.state.values["customer.full_name"],
        "end_state": session.end_state.value if session.end_state else None,
        "passed": card.passed, "transcript": lines,
    }


@pytest.mark.parametrize(("scenario_id", "seed", "script"), CASES, ids=[f"{a}-{b}-{c}" for a, b, c in CASES])
def test_golden_transcript(library, rule_scorer, scenario_id: str, seed: int, script: str) -> None:
    scenario = library.scenario(scenario_id)
    got = run(Session.start(scenario, library.rubric_for(scenario), rule_scorer, seed, today=GOLDEN_DAY), script)
    match_golden(got, GOLDEN / f"{scenario_id}-seed{seed}-{script}.json", __file__)


def test_golden_scripts_cover_both_outcomes() -> None:
    """The goldens must show each scenario both passed and failed (guards against bad regeneration)."""
    for scenario_id in ("angry-hold-music", "bereaved-late-return", "public-complaint"):
        files = found(GOLDEN.glob(f"{scenario_id}-*.json"), f"golden files of {scenario_id}")
        outcomes = {json.loads(f.read_text(encoding="utf-8"))["passed"] for f in files}
        assert outcomes == {True, False}, scenario_id


def test_regenerating_goldens_is_refused_in_ci(monkeypatch, tmp_path) -> None:
    from tests.library import steps

    monkeypatch.setattr(steps, "REGENERATE", True)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="refused in CI"):
        match_golden({"a": 1}, tmp_path / "x.json", __file__)
    assert not (tmp_path / "x.json").exists()
