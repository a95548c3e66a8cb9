"""My progress: my attempts over time, my trend per criterion, best and latest per scenario."""

import streamlit as st

from trainer.ui import context as ctx
from trainer.ui import progress

user = ctx.require_user()
st.title("My progress")
with ctx.errors_shown():
    progress.person_progress(ctx.services(), user, user, key="mine")
