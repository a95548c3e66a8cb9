"""People, for admins: add a person, see everyone, change a person's name, role, team and manager, set
a password, deactivate or reactivate them, and read the log of every change.

Every action runs in a button's callback, before the page is drawn again, so the list and the log below
it already show the change, and the add form can be emptied for the next person. The repository checks
the admin's role again on every write: this page is a convenience, not the guard."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from trainer.errors import FrontlineError
from trainer.roles import MAY_MANAGE, ROLES, Role
from trainer.services import Services
from trainer.store import PersonUpdate, Repository, UserRecord
from trainer.ui import context as ctx
from trainer.ui import login, web_session
from trainer.ui.text import escape_markdown

NEW = {"new_name": "", "new_email": "", "new_role": "trainee", "new_team": None, "new_manager": None,
       "new_password": ""}  # the add form's fields, and what they hold when empty
FLASH = "_people_flash"  # (where, kind, message): the outcome of the last action, shown once
CHANGES_PAGES = "_people_changes_pages"
DEACTIVATED = "deactivated"


def page(services: Services, admin: UserRecord) -> None:
    repo = services.repository()
    people = repo.accounts.list_users(admin, limit=1000).items
    teams = [t.name for t in repo.accounts.list_teams(admin)]
    add_person(repo, admin, people, teams)
    everyone(people)
    manage_person(repo, admin, people, teams)
    recent_changes(repo, admin)


# --- outcomes ------------------------------------------------------------------------------------------


def _flash(where: str, kind: str, message: str) -> None:
    st.session_state[FLASH] = (where, kind, message)


def _show_flash(where: str) -> None:
    flash = st.session_state.get(FLASH)
    if flash and flash[0] == where:
        del st.session_state[FLASH]
        (st.success if flash[1] == "success" else st.error)(escape_markdown(flash[2]))


def _attempt(where: str, action, success) -> None:
    """Run `action`; flash `success(result)` or the error's message beside the form it came from."""
    try:
        result = action()
    except FrontlineError as e:
        _flash(where, "error", str(e))
    else:
        _flash(where, "success", success(result))


def _logins(count: int) -> str:
    return f"{count} open login{'s' if count != 1 else ''}"


def _label(person: UserRecord) -> str:
    return f"{person.display_name} ({person.email})" + ("" if person.active else f" · {DEACTIVATED}")


def _managers(people: list[UserRecord], keep: int | None = None) -> dict[int, UserRecord]:
    """Who can be someone's manager: active managers, trainers and admins (and `keep`, the current one)."""
    return {p.id: p for p in people if (p.active and p.role in MAY_MANAGE) or p.id == keep}


# --- adding ---------------------------------------------------------------------------------------------


def add_person(repo: Repository, admin: UserRecord, people: list[UserRecord], teams: list[str]) -> None:
    managers = _managers(people)
    for key, empty in NEW.items():
        st.session_state.setdefault(key, empty)
    with st.form("add_person"):
        st.subheader("Add a person")
        # one row of two fields at a time, so that on a phone they stack in reading order
        left, right = st.columns(2)
        left.text_input("Name", key="new_name")
        right.text_input("Email", key="new_email")
        left, right = st.columns(2)
        left.selectbox("Role", ROLES, key="new_role")
        right.selectbox("Team", teams, index=None, accept_new_options=True,
                        placeholder="none, or type a new team's name",
                        key="new_team")
        left, right = st.columns(2)
        left.selectbox("Manager", list(managers), index=None, format_func=lambda i: _label(managers[i]),
                       placeholder="none (type to search)", key="new_manager")
        right.text_input("First password", type="password", help="At least 8 characters; "
                         "they can change it on their Account page.", key="new_password")
        st.form_submit_button("Add the person", type="primary", on_click=_add, args=(repo, admin, managers))
    _show_flash("add")


