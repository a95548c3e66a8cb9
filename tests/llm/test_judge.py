"""The LLM judge fails closed: verbatim evidence or no points, clamped scales, ungraded on any doubt,
cached, and never talked into marks."""

import json
import time

import pytest

from tests.llm.judging import INJECTIONS, INNOCENT, brief, generous, judged_rubric, reply_in
from tests.plugins.llm import Answer, Malformed, Slow, Status, without_model
from trainer import llm
from trainer.config import ROOT
from trainer.scoring import injection
from trainer.scoring.judge import JudgeCache, JudgeScorer, make_scorer, parse_answer
from trainer.scoring.results import ReplyContext
from trainer.scoring.rules import RuleScorer

REPLY = "I'm so sorry, Sam. I will fix this myself and call you back by 5pm today."
CTX = ReplyContext(language="en", customer_line="Where is my refund?")


def judge(settings, cache=None, pause=30.0):
    return JudgeScorer(llm.chat_model(settings, judge=True), cache=cache, pause_after_failure=pause)


def answer(**criteria):
    return json.dumps({"criteria": criteria, "instructions_in_reply": False})


def test_llm_criteria_are_judged_with_verbatim_evidence(llm_server, llm_settings):
    llm_server.script(Answer(answer(
        ownership={"points": 2, "evidence": ["I will fix this myself"], "reason": "owns it"},
        accuracy={"points": 3, "evidence": ["call you back by 5pm today"], "reason": "plausible"})))
    score = judge(llm_settings).score(REPLY, judged_rubric(), CTX)
    own = score.criteria["ownership"]
    assert own.graded_by == "judged" and own.score == 2 and own.reason == "owns it"
    assert [(e.start, e.text) for e in own.evidence] == [(REPLY.index("I will"), "I will fix this myself")]
    assert score.criteria["accuracy"].score == 3
    assert score.criteria["empathy"].graded_by == "rules"
    assert not score.flags


def test_points_without_a_quote_from_the_reply_are_not_awarded(llm_server, llm_settings):
    llm_server.script(Answer(answer(
        ownership={"points": 2, "evidence": ["I take full responsibility"], "reason": "owns it"},
        accuracy={"points": 4, "evidence": [], "reason": "fine"})))
    score = judge(llm_settings).score(REPLY, judged_rubric(), CTX)
    assert score.criteria["ownership"].score == 0 and "quoted nothing" in score.criteria["ownership"].reason
    assert score.criteria["accuracy"].score == 0
    assert score.criteria["ownership"].graded_by == "judged"


def test_points_are_clamped_to_the_criterion_scale(llm_server, llm_settings):
    llm_server.script(Answer(answer(
        ownership={"points": 9, "evidence": ["I will fix this myself"]},
        accuracy={"points": -3, "evidence": []})))
    score = judge(llm_settings).score(REPLY, judged_rubric(), CTX)
    assert score.criteria["ownership"].score == 2 and score.criteria["accuracy"].score == 0


@pytest.mark.parametrize("step", [Malformed(), Status(500), Answer("Sure! The reply is great."),
                                  Answer('{"criteria": {"ownership": {"points": "lots"}}}'),
                                  Answer('{"criteria": {"ownership": {"points": NaN}}}')])
def test_an_unreadable_or_failed_answer_leaves_the_criteria_ungraded(llm_server, llm_settings, step):
    llm_server.script(step)
    rubric = judged_rubric()
    score = judge(llm_settings).score(REPLY, rubric, CTX)
    rules = RuleScorer().score(REPLY, rubric, CTX)
    for cid in ("ownership", "accuracy"):
        assert score.criteria[cid].graded_by == "ungraded" and score.criteria[cid].score == 0
        assert score.criteria[cid].reason.startswith("Not graded")
    assert score.total == rules.total


def test_a_criterion_the_judge_leaves_out_is_ungraded(llm_server, llm_settings):
    llm_server.script(Answer(answer(ownership={"points": 2, "evidence": ["I will fix this myself"]})))
    score = judge(llm_settings).score(REPLY, judged_rubric(), CTX)
    assert score.criteria["ownership"].graded_by == "judged"
    assert score.criteria["accuracy"].graded_by == "ungraded"
    assert "no grade" in score.criteria["accuracy"].reason


def test_answers_are_cached_by_model_rubric_and_reply(llm_server, llm_settings):
    llm_server.default = generous
    cache = JudgeCache()
    first = judge(llm_settings, cache).score(REPLY, judged_rubric(), CTX)
    again = judge(llm_settings, cache).score(REPLY, judged_rubric(), CTX)
    assert first == again and len(llm_server.requests) == 1
    judge(llm_settings, cache).score(REPLY + " Thanks.", judged_rubric(), CTX)
    judge(llm_settings, cache).score(REPLY, judged_rubric(second_opinion=True), CTX)
    assert len(llm_server.requests) == 3


