"""The scenario editor: open a file or start one from the template, edit the YAML with problems shown
at their lines as you go, preview the customer with Faker values for a seed, see the step graph, and
save, only when valid and only over the version that was opened (see `trainer/studio/files.py`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st

from trainer.errors import FrontlineError
from trainer.scenario.loader import parse_text
from trainer.scenario.schema import Scenario
from trainer.scenario.variables import fill, resolve
from trainer.services import Services
from trainer.store import UserRecord
from trainer.studio import files, graph, library, template
from trainer.studio.roundtrip import set_values
from trainer.ui import studio_draft
from trainer.ui.studio_nav import reload_library
from trainer.ui.studio_playtest import DRAFT, DRAFT_CHOICE, PLAY
from trainer.ui.studio_problems import show_problems
from trainer.ui.text import escape_markdown

OPENED = "studio_opened"
TEXT = "studio_yaml"
KEPT = "studio_yaml_kept"  # the text box's content, kept when the person visits another page
FLASH = "studio_flash"
ERROR = "studio_error"
CONFLICT = "studio_conflict"
NEW_FILE = "(new scenario from the template)"


EDITOR_CSS = """<style>
.st-key-studio_yaml textarea { font-family: "Source Code Pro", ui-monospace, monospace; font-size: 0.85rem;
  white-space: pre; overflow-wrap: normal; overflow-x: auto; tab-size: 2; }
