"""The escaping helpers on their own: whatever the text, the HTML they build holds it as text."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from trainer.scoring.results import Evidence
from trainer.ui.text import escape_markdown, evidence_quotes, highlight_html, merge_spans


def test_evidence_is_marked_and_everything_else_escaped():
    reply = "<script>alert(1)</script> I'm sorry & I understand"
    start = reply.index("I'm sorry")
    out = highlight_html(reply, [Evidence(start=start, end=start + 9, text="I'm sorry")])
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>I&#x27;m sorry</mark> &amp; I understand" in out


def test_overlapping_and_out_of_range_spans_are_merged_and_clipped():
    spans = [Evidence(start=5, end=9, text=""), Evidence(start=0, end=6, text=""),
             Evidence(start=20, end=99, text=""), Evidence(start=7, end=7, text="")]
    assert merge_spans(spans, 25) == [(0, 9), (20, 25)]


def test_right_to_left_replies_carry_the_direction():
    assert 'dir="rtl"' in highlight_html("متاسفم", [], rtl=True)
    assert 'dir="ltr"' in highlight_html("sorry", [])


def test_newlines_become_line_breaks():
    assert "one<br>two" in highlight_html("one\ntwo", [])


@given(st.text(max_size=200), st.lists(st.tuples(st.integers(0, 220), st.integers(0, 220)), max_size=5))
def test_no_text_can_open_a_tag(reply, spans):
    evidence = [Evidence(start=min(a, b), end=max(a, b), text="") for a, b in spans]
    out = highlight_html(reply, evidence)
    inner = re.sub(r"^<div class=\"fl-reply\" dir=\"ltr\">|</div>$", "", out)
    tags = re.findall(r"<[^>]*>", inner)
    assert set(tags) <= {"<mark>", "</mark>", "<br>"}
    text = html.unescape(inner.replace("<mark>", "").replace("</mark>", "").replace("<br>", "\n"))
    assert text == reply.replace("\r\n", "\n") or text == reply
    assert all(quote in reply for quote in evidence_quotes(reply, evidence))


def test_markdown_escape_leaves_no_markup():
    assert escape_markdown("**bold** <b>x</b> $x$ :red[y]") == (
        "\\*\\*bold\\*\\* \\<b\\>x\\<\\/b\\> \\$x\\$ \\:red\\[y\\]")
