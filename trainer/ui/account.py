"""My account: who I am and a new password."""

from __future__ import annotations

import streamlit as st

from trainer.errors import FrontlineError
from trainer.services import Services
from trainer.store import UserRecord
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown


def page(services: Services, user: UserRecord) -> None:
    st.markdown(escape_markdown(f"{user.display_name} · {user.email} · {user.role}"
                                + (f" · team {user.team_name}" if user.team_name else "")))
    with st.form("new_password", clear_on_submit=True):
        st.subheader("Change your password")
        current = st.text_input("Current password", type="password", key="current_password")
        new = st.text_input("New password", type="password", help="At least 8 characters.", key="new_password_1")
        again = st.text_input("New password again", type="password", key="new_password_2")
        submitted = st.form_submit_button("Change the password")
    if not submitted:
        return
    if new != again:
        st.error("The two new passwords differ; type the same one twice.")
        return
    repo = services.repository()
    try:
        repo.authenticate(user.email, current)
        repo.set_password(user.id, new, by=user)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    st.success("Your password is changed.")
