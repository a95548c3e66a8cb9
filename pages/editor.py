"""Scenario editor: YAML with live problems at their lines, customer preview, step graph, safe save."""

import streamlit as st

from trainer.roles import AUTHOR
from trainer.ui import context as ctx
from trainer.ui import studio_editor

user = ctx.require_role(*AUTHOR)
st.set_page_config(layout="wide")
st.title("Scenario editor")
with ctx.errors_shown():
    studio_editor.page(ctx.services(), user)
