"""Account: who I am, my team, and a new password."""

import streamlit as st

from trainer.ui import account
from trainer.ui import context as ctx

user = ctx.require_user()
st.title("Account")
with ctx.errors_shown():
    account.page(ctx.services(), user)
