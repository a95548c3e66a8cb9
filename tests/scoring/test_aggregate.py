"""Combining an attempt's replies criterion by criterion."""

from trainer.scenario.schema import Rubric
from trainer.scoring.aggregate import combine, scoped
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


STEPPED = Rubric.model_validate({
    "id": "s", "title": "S", "pass_mark": 70,
    "criteria": [
        {"id": "sorry", "label": "Sorry", "type": "phrases", "scope": "call",
         "levels": [{"points": 2, "phrases": {"en": ["sorry"]}}]},
        {"id": "plan", "label": "Plan", "type": "phrases", "levels": [{"points": 2, "phrases": {"en": ["courier"]}}]},
        {"id": "thanks", "label": "Thanks", "type": "phrases", "levels": [{"points": 2,
                                                                           "phrases": {"en": ["thanks"]}}]},
        {"id": "no_blame", "label": "No blame", "type": "forbidden", "scope": "call", "critical": True,
         "phrases": {"en": ["calm down"]}},
    ],
})


def stepped(reply, criteria):
    return scoped(STEPPED, RuleScorer().score(reply, STEPPED, ReplyContext()), criteria)


def test_a_reply_counts_the_criteria_of_its_step_and_keeps_the_others():
    plan = stepped("A courier comes tomorrow at 10.", ["plan", "no_blame"])
    assert plan.total == 100 and plan.passed and plan.counted == ["plan", "no_blame"]
    assert set(plan.criteria) == {"sorry", "plan", "thanks", "no_blame"}  # still scored, for the call
    assert stepped("A courier comes tomorrow at 10.", None).total == 50  # every criterion counted


def test_a_reply_with_full_points_on_its_steps_criteria_scores_100_whatever_else_it_lacks():
    for criteria in (["plan"], ["plan", "no_blame"], ["sorry", "plan"]):
        got = stepped("Sorry, a courier comes tomorrow.", criteria)
        assert got.total == 100 and got.passed, criteria


def test_a_critical_slip_fails_the_reply_only_where_the_step_counts_it():
    assert stepped("Calm down, a courier comes tomorrow.", ["plan", "no_blame"]).critical_failure == "no_blame"
    assert stepped("Calm down, a courier comes tomorrow.", ["plan"]).critical_failure is None


def test_step_criteria_combine_over_their_steps_and_call_criteria_over_every_reply():
    replies = [stepped("Sorry. Thanks, a courier?", ["sorry"]), stepped("A courier comes at 10.", ["plan"])]
    got = combine(STEPPED, replies)
    assert got.criteria["sorry"].score == 2  # call-scoped: from reply 1
    assert got.criteria["plan"].score == 2 and got.criteria["plan"].reason.startswith("Reply 2:")
    assert got.criteria["thanks"].graded_by == "ungraded"  # said at a step not about it: not credited
    assert got.criteria["thanks"].reason == "Not assessed: the call never reached a step about this."
    assert "thanks" not in [c for c, r in got.criteria.items() if r.graded]


def test_replies_without_step_criteria_combine_as_before():
    plain = [RuleScorer().score(r, STEPPED, ReplyContext()) for r in ("Sorry.", "Thanks, a courier.")]
    got = combine(STEPPED, plain)
    assert {cid: r.score for cid, r in got.criteria.items()} == {"sorry": 2, "plan": 2, "thanks": 2, "no_blame": 2}
