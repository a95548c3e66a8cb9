"""Normalisation: the differences a trainee's keyboard makes never change a match."""

import pytest

from trainer.matching.text import normalise
from trainer.scoring.language import detect


def same(a: str, b: str, language: str) -> None:
    assert normalise(a, language).text == normalise(b, language).text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("درك ميكنم", "درک میکنم"),  # Arabic kaf and yeh
        ("می‌خوام", "میخوام"),  # zero-width non-joiner or nothing
        ("می خوام", "میخوام"),  # or a space after the prefix
        ("کتاب ها", "کتاب‌ها"),  # plural suffix typed apart
        ("۲۴ ساعت", "٢٤ ساعت"),  # Persian and Arabic-Indic digits
        ("۲۴ ساعت", "24 ساعت"),
        ("متأسفم", "متاسفم"),  # hamza seat
        ("کاملاً", "کاملا"),  # tanvin
    ],
)
def test_persian_variants_normalise_alike(a, b):
    same(a, b, "fa")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("對不起，給您添麻煩了。", "对不起,给您添麻烦了."),
        ("我 们 会 处 理", "我们会处理"),
        ("ＡＢＣ１２３", "abc123"),
    ],
)
def test_chinese_variants_normalise_alike(a, b):
    same(a, b, "zh")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("I'm SOOO sorry", "i am so sorry"),
        ("I’m sorry", "I'm sorry"),
        ("Im sory", "I am sorry"),
        ("can't", "can not"),
        ("didnt", "did not"),
        ("I apologize", "I apologise"),
        ("Café", "cafe"),
        ("thank\u200byou", "thankyou"),
    ],
)
def test_english_variants_normalise_alike(a, b):
    same(a, b, "en")


@pytest.mark.parametrize(
    ("text", "language"),
    [("Hi — I'm SO sorry!", "en"), ("عذر می‌خوام، ۲ ساعت", "fa"), ("對不起，我們會處理", "zh"), ("😀 <b>ok</b>", "en")],
)
def test_every_token_maps_back_to_the_original(text, language):
    doc = normalise(text, language)
    for k, token in enumerate(doc.tokens):
        start, end = doc.orig_range(k, k)
        assert 0 <= start < end <= len(text)
        assert token in normalise(text[start:end], language).tokens  # the words it came from
        assert doc.span(doc.norm_starts[k], doc.norm_starts[k] + len(token)) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Hello there", "en"), ("سلام، وقت بخیر", "fa"), ("您好", "zh"), ("OK 好的，我们明天处理", "zh"),
     ("Your order 订单 is late", "en"), ("", "en"), ("12345 😀", "en")],
)
def test_language_is_told_by_script(text, expected):
    assert detect(text) == expected


def test_language_fallback_when_there_are_no_letters():
    assert detect("123", fallback="fa") == "fa"


def test_ascii_fast_path_agrees_with_the_general_one():
    from trainer.matching.text import _ASCII, _fold

    assert all(len(v) == 1 for v in _ASCII.values())
    text = "".join(chr(i) for i in range(128))
    assert _fold(text)[0] == _fold(text + "é")[0][:-1]


def test_every_character_folds_to_letters_digits_kept_punctuation_or_spaces():
    """The tokeniser (`text._WORD_OR_PUNCT`) reads any other folded character as a letter or digit."""
    from trainer.matching.text import fold_char

    allowed = set(" .!?;:,'\n")
    odd = [hex(cp) for cp in range(0x110000)
           if any(not (ch.isalnum() or ch in allowed) for ch in fold_char(chr(cp)))]
    assert not odd, odd[:10]
