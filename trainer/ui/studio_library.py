"""The library page: every scenario and rubric with its status, filters and search, and the load
problems by file and line with the offending lines shown."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from trainer.services import Services
from trainer.studio import files, library
from trainer.ui import context as ctx
from trainer.ui import studio_editor
from trainer.ui.text import escape_markdown

ANY = "any"


def page(services: Services) -> None:
    root = services.settings.scenarios_dir
    catalog = services.catalog
    items = library.entries(catalog, root)
    scenarios = [e for e in items if e.kind == "scenario"]
    broken = sum(1 for e in items if e.status != "ready")
    c1, c2, c3 = st.columns(3)
    c1.metric("Scenarios", len(scenarios))
    c2.metric("Rubrics", len(items) - len(scenarios))
    c3.metric("Files with problems", broken)

    f1, f2, f3, f4, f5 = st.columns([3, 1, 1, 1, 1])
    text = f1.text_input("Search", key="library_search", placeholder="id, title, tag, path...")
    kind = f2.selectbox("Kind", [ANY, "scenario", "rubric"], key="library_kind")
    language = f3.selectbox("Language", [ANY, "en", "fa", "zh"], key="library_language")
    channel = f4.selectbox("Channel", [ANY, "phone", "chat", "email", "social"], key="library_channel")
    status = f5.selectbox("Status", [ANY, "ready", "has problems"], key="library_status")
    shown = library.search(items, text, kind=None if kind == ANY else kind,
                           language=None if language == ANY else language,
                           channel=None if channel == ANY else channel,
                           status=None if status == ANY else status)  # type: ignore[arg-type]
    if shown:
        st.dataframe(pd.DataFrame([{
            "id": e.id, "title": e.title, "kind": e.kind, "language": e.language, "channel": e.channel,
            "difficulty": e.difficulty, "tags": ", ".join(e.tags), "rubric": e.rubric, "status": e.status,
            "problems": e.problems, "file": _relative(e.path, root)} for e in shown]),
            hide_index=True, width="stretch", key="library_table")
        open_in_editor(shown, root)
    else:
        st.info("Nothing matches these filters.")

    st.subheader("Load problems")
    if not catalog.problems:
        st.success("Every file loads without problems.", icon=":material/check_circle:")
        return
    st.caption("A file with problems is left out of the practice picker until it is fixed. "
               "Open it in the scenario editor to fix it.")
    for shown_problem in library.excerpts(catalog.problems):
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(_relative(shown_problem.path, root))}**, line {shown_problem.line}")
            st.text(shown_problem.problem)
            if shown_problem.lines:
                st.code("\n".join(f"{'>' if bad else ' '} {n:4d} | {line}" for n, line, bad in shown_problem.lines),
                        language=None)


def open_in_editor(shown: list[library.Entry], root: Path) -> None:
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    by_path = {e.path: e for e in shown}
    choice = left.selectbox("Open in the editor", list(by_path), key="library_open_choice",
                            format_func=lambda p: f"{by_path[p].id} ({_relative(p, root)})")
    if right.button("Open in the editor", key="library_open", width="stretch"):
        with ctx.errors_shown():
            studio_editor.load(files.open_file(Path(choice)))
            st.switch_page("pages/editor.py")


def _relative(path: str, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return path
