"""Play-test: a scenario as a trainee sees it, with scores and branches shown, and nothing recorded."""

import streamlit as st

from trainer.roles import AUTHOR
from trainer.ui import context as ctx
from trainer.ui import studio_playtest

ctx.require_role(*AUTHOR)
st.set_page_config(layout="wide")
st.title("Play-test")
with ctx.errors_shown():
    studio_playtest.page(ctx.services())
