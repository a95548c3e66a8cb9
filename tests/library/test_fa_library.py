"""The Persian scenario library (`scenarios/fa/`), played through the real catalog, engine and rule scorer.

Every Persian scenario must: load without problems; meet the library bar (at least four steps, two
steps that really branch, `resolved` and another end, a rubric of its own with a tip per criterion and
Persian phrases); reach `resolved` and pass with its model answers for several seeds, calming the
customer; fail with a dismissive set of Persian replies (hung up or escalated, the first reply making
the customer angrier); never reach `resolved` on sympathy alone; and play word for word the same for
the same seed (golden transcripts in `golden/fa-*.json`). The reply sets are data in `fa_replies.yaml`.
The Gherkin features `tests/features/library/fa_*.feature` are bound at the bottom.

Regenerate the golden transcripts after an intended change, then review the diff:

    FRONTLINE_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/library/test_fa_library.py -k golden
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pytest_bdd import given, parsers, scenarios, then

from tests.found import found
from tests.library.steps import *  # noqa: F403  (binds the shared step definitions)
from tests.library.steps import GOLDEN, LIBRARY, Call, match_golden, play, route, start, transcript
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import EndState, MustAskCriterion, PhrasesCriterion, Scenario
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Session

ROOT = Path(__file__).resolve().parents[2]
FA_DIR = LIBRARY / "fa"
HERE = Path(__file__).parent
REPLIES: dict[str, dict[str, list[str]]] = yaml.safe_load((HERE / "fa_replies.yaml").read_text(encoding="utf-8"))
FA_IDS = found((p.stem for p in FA_DIR.glob("*.yaml")), "Persian scenarios")
SEEDS = (1, 7, 2024)
FAILED_ENDS = {EndState.hung_up, EndState.escalated}
CORE_IDS = {"empathy", "apology", "no_blame", "next_step", "courtesy", "plain_language",
            "speaking_rate", "dead_air", "filler_words", "talk_time", "hold_etiquette"}

# The stories of the seed articles each Persian scenario tells (DIGEST.md), so none goes missing.
STORIES = {
    "hold-music": "fa-hold-music",
    "bereaved customer": "fa-bereaved-return",
    "public social complaint": "fa-instagram-complaint",
    "revoked digital purchase": "fa-revoked-ebook",
    "loyal customer about to cancel": "fa-loyal-cancel",
    "confused customer who needs a clear explanation": "fa-elderly-card",
    "repeated callback that never came": "fa-callback-never-came",
    "problem outside support hours": "fa-midnight-telegram",
}

# The route each scenario's model answers take with seed 1: (step answered, mood after the reply).
# After an intended change:  python -m trainer play ID --model-answers --seed 1 --json
MODEL_ROUTES: dict[str, list[tuple[str, int]]] = {
    "fa-bereaved-return": [("news", 1), ("closing", 0)],  # condolences calm her; the courier is already offered
    "fa-callback-never-came": [("third_time", 7), ("diagnosis", 6), ("compensation", 5)],
    "fa-elderly-card": [("scared", 2), ("where", 1), ("check", 0)],
    "fa-hold-music": [("vent", 5), ("details", 4), ("music", 2)],
    "fa-instagram-complaint": [("public_post", 5), ("dm", 3), ("public_close", 1)],
    "fa-loyal-cancel": [("cancel_request", 4), ("reason", 3), ("doubt", 2), ("close", 1)],
    "fa-midnight-telegram": [("late_message", 0), ("checking", 0), ("exam_worry", 0)],
    "fa-revoked-ebook": [("complaint", 4), ("notes", 2), ("trust", 0)],
}


# --------------------------------------------------------------------------------------------------
# Playing a call


@pytest.fixture(scope="module")
def fa_catalog() -> Catalog:
    return Catalog.load(LIBRARY)


@pytest.fixture(scope="module")
def fa_scorer() -> RuleScorer:
    return RuleScorer()


# --------------------------------------------------------------------------------------------------
# The library as a whole


def test_there_are_at_least_seven_persian_scenarios_covering_the_stories() -> None:
    assert len(FA_IDS) >= 7, FA_IDS
    missing = {story: sid for story, sid in STORIES.items() if sid not in FA_IDS}
    assert not missing, missing


def test_persian_files_load_without_problems(fa_catalog: Catalog) -> None:
    mine = [p for p in fa_catalog.problems if "/fa/" in p.path or "/rubrics/fa-" in p.path]
    assert not mine, "\n".join(str(p) for p in mine)
    for sid in FA_IDS:
        assert sid in fa_catalog.scenarios, f"{sid} did not load"


def test_every_reply_set_names_a_scenario_and_every_scenario_has_one() -> None:
    assert set(REPLIES) == set(FA_IDS)
    for sid, sets in REPLIES.items():
        assert sets.get("dismissive") and sets.get("sympathy_only"), sid


def test_the_library_mixes_channels_difficulties_and_moods(fa_catalog: Catalog) -> None:
    library = [fa_catalog.scenario(sid) for sid in FA_IDS]
    assert {s.channel for s in library} == {"phone", "chat", "email", "social"}
    assert {s.difficulty for s in library} == {1, 2, 3, 4, 5}
    moods = {s.persona.mood for s in library}
    assert min(moods) <= 3 and max(moods) >= 8


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_shape_meets_the_library_bar(fa_catalog: Catalog, scenario_id: str) -> None:
    scenario: Scenario = fa_catalog.scenario(scenario_id)
    assert scenario.language == "fa"
    assert len(scenario.steps) >= 4
    branching = [s for s in scenario.steps if len({(b.goto, b.end) for b in s.branches}) >= 2]
    assert len(branching) >= 2, "at least two steps must really branch"
    ends = {b.end for s in scenario.steps for b in s.branches if b.end is not None}
    assert EndState.resolved in ends and len(ends) >= 2, ends
    assert scenario.persona.title in ("آقای", "خانم"), "Persian customers are addressed آقای/خانم + surname"


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_rubric_is_persian_extends_core_and_every_criterion_has_a_tip(fa_catalog: Catalog,
                                                                     scenario_id: str) -> None:
    scenario = fa_catalog.scenario(scenario_id)
    assert scenario.rubric.startswith("fa-")
    rubric = fa_catalog.rubric_for(scenario)
    ids = {c.id for c in rubric.criteria}
    assert ids >= CORE_IDS, "extends core: every core criterion still counts"
    own = [c for c in rubric.criteria if c.id not in CORE_IDS or c.id in _overridden(scenario.rubric)]
    assert len(own) >= 2, "a scenario-specific rubric adds its own criteria"
    for c in own:
        assert c.tip, f"criterion {c.id} needs a tip"
        if isinstance(c, PhrasesCriterion):
            assert all(lv.phrases.get("fa") for lv in c.levels), f"{c.id} has a level without Persian"
        elif isinstance(c, MustAskCriterion) or hasattr(c, "phrases"):
            assert c.phrases.get("fa"), f"{c.id} has no Persian phrases"


def _overridden(rubric_id: str) -> set[str]:
    raw = yaml.safe_load((LIBRARY / "rubrics" / f"{rubric_id}.yaml").read_text(encoding="utf-8"))
    return {c["id"] for c in raw.get("criteria", [])}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_model_answers_resolve_and_pass(fa_catalog: Catalog, fa_scorer: RuleScorer, scenario_id: str,
                                        seed: int) -> None:
    session = start(fa_catalog, scenario_id, seed, fa_scorer)
    outcomes = play(session)
    card = session.scorecard()
    assert card.end_state is EndState.resolved, route(outcomes)
    assert card.passed, f"{card.why_not_passed}: {route(outcomes)}"
    assert session.mood < session.scenario.persona.mood, "model answers calm the customer"


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_model_answers_follow_the_pinned_route(fa_catalog: Catalog, fa_scorer: RuleScorer,
                                               scenario_id: str) -> None:
    outcomes = play(start(fa_catalog, scenario_id, 1, fa_scorer))
    assert [(o.branch.from_step, o.mood_after) for o in outcomes] == MODEL_ROUTES[scenario_id]


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_every_step_s_model_answer_leads_to_resolved(fa_catalog: Catalog, fa_scorer: RuleScorer,
                                                     scenario_id: str) -> None:
    """From any step, recovery steps included, the model answers carry the call to `resolved`."""
    scenario = fa_catalog.scenario(scenario_id)
    for step in scenario.steps:
        fresh = start(fa_catalog, scenario_id, 1, fa_scorer)
        session = Session.restore(fresh.state.model_copy(update={"step": step.id}), scenario,
                                  fa_catalog.rubric_for(scenario), fa_scorer)
        outcomes = play(session)
        assert session.end_state is EndState.resolved, f"from {step.id}: {route(outcomes)}"


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_dismissive_replies_escalate_and_fail(fa_catalog: Catalog, fa_scorer: RuleScorer,
                                              scenario_id: str) -> None:
    session = start(fa_catalog, scenario_id, 1, fa_scorer)
    outcomes = play(session, REPLIES[scenario_id]["dismissive"])
    card = session.scorecard()
    assert card.end_state in FAILED_ENDS, route(outcomes)
    assert not card.passed
    assert outcomes[0].mood_after > outcomes[0].mood_before, "a dismissive first reply makes it worse"


# Careless replies any Persian scenario must punish, whatever its story: a form letter, a polite no-op,
# a rude brush-off and a bare «باشه».
CARELESS = [
    "با سلام و احترام، درخواست شما ثبت شد و در اسرع وقت بررسی خواهد شد. با تشکر از صبر و شکیبایی شما.",
    "ممنون از تماستون. متوجه شدم. لطفاً یه لحظه صبر کنید.",
    "خب که چی؟ من چی‌کار کنم؟ به من ربطی نداره.",
    "باشه.",
]


@pytest.mark.parametrize("line", CARELESS, ids=["form-letter", "polite-no-op", "brush-off", "bare-ok"])
@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_any_careless_reply_repeated_fails(fa_catalog: Catalog, fa_scorer: RuleScorer, scenario_id: str,
                                           line: str) -> None:
    session = start(fa_catalog, scenario_id, 1, fa_scorer)
    outcomes = play(session, [line])
    assert session.end_state in FAILED_ENDS, route(outcomes)
    assert not session.scorecard().passed


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_sympathy_without_substance_never_resolves(fa_catalog: Catalog, fa_scorer: RuleScorer,
                                                   scenario_id: str) -> None:
    session = start(fa_catalog, scenario_id, 1, fa_scorer)
    outcomes = play(session, REPLIES[scenario_id]["sympathy_only"])
    card = session.scorecard()
    assert card.end_state is not EndState.resolved, route(outcomes)
    assert not card.passed


@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_the_same_seed_gives_the_same_call(fa_catalog: Catalog, fa_scorer: RuleScorer, scenario_id: str) -> None:
    first, second = start(fa_catalog, scenario_id, 42, fa_scorer), start(fa_catalog, scenario_id, 42, fa_scorer)
    play(first)
    play(second)
    assert first.state.model_dump() == second.state.model_dump()
    names = {start(fa_catalog, scenario_id, seed, fa_scorer).state.values["customer.full_name"]
             for seed in range(1, 9)}
    assert len(names) > 1, "different seeds should bring different customers"


@pytest.mark.parametrize("script", ["model-answers", "dismissive"])
@pytest.mark.parametrize("scenario_id", FA_IDS)
def test_golden_transcript(fa_catalog: Catalog, fa_scorer: RuleScorer, scenario_id: str, script: str) -> None:
    session = start(fa_catalog, scenario_id, 7, fa_scorer)
    if script == "model-answers":
        play(session)
    else:
        play(session, REPLIES[scenario_id]["dismissive"])
    got = transcript(session, script)
    match_golden(got, GOLDEN / f"{scenario_id}-seed7-{script}.json", f"{__file__} -k golden")


# --------------------------------------------------------------------------------------------------
# Steps for tests/features/library/fa_*.feature (the shared ones are in tests/library/steps.py)

scenarios(*(f"library/{f.name}" for f in found(
    (ROOT / "tests" / "features" / "library").glob("fa_*.feature"), "Persian feature files")))


@given(parsers.parse("the Persian scenario '{scenario_id}' with seed {seed:d}"), target_fixture="call")
def persian_scenario(fa_catalog: Catalog, fa_scorer: RuleScorer, scenario_id: str, seed: int) -> Call:
    return Call(start(fa_catalog, scenario_id, seed, fa_scorer))


@then(parsers.parse("the customer moves on to '{step_id}'"))
def moves_on_to(call: Call, step_id: str) -> None:
    session = call.session
    assert session.state.step == step_id and not session.ended, (
        f"now at {session.state.step}, ended {session.end_state}: {route(call.outcomes)}")


@then(parsers.parse('mood rule "{rule}" fires'))
def mood_rule_fires(call: Call, rule: str) -> None:
    fired = [c.rule for c in call.last.mood_changes]
    assert rule in fired, fired


@then(parsers.parse('the attempt fails on "{criterion_id}"'))
def attempt_fails_on(call: Call, criterion_id: str) -> None:
    card = call.session.scorecard()
    assert not card.passed
    assert card.score.critical_failure == criterion_id, card.why_not_passed
