"""One person's progress: attempts over time, the trend per criterion, best and latest per scenario,
and any past attempt opened as transcript and scorecard. The same view serves "My progress" and a
manager looking at someone in their team; the repository decides who may see whom."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from trainer.errors import FrontlineError, SessionError
from trainer.messages import bidi_safe
from trainer.services import Services
from trainer.simulation.session import Session, SessionState
from trainer.store import AttemptRecord, Repository, UserRecord
from trainer.ui import chat, scorecard
from trainer.ui import context as ctx
from trainer.ui.live import lines_of, notices_of
from trainer.ui.text import escape_markdown
from trainer.ui.transcript import Line

BUCKETS = {"day": "Day", "week": "Week", "month": "Month"}
WHEN = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", timezone="UTC")
SCORE = st.column_config.NumberColumn(format="%.0f")


def person_progress(services: Services, viewer: UserRecord, person: UserRecord, *, key: str) -> None:
    repo = services.repository()
    titles = {sid: bidi_safe(s.title) for sid, s in services.catalog.scenarios.items()}
    history = repo.score_history(viewer, person.id)
    if not history:
        st.info(escape_markdown(f"{person.display_name} has not finished an attempt yet. "
                                "Finished calls appear here with their scores."))
    else:
        summary(history)
        st.subheader("Attempts over time")
        frame = pd.DataFrame([{"finished": p.ended_at, "score": p.score, "passed": "passed" if p.passed else "not passed",
                               "scenario": titles.get(p.scenario_id, p.scenario_id)} for p in history])
        st.altair_chart(score_chart(frame), width="stretch")
        criterion_trend(services, repo, viewer, person, key=key)
        st.subheader("Best and latest per scenario")
        rows = [{"scenario": titles.get(p.scenario_id, p.scenario_id), "attempts": p.attempts,
                 "best": p.best_score, "latest": p.latest_score,
                 "latest passed": p.latest_passed, "ever passed": p.ever_passed, "last tried": p.latest_at}
                for p in repo.scenario_progress(viewer, person.id)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
            "last tried": WHEN, "best": SCORE, "latest": SCORE})
    attempts(services, viewer, person, key=key)


def summary(history: list) -> None:
    scores = [p.score for p in history if p.score is not None]
    cols = st.columns(3)
    cols[0].metric("Finished attempts", len(history))
    cols[1].metric("Passed", sum(1 for p in history if p.passed))
    if scores:
        recent = scores[-5:]
        cols[2].metric("Average of the last five", f"{sum(recent) / len(recent):.0f}")


def score_chart(frame: pd.DataFrame) -> alt.Chart:
    return alt.Chart(frame, height=260).mark_circle(size=90).encode(
        x=alt.X("finished:T", title=None, axis=alt.Axis(format="%d %b %H:%M", labelAngle=0)),
        y=alt.Y("score:Q", title="score", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("scenario:N", legend=alt.Legend(orient="bottom", title=None, labelLimit=400)),
        shape=alt.Shape("passed:N", legend=None),
        tooltip=["scenario", alt.Tooltip("finished:T", format="%Y-%m-%d %H:%M"), "score", "passed"],
    )


def criterion_labels(services: Services) -> dict[str, str]:
    labels: dict[str, str] = {}
    for rubric in services.catalog.rubrics.values():
        for criterion in rubric.criteria:
            labels.setdefault(criterion.id, bidi_safe(criterion.label))
    return labels


def criterion_trend(services: Services, repo: Repository, viewer: UserRecord, person: UserRecord, *,
                    key: str) -> None:
    st.subheader("Trend per criterion")
    bucket = st.segmented_control("Per", list(BUCKETS), format_func=BUCKETS.__getitem__, default="week",
                                  key=f"{key}_bucket") or "week"
    points = repo.criterion_trend(viewer, person.id, bucket=bucket)  # type: ignore[arg-type]
    if not points:
        st.caption("No criterion results yet.")
        return
    labels = criterion_labels(services)
    frame = pd.DataFrame([{"period": p.bucket, "criterion": labels.get(p.criterion_id, p.criterion_id),
                           "share": round(100 * p.average, 1), "attempts": p.attempts} for p in points])
    chart = alt.Chart(frame, height=300).mark_line(point=alt.OverlayMarkDef(size=70)).encode(
        x=alt.X("period:T", title=None, axis=alt.Axis(format="%d %b", labelAngle=0)),
        y=alt.Y("share:Q", title="% of the criterion's points", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("criterion:N", legend=alt.Legend(orient="bottom", title=None, columns=2, labelLimit=280)),
        tooltip=["criterion", alt.Tooltip("period:T", format="%Y-%m-%d"), "share", "attempts"],
    )
    st.altair_chart(chart, width="stretch")


def attempts(services: Services, viewer: UserRecord, person: UserRecord, *, key: str) -> None:
    repo = services.repository()
    page = repo.list_attempts(viewer, user_id=person.id, limit=100)
    if not page.items:
        return
    st.subheader("Attempts")
    titles = {sid: bidi_safe(s.title) for sid, s in services.catalog.scenarios.items()}
    rows = [{"started": a.started_at, "scenario": titles.get(a.scenario_id, a.scenario_id), "mode": a.mode,
             "state": a.state.replace("_", " "), "score": a.score, "passed": a.passed,
             "replies": max(0, (a.turn_count - 1) // 2)} for a in page.items]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={"started": WHEN, "score": SCORE})
    by_id = {a.id: a for a in page.items}
    chosen = st.selectbox("Open an attempt", [None, *by_id], key=f"{key}_open",
                          format_func=lambda i: "choose one" if i is None else _label(by_id[i], titles))
    if chosen is not None:
        show_attempt(services, viewer, by_id[chosen], key=f"{key}_{chosen}")


def _label(a: AttemptRecord, titles: dict[str, str]) -> str:
    score = "" if a.score is None else f", {a.score:.0f}/100"
    return f"{a.started_at:%Y-%m-%d %H:%M} · {titles.get(a.scenario_id, a.scenario_id)} · {a.state.replace('_', ' ')}{score}"


def show_attempt(services: Services, viewer: UserRecord, record: AttemptRecord, *, key: str) -> None:
    try:
        detail = services.repository().get_attempt(viewer, record.id)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    session = _session(services, detail.session_state, record.scenario_id)
    scenario = services.catalog.scenarios.get(record.scenario_id)
    language = scenario.language if scenario else "en"
    if session is not None:
        lines = lines_of(session, notices_of(detail))
        chat.conversation(lines, language=language, rubric=session.rubric, feedback=True, key=key)
        if session.ended:
            scorecard.scorecard(session.scorecard(), lines, language=language, key=f"{key}_card")
        return
    st.caption("This scenario has changed since; the saved conversation is shown without its scorecard.")
    for turn in detail.turns:
        line = Line(speaker=turn.speaker, text=turn.text, response_seconds=turn.response_seconds)
        with st.chat_message("user" if line.speaker == "trainee" else "assistant"):
            st.text(line.text)


def _session(services: Services, state: dict | None, scenario_id: str) -> Session | None:
    if not state:
        return None
    try:
        scenario = services.catalog.scenario(scenario_id)
        rubric = services.catalog.rubric_for(scenario)
        return Session.restore(SessionState.model_validate(state), scenario, rubric, services.scorer)
    except (FrontlineError, SessionError, ValueError):
        return None
