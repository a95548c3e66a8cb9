"""The generated customer: speaks through the model, ends calls only through a checked signal, earns
its hidden facts, streams, and falls back to the script, visibly, whenever the model fails."""

import json

import pytest

from tests.llm.customers import LINES, in_character, wanted_end, with_line
from tests.plugins.llm import Answer, Slow, Status, Truncated, without_model
from trainer import llm
from trainer.config import ROOT
from trainer.errors import SessionError
from trainer.scenario.catalog import Catalog
from trainer.scoring.rules import RuleScorer
from trainer.simulation import customer as customers
from trainer.simulation.customer import make_customer
from trainer.simulation.generated import (
    GeneratedCustomer,
    can_generate,
    enable,
    generated_customer,
    live_reply,
    live_start,
    split_signal,
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


def test_the_call_ends_only_with_the_engines_signal(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session = start(catalog, customer)
    llm_server.script(Answer('Fine, I am hanging up!\n{"end": "hung_up"}'))
    out = session.reply(REPLIES[0])
    assert out.end_state is None
    assert out.customer_line != "Fine, I am hanging up!"
    assert "signalled end='hung_up'" in customer.notice(1).message
    assert session.reply(REPLIES[1]).customer_line == LINES["English"]  # this turn only


@pytest.mark.parametrize(("answer", "why"), [
    ("Okay then.", "did not say whether the call ends"),
    ('Okay then.\n{"end": "maybe"}', "not the expected JSON"),
    ('Okay then.\n{"end": null, "score": 10}', "not the expected JSON"),
    ('As an AI language model, I cannot have a phone.\n{"end": null}', "out of character"),
    ('好的，我明白了，谢谢。\n{"end": null}', "not in English"),
    ('\n{"end": null}', "said nothing"),
])
def test_unusable_lines_fall_back_to_the_script_for_that_turn(catalog, llm_server, llm_settings, answer, why):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    session = start(catalog, customer)
    scripted = start(catalog, None)
    llm_server.script(Answer(answer))
    out = session.reply(REPLIES[0])
    assert out.customer_line == scripted.reply(REPLIES[0]).customer_line
    assert why in customer.notice(1).message


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
    assert customer.notice(3) is None  # said once
    assert len(session.transcript) == len(scripted.transcript) == 1 + 2 * len(outs) + 2
    assert session.scorecard().total == scripted.scorecard().total
    json.dumps(session.state.model_dump(mode="json"))


@pytest.mark.parametrize("failure", [Status(500), Status(429), Truncated("Well I—"), Slow(30)])
def test_endpoint_failures_fall_back_within_the_deadline(catalog, llm_server, llm_settings, failure):
    llm_server.default = in_character
    settings = llm_settings.model_copy(update={"llm_timeout_seconds": 0.5})
    customer = customer_for(settings)
    session = start(catalog, customer)
    llm_server.script(failure)
    out = session.reply(REPLIES[0])
    assert out.customer_line and customer.notice(1) is not None
    assert customer.off is not None


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
    messages = llm_server.requests[1]["messages"]
    assert [m["role"] for m in messages] == ["system", "assistant", "user"]
    assert messages[2]["content"] == REPLIES[0]
    assert messages[1]["content"].endswith('{"end": null}')


def test_streaming_shows_the_words_and_holds_back_the_signal(catalog, llm_server, llm_settings):
    llm_server.default = in_character
    customer = customer_for(llm_settings)
    live = live_start(catalog.scenario("angry-hold-music"), catalog.rubric("core"), RuleScorer(), 7, customer)
    opening = list(live)
    assert "".join(opening) == LINES["English"] and "{" not in "".join(opening)
    session = live.result
    llm_server.script(Answer(f"{LINES['English']}\n" + '{"end": null}', pieces=12))
    live = live_reply(session, REPLIES[0])
    pieces = list(live)
    assert len(pieces) > 2 and "".join(pieces) == live.result.customer_line == LINES["English"]
    assert live.notice is None


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
    finally:
        customers._FACTORIES.pop("generated")


def test_split_signal():
    assert split_signal('Customer: Bye now.\n```json\n{"end": "resolved"}\n```')[0] == "Bye now."
    assert split_signal('Bye.\n{"end": "resolved"}')[1].end == "resolved"
    assert with_line("x")({"messages": [{"content": 'End your answer with {"end": null}.'}]}) == 'x\n{"end": null}'
    assert wanted_end({"messages": [{"content": 'End your answer with {"end": "resolved"}.'}]}) == '{"end": "resolved"}'


def test_can_generate_needs_an_llm_and_a_scenario_that_allows_it(catalog, llm_settings):
    scenario = catalog.scenario("angry-hold-music")
    assert can_generate(scenario, llm_settings)
    assert not can_generate(scenario.model_copy(update={"generation": "scripted_only"}), llm_settings)
    assert not can_generate(scenario, without_model(llm_settings))
