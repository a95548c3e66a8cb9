"""Fixtures for the scoring tests: the built-in `core` rubric read straight from its file (so these
tests do not depend on the rest of the library), and the offline scorer."""

from pathlib import Path

import pytest
import yaml

from trainer.scenario.schema import Rubric
from trainer.scoring.rules import RuleScorer

CORE = Path(__file__).resolve().parents[2] / "scenarios" / "rubrics" / "core.yaml"


@pytest.fixture(scope="session")
def core() -> Rubric:
    return Rubric.model_validate(yaml.safe_load(CORE.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def scorer() -> RuleScorer:
    return RuleScorer()
