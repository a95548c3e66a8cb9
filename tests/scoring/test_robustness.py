"""The scorer never raises, whatever the trainee pastes, and its evidence always quotes the reply."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer.scoring.results import ReplyContext


def check(result, reply: str) -> None:
    assert 0 <= result.total <= 100
    for r in result.criteria.values():
        assert 0 <= r.score <= r.max
        for e in r.evidence:
            assert reply[e.start:e.end] == e.text


@pytest.mark.parametrize("language", ["en", "fa", "zh"])
def test_a_megabyte_of_random_bytes(core, scorer, language):
    noise = random.Random(7).randbytes(1 << 20).decode("utf-8", errors="replace")
    check(scorer.score(noise, core, ReplyContext(language=language)), noise)
    raw = random.Random(8).randbytes(1 << 20).decode("latin-1")
    check(scorer.score(raw, core, ReplyContext(language=language)), raw)


def test_a_200_kb_reply_is_read_in_part_and_says_so(core, scorer):
    reply = ("I'm so sorry about the delay. " * 7000)[: 200 * 1024]
    got = scorer.score(reply, core, ReplyContext())
    check(got, reply)
    assert got.criteria["apology"].score == 2
    assert "Only the first 20,000" in got.criteria["apology"].reason


def test_a_forbidden_phrase_past_the_limit_is_not_seen_but_the_limit_is_told(core, scorer):
    reply = "Thanks. " * 3000 + "calm down"
    got = scorer.score(reply, core, ReplyContext())
    assert "Only the first" in got.criteria["no_blame"].reason


@pytest.mark.parametrize(
    ("reply", "language"),
    [
        ("Sorry 对不起 ببخشید 😀🙏🏽 <script>alert(1)</script> **bold** [link](http://x)", "en"),
        ("对不起 sorry ببخشید", "zh"),
        ("ببخشید sorry 对不起", "fa"),
        ("\u200c\u200d\u200b\ufeff\u0640\u064b", "fa"),
        ("'''\"\"\"«»「」“”‘’", "en"),
        ("\x00\x01\x7f\udc80\ud800", "en"),
        ("ﷺ ﷽ ﴾﴿ ۞", "fa"),
        ("ℌ𝔢𝔩𝔩𝔬 ＳＯＲＲＹ", "en"),
        ("\n\n\r\t   ", "zh"),
    ],
)
def test_mixed_scripts_emoji_markup_and_controls(core, scorer, reply, language):
    check(scorer.score(reply, core, ReplyContext(language=language)), reply)


def test_markup_does_not_hide_words(core, scorer):
    got = scorer.score("<p>I'm <b>so sorry</b> about that</p>", core, ReplyContext())
    assert got.criteria["apology"].score >= 1


@settings(max_examples=150, deadline=None)
@given(reply=st.text(max_size=300), language=st.sampled_from(["en", "fa", "zh"]))
def test_any_text_scores(core, scorer, reply, language):
    check(scorer.score(reply, core, ReplyContext(language=language, customer_names=["Lee"])), reply)
