"""The English scenarios in `scenarios/en/` written for issue 5, played end to end with the rule scorer.

For every scenario: it loads without problems; its model answers reach `resolved` and pass (for
several seeds, along the pinned route); a dismissive reply set in plain English (policy talk, blame,
statistics, "call back tomorrow") never resolves and fails; warm words that never deal with the
customer's real need never resolve; the same seed always gives the same call, word for word as in the
golden transcripts (`golden/en-*-seed7-*.json`). The Gherkin features in
`tests/features/library/en_*.feature` are bound at the bottom and show a trainer how to pin the
behaviour of their own scenario.

Reply sets use the scenarios' `{placeholders}`, filled with the attempt's values. Regenerate the golden
transcripts after an intended change, then review the diff:

    FRONTLINE_REGENERATE_GOLDEN=1 .venv/bin/python -m pytest tests/library/test_en_library.py -k golden
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd import scenarios

from tests.found import found
from tests.library.steps import *  # noqa: F403  (binds the shared step definitions)
from tests.library.steps import GOLDEN, LIBRARY, match_golden, play, start, transcript
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import EndState, PhrasesCriterion, Scenario
from trainer.scoring.rules import RuleScorer
from trainer.simulation.session import Scorecard, Session, TurnOutcome

SEEDS = (1, 7, 2024)

# What a careless agent says. Played in order, repeated while the call goes on.
DISMISSIVE: dict[str, list[str]] = {
    "ebook-removed": [
        "We apologise for any inconvenience. Under our terms of service, digital content is licensed, not "
        "sold, and titles can be withdrawn when the rights change. A refund has been issued to your "
        "original payment method.",
        "As previously explained, the refund has been processed and there is nothing further we can do "
        "about this title.",
    ],
    "christmas-gift-late": [
        "I do understand, but 99.9% of our holiday orders arrived on time. Delays with the carrier during "
        "peak season are outside our control.",
        "The parcel has been delivered, so the order is complete on our side. Is there anything else?",
    ],
    "locked-out-at-midnight": [
        "Our account recovery team works business hours, 9 to 6. Please call back tomorrow morning and "
        "they'll reset your login.",
        "I'm afraid there's nothing I can do tonight. You'll have to wait for the team.",
    ],
    "twelve-years-cancel": [
        "Are you sure? You'll lose your email address, and there may be an early termination fee.",
        "Okay, I've put the cancellation through. Is there anything else today?",
    ],
    "prorated-bill": [
        "The difference is a prorated charge for the partial billing cycle, as stated on your bill.",
        "As I said, it's the pro rata adjustment for the billing period. It's very simple.",
    ],
    "double-charge": [
        "You probably clicked twice. The second one is most likely a pending authorization that should "
        "drop off. Please contact your bank.",
        "There's nothing we can do about fees your bank charges.",
    ],
    "callback-never-came": [
        "I can see a callback was requested on Wednesday. Someone will call you back within 24 to 48 hours.",
        "I've logged another callback request for you. There's nothing more I can do from here.",
    ],
    "wedding-dress-press-threat": [
        "We do not respond to threats. As stated in our terms, made-to-measure dresses take 16 to 20 weeks.",
        "Your order is in production and will be dispatched in due course.",
    ],
    "switches-to-persian": [
        "Sorry ma'am, I can't understand you. Can you please speak English?",
        "You need to pay the overdue balance before we can restore the service, as per the account terms.",
    ],
    "cancel-by-post": [
        "Hi, as per our terms and conditions, cancellations must be made in writing with 30 days' notice. "
        "Please DM us for the address.",
        "Sorry, that's our policy and there's nothing I can do.",
    ],
}

# Warm words that never deal with what the customer needs: must never end `resolved`.
SYMPATHY_ONLY: dict[str, list[str]] = {
    sid: ["I'm so sorry to hear that, {customer.first_name}. I completely understand how frustrating this "
          "must be, and thank you for your patience."]
    for sid in DISMISSIVE
}

# The steps each scenario's model answers go through with seed 1, ending `resolved`. Moods are not
# pinned here (they move when the core rubric's phrase lists are tuned); the route is the design.
# See the route after an intended change with:  python -m trainer play ID --model-answers --seed 1
MODEL_ROUTES: dict[str, list[str]] = {
    "callback-never-came": ["first_reply", "whats_happening", "and_if_not"],
    "switches-to-persian": ["first_reply", "switches", "with_interpreter", "confirm"],
    "wedding-dress-press-threat": ["first_reply", "the_facts", "trust"],
    "cancel-by-post": ["public_reply", "in_dm", "update_post"],
    "christmas-gift-late": ["first_reply", "christmas_morning", "refund_when"],
    "double-charge": ["first_reply", "when_back", "bank_fee"],
    "ebook-removed": ["first_reply", "notes", "how_could_this_happen"],
    "locked-out-at-midnight": ["first_reply", "verify", "tomorrow"],
    "prorated-bill": ["first_reply", "grandson", "next_month", "keep_plan"],
    "twelve-years-cancel": ["first_reply", "the_reason", "no_catch"],
}

MINE = sorted(DISMISSIVE)


# --------------------------------------------------------------------------------------------------
# Playing a call


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(LIBRARY)


def explain(card: Scorecard, outcomes: list[TurnOutcome]) -> str:
    route = " -> ".join(f"{o.branch.from_step}({o.mood_after})" for o in outcomes)
    return f"{card.end_state}: {route}; {card.why_not_passed}"


# --------------------------------------------------------------------------------------------------
# The library


def test_english_files_load_without_problems(catalog: Catalog) -> None:
    files = {f"{sid}.yaml" for sid in MINE}
    mine = [p for p in catalog.problems if Path(p.path).name in files or "/rubrics/en-" in p.path]
    assert not mine, "\n".join(str(p) for p in mine)
    for sid in MINE:
        assert sid in catalog.scenarios, f"{sid} did not load"


@pytest.mark.parametrize("scenario_id", MINE)
def test_shape_meets_the_library_bar(catalog: Catalog, scenario_id: str) -> None:
    scenario: Scenario = catalog.scenario(scenario_id)
    assert scenario.language == "en"
    assert len(scenario.steps) >= 4
    branching = [s for s in scenario.steps if len({(b.goto, b.end) for b in s.branches}) >= 2]
    assert len(branching) >= 2, "at least two steps must really branch"
    ends = {b.end for s in scenario.steps for b in s.branches if b.end is not None}
    assert EndState.resolved in ends and len(ends) >= 2
    rubric = catalog.rubric_for(scenario)
    own = {c.id for c in rubric.criteria} - {"empathy", "apology", "no_blame", "next_step", "courtesy",
                                             "plain_language"}
    assert own, "a scenario-specific rubric adds its own criteria"
    for c in rubric.criteria:
        if c.id in own:
            assert c.tip, f"criterion {c.id} needs a tip"
            if isinstance(c, PhrasesCriterion):
                assert all(lv.phrases.get("en") for lv in c.levels), f"{c.id} has a level without English"


def test_the_library_mixes_channels_difficulties_and_moods(catalog: Catalog) -> None:
    scenarios_ = [catalog.scenario(sid) for sid in MINE]
    assert {s.channel for s in scenarios_} == {"phone", "chat", "email", "social"}
    assert {s.difficulty for s in scenarios_} == {1, 2, 3, 4, 5}
    moods = {s.persona.mood for s in scenarios_}
    assert min(moods) <= 3 and max(moods) >= 8


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("scenario_id", MINE)
def test_model_answers_resolve_and_pass(catalog: Catalog, scenario_id: str, seed: int) -> None:
    session = start(catalog, scenario_id, seed)
    outcomes = play(session)
    card = session.scorecard()
    assert card.end_state is EndState.resolved, explain(card, outcomes)
    assert card.passed, explain(card, outcomes)
    assert session.mood < session.scenario.persona.mood, "model answers calm the customer"


@pytest.mark.parametrize("scenario_id", MINE)
def test_model_answers_follow_the_pinned_route(catalog: Catalog, scenario_id: str) -> None:
    outcomes = play(start(catalog, scenario_id, 1))
    assert [o.branch.from_step for o in outcomes] == MODEL_ROUTES[scenario_id]
    assert outcomes[-1].end_state is EndState.resolved


@pytest.mark.parametrize("scenario_id", MINE)
def test_every_model_answer_leads_to_resolved(catalog: Catalog, scenario_id: str) -> None:
    """From any step, recovery steps included, the model answers carry the call to `resolved`."""
    scenario = catalog.scenario(scenario_id)
    for step in scenario.steps:
        fresh = start(catalog, scenario_id, 1)
        session = Session.restore(fresh.state.model_copy(update={"step": step.id}), scenario,
                                  catalog.rubric_for(scenario), RuleScorer())
        outcomes = play(session)
        assert session.end_state is EndState.resolved, f"from {step.id}: " + " -> ".join(
            f"{o.branch.from_step}({o.mood_after})" for o in outcomes) + f" -> {session.end_state}"


@pytest.mark.parametrize("scenario_id", MINE)
def test_dismissive_replies_escalate_and_fail(catalog: Catalog, scenario_id: str) -> None:
    session = start(catalog, scenario_id, 1)
    outcomes = play(session, DISMISSIVE[scenario_id])
    card = session.scorecard()
    assert card.end_state in (EndState.hung_up, EndState.escalated), explain(card, outcomes)
    assert not card.passed
    assert outcomes[0].mood_after > outcomes[0].mood_before, "a dismissive first reply makes it worse"


@pytest.mark.parametrize("scenario_id", MINE)
def test_sympathy_without_substance_never_resolves(catalog: Catalog, scenario_id: str) -> None:
    session = start(catalog, scenario_id, 1)
    outcomes = play(session, SYMPATHY_ONLY[scenario_id])
    card = session.scorecard()
    assert card.end_state is not EndState.resolved, explain(card, outcomes)
    assert not card.passed


@pytest.mark.parametrize("scenario_id", MINE)
def test_the_same_seed_gives_the_same_call(catalog: Catalog, scenario_id: str) -> None:
    first, second = start(catalog, scenario_id, 42), start(catalog, scenario_id, 42)
    play(first)
    play(second)
    assert first.state.model_dump(exclude={"scenario_version"}) == second.state.model_dump(
        exclude={"scenario_version"})
    other = start(catalog, scenario_id, 43)
    assert first.state.values != other.state.values or first.opening != other.opening


@pytest.mark.parametrize("script", ["model-answers", "dismissive"])
@pytest.mark.parametrize("scenario_id", MINE)
def test_golden_transcript(catalog: Catalog, scenario_id: str, script: str) -> None:
    session = start(catalog, scenario_id, 7)
    play(session, None if script == "model-answers" else DISMISSIVE[scenario_id])
    got = transcript(session, script)
    match_golden(got, GOLDEN / f"en-{scenario_id}-seed7-{script}.json", f"{__file__} -k golden")


# --------------------------------------------------------------------------------------------------
# Gherkin: tests/features/library/en_*.feature, bound to the shared steps in tests/library/steps.py

scenarios(*(f"library/{f.name}" for f in found(
    (Path(__file__).resolve().parents[1] / "features" / "library").glob("en_*.feature"), "English feature files")))