</style>"""


def page(services: Services, user: UserRecord) -> None:
    st.html(EDITOR_CSS)
    _messages()
    chooser(services)
    studio_draft.section(services)  # or have the language model draft a new scenario
    opened: files.OpenedFile | None = st.session_state.get(OPENED)
    if opened is None:
        st.info("Open a file above, or start a new scenario from the template.", icon=":material/info:")
        return
    editing(services, user, opened)


def _messages() -> None:
    if (flash := st.session_state.pop(FLASH, None)) is not None:
        st.success(escape_markdown(flash), icon=":material/check_circle:")
    if (error := st.session_state.pop(ERROR, None)) is not None:
        st.error(escape_markdown(error), icon=":material/error:")


def _guarded(action: Callable[[], None]) -> Callable[[], None]:
    """A widget callback whose user-facing errors are shown on the next run instead of crashing it."""
    def run() -> None:
        try:
            action()
        except FrontlineError as e:
            st.session_state[ERROR] = str(e)
    return run


def load(opened: files.OpenedFile) -> None:
    """Put a file in the editor (also used by the library page's "Open in the editor")."""
    st.session_state[OPENED] = opened
    st.session_state[TEXT] = st.session_state[KEPT] = opened.text
    st.session_state.pop(CONFLICT, None)


# -- choosing a file --------------------------------------------------------------------------------

def chooser(services: Services) -> None:
    root = services.settings.scenarios_dir
    entries = library.entries(services.catalog, root)
    by_path = {e.path: e for e in entries}
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    choice = left.selectbox("File", [NEW_FILE, *by_path], key="studio_file_choice",
                            format_func=lambda p: p if p == NEW_FILE else
                            f"{by_path[p].id}: {by_path[p].title or by_path[p].kind} ({by_path[p].status})")
    if choice != NEW_FILE:
        right.button(
            "Open this file",
            key="studio_open",
            on_click=_guarded(lambda: load(files.open_file(Path(choice)))),
            width="stretch",
        )
        return
    with st.form("studio_new", border=True):
        st.caption("A new scenario starts from a complete example that already validates and plays; "
                   "change its text step by step.")
        c1, c2 = st.columns(2)
        c1.text_input("Title", key="studio_new_title", placeholder="The parcel that never arrived")
        c2.text_input("Id (leave empty to make one from the title)", key="studio_new_id")
        c3, c4, c5 = st.columns(3)
        c3.selectbox("Language", ["en", "fa", "zh"], key="studio_new_language")
        c4.selectbox("Channel", ["chat", "phone", "email", "social"], key="studio_new_channel")
        rubrics = sorted(services.catalog.rubrics) or ["core"]
        c5.selectbox(
            "Rubric", rubrics, key="studio_new_rubric", index=rubrics.index("core") if "core" in rubrics else 0
        )
        st.form_submit_button("Create from the template", on_click=_guarded(lambda: _create(root)))


def _create(root: Path) -> None:
    s = st.session_state
    title = (s.get("studio_new_title") or "").strip()
    scenario_id = (s.get("studio_new_id") or "").strip() or template.slug(title)
    language = s.get("studio_new_language") or "en"
    text = template.new_scenario(
        scenario_id,
        title or scenario_id,
        language=language,
        channel=s.get("studio_new_channel") or "chat",
        rubric=s.get("studio_new_rubric") or "core",
    )
    load(files.new_file(template.path_for(root, scenario_id, language), text))


# -- editing ----------------------------------------------------------------------------------------

def editing(services: Services, user: UserRecord, opened: files.OpenedFile) -> None:
    root = services.settings.scenarios_dir
    name = library_name(opened.path, root)
    st.subheader(f"{escape_markdown(name)}{' (new, not saved yet)' if opened.digest is None else ''}", anchor=False)
    left, right = st.columns([3, 2])
    if TEXT not in st.session_state:  # Streamlit forgets a widget's value on pages where it is not drawn
        st.session_state[TEXT] = st.session_state.get(KEPT, opened.text)
    with left:
        text = st.text_area("YAML", key=TEXT, height=560,
                            help="Problems are checked every time the text changes (click outside the box or "
                                 "press Ctrl+Enter).")
        st.session_state[KEPT] = text
        problems = files.check(services.catalog, text, opened.kind, opened.path, services.settings.max_file_kb * 1024)
        show_problems(problems, text)
        st.button("Save", key="studio_save", type="primary", disabled=bool(problems), icon=":material/save:",
                  on_click=_guarded(lambda: save(services, user)))
        if (conflict := st.session_state.get(CONFLICT)) is not None:
            conflict_help(opened, text, conflict)
        with st.expander("Highlighted, with line numbers"):
            st.code(text, language="yaml", line_numbers=True)
    with right:
        preview, steps, fields, log = st.tabs(["Customer preview", "Step graph", "Quick fields", "Save log"])
        model = parse_text(text, opened.kind, opened.path).model if not problems else None
        with preview:
            customer_preview(model)
        with steps:
            if isinstance(model, Scenario):
                if st.button("Play-test this version", key="studio_playtest", icon=":material/sports_esports:",
                             help="Try the text as it is in the box, before saving; nothing is recorded."):
                    st.session_state[DRAFT] = model
                    st.session_state["playtest_scenario"] = DRAFT_CHOICE
                    st.session_state.pop(PLAY, None)
                    st.switch_page("pages/playtest.py")
                st.caption("The step graph is drawn under the editor, at full width.")
            else:
                st.caption("The graph appears when the scenario is valid.")
        with fields:
            quick_fields(text, opened)
        with log:
            save_log(services, user, name)
    if isinstance(model, Scenario):  # full width: a column would shrink its text below reading size
        st.subheader("Step graph", anchor=False)
        st.caption("Bold: the start step. Dashed: a step no branch leads to. Arrows: branches in order.")
        st.graphviz_chart(graph.to_dot(model), width="content")


def library_name(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return path



def customer_preview(model: object) -> None:
    if not isinstance(model, Scenario):
        st.caption("The preview appears when the scenario is valid.")
        return
    seed = st.number_input("Seed", min_value=0, max_value=2**31 - 1, value=7, step=1, key="studio_seed",
                           help="Each attempt draws its customer with a seed; try a few.")
    values = resolve(model, int(seed))
    st.markdown(f"**{escape_markdown(values.get('customer.full_name', ''))}**, mood {model.persona.mood}/10, "
                f"hangs up at {model.persona.hang_up_at or 'never'}")
    st.text(fill(model.opening[int(seed) % len(model.opening)], values))
    st.dataframe(pd.DataFrame([{"placeholder": "{" + k + "}", "value": v} for k, v in values.items()]),
                 hide_index=True, width="stretch")


def quick_fields(text: str, opened: files.OpenedFile) -> None:
    data = parse_text(text, opened.kind, opened.path)
    raw = data.document.data if data.document is not None and isinstance(data.document.data, dict) else None
    if raw is None:
        st.caption("Fix the YAML syntax to use the quick fields.")
        return
    with st.form("studio_fields", border=False):
        st.text_input("Title", value=str(raw.get("title") or ""), key="studio_field_title")
        if opened.kind == "scenario":
            difficulty = raw.get("difficulty") if isinstance(raw.get("difficulty"), int) else 2
            st.slider("Difficulty", 1, 5, value=min(5, max(1, difficulty)), key="studio_field_difficulty")
            tags = raw.get("tags") if isinstance(raw.get("tags"), list) else []
            st.text_input("Tags (comma separated)", value=", ".join(str(t) for t in tags), key="studio_field_tags")
        st.form_submit_button("Apply to the YAML", on_click=_guarded(lambda: _apply_fields(opened.kind)))
    st.caption("Only the changed lines are rewritten; comments and key order stay as they are.")


def _apply_fields(kind: str) -> None:
    s = st.session_state
    updates: dict[str, object] = {"title": s.get("studio_field_title", "")}
    if kind == "scenario":
        updates["difficulty"] = int(s.get("studio_field_difficulty", 2))
        updates["tags"] = [t.strip() for t in str(s.get("studio_field_tags", "")).split(",") if t.strip()]
    s[TEXT] = set_values(s.get(TEXT, ""), updates)


def save(services: Services, user: UserRecord) -> None:
    """The Save button's callback (it runs before the page, so the reloaded text can be put in the box)."""
    root = services.settings.scenarios_dir
    opened: files.OpenedFile = st.session_state[OPENED]
    text = st.session_state.get(TEXT, "")
    opened = _renamed(opened, text, root)
    try:
        saved = files.save(opened, text, services.catalog, root, services.settings.max_file_kb * 1024)
    except files.EditConflict as e:
        st.session_state[CONFLICT] = str(e)
        return
    name = library_name(saved.path, root)
    reload_library(services)
    message = f"Saved {name}: {saved.summary}."
    if saved.id and saved.id in services.catalog.scenarios:
        message += " It is in the practice picker now."
    try:
        services.repository().studio.record_save(user, path=name, scenario_id=saved.id, before_hash=saved.before,
                                                 after_hash=saved.after, summary=saved.summary, diff=saved.diff)
    except FrontlineError as e:
        message += f" (The save log could not be written: {e})"
    load(files.open_file(Path(saved.path)))
    st.session_state[FLASH] = message


def _renamed(opened: files.OpenedFile, text: str, root: Path) -> files.OpenedFile:
    """A new file whose id or language was changed in the text is saved under its new name."""
    if opened.digest is not None:
        return opened
    model = parse_text(text, opened.kind, opened.path).model
    if not isinstance(model, Scenario):
        return opened
    wanted = template.path_for(root, model.id, model.language)
    return opened if Path(opened.path) == wanted else files.new_file(wanted, text)


def conflict_help(opened: files.OpenedFile, text: str, message: str) -> None:
    st.error(escape_markdown(message), icon=":material/sync_problem:")
    disk = Path(opened.path)
    theirs = disk.read_text(encoding="utf-8") if disk.exists() else ""
    st.caption("What is on disk now, compared with your text:")
    st.code(files.unified(theirs, text, disk.name) or "(no difference)", language="diff")
    st.button("Load the version on disk (copy your text first)", key="studio_reload_disk",
              on_click=_guarded(lambda: load(files.open_file(disk))))


def save_log(services: Services, user: UserRecord, name: str) -> None:
    try:
        entries = services.repository().studio.save_log(user, path=name, limit=20)
    except FrontlineError as e:
        st.caption(escape_markdown(str(e)))
        return
    if not entries:
        st.caption("No saves from the editor yet.")
        return
    for e in entries:
        with st.expander(f"{e.saved_at:%Y-%m-%d %H:%M} UTC · {e.user_name or 'someone'} · {e.summary}"):
            st.code(e.diff or "(no change)", language="diff")
