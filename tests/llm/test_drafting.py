"""Scenario drafting: the model's YAML is checked like a library file, fixed once with the problems
shown, returned with whatever is still wrong, and saved only when valid."""

import pytest

from tests.plugins.llm import Answer, Status
from trainer import llm
from trainer.config import ROOT
from trainer.errors import LLMError, LoadError, ScenarioError
from trainer.scenario import drafting
from trainer.scenario.catalog import Catalog

EXAMPLE = drafting.load_prompt()["example"]


@pytest.fixture(scope="module")
def catalog():
    return Catalog.load(ROOT / "scenarios")


def model(settings):
    return llm.chat_model(settings)


def test_the_prompts_example_is_a_valid_scenario(catalog):
    assert drafting.check(EXAMPLE, catalog).ok


def test_a_valid_draft_comes_back_without_problems(catalog, llm_server, llm_settings):
    llm_server.context_tokens = 16_384
    llm_server.script(Answer("```yaml\n" + EXAMPLE + "```"))
    result = drafting.draft("A kettle broke twice; English chat.", model(llm_settings), catalog,
                            context_tokens=16_384)
    assert result.ok and result.scenario_id == "broken-kettle-refund" and result.attempts == 1
    system = llm_server.requests[0]["messages"][0]["content"]
    assert "- core (" in system and "broken-kettle-refund" in system
    assert llm_server.requests[0]["max_tokens"] == drafting.DRAFT_TOKENS


def test_on_a_3k_context_the_draft_fits_and_leaves_the_example_out(catalog, llm_server, llm_settings):
    llm_server.script(Answer(EXAMPLE))
    result = drafting.draft("kettle", model(llm_settings), catalog, context_tokens=3072)
    assert result.ok and llm_server.refused == []
    request = llm_server.requests[0]
    assert "broken-kettle-refund" not in request["messages"][0]["content"]
    assert drafting.MIN_DRAFT_TOKENS <= request["max_tokens"] < drafting.DRAFT_TOKENS


def test_a_fix_that_cannot_fit_is_not_asked_for_and_says_so(catalog, llm_server, llm_settings):
    broken = EXAMPLE.replace("goto: push", "goto: nowhere")
    llm_server.script(Answer(broken))
    result = drafting.draft("kettle", model(llm_settings), catalog, context_tokens=3072)
    assert not result.ok and result.attempts == 1 and len(llm_server.requests) == 1
    assert "not asked for" in result.errors[0] and llm_server.refused == []


def test_on_a_4k_context_the_example_fits_too(catalog, llm_server, llm_settings):
    """The rubric list names each rubric's own criteria (`core + ...`), so the library's thirty rubrics
    leave room for the example in the default 4,096-token context."""
    llm_server.script(Answer(EXAMPLE))
    assert drafting.draft("kettle", model(llm_settings), catalog, context_tokens=4096).ok
    system = llm_server.requests[0]["messages"][0]["content"]
    assert "broken-kettle-refund" in system and "- core (" in system and "core + " in system


def test_a_context_too_small_for_the_instructions_says_what_to_set(catalog, llm_settings):
    with pytest.raises(LLMError, match="TRAINER_LLM_CONTEXT_TOKENS"):
        drafting.draft("kettle", model(llm_settings), catalog, context_tokens=1024)


def test_problems_are_sent_back_once_and_the_fix_is_taken(catalog, llm_server, llm_settings):
    broken = EXAMPLE.replace("goto: push", "goto: nowhere")
    llm_server.context_tokens = 16_384
    llm_server.script(Answer(broken), Answer(EXAMPLE))
    result = drafting.draft("kettle", model(llm_settings), catalog, context_tokens=16_384)
    assert result.ok and result.attempts == 2
    assert "nowhere" in llm_server.requests[1]["messages"][-1]["content"]


def test_a_draft_still_broken_comes_back_with_its_problems(catalog, llm_server, llm_settings):
    broken = EXAMPLE.replace("language: en", "language: klingon")
    llm_server.default = broken
    result = drafting.draft("kettle", model(llm_settings), catalog)
    assert not result.ok and any(p.loc == "language" and p.line == 6 for p in result.problems)
    assert result.text == broken


def test_an_id_already_in_the_library_is_a_problem(catalog):
    result = drafting.check(EXAMPLE.replace("id: broken-kettle-refund", "id: angry-hold-music"), catalog)
    assert [p.loc for p in result.problems] == ["id"] and "already used" in result.problems[0].message


def test_not_yaml_at_all_is_a_problem(catalog, llm_server, llm_settings):
    llm_server.default = "I'm sorry, I can't help with that."
    result = drafting.draft("kettle", model(llm_settings), catalog)
    assert not result.ok and result.problems


def test_an_endpoint_failure_is_an_llm_error(catalog, llm_server, llm_settings):
    llm_server.script(Status(500))
    with pytest.raises(LLMError):
        drafting.draft("kettle", model(llm_settings), catalog)


def test_a_failure_on_the_retry_keeps_the_first_draft(catalog, llm_server, llm_settings):
    broken = EXAMPLE.replace("goto: push", "goto: nowhere")
    llm_server.context_tokens = 16_384
    llm_server.script(Answer(broken), Status(500))
    result = drafting.draft("kettle", model(llm_settings), catalog, context_tokens=16_384)
    assert not result.ok and result.text == broken
    assert result.attempts == 2 and "HTTP 500" in result.errors[0]  # the failed retry is counted and said


def test_an_empty_description_is_refused(catalog, llm_settings):
    with pytest.raises(ScenarioError, match="Describe"):
        drafting.draft("  ", model(llm_settings), catalog)


def test_save_writes_only_valid_new_files(catalog, tmp_path):
    with pytest.raises(LoadError, match="nowhere"):
        drafting.save(EXAMPLE.replace("goto: push", "goto: nowhere"), tmp_path, catalog)
    assert list(tmp_path.iterdir()) == []
    target = drafting.save(EXAMPLE, tmp_path, catalog)
    assert target == tmp_path / "broken-kettle-refund.yaml" and target.read_text(encoding="utf-8") == EXAMPLE
    with pytest.raises(ScenarioError, match="exists already"):
        drafting.save(EXAMPLE, tmp_path, catalog)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-kettle-refund.yaml"]
    assert Catalog.load(tmp_path, ROOT / "scenarios" / "rubrics").scenario("broken-kettle-refund")
