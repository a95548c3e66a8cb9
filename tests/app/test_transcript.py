"""Transcript downloads: everything needed to read the call later, and inert when rendered."""

from __future__ import annotations

import json

from trainer.practice.transcript import Line, Result, Transcript
from trainer.scoring.results import CriterionResult, ReplyScore


def transcript() -> Transcript:
    score = ReplyScore(rubric_id="r", criteria={"empathy": CriterionResult(criterion_id="empathy", score=2, max=2)},
                       total=100, passed=True)
    return Transcript(
        scenario_id="app-hold", scenario_title="The caller on hold", language="en", seed=7, mode="practice",
        trainee="Ana", lines=[
            Line(speaker="customer", text="I waited *twenty* minutes!"),
            Line(speaker="trainee", text="<script>x</script>\n# sorry", response_seconds=12.4, score=score,
                 mood_before=6, mood_after=5),
        ],
        result=Result(total=100, passed=True, pass_mark=70, end_state="resolved", criteria={"empathy": 2}))


def test_markdown_has_each_line_as_an_indented_block_and_the_result():
    text = transcript().to_markdown()
    assert "# The caller on hold" in text
    assert "**You** (12 s, score 100/100, mood after 5/10)" in text
    assert "    <script>x</script>\n    # sorry" in text
    assert "## Result: 100/100, passed (pass mark 70)" in text
    assert "- empathy: 2" in text


def test_json_round_trips():
    original = transcript()
    again = Transcript.model_validate(json.loads(original.to_json()))
    assert again == original
