"""One person's progress: attempts over time, the trend per criterion, best and latest per scenario,
and any past attempt opened as transcript and scorecard. The same view serves "My progress" and a
manager looking at someone in their team; the repository decides who may see whom."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from trainer.errors import FrontlineError, SessionError
from trainer.messages import bidi_safe
from trainer.practice.attempt import lines_of, notices_of
from trainer.practice.transcript import Line
from trainer.progress.criterion_sets import CriterionSet, criterion_sets, find
from trainer.services import Services
from trainer.simulation.session import Session, SessionState
from trainer.store import AttemptRecord, Repository, UserRecord
from trainer.ui import charts, chat, scorecard
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown

BUCKETS = {"day": "Day", "week": "Week", "month": "Month"}
WHEN = st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", timezone="UTC")
SCORE = st.column_config.NumberColumn(format="%.0f")
MIN_POINTS = 3  # fewer finished attempts read better as words than as dots


def person_progress(services: Services, viewer: UserRecord, person: UserRecord, *, key: str) -> None:
    repo = services.repository()
    titles = {sid: bidi_safe(s.title) for sid, s in services.catalog.scenarios.items()}
    history = repo.progress.score_history(viewer, person.id)
    if not history:
        st.info(escape_markdown(f"{person.display_name} has not finished an attempt yet. "
                                "Finished calls appear here with their scores."))
    else:
        summary(history)
        st.subheader("Attempts over time", anchor=False)
        scores = [(p.ended_at, p.score, bool(p.passed), titles.get(p.scenario_id, p.scenario_id))
                  for p in history if p.score is not None and p.ended_at is not None]
        if len(scores) < MIN_POINTS:
            st.caption(escape_markdown(few_attempts(scores)))
        else:
            st.altair_chart(charts.scores(scores), width="stretch")
        standing = repo.progress.scenario_progress(viewer, person.id)
        criterion_trend(services, repo, viewer, person, {p.scenario_id for p in standing}, key=key)
        st.subheader("Best and latest per scenario", anchor=False)
        rows = [{"scenario": titles.get(p.scenario_id, p.scenario_id), "attempts": p.attempts,
                 "best": p.best_score, "latest": p.latest_score,
                 "latest passed": p.latest_passed, "ever passed": p.ever_passed, "last tried": p.latest_at}
                for p in standing]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
            "last tried": WHEN, "best": SCORE, "latest": SCORE})
    attempts(services, viewer, person, key=key)


def few_attempts(scores: list[tuple[datetime, float, bool, str]]) -> str:
    """The first attempts in words, rather than a chart of one or two dots."""
    if not scores:
        return "No scored attempts yet."
    each = "; ".join(f"{title}, {when:%d %b}: {score:.0f}/100, {'passed' if ok else 'not passed'}"
                     for when, score, ok, title in scores)
    count = f"{len(scores)} attempt{'s' if len(scores) != 1 else ''} so far"
    return f"{count} ({each}). The chart appears from the {ordinal(MIN_POINTS)} attempt."


def ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def summary(history: list) -> None:
    scores = [p.score for p in history if p.score is not None]
    cols = st.columns(3)
    cols[0].metric("Finished attempts", len(history))
    cols[1].metric("Passed", sum(1 for p in history if p.passed))
    if scores:
        recent = scores[-5:]
        cols[2].metric("Average of the last five", f"{sum(recent) / len(recent):.0f}")


def person_sets(services: Services, tried: set[str]) -> list[CriterionSet]:
    """The shared set, and the rubric sets of the scenarios the person has finished."""
    return [s for s in criterion_sets(services.catalog) if s.scenario_ids is None or tried & set(s.scenario_ids)]


def criterion_trend(services: Services, repo: Repository, viewer: UserRecord, person: UserRecord, tried: set[str],
                    *, key: str) -> None:
    st.subheader("Trend per criterion", anchor=False)
    sets = person_sets(services, tried)
    if not sets:
        return
    by_key = {s.key: s for s in sets}
    left, right = st.columns([3, 2])
    chosen = find(sets, left.selectbox("Criteria", list(by_key), key=f"{key}_set",
                                       format_func=lambda k: by_key[k].title))
    assert chosen is not None
    bucket = right.segmented_control("Per", list(BUCKETS), format_func=BUCKETS.__getitem__, default="week",
                                     key=f"{key}_bucket") or "week"
    points = repo.progress.criterion_trend(viewer, person.id, bucket=bucket, criteria=chosen.criteria,  # type: ignore[arg-type]
                                           scenarios=chosen.scenario_ids)
    per_bucket: dict[datetime, int] = {}
    for p in points:
        per_bucket[p.bucket] = max(per_bucket.get(p.bucket, 0), p.attempts)
    message = charts.too_little(per_bucket, sum(per_bucket.values()), noun="attempt", period=bucket)
    if message:
        st.caption(message)
        if points:
            latest = {p.criterion_id: p for p in points}
            st.altair_chart(charts.bars([(chosen.label(c), 100 * latest[c].average, f"{100 * latest[c].average:.0f}%")
                                         for c in chosen.criteria if c in latest],
                                        title="% of the criterion's points"), width="stretch")
        return
    st.altair_chart(
        charts.trend(
            [(p.bucket, chosen.label(p.criterion_id), 100 * p.average, p.attempts) for p in points],
            order=[chosen.label(c) for c in chosen.criteria],
            x_title=f"{BUCKETS[bucket]} starting",
            time_format="%b %Y" if bucket == "month" else "%d %b",
        ),
        width="stretch",
    )


def attempts(services: Services, viewer: UserRecord, person: UserRecord, *, key: str) -> None:
    repo = services.repository()
    page = repo.attempts.list_attempts(viewer, user_id=person.id, limit=100)
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
    title = titles.get(a.scenario_id, a.scenario_id)
    return f"{a.started_at:%Y-%m-%d %H:%M} · {title} · {a.state.replace('_', ' ')}{score}"


def show_attempt(services: Services, viewer: UserRecord, record: AttemptRecord, *, key: str) -> None:
    try:
        detail = services.repository().attempts.get_attempt(viewer, record.id)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    session = _session(services, detail.session_state, record.scenario_id)
    scenario = services.catalog.scenarios.get(record.scenario_id)
    language = scenario.language if scenario else "en"
    if session is not None:
        lines = lines_of(session, notices_of(detail))
        chat.conversation(lines, language=language, rubric=session.rubric, feedback=True, key=key,
                          moods=chat.mood_labels(scenario))
        if session.ended:
            try:
                heard = services.repository().recordings.recordings(viewer, record.id)
            except FrontlineError as e:
                ctx.show_error(e)
                heard = []
            scorecard.scorecard(session.scorecard(), lines, language=language, key=f"{key}_card",
                                recordings=heard, downloadable=viewer.id == record.user_id)
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
