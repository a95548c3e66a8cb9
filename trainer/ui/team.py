"""The manager's view of their people: their teams' latest attempts, and one person to look into.
Only people the repository lets the viewer see are listed (a manager: their own teams)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trainer.services import Services
from trainer.store import UserRecord


def choose_person(services: Services, viewer: UserRecord) -> UserRecord | None:
    repo = services.repository()
    teams = repo.accounts.list_teams(viewer)
    team_names = {t.id: t.name for t in teams}
    team_id = st.selectbox("Team", [None, *team_names], key="team_choice",
                           format_func=lambda t: "All the people I can see" if t is None else team_names[t])
    people = [p for p in repo.accounts.list_users(viewer, team_id=team_id, limit=500).items if p.id != viewer.id]
    titles = {sid: s.title for sid, s in services.catalog.scenarios.items()}
    latest = repo.attempts.list_attempts(viewer, team_id=team_id, limit=50).items
    latest = [a for a in latest if a.user_id != viewer.id]
    st.subheader("Latest attempts")
    if latest:
        st.dataframe(pd.DataFrame([
            {"started": a.started_at, "person": a.user_name, "scenario": titles.get(a.scenario_id, a.scenario_id),
             "mode": a.mode, "state": a.state.replace("_", " "), "score": a.score, "passed": a.passed}
            for a in latest]), hide_index=True, width="stretch",
            column_config={"started": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm", timezone="UTC"),
                           "score": st.column_config.NumberColumn(format="%.0f")})
    else:
        st.caption("No attempts yet from the people you can see.")
    if not people:
        st.info("No one to show: your teams have no members yet. An admin adds people and teams.")
        return None
    by_id = {p.id: p for p in people}
    chosen = st.selectbox("Person", [None, *by_id], key="person_choice",
                          format_func=lambda i: "choose someone" if i is None
                          else f"{by_id[i].display_name} ({by_id[i].email}, {by_id[i].team_name or 'no team'}"
                          + ("" if by_id[i].active else ", deactivated") + ")")
    if chosen is None:
        return None
    st.header(by_id[chosen].display_name, divider=True, anchor=False)
    return by_id[chosen]
