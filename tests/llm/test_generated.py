"""The generated customer: speaks through the model while the engine decides the call, earns its hidden
facts, streams only checked sentences, asks again once when a line is refused, and falls back to the
script, visibly, whenever the model fails; the improvising customer may only ask to end the call."""

import json

import pytest

from tests.llm.customers import LINES, in_character, with_line
from tests.plugins.llm import Answer, Slow, Status, Truncated, without_model
from trainer import llm
from trainer.config import ROOT
from trainer.errors import SessionError
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.simulation import customer as customers
from trainer.simulation.customer import make_customer
from trainer.simulation.generated import (
    BadLine,
    GeneratedCustomer,
    ImprovisingCustomer,
    can_generate,
    enable,
    generated_customer,
    live_reply,
    live_start,
    parse_improvised,
)
from trainer.simulation.session import Session

REPLIES = [
    "I'm so sorry you waited that long, that's on us. What happens when you try to turn it on?",
    "I understand. I'll book a courier to collect it today and you'll have it back by Friday.",
    "Thank you for your patience. Is there anything else I can help with?",
]


@pytest.fixture(scope="module")
def catalog():
    return Catalog.load(ROOT / "scenarios")


def start(catalog, customer, scenario_id="angry-hold-music", seed=7):
    scenario = catalog.scenario(scenario_id)
    return Session.start(scenario, catalog.rubric_for(scenario), RuleScorer(), seed, customer=customer)


def customer_for(settings, **kw):
    return GeneratedCustomer(llm.chat_model(settings), **kw)


def test_the_model_speaks_and_the_engine_decides(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings))
    scripted = start(catalog, None)
    assert session.opening == LINES["English"]
    for text in REPLIES:
        if session.ended:
            break
        out, ref = session.reply(text), scripted.reply(text)
        assert out.customer_line == LINES["English"]
        assert (out.end_state, out.step, out.mood_after) == (ref.end_state, ref.step, ref.mood_after)
    assert session.state.customer == "generated" and session.customer.notices == []


def test_the_persian_customer_is_asked_to_speak_persian(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings), "fa-hold-music")
    assert session.opening == LINES["Persian"]
    assert "Speak only Persian" in llm_server.requests[0]["messages"][0]["content"]


