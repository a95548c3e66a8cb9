"""Steps for the LLM features (tests/features/llm): the judge against injection, and the generated
customer's fallback, against the local OpenAI-protocol server."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from tests.llm.customers import LINES, in_character
from tests.llm.judging import generous, judged_rubric
from tests.plugins.llm import Answer, Slow
from trainer import llm
from trainer.config import ROOT
from trainer.scenario.catalog import Catalog
from trainer.scoring.judge import JudgeScorer
from trainer.scoring.results import ReplyContext, ReplyScore
from trainer.scoring.rules import RuleScorer
from trainer.simulation.generated import GeneratedCustomer, live_reply
from trainer.simulation.session import Session, TurnOutcome

scenarios("llm")


@dataclass
class Judging:
    rubric: Any = None
    judge: JudgeScorer | None = None
    reply: str = ""
    score: ReplyScore | None = None
    rules: ReplyScore | None = None


@pytest.fixture
def judging() -> Judging:
    return Judging()


@given(parsers.parse("a rubric with a judged criterion '{cid}'"))
def a_judged_rubric(judging: Judging, cid: str) -> None:
    judging.rubric = judged_rubric()
    assert cid in {c.id for c in judging.rubric.criteria}


@given("a judge that gives full marks to anything")
def fooled_judge(judging: Judging, llm_server, llm_settings) -> None:
    llm_server.default = generous
    judging.judge = JudgeScorer(llm.chat_model(llm_settings, judge=True))


@given(parsers.parse("a judge that quotes \"{quote}\" for '{cid}'"))
def quoting_judge(judging: Judging, llm_server, llm_settings, quote: str, cid: str) -> None:
    llm_server.default = json.dumps({"criteria": {cid: {"points": 2, "evidence": [quote], "reason": "r"}}})
    judging.judge = JudgeScorer(llm.chat_model(llm_settings, judge=True))


@given("a judge that cannot be reached")
def unreachable_judge(judging: Judging, llm_server, llm_settings) -> None:
    llm_server.stop()
    judging.judge = JudgeScorer(llm.chat_model(llm_settings, judge=True))


@when(parsers.parse('the trainee replies "{reply}" in {language}'))
def judged_reply(judging: Judging, reply: str, language: str) -> None:
    reply = reply.replace("\\|", "|")
    context = ReplyContext(language=language, customer_line="Where is my phone?")
    judging.score = judging.judge.score(reply, judging.rubric, context)
    judging.rules = RuleScorer().score(reply, judging.rubric, context)


@then("the reply is held for review")
def held(judging: Judging) -> None:
    assert judging.score.flags and judging.score.flags[0].startswith("held for review")


@then("the reply is not held for review")
def not_held(judging: Judging) -> None:
    assert judging.score.flags == []


@then("the judged score is no higher than the rule score")
def no_higher(judging: Judging) -> None:
    assert judging.score.total <= judging.rules.total


@then(parsers.parse("'{cid}' scores 0"))
def scores_zero(judging: Judging, cid: str) -> None:
    assert judging.score.criteria[cid].score == 0


@then(parsers.parse("'{cid}' is judged {points:d} with the evidence \"{quote}\""))
def judged_with(judging: Judging, cid: str, points: int, quote: str) -> None:
    result = judging.score.criteria[cid]
    assert (result.graded_by, result.score, [e.text for e in result.evidence]) == ("judged", points, [quote])


@then(parsers.parse("'{cid}' is ungraded"))
def ungraded(judging: Judging, cid: str) -> None:
    result = judging.score.criteria[cid]
    assert result.graded_by == "ungraded" and not result.graded and judging.score.criteria[cid].score == 0


# -- the generated customer --------------------------------------------------------------------


@dataclass
class Call:
    session: Session
    customer: GeneratedCustomer
    server: Any
    scripted: Session  # the same call with the scripted customer, for comparison
    outcomes: list[TurnOutcome] = field(default_factory=list)
    reference: list[TurnOutcome] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)


@given(parsers.parse("the scenario '{scenario_id}' played with a generated customer"), target_fixture="call")
def generated_call(llm_server, llm_settings, scenario_id: str) -> Call:
    llm_server.default = in_character
    catalog = Catalog.load(ROOT / "scenarios")
    scenario = catalog.scenario(scenario_id)
    customer = GeneratedCustomer(llm.chat_model(llm_settings.model_copy(update={"llm_timeout_seconds": 0.5})))
    session = Session.start(scenario, catalog.rubric_for(scenario), RuleScorer(), 7, customer=customer)
    return Call(session, customer, llm_server, Session.start(scenario, catalog.rubric_for(scenario), RuleScorer(), 7))


@when(parsers.parse('the trainee replies "{text}"'))
def call_reply(call: Call, text: str) -> None:
    live = live_reply(call.session, text)
    call.shown.append("".join(live))  # what streamed onto the trainee's screen
    call.outcomes.append(live.result)
    call.reference.append(call.scripted.reply(text))


@when("the model's server goes down")
def server_down(call: Call) -> None:
    call.server.stop()


@when(parsers.parse('the model answers "{line}" with the signal "{end}"'))
def model_signals(call: Call, line: str, end: str) -> None:
    call.server.script(Answer(f'{line}\n{{"end": "{end}"}}'))


@when(parsers.parse('the model answers "{line}"'))
def model_answers(call: Call, line: str) -> None:
    call.server.script(Answer(line, pieces=12))


@when("the model twice answers with the customer's hidden fact")
def model_leaks(call: Call) -> None:
    fact = call.session.scenario.hidden_facts[0]
    call.server.script(Answer(f"Okay. {fact}", pieces=12), Answer(f"Fine. {fact}", pieces=12))


@then(parsers.parse('the customer says "{line}"'))
def customer_says(call: Call, line: str) -> None:
    assert call.outcomes[-1].customer_line == line
    assert call.shown[-1] == line


@then(parsers.parse('the trainee never saw "{words}"'))
def never_saw(call: Call, words: str) -> None:
    assert all(words not in shown for shown in call.shown)


@then("the trainee never saw the hidden fact")
def never_saw_fact(call: Call) -> None:
    fact = call.session.scenario.hidden_facts[0]
    assert all(fact[:30] not in shown for shown in call.shown)


@then("a notice says the model did not answer in time")
def notice_slow(call: Call) -> None:
    assert "did not answer in time" in call.customer.notice(call.session.turn).message

@when("the model takes longer than the time limit")
def model_slow(call: Call) -> None:
    call.server.script(Slow(30))


@then("the customer's line comes from the model")
def from_model(call: Call) -> None:
    assert call.outcomes[-1].customer_line == LINES["English"]


@then("the customer's line is the scripted one")
def from_script(call: Call) -> None:
    assert call.outcomes[-1].customer_line == call.reference[-1].customer_line != LINES["English"]


@then("no notice is shown")
def no_notice(call: Call) -> None:
    assert call.customer.notices == []


@then("a notice says the rest of the call uses the script")
def notice_rest(call: Call) -> None:
    assert "rest of this call uses the script" in call.customer.notice(call.session.turn).message


@then("a notice says the model's answer was not usable")
def notice_unusable(call: Call) -> None:
    assert "not usable" in call.customer.notice(call.session.turn).message


@then("the call has not ended")
def not_ended(call: Call) -> None:
    assert not call.session.ended


@then("every turn is kept in the transcript")
def kept(call: Call) -> None:
    trainee = [t.text for t in call.session.transcript if t.speaker == "trainee"]
    assert len(trainee) == len(call.outcomes) and len(call.session.transcript) == 1 + 2 * len(call.outcomes)
    assert [o.mood_after for o in call.outcomes] == [o.mood_after for o in call.reference]
