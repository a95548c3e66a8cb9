"""A new scenario from the template validates against the shipped library as it is."""

from pathlib import Path

import pytest

from trainer.config import ROOT
from trainer.errors import ScenarioError
from trainer.scenario.catalog import Catalog
from trainer.studio.files import check
from trainer.studio.template import new_scenario, path_for, slug


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return Catalog.load(ROOT / "scenarios")


def test_the_template_with_a_new_id_has_no_problems(shipped):
    text = new_scenario("late-parcel-refund", "The late parcel", channel="phone")
    assert "id: late-parcel-refund" in text and "channel: phone" in text
    assert check(shipped, text, "scenario", str(ROOT / "scenarios" / "en" / "late-parcel-refund.yaml")) == []


def test_the_template_id_must_still_be_changed(shipped):
    text = new_scenario("angry-hold-music", "Copy")
    problems = check(shipped, text, "scenario", "<new>")
    assert [p.loc for p in problems] == ["id"]


def test_bad_ids_are_refused_with_an_example():
    with pytest.raises(ScenarioError, match="lower-case letters"):
        new_scenario("Late Parcel", "x")


def test_slug_and_path():
    assert slug("The order that did NOT arrive!") == "the-order-that-did-not-arrive"
    assert slug("???") == "new-scenario"
    assert path_for(Path("lib"), "a-b", "fa") == Path("lib/fa/a-b.yaml")
