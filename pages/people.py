"""People: an admin adds accounts and teams, resets passwords, deactivates accounts."""

import streamlit as st

from trainer.roles import ADMINISTER
from trainer.ui import context as ctx
from trainer.ui import people

admin = ctx.require_role(*ADMINISTER)
st.title("People")
with ctx.errors_shown():
    people.page(ctx.services(), admin)