def test_failures_are_not_cached(llm_server, llm_settings):
    llm_server.script(Status(500))
    llm_server.default = generous
    cache = JudgeCache()
    assert judge(llm_settings, cache).score(REPLY, judged_rubric(), CTX).criteria["ownership"].graded_by == "ungraded"
    assert judge(llm_settings, cache).score(REPLY, judged_rubric(), CTX).criteria["ownership"].graded_by == "judged"


def test_a_failed_or_slow_answer_costs_that_reply_only(llm_server, llm_settings):
    llm_server.script(Status(500), Slow(5))
    llm_server.default = generous
    scorer = judge(llm_settings.model_copy(update={"llm_timeout_seconds": 0.5}))
    first = scorer.score(REPLY, judged_rubric(), CTX)
    assert first.criteria["ownership"].graded_by == "ungraded" and "HTTP 500" in first.criteria["ownership"].reason
    slow = scorer.score(REPLY + " Bye.", judged_rubric(), CTX)
    assert slow.criteria["ownership"].graded_by == "ungraded" and "did not finish" in slow.criteria["ownership"].reason
    assert scorer.score(REPLY + " Thanks.", judged_rubric(), CTX).criteria["ownership"].graded_by == "judged"


def test_an_endpoint_that_is_down_pauses_the_judge_instead_of_waiting_every_reply(llm_server, llm_settings):
    paused, eager = judge(llm_settings), judge(llm_settings, pause=0)
    llm_server.stop()
    for scorer in (paused, eager):
        assert scorer.score(REPLY, judged_rubric(), CTX).criteria["ownership"].graded_by == "ungraded"
    started = time.monotonic()
    again = paused.score(REPLY + " Bye.", judged_rubric(), CTX)
    assert again.criteria["ownership"].graded_by == "ungraded" and "Cannot reach" in again.criteria["ownership"].reason
    assert time.monotonic() - started < 0.2 and paused.model.calls == 1 and eager.model.calls == 1


def test_every_judge_request_has_a_budget_and_fits_the_context(llm_server, llm_settings):
    llm_server.default = brief
    llm_server.context_tokens = 1500
    scorer = JudgeScorer(llm.chat_model(llm_settings), context_tokens=1500)
    score = scorer.score("I'm sorry, I'll sort this out myself. " * 400, judged_rubric(), CTX)
    assert llm_server.refused == [] and llm_server.requests[0]["max_tokens"] > 0
    assert "[...]" in llm_server.requests[0]["messages"][1]["content"]
    assert score.criteria["ownership"].graded_by == "judged"


def test_make_scorer_uses_the_judge_only_with_an_llm(llm_settings):
    assert isinstance(make_scorer(llm_settings), JudgeScorer)
    assert isinstance(make_scorer(without_model(llm_settings)), RuleScorer)


def test_the_reply_is_delimited_as_data_with_a_fresh_marker(llm_server, llm_settings):
    llm_server.default = generous
    tricky = "Sorry {criteria} {nonce} {reply} about that"
    judge(llm_settings).score(tricky, judged_rubric(), CTX)
    judge(llm_settings).score(tricky + ".", judged_rubric(), CTX)
    first, second = (r["messages"][-1]["content"] for r in llm_server.requests)
    assert reply_in(llm_server.requests[0]) == tricky
    marker = first[first.index("<reply-"): first.index(">", first.index("<reply-")) + 1]
    assert len(marker) > len("<reply->") + 8 and marker not in second
    assert llm_server.requests[0]["response_format"]["type"] == "json_schema"


def test_rule_only_rubric_never_calls_the_judge(llm_server, llm_settings):
    core = judged_rubric().model_copy(update={"criteria": judged_rubric().criteria[:6]})
    judge(llm_settings).score(REPLY, core, CTX)
    assert llm_server.requests == []


def test_a_second_opinion_can_lower_a_rule_score_but_never_raise_it(llm_server, llm_settings):
    rubric = judged_rubric(second_opinion=True)
    reply = "Sorry, not sorry. Calm down."
    rules = RuleScorer().score(reply, rubric, CTX)
    assert rules.criteria["apology"].score > 0 and rules.criteria["no_blame"].score == 0
    llm_server.script(Answer(answer(apology={"points": 0, "evidence": [], "reason": "sarcastic"},
                                    no_blame={"points": 2, "evidence": ["Sorry"], "reason": "fine"})))
    score = judge(llm_settings).score(reply, rubric, CTX)
    assert score.criteria["apology"].score == 0 and score.criteria["apology"].graded_by == "judged"
    assert score.criteria["no_blame"].score == 0 and score.criteria["no_blame"].graded_by == "rules"


