"""The prompts sent to a language model load through one checked loader: an edited prompt file that
the code could not fill fails when it is loaded, naming the file, line and template."""

from __future__ import annotations

import re
import textwrap

import pytest

from trainer import prompts
from trainer.errors import LoadError
from trainer.scenario import drafting
from trainer.scoring import judge
from trainer.simulation import generated

NONE = frozenset()
SPEC: prompts.Spec = {"system": frozenset({"name", "mood"}), "retry": frozenset({"reason"}),
                      "how": {"resolved": NONE, "hung_up": NONE}}


def write(tmp_path, text):
    path = tmp_path / "prompt.yaml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


GOOD = """
    system: |
      You are {name}.
      Your mood: {mood}.
    retry: "Answer again: {reason}"
    how:
      resolved: say thanks
      hung_up: hang up
    """


@pytest.mark.parametrize("module", [judge, generated, drafting])
def test_every_shipped_prompt_passes_its_own_check(module):
    module.load_prompt.cache_clear()
    prompt = module.load_prompt()
    assert set(prompt.templates) == set(module.PROMPT_SPEC)
    assert all(text.strip() for text in prompt.texts())


def test_a_good_file_loads_and_fills_in_one_pass(tmp_path):
    prompt = prompts.load(write(tmp_path, GOOD), SPEC)
    filled = prompt.fill("system", {"name": "Dana {mood}", "mood": "angry"})
    assert filled == "You are Dana {mood}.\nYour mood: angry.\n", "text put in is not read for placeholders"
    assert prompt.choice("how", "hung_up") == "hang up"
    assert prompt["retry"] == "Answer again: {reason}"
    assert len(prompt.texts()) == 4


def test_a_misspelt_template_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, GOOD.replace("retry:", "retyr:"))
    with pytest.raises(LoadError) as e:
        prompts.load(path, SPEC)
    text = str(e.value)
    assert f"{path}:4: retyr: not a template this prompt uses" in text
    assert "retry: missing" in text


def test_a_placeholder_nothing_fills_is_refused_at_its_line(tmp_path):
    path = write(tmp_path, GOOD.replace("Your mood: {mood}", "Your mood: {mood} {mod}"))
    with pytest.raises(LoadError, match=r"prompt.yaml:3: system: uses \{mod\}, which nothing fills "
                                        r"\(it may use: \{mood\}, \{name\}\)"):
        prompts.load(path, SPEC)


def test_a_placeholder_the_code_fills_must_stay_in_the_template(tmp_path):
    path = write(tmp_path, GOOD.replace("Your mood: {mood}.", "Your mood: calm."))
    with pytest.raises(LoadError, match=r"prompt.yaml:1: system: must contain \{mood\}"):
        prompts.load(path, SPEC)


@pytest.mark.parametrize("typo", ["{Mood}", "{ mood }", "{mood2}"])
def test_something_that_only_looks_like_a_placeholder_is_refused_at_its_line(tmp_path, typo):
    path = write(tmp_path, GOOD.replace("Your mood: {mood}.", f"Your mood: {{mood}}, or {typo}."))
    with pytest.raises(LoadError, match=rf"prompt.yaml:3: system: {re.escape(typo)} is not a placeholder"):
        prompts.load(path, SPEC)


def test_literal_braces_and_shown_placeholders_are_allowed(tmp_path):
    spec = {**SPEC, "system": prompts.Slots(fills=frozenset({"name", "mood"}), shows=frozenset({"order_id"}))}
    path = write(tmp_path, GOOD.replace("Your mood: {mood}.", "Your mood: {mood}. Write {{ and }}; {order_id}."))
    prompt = prompts.load(path, spec)
    assert prompt.fill("system", {"name": "Dana", "mood": "calm"}).endswith("Write {{ and }}; {order_id}.\n")


def test_a_line_is_found_in_a_folded_or_quoted_text_too(tmp_path):
    path = write(tmp_path, GOOD.replace('retry: "Answer again: {reason}"',
                                        'retry: >\n      Answer again,\n      because {reasn}'))
    with pytest.raises(LoadError, match=r"prompt.yaml:6: retry: uses \{reasn\}"):
        prompts.load(path, SPEC)


def test_a_missing_choice_and_a_non_text_template_are_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("  hung_up: hang up\n", "").replace('"Answer again: {reason}"', "[1, 2]"))
    with pytest.raises(LoadError) as e:
        prompts.load(path, SPEC)
    assert "how.hung_up: missing" in str(e.value)
    assert "retry: must be text" in str(e.value)


def test_broken_yaml_names_the_file_and_line(tmp_path):
    path = write(tmp_path, GOOD.replace('retry: "Answer again: {reason}"', 'retry: "Answer again'))
    with pytest.raises(LoadError, match=r"prompt.yaml:4: YAML syntax error: .*never closed"):
        prompts.load(path, SPEC)


def test_a_template_given_twice_is_refused_at_the_second(tmp_path):
    path = write(tmp_path, GOOD.rstrip(" ") + '    retry: "Once more: {reason}"\n')
    with pytest.raises(LoadError, match=r"prompt.yaml:8: retry: duplicate key .retry. \(first on line 4\)"):
        prompts.load(path, SPEC)


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    with pytest.raises(LoadError, match="a mapping of template names to text"):
        prompts.load(write(tmp_path, "- one\n- two\n"), SPEC)


def test_the_judge_refuses_an_edited_prompt_it_could_not_fill(tmp_path):
    text = judge.PROMPT_FILE.read_text(encoding="utf-8").replace("{reply}", "{the_reply}")
    path = tmp_path / "judge_prompt.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError, match=r"user: uses \{the_reply\}"):
        judge.load_prompt(path)


@pytest.mark.parametrize(("language", "name"), [("en", "English"), ("fa", "Persian (Farsi)"), ("zh", "Chinese")])
def test_the_judge_is_told_the_replys_language_by_its_name(language, name):
    from trainer.scoring.results import ReplyContext

    scorer = judge.JudgeScorer(model=None)  # type: ignore[arg-type]  # building messages asks nothing of it
    messages = scorer.messages("Hello {criteria}", ReplyContext(language=language), [])
    assert f"The reply is written in {name}." in messages[1]["content"]
    assert "Hello {criteria}" in messages[1]["content"], "a reply is never read for placeholders"
