"""The scorecard at the end of a call: the verdict, then per criterion its points and who graded them
(rules, the AI judge, or nobody: "not graded", never shown as a pass), the words in the trainee's
replies that earned them (highlighted, escaped), the model answer and one tip. Replies the judge
held for a person to review are listed above the criteria."""

from __future__ import annotations

import streamlit as st

from trainer.simulation.session import CriterionCard, Scorecard
from trainer.ui import style
from trainer.ui.chat import graded_by, held_for_review
from trainer.ui.text import escape_markdown, highlight_html, is_rtl
from trainer.ui.transcript import Line

END_WORDS = {
    "resolved": "The customer's problem was resolved.",
    "escalated": "The call was escalated.",
    "hung_up": "The customer hung up.",
    "timed_out": "The call ran out of turns without a resolution.",
}


def verdict(card: Scorecard) -> None:
    headline = f"{card.total:.0f}/100, pass mark {card.pass_mark:.0f}"
    if card.passed:
        st.success(escape_markdown(f"Passed: {headline}."), icon=":material/check_circle:")
    else:
        reasons = "; ".join(card.why_not_passed)
        st.error(escape_markdown(f"Not passed yet: {headline}. Why: {reasons}."), icon=":material/cancel:")
    if card.end_state is not None:
        st.caption(escape_markdown(END_WORDS.get(card.end_state.value, card.end_state.value)))


def scorecard(card: Scorecard, lines: list[Line], *, language: str, key: str = "card") -> None:
    st.subheader("Scorecard")
    verdict(card)
    replies = [(n, line) for n, line in enumerate((x for x in lines if x.speaker == "trainee"), start=1)]
    for n, line in replies:
        if line.score is not None:
            held_for_review(line.score.flags, where=f"Reply {n}")
    for i, criterion in enumerate(card.criteria):
        with st.container(border=True, key=f"{key}_crit_{i}"):
            criterion_block(criterion, replies, language=language, key=f"{key}_{i}")


def criterion_block(c: CriterionCard, replies: list[tuple[int, Line]], *, language: str, key: str) -> None:
    graded = c.graded_by != "ungraded"
    points = f"{c.points:g}/{c.max} · {graded_by(c.graded_by)}" if graded else graded_by(c.graded_by)
    flags = " · critical" if c.critical else ""
    st.markdown(f"**{escape_markdown(c.label)}**: {escape_markdown(points + flags)}")
    if graded:
        st.progress(min(1.0, c.points / c.max) if c.max else 0.0)
    shown = False
    for n, line in replies:
        result = line.score.criteria.get(c.criterion_id) if line.score else None
        if result is not None and result.evidence:
            st.caption(f"Reply {n}")
            st.html(highlight_html(line.text, result.evidence, rtl=is_rtl(language)))
            shown = True
    if not shown and graded and c.points < c.max:  # full marks with no words to show is not a shortfall
        st.caption("No words in your replies counted for this one.")
    if c.reason:
        st.caption(escape_markdown(c.reason))
    if c.model_answer and (c.points < c.max or not graded):
        st.caption("A model answer" + (f" (for your reply {c.weakest_turn})" if c.weakest_turn else ""))
        with style.direction(language, f"{key}_model"):
            st.text(c.model_answer)
    if c.tip:
        st.info(escape_markdown(c.tip), icon=":material/lightbulb:")
