"""What moved the customer's mood is said in the call's language, like the reply's score beside it."""

from __future__ import annotations

import re

import pytest

from trainer.simulation.mood import DEFAULT_RULES
from trainer.ui.chat import mood_reasons

HOLD_RULES = ("hold_over", "hold_no_time", "hold_kept", "hold_music", "hold_silence")
LATIN = re.compile(r"[A-Za-z]")


@pytest.mark.parametrize("language", ["fa", "zh"])
def test_every_built_in_mood_rule_is_explained_in_the_calls_language(language):
    for rule in [r.name for r in DEFAULT_RULES] + list(HOLD_RULES):
        text = mood_reasons({rule: -1}, language)
        assert not LATIN.search(text), (rule, text)
        assert "(-1)" in text


def test_a_persian_call_lists_its_reasons_in_persian_with_persian_separators():
    text = mood_reasons({"empathy": -1, "ownership": -1, "slow": 1}, "fa")
    assert (
        text == "چرا حال مشتری تغییر کرد: احساسش را درک کردید (-1)؛ مسئولیت مشکل را پذیرفتید (-1)؛ پاسخ دیر رسید (+1)"
    )


def test_english_stays_as_it_was_and_a_scenarios_own_rule_is_named():
    assert mood_reasons({"empathy": -1, "next_step": -1}, "en") == \
        "Mood: you acknowledged how they feel (-1); you gave a concrete next step (-1)"
    assert mood_reasons({"waited_for_refund": 2}, "zh") == "情绪变化的原因：waited for refund (+2)"


def test_a_scenarios_own_rule_reads_as_its_label():
    from trainer.config import ROOT
    from trainer.scenario.catalog import Catalog
    from trainer.ui.chat import mood_labels

    scenario = Catalog.load(ROOT / "scenarios").scenarios["fa-hold-music"]
    text = mood_reasons({"empathy": -1, "wait_named": -1}, "fa", mood_labels(scenario))
    assert text == "چرا حال مشتری تغییر کرد: احساسش را درک کردید (-1)؛ از انتظار طولانی‌اش گفتید (-1)"


def test_every_persian_and_chinese_scenario_labels_the_mood_rules_it_adds():
    from trainer.config import ROOT
    from trainer.scenario.catalog import Catalog

    built_in = {r.name for r in DEFAULT_RULES} | set(HOLD_RULES)
    for scenario in Catalog.load(ROOT / "scenarios").scenarios.values():
        if scenario.language == "en":
            continue
        for rule in scenario.mood_rules or ():
            assert rule.name in built_in or rule.label, (scenario.id, rule.name)
