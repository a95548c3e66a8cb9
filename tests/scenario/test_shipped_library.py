"""The library shipped in `scenarios/` must validate with no problem at all."""

from __future__ import annotations

import pytest

from trainer.config import ROOT
from trainer.scenario.catalog import Catalog

SHIPPED = ROOT / "scenarios"


def test_the_shipped_library_validates() -> None:
    if not any(p for p in SHIPPED.rglob("*.y*ml") if "rubrics" not in p.parts):
        pytest.skip("scenarios/ holds no scenario yet")
    catalog = Catalog.load(SHIPPED)
    assert [str(p) for p in catalog.problems] == []
    assert catalog.scenarios
