"""The Chinese scenario library, played through the real catalog, engine and rule scorer.

Every scenario in `scenarios/zh/` must: load without problems; pass with its own model answers
(ending `resolved`, also through `python -m trainer play`); fail with a dismissive set of Chinese
replies (ending hung up or escalated, the customer angrier than at the start); never end `resolved` on
sympathy alone or on warm but vague promises; let a trainee recover from one mistake (except where the
scenario says otherwise); and play word for word the same for the same seed (golden transcripts in
`golden/`). Its rubric extends `core`, whose Chinese words are its `translations`. The reply
sets are data, in `zh_replies.yaml`. The Gherkin features in `tests/features/library/zh_*.feature` are
bound here too.

Golden transcripts (seed 7): the model answers, the dismissive set, and one dismissive reply followed
by the model answers (the recovery path). Regenerate them after an intended change, then review the diff:

    FRONTLINE_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/library/test_zh_library.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from pytest_bdd import given, parsers, scenarios, then, when

from tests.found import found
from tests.library.steps import *  # noqa: F403  (binds the shared step definitions)
from tests.library.steps import (
    GOLDEN,
    LIBRARY,
    Call,
    attempt_fails,
    every_model_answer,
    keeps_replying,
    match_golden,
    play,
    start,
    trainee_replies,
    transcript,
)
from trainer.cli import main
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import EndState, Scenario
from trainer.scenario.variables import fill
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Session

ROOT = Path(__file__).resolve().parents[2]
ZH_DIR = LIBRARY / "zh"
HERE = Path(__file__).parent
REPLIES: dict[str, dict[str, list[str]]] = yaml.safe_load((HERE / "zh_replies.yaml").read_text(encoding="utf-8"))
ZH_IDS = found((p.stem for p in ZH_DIR.glob("*.yaml")), "Chinese scenarios")
FAILED_ENDS = {EndState.hung_up, EndState.escalated}
CORE_IDS = ("empathy", "apology", "no_blame", "next_step", "courtesy", "plain_language", "speaking_rate",
            "dead_air", "filler_words", "talk_time", "hold_etiquette", "sounds_human")
HAN = re.compile(r"[\u4e00-\u9fff]")

FEATURES = found((ROOT / "tests" / "features" / "library").glob("zh_*.feature"), "Chinese feature files")
scenarios(*(f"library/{f.name}" for f in FEATURES))


@pytest.fixture(scope="module")
def zh_catalog() -> Catalog:
    return Catalog.load(LIBRARY)


@pytest.fixture(scope="module")
def zh_scorer() -> RuleScorer:
    return RuleScorer()


def where(session: Session) -> list[str]:
    """The path the call took, for assertion messages."""
    return [f"{t.step}->{t.branch.goto or t.branch.end} (mood {t.mood_after}, {t.score.total:g})"
            for t in session.transcript if t.branch is not None and t.score is not None]


# ------------------------------------------------------------------------------------------------
# The library as a whole


def test_there_are_at_least_seven_chinese_scenarios_and_a_feature_per_family() -> None:
    assert len(ZH_IDS) >= 7, ZH_IDS
    assert len(FEATURES) >= 6, FEATURES


def test_chinese_files_load_without_problems(zh_catalog: Catalog) -> None:
    ours = [str(p) for p in zh_catalog.problems
            if "/zh/" in p.path or "/rubrics/zh-" in p.path or p.path.endswith("rubrics/core.yaml")]
    assert ours == []
    assert set(ZH_IDS) <= set(zh_catalog.scenarios)


def test_every_reply_set_names_a_scenario_and_every_scenario_has_one() -> None:
    assert set(REPLIES) == set(ZH_IDS)
    for sets in REPLIES.values():
        assert sets["dismissive"] and sets["sympathy_only"]


def test_the_library_mixes_channels_difficulties_and_moods(zh_catalog: Catalog) -> None:
    scenarios_ = [zh_catalog.scenario(i) for i in ZH_IDS]
    assert {s.channel for s in scenarios_} == {"phone", "chat", "email", "social"}
    assert {s.difficulty for s in scenarios_} == {1, 2, 3, 4, 5}
    assert len({s.persona.mood for s in scenarios_}) >= 4


# ------------------------------------------------------------------------------------------------
# Each scenario's shape


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_shape_meets_the_library_bar(zh_catalog: Catalog, scenario_id: str) -> None:
    s: Scenario = zh_catalog.scenario(scenario_id)
    assert s.language == "zh" and s.id == scenario_id
    assert len(s.steps) >= 4
    conditional = [b for step in s.steps for b in step.branches if b.when is not None]
    assert len(conditional) >= 2
    ends = {b.end for step in s.steps for b in step.branches if b.end is not None}
    assert EndState.resolved in ends and len(ends) >= 2
    assert len(s.opening) >= 2
    assert s.persona.title in ("先生", "女士")
    for step in s.steps:
        if step.id != s.start_step:
            assert len(step.say) >= 2, f"{step.id}: give the customer at least two ways to say it"
        assert step.goal, f"{step.id}: say what the trainee should achieve here"


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_rubric_extends_core_and_every_criterion_speaks_chinese(zh_catalog: Catalog, scenario_id: str) -> None:
    scenario = zh_catalog.scenario(scenario_id)
    rubric = zh_catalog.rubric_for(scenario)
    assert rubric.id.startswith("zh-") and rubric.extends == "core"
    ids = [c.id for c in rubric.criteria]
    assert set(CORE_IDS) <= set(ids)
    assert len(ids) > len(CORE_IDS), "a scenario rubric adds criteria of its own"
    words = {c.id: c.words("zh") for c in rubric.criteria}
    assert [cid for cid, w in words.items() if not HAN.search(w.tip or "") or not HAN.search(w.label or "")] == []


# ------------------------------------------------------------------------------------------------
# Playing them


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_model_answers_resolve_and_pass(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str) -> None:
    for seed in (1, 7, 42):
        session = start(zh_catalog, scenario_id, seed, zh_scorer)
        play(session)
        card = session.scorecard()
        assert session.end_state is EndState.resolved, (seed, where(session))
        assert card.passed, (seed, card.why_not_passed)
        assert session.mood < session.scenario.persona.mood, (seed, where(session))


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_dismissive_replies_escalate_and_fail(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str) -> None:
    for seed in (1, 7, 42):
        session = start(zh_catalog, scenario_id, seed, zh_scorer)
        outcomes = play(session, REPLIES[scenario_id]["dismissive"])
        assert session.end_state in FAILED_ENDS, (seed, where(session))
        assert not session.scorecard().passed
        assert outcomes[0].mood_after > outcomes[0].mood_before, (seed, outcomes[0].mood_changes)


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_sympathy_alone_never_resolves(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str) -> None:
    session = start(zh_catalog, scenario_id, 7, zh_scorer)
    play(session, REPLIES[scenario_id]["sympathy_only"])
    assert session.end_state is not EndState.resolved, where(session)
    assert not session.scorecard().passed


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_play_command_passes_with_model_answers_and_fails_dismissive_replies(
        scenario_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", scenario_id, "--model-answers", "--json"]) == 0
    played = json.loads(capsys.readouterr().out)
    assert (played["end_state"], played["passed"]) == ("resolved", True)
    replies = tmp_path / "dismissive.txt"
    lines = REPLIES[scenario_id]["dismissive"]
    assert not any("{" in line for line in lines), "play does not fill placeholders in replies"
    replies.write_text("\n".join(lines * 3) + "\n", encoding="utf-8")
    assert main(["play", scenario_id, "--replies", str(replies), "--json"]) == 1
    played = json.loads(capsys.readouterr().out)
    assert played["end_state"] in ("hung_up", "escalated") and played["passed"] is False


# Difficulty 5: one dare to complain and the caller is gone; everywhere else a trainee can recover.
NO_SECOND_CHANCE = {"zh-press-threat-fridge"}


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_one_dismissive_reply_can_be_recovered_from(zh_catalog: Catalog, zh_scorer: RuleScorer,
                                                     scenario_id: str) -> None:
    session = start(zh_catalog, scenario_id, 7, zh_scorer)
    first = session.reply(fill(REPLIES[scenario_id]["dismissive"][0], session.state.values))
    assert first.mood_after > first.mood_before
    if scenario_id in NO_SECOND_CHANCE:
        assert session.end_state is EndState.hung_up
        return
    assert first.step not in (None, session.scenario.start_step), "a mistake leads to a recovery step"
    play(session)
    assert session.end_state is EndState.resolved, where(session)


# Warm, polite, promising replies that never say what will actually be done: the trap a new hire falls
# into most. None of them may resolve any scenario; only the scenario's real need does.
GENERIC_PROMISES = [
    "非常理解您的心情,真的很抱歉给您添麻烦了,我会尽快帮您处理,今天之内给您回复。",
    "您好,感谢您的耐心和反馈,我们已经为您记录,会在24小时之内安排专人联系您。",
    "十分理解,非常抱歉让您久等了,我马上为您跟进,请您放心,今天下班前一定给您答复。",
]


@pytest.mark.parametrize("scenario_id", ZH_IDS)
@pytest.mark.parametrize("line", GENERIC_PROMISES, ids=["soon", "recorded", "follow-up"])
def test_generic_promises_never_resolve(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str,
                                        line: str) -> None:
    session = start(zh_catalog, scenario_id, 7, zh_scorer)
    play(session, [line])
    assert session.end_state is not EndState.resolved, where(session)


@pytest.mark.parametrize("scenario_id", ZH_IDS)
def test_same_seed_same_call(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str) -> None:
    a = start(zh_catalog, scenario_id, 11, zh_scorer)
    play(a)
    b = start(zh_catalog, scenario_id, 11, zh_scorer)
    play(b)
    assert a.state == b.state
    names = {start(zh_catalog, scenario_id, seed, zh_scorer).state.values["customer.full_name"]
             for seed in range(1, 9)}
    assert len(names) > 1, "different seeds should bring different customers"


GOLDEN_CASES = [(sid, script) for sid in ZH_IDS for script in ("model-answers", "dismissive", "recovery")]


@pytest.mark.parametrize(("scenario_id", "script"), GOLDEN_CASES)
def test_golden_transcript(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str, script: str) -> None:
    session = start(zh_catalog, scenario_id, 7, zh_scorer)
    if script == "model-answers":
        play(session)
    elif script == "dismissive":
        play(session, REPLIES[scenario_id]["dismissive"])
    else:
        session.reply(fill(REPLIES[scenario_id]["dismissive"][0], session.state.values))
        play(session)
    got = transcript(session, script)
    if script != "recovery":
        assert got["passed"] is (script == "model-answers"), "a golden must show the pass and the failure"
    match_golden(got, GOLDEN / f"{scenario_id}-seed7-{script}.json", __file__)


# ------------------------------------------------------------------------------------------------
# Steps for tests/features/library/zh_*.feature (the shared ones are in tests/library/steps.py)


@given(parsers.parse("the Chinese scenario '{scenario_id}' with seed {seed:d}"), target_fixture="call")
def given_scenario(zh_catalog: Catalog, zh_scorer: RuleScorer, scenario_id: str, seed: int) -> Call:
    return Call(start(zh_catalog, scenario_id, seed, zh_scorer))


# The Chinese features word these shared steps their own way.
when("the trainee answers every step with its model answer")(every_model_answer)
when(parsers.parse('the trainee says "{text}"'))(trainee_replies)
when(parsers.parse('the trainee keeps saying "{text}"'))(keeps_replying)
then("the attempt does not pass")(attempt_fails)


@then(parsers.parse("the customer moves on to '{step}'"))
def then_moves_to(call: Call, step: str) -> None:
    assert call.outcomes[-1].step == step, where(call.session)


@then(parsers.parse("{criterion} scores {points:d}"))
def then_scores(call: Call, criterion: str, points: int) -> None:
    result = call.outcomes[-1].score.criteria[criterion]
    assert result.score == points, result.reason
