"""The play-test page: talk to a scenario's customer as a trainee would, with each reply's points,
mood change and branch beside the chat; start at any step; try one reply against the rubric alone and
see which words earned which points. Nothing is recorded: no attempt, no progress."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from trainer.errors import FrontlineError
from trainer.languages import is_rtl
from trainer.scenario.schema import Scenario
from trainer.services import Services
from trainer.simulation.session import Turn
from trainer.studio import graph
from trainer.studio.playtest import PlayTest, branch_words, segments, try_reply
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown

PLAY = "playtest_session"
DRAFT = "playtest_draft"  # a valid scenario from the editor that is not saved yet
DRAFT_CHOICE = "(the editor's unsaved draft)"


def page(services: Services) -> None:
    catalog = services.catalog
    draft: Scenario | None = st.session_state.get(DRAFT)
    if not catalog.scenarios and draft is None:
        st.info("The library has no scenario that loads; fix the problems on the library page first.")
        return
    ids = ([DRAFT_CHOICE] if draft is not None else []) + sorted(catalog.scenarios)
    c1, c2 = st.columns([3, 1])
    scenario_id = c1.selectbox("Scenario", ids, key="playtest_scenario",
                               format_func=lambda i: f"Draft: {draft.title} (not saved)" if i == DRAFT_CHOICE and draft
                               else f"{catalog.scenarios[i].title} ({i})")
    seed = int(c2.number_input("Seed", min_value=0, max_value=2**31 - 1, value=7, step=1, key="playtest_seed"))
    scenario = draft if scenario_id == DRAFT_CHOICE and draft is not None else catalog.scenario(scenario_id)
    rubric = catalog.rubric_for(scenario)
    play: PlayTest | None = st.session_state.get(PLAY)
    if play is None or play.scenario is not scenario or play.seed != seed:
        play = PlayTest(scenario, rubric, services.scorer, seed=seed)
        st.session_state[PLAY] = play
    st.caption("Nothing here is saved: play-test calls are not attempts and do not count as progress.")

    chat, details = st.columns([5, 6])  # room for the step graph at a legible size
    with details:
        jump(play, scenario)
        turn_table(play, scenario)
        current = play.session.state.step
        st.graphviz_chart(graph.to_dot(scenario, highlight=current), width="content")
    with chat:
        conversation(play, scenario)
    st.divider()
    try_alone(services, scenario)


def jump(play: PlayTest, scenario: Scenario) -> None:
    steps = [s.id for s in scenario.steps]
    with st.form("playtest_jump", border=True):
        c1, c2 = st.columns(2)
        step = c1.selectbox("Start at step", steps, key="playtest_step")
        mood = c2.slider("Mood there", 0, 10, value=scenario.persona.mood, key="playtest_mood")
        if st.form_submit_button("Start over at this step"):
            with ctx.errors_shown():
                play.jump_to(step, mood)


def turn_table(play: PlayTest, scenario: Scenario) -> None:
    """Each reply so far in one row: its step, total, mood change and the branch it took."""
    rows = [{"turn": t.turn, "step": t.step, "score": round(t.score.total), "mood": f"{t.mood_before} → {t.mood_after}",
             "branch": branch_words(scenario, t.branch) if t.branch else ""}
            for t in play.transcript if t.speaker == "trainee" and t.score is not None]
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="playtest_turns")


def conversation(play: PlayTest, scenario: Scenario) -> None:
    rtl = is_rtl(scenario.language)
    for turn in play.transcript:
        with st.chat_message("user" if turn.speaker == "trainee" else "assistant"):
            st.text(turn.text)
            if turn.speaker == "trainee" and turn.score is not None:
                turn_details(scenario, turn)
    if play.ended:
        card = play.session.scorecard()
        verdict = "passed" if card.passed else "not passed"
        st.info(f"The call ended: {play.session.end_state.value.replace('_', ' ')}; {card.score.total:.0f}/100, "
                f"{verdict}.", icon=":material/flag:")
        return
    if st.button("Use the model answer", key="playtest_model_answer"):
        _reply(play, play.model_answer())
    if text := st.chat_input("Reply as the trainee", key="playtest_reply"):
        _reply(play, text)
    if rtl:
        st.caption("This scenario is right-to-left; replies are shown as typed.")


def _reply(play: PlayTest, text: str) -> None:
    try:
        play.reply(text)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    st.rerun()


def turn_details(scenario: Scenario, turn: Turn) -> None:
    score = turn.score
    rules = ", ".join(f"{c.rule} {c.change:+d}" for c in turn.mood_changes) or "no change"
    branch = branch_words(scenario, turn.branch) if turn.branch is not None else ""
    st.caption(f"{score.total:.0f}/100 · mood {turn.mood_before} → {turn.mood_after} ({rules}) · {branch}")
    with st.expander("Points per criterion"):
        criteria_table(score)


def criteria_table(score) -> None:
    st.dataframe(pd.DataFrame([{
        "criterion": cid, "points": f"{r.score:g}/{r.max}", "evidence": " | ".join(e.text for e in r.evidence),
        "why": r.reason} for cid, r in score.criteria.items()]), hide_index=True, width="stretch")


def try_alone(services: Services, scenario: Scenario) -> None:
    rubric = services.catalog.rubric_for(scenario)
    st.subheader(f"Try a reply against the rubric {rubric.id!r} alone", anchor=False)
    with st.form("playtest_try", border=False):
        reply = st.text_area("Reply", key="playtest_try_text", height=100)
        pressed = st.form_submit_button("Score this reply")
    if not pressed or not reply.strip():
        return
    score = try_reply(reply, rubric, services.scorer, language=scenario.language)
    st.markdown(f"**{score.total:.0f}/100**, {'passes' if score.passed else 'does not pass'} "
                f"(pass mark {rubric.pass_mark:g})" + (f"; critical failure: {escape_markdown(score.critical_failure)}"
                                                        if score.critical_failure else ""))
    st.html(highlighted(reply, score, rtl=is_rtl(scenario.language)))
    criteria_table(score)


def highlighted(reply: str, score, *, rtl: bool = False) -> str:
    """The reply with each evidence stretch marked and labelled with its criteria; all text escaped."""
    parts = []
    for seg in segments(reply, score):
        text = html.escape(seg.text).replace("\n", "<br>")
        if seg.criteria:
            label = html.escape(
                ", ".join(f"{c} {score.criteria[c].score:g}/{score.criteria[c].max}" for c in seg.criteria)
            )
            parts.append(f'<mark title="{label}">{text}</mark><sup class="fl-criteria">{label}</sup>')
        else:
            parts.append(text)
    return f'<div class="fl-reply" dir="{"rtl" if rtl else "ltr"}">{"".join(parts)}</div>'
