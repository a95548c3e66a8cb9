"""A file's load problems shown at their lines, with the offending lines beside each: one view for the
editor and the drafting expander."""

from __future__ import annotations

import streamlit as st

from trainer.errors import Problem
from trainer.studio import library
from trainer.ui.text import escape_markdown

SHOWN = 30  # past this many, the first ones are what an author fixes first anyway


def show_problems(problems: list[Problem], text: str, *, valid: str = "Valid: no problems.") -> None:
    if not problems:
        st.success(valid, icon=":material/check_circle:")
        return
    many = len(problems) > 1
    st.error(f"{len(problems)} problem{'s' if many else ''}: fix {'them' if many else 'it'} to save.",
             icon=":material/error:")
    lines = text.splitlines()
    for p in problems[:SHOWN]:
        where = f"line {p.line}" if p.line else "the file"
        st.markdown(f"**{where}**" + (f" · `{escape_markdown(p.loc)}`" if p.loc else "")
                    + f": {escape_markdown(p.message)}")
        shown = library.excerpt_of(p, lines, context=1)
        if shown.lines:
            st.code("\n".join(f"{'>' if bad else ' '} {n:4d} | {t}" for n, t, bad in shown.lines), language=None)
