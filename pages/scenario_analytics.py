"""Scenario analytics: pass rate, criterion averages, the hardest step, the lowest replies."""

import streamlit as st

from trainer.roles import AUTHOR
from trainer.ui import context as ctx
from trainer.ui import studio_analytics

viewer = ctx.require_role(*AUTHOR)
st.set_page_config(layout="wide")
st.title("Scenario analytics")
with ctx.errors_shown():
    studio_analytics.page(ctx.services(), viewer)
