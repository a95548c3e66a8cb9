"""Saving and restoring at every turn gives exactly the attempt an uninterrupted run gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.scenario.variables import fill
from trainer.simulation.session import Session, SessionState

MODEL = "<model answer>"
REPLIES = [
    MODEL,
    "Calm down, it's not my fault. That's our policy.",
    "I understand how frustrating this is, I'm so sorry.",
    "I'm so sorry for your loss.",
    "Thank you for telling us. Please send us a direct message.",
    "I'll sort it out today by 5pm and email you.",
    "ok",
    "",
]
SCENARIOS = ["angry-hold-music", "bereaved-late-return", "public-complaint"]


def play(session: Session, script: list[tuple[str, float | None]], restore_each_turn: bool) -> SessionState:
    for text, seconds in script:
        if session.ended:
            break
        if restore_each_turn:
            saved = SessionState.model_validate_json(session.state.model_dump_json())
            session = Session.restore(saved, session.scenario, session.rubric, session.scorer)
        step = session.current_step
        assert step is not None
        session.reply(fill(step.model_answer, session.state.values) if text == MODEL else text, seconds)
    return session.state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    scenario_id=st.sampled_from(SCENARIOS),
    seed=st.integers(min_value=0, max_value=2**31),
    script=st.lists(st.tuples(st.sampled_from(REPLIES), st.none() | st.floats(0, 2000)), max_size=10),
)
def test_restore_at_every_turn_matches_an_uninterrupted_run(library, rule_scorer, scenario_id, seed, script):
    scenario = library.scenario(scenario_id)
    rubric = library.rubric_for(scenario)
    whole = play(Session.start(scenario, rubric, rule_scorer, seed), script, restore_each_turn=False)
    pieces = play(Session.start(scenario, rubric, rule_scorer, seed), script, restore_each_turn=True)
    assert pieces == whole