def _add(repo: Repository, admin: UserRecord, managers: dict[int, UserRecord]) -> None:
    state = st.session_state
    manager = managers.get(state["new_manager"])

    def create() -> UserRecord:
        return repo.accounts.create_user(state["new_email"], state["new_name"], state["new_role"],
                                         state["new_password"],
                                         team=state["new_team"] or None,
                                         manager_email=manager.email if manager else None,
                                         by=admin)

    _attempt("add", create, lambda p: f"Added {p.display_name} ({p.email}) as {p.role}"
             + (f" in {p.team_name}" if p.team_name else "") + ".")
    if state[FLASH][1] == "success":  # empty the form for the next person; on an error keep what was typed
        for key, empty in NEW.items():
            state[key] = empty


# --- everyone -------------------------------------------------------------------------------------------


def everyone(people: list[UserRecord]) -> None:
    by_id = {p.id: p for p in people}
    inactive = sum(not p.active for p in people)
    st.subheader(f"Everyone ({len(people)})")
    if inactive:
        st.caption(f"{len(people) - inactive} active, {inactive} {DEACTIVATED}. Deactivated people cannot log in; "
                   "their attempts and results stay in the dashboards' history.")
    st.dataframe(pd.DataFrame([
        {"name": p.display_name, "email": p.email, "role": p.role, "team": p.team_name or "",
         "manager": by_id[p.manager_id].display_name if p.manager_id in by_id else "",
         "status": "active" if p.active else DEACTIVATED} for p in people]),
        hide_index=True, width="stretch", column_config={"role": st.column_config.TextColumn(width="small"),
                                                         "status": st.column_config.TextColumn(width="small")})


# --- one person -----------------------------------------------------------------------------------------


def manage_person(repo: Repository, admin: UserRecord, people: list[UserRecord], teams: list[str]) -> None:
    if not people:
        return
    st.subheader("Change a person")
    by_id = {p.id: p for p in people}
    chosen = st.selectbox("Person", list(by_id), key="manage_person", format_func=lambda i: _label(by_id[i]))
    person = by_id[chosen]
    edit_form(repo, admin, person, people, teams)
    left, right = st.columns(2)
    with left:
        password_form(repo, admin, person)
    with right:
        activation(repo, admin, person)
    history = repo.people.people_changes(admin, user_id=person.id, limit=20).items
    with st.expander(f"Changes to {person.display_name} ({len(history)}{'+' if len(history) == 20 else ''})"):
        _changes_table(history, with_person=False)


def edit_form(repo: Repository, admin: UserRecord, person: UserRecord, people: list[UserRecord],
              teams: list[str]) -> None:
    managers = {i: p for i, p in _managers(people, keep=person.manager_id).items() if i != person.id}
    key = f"edit_{person.id}"
    with st.form(f"{key}_form"):
        left, right = st.columns(2)
        left.text_input("Name", value=person.display_name, key=f"{key}_name")
        right.selectbox("Role", ROLES, index=ROLES.index(person.role), key=f"{key}_role")
        left, right = st.columns(2)
        options = [None, *teams]
        left.selectbox("Team", options, index=options.index(person.team_name) if person.team_name in options else 0,
                       format_func=lambda t: "No team" if t is None else t, accept_new_options=True,
                       key=f"{key}_team")
        choices = [None, *managers]
        right.selectbox("Manager", choices, index=choices.index(person.manager_id) if person.manager_id in choices
                        else 0, format_func=lambda i: "No manager" if i is None else _label(managers[i]),
                        key=f"{key}_manager")
        st.form_submit_button("Save the changes", type="primary", on_click=_save, args=(repo, admin, person, managers))
    _show_flash("edit")


def _save(repo: Repository, admin: UserRecord, person: UserRecord, managers: dict[int, UserRecord]) -> None:
    state, key = st.session_state, f"edit_{person.id}"
    wanted: dict[str, str | None] = {}
    if state[f"{key}_name"] != person.display_name:
        wanted["display_name"] = state[f"{key}_name"]
    if state[f"{key}_role"] != person.role:
        wanted["role"] = state[f"{key}_role"]
    if (state[f"{key}_team"] or None) != person.team_name:
        wanted["team"] = state[f"{key}_team"] or None
    if state[f"{key}_manager"] != person.manager_id:
        manager = managers.get(state[f"{key}_manager"])
        wanted["manager_email"] = manager.email if manager else None
    if not wanted:
        _flash("edit", "success", f"Nothing to change: {person.display_name} is already like that.")
        return

    def save() -> str:
        updated = repo.people.update_user(person.id, PersonUpdate(**wanted), by=admin)
        if updated.id == admin.id:
            st.session_state[ctx.USER] = updated  # the sidebar and the navigation follow the new role
        still_admin = updated.id != admin.id or updated.role == Role.ADMIN
        change = repo.people.people_changes(admin, user_id=person.id, limit=1).items if still_admin else []
        return f"Saved {updated.display_name}" + (f": {change[0].summary}." if change else ".")

    _attempt("edit", save, lambda message: message)


