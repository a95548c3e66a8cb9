"""Turning trainee and scenario text into something safe to show, in one place.

Everything a person typed or a scenario author wrote is shown literally: a reply of
`<script>alert(1)</script>` or `**bold**` appears as those characters. Chat lines go through
`st.text` (no Markdown, no HTML); the one place that builds HTML, the evidence highlight, escapes
every piece with `html.escape` before wrapping the evidence in `<mark>`. Plain functions, no Streamlit,
so the escaping is tested on its own.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from trainer.scoring.results import Evidence

RTL_LANGUAGES = frozenset({"fa", "ar", "he", "ur"})

# Every ASCII punctuation character may be backslash-escaped in CommonMark; Streamlit adds `$` (math),
# `:` (emoji and colour directives) and `~`. Escaping all of them keeps a label literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$:~&\"'=^%@/;,?])")


def is_rtl(language: str) -> bool:
    return language in RTL_LANGUAGES


def escape_markdown(text: str) -> str:
    """Text for a Markdown-only slot (labels, captions, `st.markdown`): shown as typed."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return escaped.replace("\n", "  \n")


def merge_spans(evidence: Iterable[Evidence], length: int) -> list[tuple[int, int]]:
    """Evidence spans clipped to the reply, sorted, overlapping ones merged."""
    spans = sorted(
        (max(0, e.start), min(length, e.end)) for e in evidence if min(length, e.end) > max(0, e.start)
    )
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight_html(reply: str, evidence: Sequence[Evidence], *, rtl: bool = False) -> str:
    """The reply as HTML with each evidence span in `<mark>`; every piece of text is escaped."""
    parts: list[str] = []
    at = 0
    for start, end in merge_spans(evidence, len(reply)):
        parts.append(_escape(reply[at:start]))
        parts.append(f"<mark>{_escape(reply[start:end])}</mark>")
        at = end
    parts.append(_escape(reply[at:]))
    direction = "rtl" if rtl else "ltr"
    return f'<div class="fl-reply" dir="{direction}">{"".join(parts)}</div>'


def _escape(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>")


def evidence_quotes(reply: str, evidence: Sequence[Evidence]) -> list[str]:
    """The highlighted words as plain strings (for text-only views and downloads)."""
    return [reply[start:end] for start, end in merge_spans(evidence, len(reply))]
