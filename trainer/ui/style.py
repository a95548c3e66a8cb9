"""The app's few style rules, injected once per page run.

Only static CSS goes through `st.html` here; no trainee or scenario text ever does. Right-to-left
text works by putting it in a container whose key starts with `rtl` (Streamlit gives the container the
class `st-key-<key>`), so the text itself still goes through the escaping widgets.
"""

from __future__ import annotations

import itertools
from contextlib import AbstractContextManager, nullcontext

import streamlit as st

from trainer.ui.text import is_rtl

CSS = """
<style>
[class*="st-key-rtl"], [class*="st-key-rtl"] p, [class*="st-key-rtl"] div {
  direction: rtl; text-align: right; unicode-bidi: plaintext;
}
[data-testid="stChatInput"] textarea { unicode-bidi: plaintext; text-align: start; }
.fl-reply { line-height: 1.6; white-space: normal; overflow-wrap: anywhere; }
.fl-reply mark { background: #fde68a; color: inherit; padding: 0 .15em; border-radius: .2em; }
[data-testid="stChatMessage"] [data-testid="stText"] { white-space: pre-wrap; overflow-wrap: anywhere; }
/* a chart wider than the screen (a heatmap with many criteria on a phone) scrolls instead of being cut */
[data-testid="stVegaLiteChart"] { max-width: 100%; overflow-x: auto; }
/* the call's mood and clock above the chat, only where the sidebar is folded away (Streamlit's md breakpoint) */
.st-key-call_strip { display: none; }
@media (max-width: 768px) { .st-key-call_strip { display: flex; } }
</style>
"""

_counter = itertools.count()


def inject() -> None:
    st.html(CSS)


def direction(language: str, key: str | None = None) -> AbstractContextManager[object]:
    """A container that lays its text out right to left for `fa` (and other RTL languages)."""
    if not is_rtl(language):
        return nullcontext()
    return st.container(key=f"rtl_{key or next(_counter)}")
