"""Scenario library: every scenario and rubric, filters, and load problems with their lines."""

import streamlit as st

from trainer.roles import AUTHOR
from trainer.ui import context as ctx
from trainer.ui import studio_library

ctx.require_role(*AUTHOR)
st.set_page_config(layout="wide")
st.title("Scenario library")
with ctx.errors_shown():
    studio_library.page(ctx.services())
