"""Programs: trainers and admins create and edit them (required scenarios, audience, due date, recurrence)."""

import streamlit as st

from trainer.roles import AUTHOR
from trainer.ui import context as ctx
from trainer.ui import program_editor

editor = ctx.require_role(*AUTHOR)
st.title("Programs")
with ctx.errors_shown():
    program_editor.page(ctx.services(), editor)
