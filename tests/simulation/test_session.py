"""The turn loop: scoring, mood, branches, endings, state and restore, on a small scenario."""

from __future__ import annotations

import pytest

from tests.simulation.conftest import EMPATHY_AND_NEXT_STEP, NOTHING, RUDE
from tests.simulation.fakes import FakeScorer
from trainer.errors import SessionError
from trainer.matching.text import MAX_REPLY_CHARS
from trainer.scenario.schema import EndState, Rubric, Scenario
from trainer.simulation import customer as customers
from trainer.simulation.session import Session, SessionState


def start(scenario: Scenario, rubric: Rubric, scorer: FakeScorer, seed: int = 7) -> Session:
    return Session.start(scenario, rubric, scorer, seed)


def test_opening_is_a_filled_variant_and_the_same_for_the_same_seed(mini_scenario, mini_rubric, scorer):
    a, b = start(mini_scenario, mini_rubric, scorer), start(mini_scenario, mini_rubric, scorer)
    assert a.opening == b.opening
    assert a.state.values["order_id"] in a.opening and "{" not in a.opening
    openings = {start(mini_scenario, mini_rubric, scorer, seed).opening.split(" ")[0] for seed in range(30)}
    assert len(openings) == 3  # every variant gets used


def test_empathy_with_a_next_step_calms_the_customer_and_resolves(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    out = s.reply(EMPATHY_AND_NEXT_STEP, 12)
    assert [(c.rule, c.change) for c in out.mood_changes] == [("empathy", -1), ("ownership", -1), ("next_step", -1)]
    assert (out.mood_before, out.mood_after) == (5, 2)
    assert out.branch.how == "branch" and out.branch.index == 1 and out.branch.end is EndState.resolved
    assert out.ended and out.end_state is EndState.resolved and out.step is None
    assert out.customer_line == "Great, thanks!"
    assert s.ended and s.end_state is EndState.resolved and s.turn == 1


def test_blame_escalates_the_mood_and_takes_the_first_matching_branch(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    out = s.reply(RUDE)
    assert {c.rule: c.change for c in out.mood_changes} == {"blame": 2, "ignored": 1}
    assert out.mood_after == 8 and out.branch.goto == "angry" and out.customer_line == "Excuse me?"


def test_reaching_hang_up_at_ends_the_call_with_a_closing_line(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    s.reply(RUDE)
    out = s.reply(RUDE)
    assert out.mood_after == 10  # clamped
    assert out.end_state is EndState.hung_up and out.branch.how == "hung_up"
    assert out.customer_line in customers.FALLBACK_CLOSINGS["en"][EndState.hung_up]


def test_an_authored_hang_up_line_is_preferred(make_scenario, mini_rubric, scorer):
    data_steps = make_scenario().model_dump(mode="json", exclude_none=True)["steps"]
    data_steps[2]["branches"].insert(0, {"when": {"turn": {"min": 99}}, "end": "hung_up", "say": ["Bye then."]})
    s = start(make_scenario(steps=data_steps), mini_rubric, scorer)
    s.reply(RUDE)
    assert s.reply(RUDE).customer_line == "Bye then."


def test_default_branch_and_no_match(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    out = s.reply(NOTHING)  # `ask` has no default: the customer stays and repeats
    assert out.branch.how == "no_match" and out.step == "ask"
    assert out.customer_line in {o.replace("{order_id}", s.state.values["order_id"]) for o in mini_scenario.opening}
    s.reply("I understand.")
    out = s.reply(NOTHING)  # `details` falls through to its default
    assert out.branch.how == "default" and out.branch.goto == "ask"


def test_max_turns_ends_timed_out(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    outs = [s.reply("I understand."), s.reply(NOTHING), s.reply("I understand."), s.reply(NOTHING)]
    assert [o.end_state for o in outs] == [None, None, None, EndState.timed_out]
    assert outs[-1].branch.how == "max_turns"


def test_reply_after_the_end_is_refused(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    s.reply(EMPATHY_AND_NEXT_STEP)
    with pytest.raises(SessionError, match="already ended"):
        s.reply("hello?")


def test_slow_replies_raise_the_mood(mini_scenario, mini_rubric, scorer):
    on_time = start(mini_scenario, mini_rubric, scorer).reply("I understand.", 30)
    late = start(mini_scenario, mini_rubric, scorer).reply("I understand.", 30.5)
    assert not on_time.slow and late.slow
    assert late.mood_after == on_time.mood_after + 1 and "slow" in [c.rule for c in late.mood_changes]
    for bad in (-1, float("nan"), float("inf")):
        with pytest.raises(SessionError, match="finite number of seconds"):
            start(mini_scenario, mini_rubric, scorer).reply("hi", bad)


def test_a_huge_reply_is_refused_with_a_clear_message(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    with pytest.raises(SessionError, match=f"keep a reply under {MAX_REPLY_CHARS:,} characters"):
        s.reply("x" * (MAX_REPLY_CHARS + 1))
    assert s.turn == 0 and not scorer.calls  # nothing was scored or recorded
    s.reply("\u0000 ☎️ مرسی 谢谢 " * 100)  # odd but short text is fine


def test_the_scorer_gets_the_customer_names_line_and_target(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    s.reply("I understand.", 4)
    reply, ctx = scorer.calls[0]
    v = s.state.values
    assert reply == "I understand."
    assert ctx.customer_names[:3] == [v["customer.first_name"], v["customer.last_name"], v["customer.full_name"]]
    assert ctx.customer_line == s.opening and ctx.response_seconds == 4 and ctx.response_target == 30
    assert ctx.language == "en"


@pytest.mark.parametrize(("language", "title", "last", "expected"), [
    ("en", "Ms", "Young", "Ms Young"), ("fa", "خانم", "رضایی", "خانم رضایی"), ("zh", "先生", "杨", "杨先生"),
])
def test_the_customer_is_addressed_as_the_language_does(make_scenario, mini_rubric, scorer,
                                                         language, title, last, expected):
    persona = {"first_name": "A", "last_name": last, "title": title, "mood": 5}
    s = start(make_scenario(language=language, persona=persona), mini_rubric, scorer)
    s.reply("I understand.", 4)
    assert scorer.calls[0][1].customer_names[-1] == expected


def test_scenario_mood_rules_replace_the_defaults(make_scenario, mini_rubric, scorer):
    rules = [{"name": "rude", "when": {"criteria": {"no_blame": {"max": 0}}}, "change": 5}]
    out = start(make_scenario(mood_rules=rules), mini_rubric, scorer).reply(RUDE)
    assert [(c.rule, c.change) for c in out.mood_changes] == [("rude", 5)] and out.mood_after == 10


def test_start_refuses_another_rubric(mini_scenario, mini_rubric, scorer):
    other = mini_rubric.model_copy(update={"id": "other"})
    with pytest.raises(SessionError, match="scored with rubric 'mini'"):
        Session.start(mini_scenario, other, scorer, 1)


def test_state_round_trips_through_json(mini_scenario, mini_rubric, scorer):
    s = start(mini_scenario, mini_rubric, scorer)
    s.reply("I understand.", 3)
    again = SessionState.model_validate_json(s.state.model_dump_json())
    assert again == s.state
    assert [t.speaker for t in again.transcript] == ["customer", "trainee", "customer"]
    assert again.transcript[1].score is not None and again.transcript[1].mood_after == 4


def test_restore_continues_exactly_like_an_uninterrupted_session(mini_scenario, mini_rubric):
    whole = start(mini_scenario, mini_rubric, FakeScorer())
    whole.reply("I understand.")
    whole.reply(NOTHING)
    part = start(mini_scenario, mini_rubric, FakeScorer())
    part.reply("I understand.")
    saved = part.state.model_dump_json()
    resumed = Session.restore(SessionState.model_validate_json(saved), mini_scenario, mini_rubric, FakeScorer())
    resumed.reply(NOTHING)
    assert resumed.state == whole.state


def test_restore_against_changed_steps_is_refused(make_scenario, mini_rubric, scorer):
    s = start(make_scenario(), mini_rubric, scorer)
    steps = make_scenario().model_dump(mode="json", exclude_none=True)["steps"]
    reworded = [dict(st, model_answer="Reworded.") for st in steps]
    Session.restore(s.state, make_scenario(steps=reworded), mini_rubric, scorer)  # wording is fine
    steps[1]["branches"][1]["goto"] = "angry"
    with pytest.raises(SessionError, match="has changed since this attempt was saved"):
        Session.restore(s.state, make_scenario(steps=steps), mini_rubric, scorer)
    with pytest.raises(SessionError, match="belongs to scenario 'mini'"):
        Session.restore(s.state, make_scenario(id="other"), mini_rubric, scorer)
    with pytest.raises(SessionError, match="rubric 'mini'"):
        Session.restore(s.state, make_scenario(), mini_rubric.model_copy(update={"id": "x"}), scorer)


def test_another_kind_of_customer_plugs_into_the_same_loop(mini_scenario, mini_rubric, scorer):
    class Echo:
        kind = "echo"

        def say(self, situation: customers.Situation, cue: customers.Cue) -> str:
            return f"{cue.place} at turn {situation.turn}, mood {situation.mood}"

    customers.register("echo", Echo)
    try:
        s = Session.start(mini_scenario, mini_rubric, scorer, 1, customer=customers.make_customer("echo"))
        assert s.opening == "opening at turn 0, mood 5"
        assert s.reply("I understand.").customer_line == "step:details at turn 1, mood 4"
        assert Session.restore(s.state, mini_scenario, mini_rubric, scorer).customer.kind == "echo"
    finally:
        customers._FACTORIES.pop("echo")
    with pytest.raises(SessionError, match="choose one of: scripted"):
        customers.make_customer("echo")


def test_variants_depend_on_seed_turn_and_place_only() -> None:
    variants = ["a", "b", "c", "d"]
    assert customers.pick(variants, 1, 2, "step:x") == customers.pick(variants, 1, 2, "step:x")
    picks = {customers.pick(variants, seed, 2, "step:x") for seed in range(40)}
    assert picks == set(variants)




def test_the_attempt_keeps_the_day_its_customer_was_drawn_for(library, rule_scorer):
    from datetime import UTC, date, datetime

    from trainer.simulation.session import SessionState

    scenario = library.scenario("public-complaint")
    rubric = library.rubric_for(scenario)
    started = Session.start(scenario, rubric, rule_scorer, 7)
    assert started.state.reference_date == datetime.now(UTC).date()
    fixed = Session.start(scenario, rubric, rule_scorer, 7, today=date(2026, 11, 22))
    saved = SessionState.model_validate_json(fixed.state.model_dump_json())
    assert saved.reference_date == date(2026, 11, 22) and saved.values == fixed.state.values
    assert Session.restore(saved, scenario, rubric, rule_scorer).state.values["purchase_date"] == "2026-07-13"
