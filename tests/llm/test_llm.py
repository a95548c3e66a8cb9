"""The LLM door against a real HTTP server speaking the OpenAI protocol: answers, streams, and every
kind of failure turned into an `LLMError` within the deadline."""

import time

import pytest
from pydantic import SecretStr

from tests.plugins.llm import Answer, Malformed, Slow, Status, Truncated
from trainer import llm
from trainer.config import Settings
from trainer.errors import LLMError

ASK = [{"role": "user", "content": "Hi"}]


def test_not_configured_by_default():
    settings = Settings.defaults()
    assert not llm.is_configured(settings)
    assert "No language model" in llm.describe(settings)
    with pytest.raises(LLMError, match="OPENAI_BASE_URL"):
        llm.make_client(settings)


def test_describe_never_shows_the_key():
    settings = Settings.defaults(openai_api_key="sk-secret-123", llm_model="m")
    assert "sk-secret" not in llm.describe(settings) and "sk-secret" not in repr(settings)


def test_complete_and_stream(llm_server, llm_settings):
    llm_server.script(Answer("Hello there, friend."), Answer("One two three four.", pieces=4))
    model = llm.chat_model(llm_settings)
    assert model.complete(ASK) == "Hello there, friend."
    pieces = list(model.stream(ASK))
    assert "".join(pieces) == "One two three four." and len(pieces) == 4
    assert llm_server.requests[0]["model"] == "test-customer"
    assert llm_server.requests[1]["stream"] is True


def test_json_mode_asks_for_a_json_object(llm_server, llm_settings):
    llm_server.script(Answer('{"a": 1}'))
    llm.chat_model(llm_settings, judge=True).complete(ASK, json_mode=True)
    assert llm_server.requests[0]["response_format"] == {"type": "json_object"}
    assert llm_server.requests[0]["model"] == "test-judge"


@pytest.mark.parametrize(("step", "message"), [
    (Status(429), "rate-limiting"),
    (Status(500), "HTTP 500"),
    (Status(401), "OPENAI_API_KEY"),
    (Status(404), "TRAINER_LLM_MODEL"),
    (Malformed(), "stopped answering part-way"),
    (Truncated("Hello, I am calling"), "stopped answering part-way"),
])
def test_failures_are_llm_errors(llm_server, llm_settings, step, message):
    llm_server.script(step)
    with pytest.raises(LLMError, match=message):
        llm.chat_model(llm_settings).complete(ASK)


def test_truncated_stream_is_an_error_after_the_pieces_it_sent(llm_server, llm_settings):
    llm_server.script(Truncated("Hello, I am calling about"))
    got = []
    with pytest.raises(LLMError, match="part-way"):
        for piece in llm.chat_model(llm_settings).stream(ASK):
            got.append(piece)
    assert "".join(got) == "Hello, I am calling about"


@pytest.mark.parametrize("streaming", [False, True])
def test_a_stalled_server_is_given_up_on_at_the_deadline(llm_server, llm_settings, streaming):
    llm_server.script(Slow(30))
    model = llm.OpenAIChat(llm.make_client(llm_settings), "m", deadline=0.5)
    started = time.monotonic()
    with pytest.raises(LLMError, match="within 0.5s"):
        model.complete(ASK) if not streaming else list(model.stream(ASK))
    assert time.monotonic() - started < 2


def test_retries_stay_within_the_deadline(llm_server, llm_settings):
    llm_server.script(*[Status(500)] * 20)
    settings = llm_settings.model_copy(update={"llm_retries": 10, "llm_timeout_seconds": 1.0})
    started = time.monotonic()
    with pytest.raises(LLMError):
        llm.chat_model(settings).complete(ASK)
    assert time.monotonic() - started < 2.5


def test_a_dead_server_is_a_clear_error(llm_server, llm_settings):
    llm_server.stop()
    with pytest.raises(LLMError, match="Cannot reach"):
        llm.chat_model(llm_settings).complete(ASK)
    with pytest.raises(LLMError, match="Cannot reach"):
        list(llm.chat_model(llm_settings).stream(ASK))


def test_check_connection_names_both_models(llm_server, llm_settings):
    llm_server.default = "OK"
    line = llm.check_connection(llm_settings)
    assert "test-customer" in line and "test-judge" in line and line.startswith("Connected to http://127.0.0.1")


def test_every_request_carries_the_configured_key(llm_server, llm_settings):
    llm.chat_model(llm_settings).complete(ASK)
    list(llm.chat_model(llm_settings, judge=True).stream(ASK))
    assert [h["authorization"] for h in llm_server.headers] == [f"Bearer {llm_server.api_key}"] * 2
    assert llm_server.refused == []


def test_a_wrong_key_is_reported_as_refused_never_connected(llm_server, llm_settings):
    wrong = llm_settings.model_copy(update={"openai_api_key": SecretStr("sk-not-the-right-one")})
    with pytest.raises(LLMError, match="key was refused") as raised:
        llm.check_connection(wrong)
    assert "sk-not-the-right-one" not in str(raised.value)
    assert llm_server.refused == [(401, "Incorrect API key provided.")] and llm_server.requests == []


def test_the_strict_server_refuses_what_a_real_one_refuses(llm_server, llm_settings):
    client = llm.make_client(llm_settings)
    with pytest.raises(Exception, match="400"):
        client.chat.completions.create(model="m", messages=[{"role": "customer", "content": "hi"}])
    with pytest.raises(Exception, match="400"):
        client.chat.completions.create(model="m", messages=ASK, max_tokens=0)
    assert [code for code, _ in llm_server.refused] == [400, 400]


def test_check_connection_wants_the_word_it_asked_for(llm_server, llm_settings):
    llm_server.default = "Reply with the singl"
    with pytest.raises(LLMError, match="not with the word it was asked for") as raised:
        llm.check_connection(llm_settings)
    assert "Reply with the singl" in str(raised.value)
    llm_server.default = "OK."
    assert llm.check_connection(llm_settings).startswith("Connected")


def test_check_connection_fails_with_the_reason(llm_server, llm_settings):
    llm_server.script(Status(401))
    with pytest.raises(LLMError, match="OPENAI_API_KEY"):
        llm.check_connection(llm_settings)
