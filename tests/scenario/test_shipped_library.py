"""The library shipped in `scenarios/` must validate with no problem at all."""

from __future__ import annotations

from tests.found import found
from trainer.config import ROOT
from trainer.scenario.catalog import Catalog

SHIPPED = ROOT / "scenarios"


def test_the_shipped_library_validates() -> None:
    found((p for p in SHIPPED.rglob("*.y*ml") if "rubrics" not in p.parts), "shipped scenarios")
    catalog = Catalog.load(SHIPPED)
    assert [str(p) for p in catalog.problems] == []
    assert catalog.scenarios


def test_every_shipped_file_points_editors_at_the_committed_schema() -> None:
    """The first-line modeline gives VS Code completion; a wrong path silently gives none."""
    library = ROOT / "scenarios"
    for path in found(library.glob("*/*.yaml"), "shipped YAML files"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = "rubric" if path.parent.name == "rubrics" else "scenario"
        assert first == f"# yaml-language-server: $schema=../schema/{kind}.schema.json", path
        assert (path.parent / f"../schema/{kind}.schema.json").resolve().is_file()
