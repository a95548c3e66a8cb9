"""Certificates: mine, each printable (or saved as PDF from the browser)."""

import streamlit as st

from trainer.ui import certificate
from trainer.ui import context as ctx

user = ctx.require_user()
st.title("Certificates")
with ctx.errors_shown():
    certificate.page(ctx.services(), user)
