"""Drafting a scenario from a description, in the editor: the trainer writes a paragraph ("an elderly
customer whose pension payment bounced, Persian, phone"), the language model drafts the YAML
(`trainer/scenario/drafting.py`), and the draft is shown in a text box with its problems at their
lines, checked again on every change. Save is offered only when there are none, and `drafting.save`
checks once more and never overwrites a file, so nothing invalid is written."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import yaml

from trainer import llm
from trainer.errors import FrontlineError
from trainer.scenario import drafting
from trainer.services import Services
from trainer.ui import context as ctx
from trainer.ui.studio_nav import reload_library
from trainer.ui.studio_problems import show_problems
from trainer.ui.text import escape_markdown

PARAGRAPH = "studio_draft_paragraph"
TEXT = "studio_draft_text"
SAVED = "studio_draft_saved"
LANGUAGES = ("en", "fa", "zh")
EXAMPLE = "An elderly customer whose pension payment bounced; Persian; phone; she is worried about rent."


def section(services: Services) -> None:
    """The "Draft from a description" expander (open while a draft is being worked on)."""
    with st.expander("Draft from a description", icon=":material/auto_awesome:",
                     expanded=TEXT in st.session_state or SAVED in st.session_state):
        if (saved := st.session_state.pop(SAVED, None)) is not None:
            st.success(escape_markdown(f"Saved as {saved}. It is in the library now; open it above to keep "
                                       "editing."), icon=":material/check_circle:")
        if not llm.is_configured(services.settings):
            st.info(escape_markdown(llm.describe(services.settings)), icon=":material/info:")
            return
        st.text_area("Describe the scenario", key=PARAGRAPH, max_chars=drafting.MAX_PARAGRAPH_CHARS,
                     placeholder=EXAMPLE, help="Who calls, about what, in which language and channel, and "
                     "how they feel. The model drafts a scenario file for you to check and fix.")
        if st.button("Draft it", icon=":material/edit_note:", key="studio_draft_go"):
            _draft(services, st.session_state.get(PARAGRAPH) or "")
        if TEXT in st.session_state:
            editing(services)


def _draft(services: Services, paragraph: str) -> None:
    with st.spinner("The model is drafting the scenario..."):
        try:
            draft = drafting.draft(paragraph, llm.chat_model(services.settings), services.catalog,
                                   context_tokens=services.settings.llm_context_tokens)
        except FrontlineError as e:
            ctx.show_error(e)
            return
    st.session_state[TEXT] = draft.text
    for error in draft.errors:  # a fix that failed or did not fit: the first draft is kept
        st.warning(escape_markdown(error), icon=":material/warning:")


def editing(services: Services) -> None:
    text = st.text_area("Drafted scenario (YAML)", key=TEXT, height=420,
                        help="Fix what is listed below; problems are checked every time the text changes.")
    checked = drafting.check(text, services.catalog)
    show_problems(checked.problems, text, valid="Valid: no problems. Save it, or change it first.")
    folder = folder_for(services.settings.scenarios_dir, text)
    left, right = st.columns(2)
    if left.button("Save the scenario", type="primary", icon=":material/save:", key="studio_draft_save",
                   disabled=not checked.ok, help=f"Saved as a new file in {folder}."):
        try:
            path = drafting.save(text, folder, services.catalog)
        except FrontlineError as e:
            ctx.show_error(e)
            return
        reload_library(services)
        _forget()
        st.session_state[SAVED] = str(path)
        st.rerun()
    if right.button("Discard the draft", icon=":material/delete:", key="studio_draft_discard"):
        _forget()
        st.rerun()


def _forget() -> None:
    for key in (TEXT, PARAGRAPH):
        st.session_state.pop(key, None)



def folder_for(root: Path, text: str) -> Path:
    """`<scenarios>/<language>/`, as the template places new scenarios; the root when unknown."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return root
    language = data.get("language") if isinstance(data, dict) else None
    return root / language if language in LANGUAGES else root
