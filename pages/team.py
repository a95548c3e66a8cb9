"""Team progress: a manager sees the people in their teams (trainers and admins see everyone)."""

import streamlit as st

from trainer.roles import LEAD
from trainer.ui import context as ctx
from trainer.ui import progress, team, team_dashboard

viewer = ctx.require_role(*LEAD)
st.title("Team progress")
with ctx.errors_shown():
    team_dashboard.overview(ctx.services(), viewer)
    st.header("One person", divider=True, anchor=False)
    person = team.choose_person(ctx.services(), viewer)
    if person is not None:
        progress.person_progress(ctx.services(), viewer, person, key=f"person_{person.id}")
