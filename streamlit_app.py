"""Frontline in the browser: `streamlit run streamlit_app.py`.

The entry point builds the services once per process (settings -> scenario catalog, scorer,
repository), lets people in (first-run admin setup, login, optional single sign-on, or the login
cookie of an earlier visit), and lists the pages their role may open. Pages live in `pages/` and stay
thin; the work is in `trainer/`.

This file is read twice. `streamlit run` finds the `st.App` at the bottom and imports the file as a
module to serve it (with the login cookie's route, see `trainer/ui/web_session.py`); then every browser
session runs it as `__main__`, which draws the app.
"""

from __future__ import annotations

import gc

import streamlit as st

from trainer import services as svc
from trainer.config import ROOT, Settings, load_settings
from trainer.errors import FrontlineError
from trainer.roles import ADMINISTER, AUTHOR, LEAD, Role
from trainer.simulation import generated
from trainer.store import Repository
from trainer.ui import context as ctx
from trainer.ui import login, style, web_session
from trainer.ui.programs_nav import compliance_pages, program_editor_pages, program_pages
from trainer.ui.studio_nav import RELOAD, studio_pages


# Built once per process for each set of settings. The cache is keyed by `Settings.fingerprint()`, a
# digest with no secret in it; the settings themselves travel in the `_settings` argument, which
# Streamlit does not hash, so the real API key reaches the services untouched.
@st.cache_resource(show_spinner="Loading the scenario library...")
def _library(fingerprint: str, _settings: Settings):
    gc.unfreeze()  # a reload: the library it replaces may be collected again
    loaded = svc.load_catalog(_settings), svc.make_scorer(_settings)
    svc.prepare_scoring(loaded[0])
    # Streamlit collects garbage after every script run (runner.postScriptGC). With the libraries and
    # the scenario library in memory a full collection took 120-240 ms per reply on a 2-vCPU VM, and
    # a reply that ends with a rerun pays it twice before the next part of the page is drawn. Objects
    # alive now live as long as the process (or until the next reload), so they are frozen out of
    # every later collection; what a run leaves behind is still collected after it.
    gc.collect()
    gc.freeze()
    return loaded


@st.cache_resource(show_spinner=False)
def _settings() -> Settings:
    # Read once per process (the README says to restart after changing a setting); a ConfigError is
    # not cached, so a fixed secrets file is read again on the next run.
    return load_settings()


@st.cache_resource(show_spinner="Opening the database...")
def _store(fingerprint: str, _settings: Settings) -> Repository:
    # A StoreError is not cached: the next run tries again, so a database that comes back is used.
    return svc.open_store(_settings)


@st.cache_resource(show_spinner=False)
def _library_watch() -> svc.LibraryWatch:
    return svc.LibraryWatch()


def _reload_library(store: Repository | None) -> None:
    _library_watch().reloaded(store)
    _library.clear()


def build_services() -> svc.Services:
    fake = svc.installed()
    if fake is not None:
        return fake
    settings = _settings()
    key = settings.fingerprint()
    if st.session_state.pop("_retry_store", False):
        _store.clear()
    store, store_error = None, None
    try:
        store = _store(key, settings)
    except FrontlineError as e:
        store_error = str(e)
    if store is not None and _library_watch().stale(store):  # a trainer saved through another replica
        _library.clear()
    catalog, scorer = _library(key, settings)
    services = svc.Services(settings=settings, catalog=catalog, scorer=scorer, store=store, store_error=store_error)
    services.extras[RELOAD] = lambda: _reload_library(store)  # the studio reloads the library after a save
    return services


def pages_for(role: str | None) -> dict[str, list[st.Page]]:
    """The navigation in sections, by role; a section with no page for the role is left out."""
    practice = [st.Page("pages/practice.py", title="Practice", icon=":material/forum:", default=True)]
    if role is None:  # practising without a database
        return {"": practice}
    practice.append(st.Page("pages/progress.py", title="My progress", icon=":material/trending_up:"))
    practice.extend(program_pages(role))  # my assignments, certificates
    teams = []
    if role in LEAD:
        teams.append(st.Page("pages/team.py", title="Team progress", icon=":material/groups:"))
    teams.extend(compliance_pages(role))
    studio = studio_pages(role) + program_editor_pages(role)  # trainers and admins
    admin = []
    if role in ADMINISTER:
        admin.append(st.Page("pages/people.py", title="People", icon=":material/manage_accounts:"))
        admin.append(st.Page("pages/admin.py", title="Language model", icon=":material/smart_toy:"))
    admin.append(st.Page("pages/account.py", title="Account", icon=":material/account_circle:"))
    sections = {"Practice": practice, "Teams": teams, "Studio": studio, "Settings": admin}
    return {name: pages for name, pages in sections.items() if pages}


def sidebar(services: svc.Services) -> None:
    user = ctx.user()
    with st.sidebar:
        if user is not None:
            st.caption(f"Logged in as {user.display_name} ({user.role})")
        else:
            st.caption("Practising without saving: the database is not available.")
        if user is not None and user.role in AUTHOR and st.button(
                "Reload the scenario library", icon=":material/refresh:"):
            _reload_library(services.store)
            st.rerun()
        if st.button("Log out" if user is not None else "Back to the start", icon=":material/logout:", key="logout"):
            login.log_out()
            st.rerun()


def main() -> None:
    st.set_page_config(page_title="Frontline", page_icon=str(ROOT / "static" / "favicon.png"))  # served by the app
    web_session.run_again_after_reconnecting()  # a page that reconnects to another replica is drawn there
    generated.enable()  # saved attempts with a generated customer can be restored (resume, progress pages)
    style.inject()
    try:
        services = build_services()
    except FrontlineError as e:  # a setting that cannot be read
        ctx.show_error(e)
        st.stop()
    st.session_state[ctx.SERVICES] = services
    web_session.register(services)
    login.keep(services)  # this tab's login, still valid? or the cookie of an earlier visit
    user = ctx.user()
    if user is None and not ctx.is_guest():
        # Every page is known (hidden) while the login form shows, so the address of a sub-page survives
        # a reload or a link: after the login the person lands on it (when their role has it).
        st.navigation(pages_for(Role.ADMIN), position="hidden")
        login.gate(services)
        web_session.deliver()
        return
    st.set_option("client.showSidebarNavigation", True)  # off in config.toml: see the comment there
    page = st.navigation(pages_for(user.role if user else None), expanded=True)
    st.session_state[ctx.SIDEBAR_TOP] = st.sidebar.container()
    sidebar(services)
    web_session.deliver()
    page.run()


if __name__ == "__main__":  # a browser session's run (Streamlit runs the script as __main__)
    main()
else:  # imported by `streamlit run` to serve the app: Streamlit's server plus the login cookie's route
    app = st.App(__file__, routes=web_session.routes())
