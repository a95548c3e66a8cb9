"""A customer quotes the trainee's own words, or nothing (trainer/simulation/quotes.py), and every
shipped step has a line to say that puts no words in the trainee's mouth."""

from __future__ import annotations

from pathlib import Path

import pytest

from trainer.scenario.catalog import Catalog
from trainer.scenario.variables import fill, resolve
from trainer.simulation.quotes import Heard, honest_variants, quoted, without_misquotes

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"


def test_quotation_marks_of_every_script_are_found():
    line = 'He said "soon", she wrote «در اسرع وقت» and they wrote “尽快” and 「已签收」.'
    assert quoted(line) == ["soon", "در اسرع وقت", "尽快", "已签收"]


def test_a_quote_counts_as_said_after_normalising_case_punctuation_and_letter_variants():
    heard = Heard(["It will be back SOON, I promise.", "پیگیري مي‌كنيم", "我們會盡快處理"], "en")
    assert heard.said("soon") and not heard.said("a few days")
    assert Heard(["پیگیري مي‌كنيم"], "fa").said("پیگیری می‌کنیم")
    assert Heard(["我們會盡快處理"], "zh").said("尽快处理")


def test_honest_variants_are_preferred_and_all_are_kept_when_every_one_is_honest():
    heard = Heard(["I'll sort it soon."], "en")
    lines = ['"A few days" does not help me. When?', "That does not help me. When?"]
    assert honest_variants(lines, heard) == ["That does not help me. When?"]
    assert honest_variants(['"Soon"? When?', "When?"], heard) == ['"Soon"? When?', "When?"]


def test_a_line_with_no_honest_variant_loses_the_sentence_that_misquotes():
    heard = Heard(["I'll sort it."], "en")
    assert without_misquotes('"A few days" doesn\'t help me. Rent is due Friday. When?', heard) == (
        "Rent is due Friday. When?")
    assert without_misquotes("«در اسرع وقت»؟ جدی؟ یه ساعت بگید.", Heard([], "fa")) == "جدی؟ یه ساعت بگید."
    assert "“" not in without_misquotes("“尽快处理”是多快？", Heard([], "zh"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(LIBRARY)


def test_every_shipped_step_has_a_line_that_quotes_nothing_unheard(catalog: Catalog):
    """A customer line may quote the trainee; then its step needs another variant for a trainee who
    never said those words (the engine would otherwise cut the quoting sentence)."""
    missing = []
    for sid in sorted(catalog.scenarios):
        scenario = catalog.scenario(sid)
        values = resolve(scenario, 1)
        heard = Heard([fill(f, values) for f in scenario.hidden_facts], scenario.language)
        places = [(f"{sid} step {s.id}", s.say) for s in scenario.steps]
        places += [(f"{sid} ending in {s.id}", b.say) for s in scenario.steps for b in s.branches if b.say]
        for where, lines in places:
            if lines and all(heard.misquotes(fill(line, values)) for line in lines):
                missing.append(where)
    assert not missing, missing
