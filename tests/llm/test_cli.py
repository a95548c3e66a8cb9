"""The LLM from the terminal: `play --generated`, `score --judge` and `draft`, against the local
OpenAI-protocol server through the environment, as a user would configure it."""

import json
import threading

import pytest

from tests.llm.customers import LINES, in_character
from tests.llm.judging import INJECTIONS, generous
from tests.plugins.llm import Answer
from trainer.cli import main
from trainer.config import ROOT
from trainer.scenario import drafting

REPLIES = [
    "I'm so sorry you waited that long, that's on us. What happens when you try to turn it on?",
    "I understand how stressful that is. I'll book a courier to collect it today and you'll have it back by Friday.",
    "Thank you for your patience. Is there anything else I can help with?",
]
JUDGED_RUBRIC = """\
id: judged-core
title: Core, with a judged criterion
extends: core
criteria:
  - id: ownership
    label: Owns the problem
    type: llm
    instructions: Full points when the agent personally takes responsibility for fixing it.
"""


@pytest.fixture
def llm_env(monkeypatch, llm_server, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    for name, value in {"OPENAI_BASE_URL": llm_server.url, "TRAINER_LLM_MODEL": "test-customer",
                        "TRAINER_JUDGE_MODEL": "test-judge", "TRAINER_LLM_TIMEOUT_SECONDS": "2",
                        "TRAINER_LLM_RETRIES": "0", "TRAINER_SCENARIOS_DIR": str(ROOT / "scenarios")}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("OPENAI_API_KEY", llm_server.api_key)
    return llm_server


def play(capsys, tmp_path, *extra):
    replies = tmp_path / "replies.txt"
    replies.write_text("\n".join(REPLIES) + "\n", encoding="utf-8")
    code = main(["play", "angry-hold-music", "--generated", "--replies", str(replies), *extra])
    return code, capsys.readouterr()


def test_play_generated_json(llm_env, capsys, tmp_path):
    llm_env.default = in_character
    code, out = play(capsys, tmp_path, "--json")
    result = json.loads(out.out)
    assert code in (0, 1) and result["customer_kind"] == "generated" and result["notices"] == []
    customer_lines = [t["text"] for t in result["transcript"] if t["speaker"] == "customer"]
    assert customer_lines and set(customer_lines) == {LINES["English"]}
    assert len(llm_env.requests) == len(customer_lines)


def test_play_generated_continues_scripted_when_the_server_dies(llm_env, capsys, tmp_path):
    def die_after_two(request):
        if len(llm_env.requests) >= 2:
            threading.Thread(target=llm_env.stop).start()
        return in_character(request)

    llm_env.default = die_after_two
    code, out = play(capsys, tmp_path, "--json")
    result = json.loads(out.out)
    scripted = main(["play", "angry-hold-music", "--replies", str(tmp_path / "replies.txt"), "--json"])
    reference = json.loads(capsys.readouterr().out)
    assert code == scripted
    assert len(result["transcript"]) == len(reference["transcript"])
    assert result["transcript"][-1] == reference["transcript"][-1]
    assert result["end_state"] == reference["end_state"] and result["score"] == reference["score"]
    assert result["notices"] and "not available" in result["notices"][0]["message"]
    assert len(result["notices"]) == len([t for t in result["transcript"] if t["speaker"] == "customer"]) - 2


def test_play_generated_prints_the_notice(llm_env, capsys, tmp_path):
    llm_env.default = in_character
    llm_env.script(Answer(LINES["English"]), Answer("As an AI, I can't."), Answer("As an AI, I can't."))
    code, out = play(capsys, tmp_path)
    assert "[notice: This line is from the script" in out.out


def test_play_generated_without_an_llm_says_what_to_set(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert main(["play", "angry-hold-music", "--generated", "--model-answers"]) == 2
    assert "OPENAI_BASE_URL" in capsys.readouterr().err


def score(capsys, tmp_path, replies, *extra):
    rubrics = tmp_path / "lib" / "rubrics"
    rubrics.mkdir(parents=True, exist_ok=True)
    (rubrics / "judged-core.yaml").write_text(JUDGED_RUBRIC, encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": i, "reply": r}) for i, r in enumerate(replies)),
                      encoding="utf-8")
    code = main(["score", "--rubric", "judged-core", "--jsonl", str(source), "--library",
                 str(ROOT / "scenarios" / "rubrics"), "--library", str(tmp_path / "lib"), *extra])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_score_judge_marks_each_criterion(llm_env, capsys, tmp_path):
    llm_env.script(Answer(json.dumps({"criteria": {"ownership": {"points": 2, "evidence": ["I'll book a courier"],
                                                                 "reason": "takes it on"}}})))
    code, lines = score(capsys, tmp_path, [REPLIES[1]], "--judge")
    assert code == 0
    criteria = lines[0]["criteria"]
    assert criteria["ownership"]["graded_by"] == "judged" and criteria["ownership"]["score"] == 2
    assert criteria["ownership"]["evidence"][0]["text"] == "I'll book a courier"
    assert criteria["empathy"]["graded_by"] == "rules"
    assert lines[0]["flags"] == [] and lines[0]["judge"] == "test-judge"


def test_score_judge_failure_is_ungraded_not_a_pass(llm_env, capsys, tmp_path):
    llm_env.stop()
    code, lines = score(capsys, tmp_path, [REPLIES[1]], "--judge")
    assert code == 0 and lines[0]["criteria"]["ownership"]["graded_by"] == "ungraded"
    assert lines[0]["criteria"]["ownership"]["graded"] is False


def test_score_judge_injection_suite(llm_env, capsys, tmp_path):
    llm_env.default = generous
    _, judged = score(capsys, tmp_path, INJECTIONS, "--judge")
    _, ruled = score(capsys, tmp_path, INJECTIONS)
    for j, r in zip(judged, ruled, strict=True):
        assert j["flags"] and j["total"] <= r["total"], j["id"]
        assert "graded_by" not in r["criteria"]["empathy"]


def test_draft_prints_a_valid_scenario_and_saves_it(llm_env, capsys, tmp_path):
    llm_env.script(Answer(f"```yaml\n{drafting.load_prompt()['example']}```"))
    code = main(["draft", "a customer whose kettle broke twice", "--save", str(tmp_path / "new"), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["ok"] and out["id"] == "broken-kettle-refund"
    assert (tmp_path / "new" / "broken-kettle-refund.yaml").read_text(encoding="utf-8") == out["yaml"]
    assert "a customer whose kettle broke twice" in llm_env.requests[0]["messages"][1]["content"]


def test_draft_with_problems_writes_nothing(llm_env, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINER_LLM_CONTEXT_TOKENS", "16384")
    llm_env.context_tokens = 16_384
    bad = drafting.load_prompt()["example"].replace("rubric: core", "rubric: nope")
    llm_env.script(Answer(bad), Answer(bad))
    code = main(["draft", "a kettle story", "--save", str(tmp_path / "new")])
    captured = capsys.readouterr()
    assert code == 1 and "rubric: no rubric with id 'nope'" in captured.err
    assert captured.out.startswith("id: broken-kettle-refund")
    assert not (tmp_path / "new").exists()
    assert "rubric: no rubric with id 'nope'" in llm_env.requests[1]["messages"][-1]["content"]
