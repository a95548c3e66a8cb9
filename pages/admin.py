"""Language model: an admin sees whether an LLM is configured and tests the connection."""

import streamlit as st

from trainer.roles import ADMINISTER
from trainer.ui import context as ctx
from trainer.ui import llm_admin

ctx.require_role(*ADMINISTER)
st.title("Language model")
with ctx.errors_shown():
    llm_admin.page(ctx.services())
