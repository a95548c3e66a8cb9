"""My assignments: the programs I am in, what is left to pass, when it is due."""

import streamlit as st

from trainer.ui import assignments
from trainer.ui import context as ctx

user = ctx.require_user()
st.title("My assignments")
with ctx.errors_shown():
    assignments.page(ctx.services(), user)
