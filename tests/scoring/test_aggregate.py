"""Combining an attempt's replies criterion by criterion."""

from trainer.scenario.schema import Rubric
from trainer.scoring.aggregate import combine
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer

RUBRIC = Rubric.model_validate({
    "id": "t", "title": "T", "pass_mark": 60,
    "criteria": [
        {"id": "sorry", "label": "Sorry", "type": "phrases", "levels": [{"points": 2, "phrases": {"en": ["sorry"]}}]},
        {"id": "no_blame", "label": "No blame", "type": "forbidden", "critical": True,
         "phrases": {"en": ["calm down"]}},
        {"id": "len", "label": "Length", "type": "length", "min_words": 3, "max_words": 5},
        {"id": "judge", "label": "Judge", "type": "llm", "instructions": "Warm?"},
    ],
})


def turns(*replies):
    return [RuleScorer().score(r, RUBRIC, ReplyContext()) for r in replies]


def test_max_min_and_mean():
    got = combine(RUBRIC, turns("I am so sorry", "calm down now please", "ok"))
    assert got.criteria["sorry"].score == 2  # max: said it once
    assert "reply 1" in got.criteria["sorry"].reason
    assert got.criteria["no_blame"].score == 0  # min: one slip is enough
    assert got.critical_failure == "no_blame" and not got.passed
    assert got.criteria["len"].score == round(4 / 3, 2)  # mean of 2, 2, 0
    assert got.criteria["judge"].graded_by == "ungraded"


def test_evidence_comes_from_the_deciding_reply():
    got = combine(RUBRIC, turns("hello there friend", "oh I am sorry"))
    assert [e.text for e in got.criteria["sorry"].evidence] == ["sorry"]
    assert "reply 2" in got.criteria["sorry"].reason


def test_no_replies():
    got = combine(RUBRIC, [])
    assert got.total == 0 and not got.passed
    assert all(not r.graded for r in got.criteria.values())
