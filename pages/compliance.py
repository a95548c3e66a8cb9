"""Program compliance: completion per team, overdue people, exports (a manager: their teams only)."""

import streamlit as st

from trainer.roles import LEAD
from trainer.ui import compliance
from trainer.ui import context as ctx

viewer = ctx.require_role(*LEAD)
st.title("Program compliance")
with ctx.errors_shown():
    compliance.page(ctx.services(), viewer)
