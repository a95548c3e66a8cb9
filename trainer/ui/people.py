"""Accounts and teams for admins: add a person, see everyone, set a password, (de)activate.
The repository checks the role again on every write, so this page is a convenience, not the guard."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trainer.errors import FrontlineError
from trainer.services import Services
from trainer.store import UserRecord
from trainer.ui import context as ctx
from trainer.ui.text import escape_markdown

ROLES = ("trainee", "manager", "trainer", "admin")


def page(services: Services, admin: UserRecord) -> None:
    repo = services.repository()
    add_person(services, admin)
    people = repo.list_users(admin, limit=1000).items
    st.subheader(f"Everyone ({len(people)})")
    st.dataframe(pd.DataFrame([{"name": p.display_name, "email": p.email, "role": p.role,
                                "team": p.team_name or "", "active": p.active} for p in people]),
                 hide_index=True, width="stretch")
    manage_person(services, admin, people)


def add_person(services: Services, admin: UserRecord) -> None:
    repo = services.repository()
    teams = [t.name for t in repo.list_teams(admin)]
    with st.form("add_person", clear_on_submit=False):
        st.subheader("Add a person")
        left, right = st.columns(2)
        name = left.text_input("Name", key="new_name")
        email = right.text_input("Email", key="new_email")
        role = left.selectbox("Role", ROLES, key="new_role")
        team = right.selectbox("Team", teams, index=None, accept_new_options=True,
                               placeholder="none, or type a new team's name", key="new_team")
        manager = left.text_input("Manager's email (optional)", key="new_manager")
        password = right.text_input("First password", type="password", help="At least 8 characters; "
                                    "they can change it on their Account page.", key="new_password")
        submitted = st.form_submit_button("Add the person", type="primary")
    if not submitted:
        return
    try:
        person = repo.create_user(email, name, role, password, team=team or None,
                                  manager_email=manager.strip() or None, by=admin)
    except FrontlineError as e:
        ctx.show_error(e)
        return
    st.success(escape_markdown(f"Added {person.display_name} ({person.email}) as {person.role}."))


def manage_person(services: Services, admin: UserRecord, people: list[UserRecord]) -> None:
    if not people:
        return
    repo = services.repository()
    st.subheader("Change an account")
    by_id = {p.id: p for p in people}
    chosen = st.selectbox("Person", list(by_id), key="manage_person",
                          format_func=lambda i: f"{by_id[i].display_name} ({by_id[i].email})")
    person = by_id[chosen]
    with st.form("person_password", clear_on_submit=True):
        password = st.text_input("New password", type="password")
        if st.form_submit_button("Set the password"):
            try:
                repo.set_password(person.id, password, by=admin)
            except FrontlineError as e:
                ctx.show_error(e)
            else:
                st.success("Password set; any lock on the account is lifted.")
    if person.id != admin.id:
        label = "Deactivate the account" if person.active else "Reactivate the account"
        if st.button(label, key="toggle_active"):
            try:
                repo.set_active(person.id, not person.active, by=admin)
            except FrontlineError as e:
                ctx.show_error(e)
            else:
                st.rerun()
