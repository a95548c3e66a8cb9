"""Per-scenario analytics: attempts, pass rate, average per criterion, where attempts fail or stop, and
the lowest-scoring replies. Every figure comes from SQL through the store, filtered to the people the
viewer may see; names appear only for people the viewer manages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from trainer.services import Services
from trainer.store import UserRecord
from trainer.studio.analytics import scenario_analytics
from trainer.ui import charts
from trainer.ui.text import escape_markdown

PERIODS: dict[int | None, str] = {None: "All time", 30: "Last 30 days", 90: "Last 90 days", 365: "Last year"}


def page(services: Services, viewer: UserRecord) -> None:
    catalog = services.catalog
    if not catalog.scenarios:
        st.info("The library has no scenario that loads.")
        return
    ids = sorted(catalog.scenarios)
    c1, c2 = st.columns([3, 1])
    scenario_id = c1.selectbox("Scenario", ids, key="analytics_scenario",
                               format_func=lambda i: f"{catalog.scenarios[i].title} ({i})")
    days = c2.selectbox("Period", list(PERIODS), key="analytics_period", format_func=PERIODS.__getitem__)
    since = None if days is None else datetime.now(UTC) - timedelta(days=days)
    report = scenario_analytics(services.repository(), viewer, scenario_id, since=since)
    s = report.summary
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Attempts", s.attempts)
    c2.metric("Finished", s.finished, help=f"{s.abandoned} abandoned, {s.in_progress} in progress")
    c3.metric("Pass rate", "–" if s.pass_rate is None else f"{100 * s.pass_rate:.0f}%")
    c4.metric("Average score", "–" if s.average_score is None else f"{s.average_score:.0f}")
    if not s.attempts:
        st.info("Nobody you can see has tried this scenario yet.")
        return
    labels = _labels(services, scenario_id)
    st.subheader("Average per criterion", anchor=False)
    if report.criteria:
        st.altair_chart(charts.bars([(labels.get(c.criterion_id, c.criterion_id), 100 * c.average,
                                      f"{100 * c.average:.0f}% · {c.attempts} attempts") for c in report.criteria],
                                    title="% of the criterion's points"), width="stretch")
        if report.weakest_criterion is not None:
            weakest = report.weakest_criterion.criterion_id
            st.caption(f"Weakest: {escape_markdown(labels.get(weakest, weakest))}")
    st.subheader("Where attempts stop", anchor=False)
    hardest = report.hardest_step
    if hardest is not None:
        st.markdown(
            f"Hardest step: **{escape_markdown(hardest.step)}** ({hardest.failed} failed, "
            f"{hardest.abandoned} dropped off there)"
        )
    st.dataframe(pd.DataFrame([{"step": x.step, "stopped here": x.stopped, "failed": x.failed,
                                "dropped off": x.abandoned, "hung up": x.hung_up} for x in report.steps]),
                 hide_index=True, width="stretch")
    st.subheader("Lowest-scoring replies", anchor=False)
    st.dataframe(pd.DataFrame([{"score": r.total, "reply": r.text, "person": r.person, "attempt": r.attempt_id}
                               for r in report.lowest]), hide_index=True, width="stretch")
    if any(not r.named for r in report.lowest):
        st.caption("People you do not manage are shown as 'Person 1', 'Person 2'... within this list.")


def _labels(services: Services, scenario_id: str) -> dict[str, str]:
    rubric = services.catalog.rubric_for(services.catalog.scenario(scenario_id))
    return {c.id: c.label or c.id for c in rubric.criteria}
