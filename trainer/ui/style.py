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
/* the script that sets or removes the login cookie (trainer/ui/web_session.py) takes no room */
.st-key-session_cookie { display: none; }
.st-key-call_strip { display: none; }
@media (max-width: 768px) { .st-key-call_strip { display: flex; } }
.fl-rows { display: flex; flex-direction: column; gap: .35rem; font-size: .92rem; }
.fl-row { border-bottom: 1px solid rgba(128,128,128,.18); padding-bottom: .3rem; }
.fl-head { display: flex; align-items: center; gap: .5rem; }
.fl-num { flex: none; width: 1.4em; height: 1.4em; border-radius: 50%; background: rgba(128,128,128,.18);
  font-size: .75rem; display: inline-flex; align-items: center; justify-content: center; }
.fl-label { flex: 1 1 auto; font-weight: 600; min-width: 0; }
.fl-note { font-weight: 400; font-size: .8rem; opacity: .75; }
.fl-points { flex: none; font-variant-numeric: tabular-nums; }
.fl-bar { flex: none; width: 5rem; height: .45rem; border-radius: .3rem; background: rgba(128,128,128,.2);
  overflow: hidden; display: inline-block; }
.fl-bar > span { display: block; height: 100%; background: #16a34a; }
.fl-some .fl-bar > span { background: #d97706; }
.fl-why, .fl-tip { font-size: .82rem; opacity: .85; margin-inline-start: 1.9em; overflow-wrap: anywhere; }
.fl-tip b { font-weight: 600; }
.fl-transcript { display: flex; flex-direction: column; gap: .3rem; font-size: .92rem; }
.fl-line { display: flex; gap: .5rem; align-items: baseline; }
.fl-who { flex: none; width: 4.5rem; font-size: .78rem; opacity: .7; }
.fl-said { flex: 1 1 auto; white-space: pre-wrap; overflow-wrap: anywhere; min-width: 0; }
.fl-you .fl-said { background: rgba(128,128,128,.08); border-radius: .4rem; padding: .1rem .4rem; }
.fl-said mark { padding: 0 .15em; border-radius: .2em; color: inherit; cursor: help; }
.fl-said mark.fl-earn { background: #fde68a; }
.fl-said mark.fl-cost { background: #fecaca; text-decoration: underline wavy #dc2626; }
.fl-ref { font-size: .65rem; opacity: .7; margin-inline-start: .05em; }
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