def test_an_end_signal_in_free_text_is_dropped_and_the_engine_decides(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session = start(catalog, customer)
    llm_server.script(Answer('Fine. What now?\n{"end": "hung_up"}'))
    out = session.reply(REPLIES[0])
    assert out.end_state is None and out.customer_line == "Fine. What now?" and customer.notices == []


@pytest.mark.parametrize(("answer", "why"), [
    ("As an AI language model, I cannot have a phone.", "out of character"),
    ("I'm role-playing the customer here, so go on.", "out of character"),
    ("Hang on, you are an AI, aren't you?", "out of character"),
    ("You are contacting the company by phone. The call goes on.", "repeated its instructions"),
    ("Okay. Never put words in the agent's mouth, fine.", "repeated its instructions"),
    ("Yes, I can do that. The call goes on.", "repeated its instructions"),
    ("好的，我明白了，谢谢。", "not in English"),
    ("", "said nothing"),
    ("Okay. " + "Blah blah. " * 80, "characters"),
])
def test_a_refused_line_is_asked_for_again_then_the_script_speaks(catalog, llm_server, llm_settings, answer, why):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session, scripted = start(catalog, customer), start(catalog, None)
    llm_server.script(Answer(answer), Answer(answer))
    out = session.reply(REPLIES[0])
    assert out.customer_line == scripted.reply(REPLIES[0]).customer_line
    assert why in customer.notice(1).message and "not usable" in customer.notice(1).message
    retry = llm_server.requests[-1]["messages"][0]["content"]
    assert "Your last answer could not be used" in retry and why.split()[0] in retry
    assert session.reply(REPLIES[1]).customer_line == LINES["English"]  # the model speaks again next turn


def test_one_refused_line_is_mended_by_the_retry(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session = start(catalog, customer)
    llm_server.script(Answer("As an AI, I have no phone."))
    assert session.reply(REPLIES[0]).customer_line == LINES["English"]
    assert customer.notices == [] and customer.refusals == ["it stepped out of character"]


def test_killing_the_server_mid_call_continues_scripted_with_nothing_lost(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session, scripted = start(catalog, customer), start(catalog, None)
    session.reply(REPLIES[0]), scripted.reply(REPLIES[0])
    llm_server.stop()
    outs = [(session.reply(t), scripted.reply(t)) for t in REPLIES[1:] if not session.ended]
    for out, ref in outs:
        assert out.customer_line == ref.customer_line and out.end_state == ref.end_state
    assert "not available" in customer.notice(2).message and "rest of this call" in customer.notice(2).message
    assert all(customer.notice(turn) is not None for turn in range(2, 2 + len(outs)))  # every scripted line
    assert len(session.transcript) == len(scripted.transcript) == 1 + 2 * len(outs) + 2
    assert session.scorecard().total == scripted.scorecard().total
    json.dumps(session.state.model_dump(mode="json"))


@pytest.mark.parametrize("failure", [Status(500), Status(429), Truncated("Well I—"), Slow(30)])
def test_a_slow_or_failed_answer_costs_that_turn_only(catalog, llm_server, llm_settings, failure):
    llm_server.default = in_character
    settings = llm_settings.model_copy(update={"llm_timeout_seconds": 0.5})
    customer = customer_for(settings)
    session = start(catalog, customer)
    llm_server.script(failure)
    out = session.reply(REPLIES[0])
    assert out.customer_line and customer.notice(1) is not None and customer.off is None
    assert session.reply(REPLIES[1]).customer_line == LINES["English"]


@pytest.mark.parametrize("failure", [Status(401), Status(404)])
def test_an_endpoint_that_cannot_be_used_switches_the_call_to_the_script(catalog, llm_server, llm_settings, failure):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session = start(catalog, customer)
    llm_server.script(failure)
    session.reply(REPLIES[0])
    asked = len(llm_server.requests)
    session.reply(REPLIES[1])
    assert customer.off is not None and len(llm_server.requests) == asked


def test_hidden_facts_are_earned_by_questions(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings))
    facts = catalog.scenario("angry-hold-music").hidden_facts
    first_system = llm_server.requests[0]["messages"][0]["content"]
    assert "went black" not in first_system and "nothing yet" in first_system
    session.reply("I'm sorry about the wait, that's on us.")
    assert "went black" not in llm_server.requests[1]["messages"][0]["content"]
    session.reply("What happens when you try to turn it on?")
    later = llm_server.requests[2]["messages"][0]["content"]
    assert "went black yesterday evening" in later and "a day's drive" not in later
    assert len(facts) > 1


def test_the_transcript_is_given_as_the_conversation_so_far(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings))
    session.reply(REPLIES[0])
    opening, later = llm_server.requests[0]["messages"], llm_server.requests[1]["messages"]
    assert [m["role"] for m in opening] == ["system", "user"]
    assert [m["role"] for m in later] == ["system", "user", "assistant", "user"]
    assert later[2]["content"] == LINES["English"] and later[3]["content"] == REPLIES[0]
    assert all(r["max_tokens"] and r["stream"] for r in llm_server.requests)


def test_a_long_call_is_cut_to_fit_the_context(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    llm_server.context_tokens = 1400
    scenario = catalog.scenario("angry-hold-music").model_copy(update={"max_turns": 30})
    customer = GeneratedCustomer(llm.chat_model(llm_settings), context_tokens=1400)
    session = Session.start(scenario, catalog.rubric_for(scenario), RuleScorer(), 7, customer=customer)
    for _ in range(8):
        if session.ended:
            break
        session.reply("I hear you, and I'm going to sort this out for you. " * 4)
    assert llm_server.refused == [] and customer.notices == []
    assert len(llm_server.requests[-1]["messages"]) < 2 + 2 * session.turn


def test_streaming_shows_only_checked_sentences(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    live = live_start(catalog.scenario("angry-hold-music"), catalog.rubric("core"), RuleScorer(), 7, customer)
    opening = list(live)
    assert "".join(opening) == LINES["English"]
    session = live.result
    llm_server.script(Answer(f"{LINES['English']}\n" + '{"end": null}', pieces=12))
    live = live_reply(session, REPLIES[0])
    pieces = list(live)
    assert len(pieces) > 1 and "".join(pieces) == live.result.customer_line == LINES["English"]
    assert live.notice is None


def test_a_leaked_prompt_never_streams_to_the_screen(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings))
    system = llm_server.requests[0]["messages"][0]["content"]
    llm_server.script(Answer(system, pieces=40), Answer(system, pieces=40))
    live = live_reply(session, REPLIES[0])
    shown = "".join(live)
    assert shown == live.result.customer_line and "role-playing" not in shown and "Who you are" not in shown
    assert live.notice is not None


def test_streaming_a_fallback_gives_the_scripted_line_and_the_notice(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings))
    llm_server.script(Status(500))
    live = live_reply(session, REPLIES[0])
    shown = "".join(live)
    assert shown == live.result.customer_line and live.notice is not None


def test_streaming_passes_on_session_errors(catalog):
    session = start(catalog, GeneratedCustomer(None))
    with pytest.raises(SessionError):
        list(live_reply(session, "x" * 20_000))


def test_scripted_only_scenarios_never_call_the_model(catalog, llm_server, llm_settings):
    scenario = catalog.scenario("angry-hold-music").model_copy(update={"generation": "scripted_only"})
    customer = customer_for(llm_settings)
    session = Session.start(scenario, catalog.rubric("core"), RuleScorer(), 7, customer=customer)
    session.reply(REPLIES[0])
    assert llm_server.requests == [] and "always uses its scripted lines" in customer.notices[0].message
    assert len(customer.notices) == 1


def test_with_no_model_it_is_the_script_with_a_notice(catalog, llm_settings):
    customer = generated_customer(without_model(llm_settings))
    session = start(catalog, customer)
    assert session.opening == start(catalog, None).opening
    assert "no language model" in customer.notice(0).message


def test_a_generated_attempt_restores(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    session = start(catalog, customer_for(llm_settings))
    session.reply(REPLIES[0])
    scenario = catalog.scenario("angry-hold-music")
    restored = Session.restore(session.state, scenario, catalog.rubric("core"), RuleScorer(),
                               customer=customer_for(llm_settings))
    assert restored.reply(REPLIES[1]).customer_line in (LINES["English"],)


def test_enable_lets_the_factory_build_it(catalog):
    with pytest.raises(SessionError, match="No customer of kind 'generated'"):
        make_customer("generated")
    enable()
    try:
        customer = make_customer("generated")
        assert customer.kind == "generated" and customer.off == "no language model is configured"
        assert make_customer("improvised").kind == "improvised"
    finally:
        customers._FACTORIES.pop("generated")
        customers._FACTORIES.pop("improvised")


def test_parse_improvised():
    assert parse_improvised('{"line": "Bye.", "request_end": "hung_up"}').request_end == "hung_up"
    assert parse_improvised('Okay then.\n{"request_end": null}').line == "Okay then."
    assert parse_improvised("Just words.").line == "Just words."
    with pytest.raises(BadLine):
        parse_improvised('{"line": "x", "request_end": "resolved"}')  # only the engine resolves a call
    with pytest.raises(BadLine):
        parse_improvised('{"what": 1}')


def improvised(llm_settings, **kw):
    return ImprovisingCustomer(llm.chat_model(llm_settings), **kw)


def test_the_improvising_customer_answers_freely_through_structured_output(catalog, llm_server, llm_settings):
    llm_server.default = with_line("Wait, you're telling me the hold was my fault?")
    session = start(catalog, improvised(llm_settings))
    out = session.reply("Well, you chose to call at our busiest hour.")
    assert out.customer_line == "Wait, you're telling me the hold was my fault?"
    fmt = llm_server.requests[-1]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["required"] == ["line", "request_end"]
    assert session.state.customer == "improvised"


def test_an_improvised_answer_that_echoes_its_format_is_refused(catalog, llm_server, llm_settings):
    echo = '{"line": "the words you say next as this customer", "request_end": null}'
    llm_server.script(Answer(echo), Answer(echo))
    customer = improvised(llm_settings)
    start(catalog, customer)
    assert customer.refusals == ["it repeated its instructions"] * 2 and customer.notice(0) is not None


def test_the_engine_grants_or_refuses_the_customers_request_to_end(catalog, llm_server, llm_settings):
    llm_server.default = with_line("That's it, I'm hanging up on you.", "hung_up")
    calm = start(catalog, improvised(llm_settings))
    calm.reply("I'm sorry about the wait, that's on us.")
    assert not calm.ended  # a calm customer's wish to leave is refused
    angry = start(catalog, improvised(llm_settings))
    out = angry.reply("Calm down, it's not our fault, you should have called earlier, that's our policy.")
    while not angry.ended and angry.mood < 9:
        out = angry.reply("Calm down, it's your own fault, that's how the system works.")
    assert out.end_state is not None and out.branch.how in ("customer_request", "hung_up")


def test_an_endpoint_without_structured_output_is_detected_once(catalog, llm_server, llm_settings):
    llm_server.structured = False
    llm_server.default = with_line("Hm. Go on.")
    llm_settings = llm_settings.model_copy(update={"llm_model": "plain-model"})
    session = start(catalog, improvised(llm_settings))
    session.reply(REPLIES[0])
    assert session.transcript[-1].text == "Hm. Go on."
    assert [c for c, _ in llm_server.refused] == [400]  # the one try with a JSON schema
    assert [r["response_format"]["type"] for r in llm_server.requests] == ["json_object"] * 2
    assert llm_server.requests[0]["response_format"]["schema"]["required"] == ["line", "request_end"]


def test_can_generate_needs_an_llm_and_a_scenario_that_allows_it(catalog, llm_settings):
    scenario = catalog.scenario("angry-hold-music")
    assert can_generate(scenario, llm_settings)
    assert not can_generate(scenario.model_copy(update={"generation": "scripted_only"}), llm_settings)
    assert not can_generate(scenario, without_model(llm_settings))
