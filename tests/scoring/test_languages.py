"""One rubric, every language: `core` and the scorer's own words in English, Persian and Chinese."""

import re
import string

import pytest

from trainer.config import ROOT
from trainer.messages import MESSAGES, isolate, plural, quote, say
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Rubric
from trainer.scoring.aggregate import combine
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer

PERSIAN = re.compile(r"[\u0600-\u06ff]")
HAN = re.compile(r"[\u4e00-\u9fff]")
SCRIPT = {"fa": PERSIAN, "zh": HAN}


@pytest.fixture(scope="module")
def core() -> Rubric:
    catalog = Catalog.load(ROOT / "scenarios")
    return catalog.rubric("core")


@pytest.mark.parametrize("language", ["en", "fa", "zh"])
def test_core_speaks_every_language_completely(core: Rubric, language: str) -> None:
    for c in core.criteria:
        words = c.words(language)
        assert words.label and words.description and words.tip, (c.id, language)
        if language in SCRIPT:
            for field in ("label", "description", "tip"):
                assert language in c.translations and getattr(c.translations[language], field), (c.id, field)
                assert SCRIPT[language].search(getattr(words, field)), (c.id, field)


def test_a_plain_string_rubric_still_works_and_falls_back_to_its_own_words() -> None:
    rubric = Rubric.model_validate({"id": "r", "title": "R", "criteria": [
        {"id": "sorry", "label": "Says sorry", "tip": "Say sorry.", "type": "phrases",
         "translations": {"fa": {"label": "عذرخواهی می‌کند"}},
         "levels": [{"points": 2, "phrases": {"en": ["sorry"]}}]}]})
    c = rubric.criterion("sorry")
    assert c.words("fa").label == "عذرخواهی می‌کند" and c.words("fa").tip == "Say sorry."
    assert c.words("zh").label == "Says sorry"


def test_every_message_exists_in_every_language_with_the_same_blanks() -> None:
    def blanks(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for language in ("fa", "zh"):
        assert set(MESSAGES[language]) == set(MESSAGES["en"]), language
        for key, template in MESSAGES["en"].items():
            assert blanks(MESSAGES[language][key]) == blanks(template), (language, key)


def test_counts_are_worded_for_one_and_many() -> None:
    assert plural("en", "replies", 1) == "1 reply"
    assert plural("en", "replies", 4) == "4 replies"
    assert say("en", "agg.best", n=3, turn=2) == "Best of 3 replies (reply 2)"


def test_a_single_reply_is_not_called_the_best_of_one() -> None:
    rubric = Rubric.model_validate({"id": "r", "title": "R", "criteria": [
        {"id": "sorry", "label": "Sorry", "type": "phrases", "levels": [{"points": 2, "phrases": {"en": ["sorry"]}}]}]})
    got = combine(rubric, [RuleScorer().score("I am sorry", rubric, ReplyContext())])
    assert got.criteria["sorry"].reason.startswith("Reply 1: ") and "Best of 1" not in got.criteria["sorry"].reason


@pytest.mark.parametrize(("language", "reply", "words"), [
    ("fa", "آرام باشید، قانون همینه", "به کار رفته"),
    ("zh", "你冷静一下，这不归我管", "不允许"),
])
def test_the_scorer_gives_its_reasons_in_the_reply_language(core: Rubric, language: str, reply: str,
                                                            words: str) -> None:
    got = RuleScorer().score(reply, core, ReplyContext(language=language))
    assert got.criteria["no_blame"].score == 0
    assert words in got.criteria["no_blame"].reason
    assert SCRIPT[language].search(got.criteria["next_step"].reason)


def test_persian_quotes_are_isolated_so_digits_keep_their_place() -> None:
    assert quote("fa", "۲ روز") == "«\u2068۲ روز\u2069»"
    assert quote("en", "calm down") == "“calm down”"  # nothing to isolate in plain English
    assert isolate("") == ""


def test_persian_in_a_csv_cell_or_chart_label_is_isolated_and_english_is_left_alone() -> None:
    from trainer.messages import bidi_safe

    assert bidi_safe("انتظار را به رسمیت می‌شناسد 1/2") == "\u2068انتظار را به رسمیت می‌شناسد 1/2\u2069"
    assert bidi_safe("Apologises 1/2") == "Apologises 1/2"