@pytest.mark.parametrize("reply", INJECTIONS)
def test_injection_is_flagged_and_never_beats_the_rule_score(llm_server, llm_settings, reply):
    llm_server.default = generous  # a judge that would be fooled
    for rubric in (judged_rubric(), judged_rubric(second_opinion=True)):
        ctx = CTX.model_copy(
            update={"language": "fa" if "ا" in reply else "zh" if "的" in reply or "分" in reply else "en"}
        )
        rules = RuleScorer().score(reply, rubric, ctx)
        score = judge(llm_settings).score(reply, rubric, ctx)
        assert score.flags and score.flags[0].startswith("held for review")
        assert score.total <= rules.total
        assert score.criteria["ownership"].score == 0


@pytest.mark.parametrize("reply", [
    *INNOCENT,
    REPLY, "I understand how frustrating this is. I'll review your account and email you by Friday.",
    "متأسفم که منتظر ماندید. همین الان پیگیری می‌کنم و تا فردا با شما تماس می‌گیرم.",
    "非常抱歉让您久等了，我马上为您处理，今天下午五点前给您回电。",
    "You told me to ignore the noise on the line, and I did; sorry, I'll call you back at 3.",
])
def test_ordinary_replies_are_not_flagged(reply):
    assert injection.find(reply) == []


def test_the_judge_itself_can_flag_a_reply(llm_server, llm_settings):
    llm_server.script(
        Answer(
            json.dumps(
                {
                    "criteria": {"ownership": {"points": 2, "evidence": ["I will fix this myself"]}},
                    "instructions_in_reply": True,
                }
            )
        )
    )
    score = judge(llm_settings).score(REPLY, judged_rubric(), CTX)
    assert score.flags and score.criteria["ownership"].score == 0


def test_parse_answer_accepts_a_fenced_object_and_nothing_else():
    assert parse_answer('```json\n{"criteria": {}}\n```') is not None
    assert parse_answer("[1, 2]") is None and parse_answer("") is None


def test_a_critical_judged_criterion_left_ungraded_fails_the_reply(llm_server, llm_settings):
    rubric = judged_rubric()
    critical = rubric.model_copy(update={"criteria": [
        c.model_copy(update={"critical": True}) if c.id == "ownership" else c for c in rubric.criteria]})
    llm_server.script(Malformed())
    score = judge(llm_settings).score(REPLY, critical, CTX)
    assert score.criteria["ownership"].graded_by == "ungraded" and score.passed is False


def test_core_has_a_judged_criterion_used_only_when_a_model_is_configured(llm_server, llm_settings):
    """Offline nothing changes (the criterion is left out, not shown as ungraded); with a model the
    shipped library is judged too."""
    from trainer.scenario.catalog import Catalog
    from trainer.simulation.session import Session

    catalog = Catalog.load(ROOT / "scenarios")
    scenario = catalog.scenario("angry-hold-music")
    rubric = catalog.rubric_for(scenario)
    offline = Session.start(scenario, rubric, RuleScorer(), 7)
    offline.reply(REPLY)
    assert "sounds_human" not in offline.transcript[1].score.criteria
    assert "sounds_human" not in [c.criterion_id for c in offline.scorecard().criteria]

    llm_server.default = brief
    judged = Session.start(scenario, rubric, make_scorer(llm_settings), 7)
    judged.reply(REPLY)
    result = judged.transcript[1].score.criteria["sounds_human"]
    assert result.graded_by == "judged" and result.score == 2
    assert "sounds_human" in [c.criterion_id for c in judged.scorecard().criteria]
    assert {r["model"] for r in llm_server.requests} == {"test-judge"}


def test_a_judge_that_fills_in_its_example_is_ungraded_not_a_zero(llm_server, llm_settings):
    llm_server.default = json.dumps(
        {
            "criteria": {
                "ownership": {"points": 0, "evidence": ["<exact quote from the reply>"], "reason": "<one sentence>"},
                "accuracy": {"points": 0, "evidence": [], "reason": "<one sentence>"},
            },
            "instructions_in_reply": False,
        }
    )
    score = judge(llm_settings).score(REPLY, judged_rubric(), CTX)
    assert (
        score.criteria["ownership"].graded_by == "ungraded"
        and "copied its instructions" in score.criteria["ownership"].reason
    )
    request = llm_server.requests[0]["response_format"]["json_schema"]["schema"]["properties"]["criteria"]
    assert request["required"] == ["sounds_human", "ownership", "accuracy"] and request["additionalProperties"] is False
