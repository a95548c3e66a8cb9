"""The library listing: every file with its status, and each problem with its offending lines."""

from pathlib import Path

from trainer.scenario.catalog import Catalog
from trainer.studio.library import entries, excerpts, search


def test_every_file_is_listed_with_its_fields(library: Path, catalog):
    listed = {e.id: e for e in entries(catalog, library)}
    assert set(listed) == {"app-hold", "app-fa", "app-basic"}
    hold = listed["app-hold"]
    assert (hold.kind, hold.language, hold.channel, hold.difficulty, hold.status) == (
        "scenario",
        "en",
        "phone",
        2,
        "ready",
    )
    assert hold.tags == ("angry", "hold-time")
    assert listed["app-basic"].kind == "rubric"


def test_a_broken_file_is_listed_with_the_offending_line(library: Path):
    path = library / "en" / "app-hold.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("channel: phone", "channel: fax"), encoding="utf-8")
    catalog = Catalog.load(library)
    listed = {e.id: e for e in entries(catalog, library)}
    assert listed["app-hold"].status == "has problems" and listed["app-hold"].problems == 1
    [shown] = excerpts(catalog.problems)
    assert shown.line == 6 and "channel" in shown.problem
    assert [(n, bad) for n, _, bad in shown.lines] == [(4, False), (5, False), (6, True), (7, False), (8, False)]
    assert dict((n, t) for n, t, _ in shown.lines)[6] == "channel: fax"


def test_search_and_filters(library: Path, catalog):
    items = entries(catalog, library)
    assert [e.id for e in search(items, "HOLD")] == ["app-hold"]
    assert [e.id for e in search(items, language="fa")] == ["app-fa"]
    assert [e.id for e in search(items, kind="rubric")] == ["app-basic"]
    assert search(items, status="has problems") == []