def password_form(repo: Repository, admin: UserRecord, person: UserRecord) -> None:
    key = f"password_{person.id}"
    with st.form(f"{key}_form"):
        st.text_input("New password", type="password", key=key, help="At least 8 characters; setting it also "
                      "unlocks an account locked after failed logins.")
        st.form_submit_button("Set the password", on_click=_set_password, args=(repo, admin, person))
    _show_flash("password")


def _set_password(repo: Repository, admin: UserRecord, person: UserRecord) -> None:
    key = f"password_{person.id}"
    keep = web_session.current() if person.id == admin.id else None  # an admin's own login goes on
    _attempt("password", lambda: repo.accounts.set_password(person.id, st.session_state[key], by=admin,
                                                            keep_session=keep),
             lambda ended: f"Password set for {person.display_name}; any lock on the account is lifted"
                           + (f" and {_logins(ended)} ended." if ended else "."))
    st.session_state[key] = ""


def activation(repo: Repository, admin: UserRecord, person: UserRecord) -> None:
    if person.active:
        st.caption("A deactivated person cannot log in, with a password or single sign-on, and is logged out "
                   "at their next click. Their attempts, results and certificates stay, and lists mark them "
                   "deactivated.")
        st.button(f"Deactivate {person.display_name}", key=f"deactivate_{person.id}", icon=":material/person_off:",
                  on_click=_set_active, args=(repo, admin, person, False))
    else:
        st.caption(f"{person.display_name} is deactivated: they cannot log in. Their history is kept.")
        st.button(f"Reactivate {person.display_name}", key=f"reactivate_{person.id}", icon=":material/person_check:",
                  on_click=_set_active, args=(repo, admin, person, True))
    _show_flash("active")


def _set_active(repo: Repository, admin: UserRecord, person: UserRecord, active: bool) -> None:
    _attempt("active", lambda: repo.people.set_active(person.id, active, by=admin),
             lambda p: f"{p.display_name} is {'active again: they can log in' if active else DEACTIVATED}.")
    if not active and person.id == admin.id and st.session_state[FLASH][1] == "success":
        login.log_out()  # deactivated themselves: nothing more they may do here


# --- the change log -------------------------------------------------------------------------------------


def recent_changes(repo: Repository, admin: UserRecord) -> None:
    st.subheader("Recent changes to people")
    cursors: list[str | None] = st.session_state.setdefault(CHANGES_PAGES, [None])
    page = repo.people.people_changes(admin, limit=25, after=cursors[-1])
    _changes_table(page.items, with_person=True)
    left, right = st.columns(2)
    if len(cursors) > 1 and left.button("Newer changes", key="changes_newer"):
        cursors.pop()
        st.rerun()
    if page.next_cursor and right.button("Older changes", key="changes_older"):
        cursors.append(page.next_cursor)
        st.rerun()


def _changes_table(changes: list, *, with_person: bool) -> None:
    if not changes:
        st.caption("No changes recorded yet.")
        return
    rows = [{"when": c.changed_at, **({"person": c.person_name} if with_person else {}), "what": c.summary,
             "by": c.by} for c in changes]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
        "when": st.column_config.DatetimeColumn("when (UTC)", format="YYYY-MM-DD HH:mm", timezone="UTC"),
        "person": st.column_config.TextColumn(width="small"), "what": st.column_config.TextColumn(width="large"),
        "by": st.column_config.TextColumn(width="small")})
