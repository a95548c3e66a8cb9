"""Comparable criterion sets: the shared core skills over every call, then one set per rubric and
language, so no chart mixes English, Persian and Chinese criteria."""

from __future__ import annotations

import pytest

from trainer.config import ROOT
from trainer.messages import FSI, PDI, strip_isolates
from trainer.progress.criterion_sets import criterion_sets, find
from trainer.scenario.catalog import Catalog


@pytest.fixture(scope="module")
def library() -> Catalog:
    return Catalog.load(ROOT / "scenarios")


def test_the_shared_set_is_the_core_rubric_over_every_call(library):
    shared = criterion_sets(library)[0]
    core = library.rubric("core")
    assert shared.scenario_ids is None and shared.criteria == tuple(c.id for c in core.criteria)
    assert shared.label("empathy") == core.criterion("empathy").label  # English, from one rubric


def test_every_other_set_is_one_rubric_in_one_language(library):
    sets = criterion_sets(library)[1:]
    assert {s.language for s in sets} == {"en", "fa", "zh"}
    assert [s.language for s in sets] == sorted((s.language for s in sets), key=["en", "fa", "zh"].index)
    for s in sets:
        assert {library.scenario(sid).language for sid in s.scenario_ids} == {s.language}
        rubric = library.rubric(s.key.split(":")[1])
        assert s.criteria == tuple(c.id for c in rubric.criteria)
        assert all(strip_isolates(s.label(c.id)) == c.words(s.language).label for c in rubric.criteria)
    chinese = next(s for s in sets if s.key == "rubric:zh-billing:zh")
    assert chinese.label("empathy") == "接住客户的情绪" and chinese.title.startswith("Chinese · ")


def test_one_rubric_in_two_languages_is_two_sets_and_no_shared_set():
    library = Catalog.load(ROOT / "tests" / "app" / "library")
    assert [s.key for s in criterion_sets(library)] == ["rubric:app-basic:en", "rubric:app-basic:fa"]
    assert find(criterion_sets(library), "nope").key == "rubric:app-basic:en"
    assert find([], None) is None


def test_a_persian_label_keeps_its_direction_beside_digits_in_a_chart(library):
    persian = next(s for s in criterion_sets(library) if s.language == "fa")
    label = persian.label(persian.criteria[0])
    assert label.startswith(FSI) and label.endswith(PDI)
    english = criterion_sets(library)[0].label("empathy")
    assert FSI not in english  # left-to-right labels are left as they are
