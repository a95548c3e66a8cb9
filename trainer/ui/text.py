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
from dataclasses import dataclass

from trainer.scoring.results import Evidence

# Every ASCII punctuation character may be backslash-escaped in CommonMark; Streamlit adds `$` (math),
# `:` (emoji and colour directives) and `~`. Escaping all of them keeps a label literal.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|$:~&\"'=^%@/;,?])")


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


# -- the compact scorecard ---------------------------------------------------------------------
# Rows and the marked-up transcript are built here, as escaped HTML, so the one place that builds HTML
# stays small and tested. Every label, quote and reply goes through `_escape`; numbers are formatted
# here; right-to-left pages get `dir="rtl"` and each piece of text sits in `<bdi>`, so a Persian label
# next to "1/2" keeps its order.


@dataclass(frozen=True)
class Row:
    number: int
    label: str
    points: float
    max: int
    graded: bool = True
    why: str = ""
    tip: str = ""
    critical: bool = False
    note: str = ""  # "critical", "graded by the AI judge", "not graded"...


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    number: int
    label: str
    earned: bool  # False: these words cost the points (a ruled-out phrase)


def _bdi(text: str, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return f"<bdi{attr}>{_escape(text)}</bdi>" if text else ""


def _points(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def rows_html(rows: Sequence[Row], *, rtl: bool = False, tip_word: str = "Tip") -> str:
    """One line per criterion: number, label, points, a bar, then one line of why (and the tip)."""
    out = []
    for r in rows:
        share = max(0.0, min(1.0, r.points / r.max)) if r.graded and r.max else 0.0
        level = "full" if share >= 1 else "some" if share > 0 else "none"
        points = f'<bdi dir="ltr">{_points(r.points)}/{r.max}</bdi>' if r.graded else ""
        note = f' <span class="fl-note">{_bdi(r.note)}</span>' if r.note else ""
        tip = (f'<div class="fl-tip"><b>{_escape(tip_word)}:</b> {_bdi(r.tip)}</div>' if r.tip else "")
        out.append(
            f'<div class="fl-row fl-{level}" data-criterion="{r.number}">'
            f'<div class="fl-head"><span class="fl-num">{r.number}</span>'
            f'<span class="fl-label">{_bdi(r.label)}{note}</span>'
            f'<span class="fl-points">{points}</span>'
            f'<span class="fl-bar"><span style="width:{share * 100:.0f}%"></span></span></div>'
            f'<div class="fl-why">{_bdi(r.why)}</div>{tip}</div>')
    return f'<div class="fl-rows" dir="{"rtl" if rtl else "ltr"}">{"".join(out)}</div>'


def marked_html(text: str, marks: Sequence[Mark]) -> str:
    """`text` escaped, each mark's words in `<mark>` titled with the criterion, its number after it.
    Overlapping marks are merged; the merged one names every criterion."""
    spans: list[tuple[int, int, list[Mark]]] = []
    for m in sorted((m for m in marks if min(len(text), m.end) > max(0, m.start)), key=lambda m: (m.start, m.end)):
        start, end = max(0, m.start), min(len(text), m.end)
        if spans and start < spans[-1][1]:
            s, e, ms = spans[-1]
            spans[-1] = (s, max(e, end), [*ms, m])
        else:
            spans.append((start, end, [m]))
    parts, at = [], 0
    for start, end, ms in spans:
        parts.append(_escape(text[at:start]))
        numbers = sorted({m.number for m in ms})
        title = "; ".join(dict.fromkeys(m.label for m in ms))
        kind = "fl-cost" if any(not m.earned for m in ms) else "fl-earn"
        sup = ",".join(str(n) for n in numbers)
        parts.append(f'<mark class="{kind}" title="{_escape(title)}">{_escape(text[start:end])}</mark>'
                     f'<sup class="fl-ref">{sup}</sup>')
        at = end
    parts.append(_escape(text[at:]))
    return "".join(parts)


def transcript_html(lines: Sequence[tuple[str, str, Sequence[Mark], bool]], *, rtl: bool = False) -> str:
    """The call once: (who, text, marks, is_trainee) per line, the trainee's with their marks."""
    out = []
    for who, text, marks, trainee in lines:
        cls = "fl-line fl-you" if trainee else "fl-line"
        out.append(f'<div class="{cls}"><span class="fl-who">{_bdi(who)}</span>'
                   f'<div class="fl-said" dir="auto">{marked_html(text, marks)}</div></div>')
    return f'<div class="fl-transcript" dir="{"rtl" if rtl else "ltr"}">{"".join(out)}</div>'
