"""Calibration: trainers grade a sample of real replies; agreement with the scorer per criterion."""

import streamlit as st

from trainer.roles import AUTHOR
from trainer.ui import context as ctx
from trainer.ui import studio_calibration

viewer = ctx.require_role(*AUTHOR)
st.set_page_config(layout="wide")
st.title("Calibration")
with ctx.errors_shown():
    studio_calibration.page(ctx.services(), viewer)
