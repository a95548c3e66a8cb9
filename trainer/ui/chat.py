"""The conversation on screen: one `st.chat_message` per line, text shown literally.

Lines go through `st.text`, which renders neither Markdown nor HTML, so whatever the trainee or the
scenario author typed appears as typed. In practice mode each reply carries its feedback (points per
criterion with the evidence highlighted, what moved the customer's mood); assessment mode keeps all
of that for the scorecard. A customer line that came from the script because the generated customer
failed carries its notice, shown as a warning under it. Each criterion says who graded it (rules, the
AI judge, or nobody: "not graded", never shown as a pass), and a reply held for review says so.
"""

from __future__ import annotations

import streamlit as st

from trainer.scenario.schema import Rubric
from trainer.scoring.results import ReplyScore
from trainer.ui import style
from trainer.ui.text import escape_markdown, highlight_html, is_rtl
from trainer.ui.transcript import Line

CUSTOMER_AVATAR = ":material/person:"
TRAINEE_AVATAR = ":material/headset_mic:"
GRADED_BY = {"rules": "graded by rules", "judged": "graded by the AI judge", "ungraded": "not graded"}
RULE_WORDS = {
    "empathy": "you acknowledged how they feel",
    "ownership": "you owned the problem",
    "next_step": "you gave a concrete next step",
    "blame": "it sounded like blame",
    "jargon": "call-center jargon",
    "slow": "the reply was slow",
    "ignored": "they felt ignored",
}


def conversation(lines: list[Line], *, language: str, rubric: Rubric, feedback: bool, key: str) -> None:
    for i, line in enumerate(lines):
        message(line, language=language, rubric=rubric, feedback=feedback, key=f"{key}_{i}")


def message(line: Line, *, language: str, rubric: Rubric, feedback: bool, key: str) -> None:
    trainee = line.speaker == "trainee"
    with st.chat_message("user" if trainee else "assistant", avatar=TRAINEE_AVATAR if trainee else CUSTOMER_AVATAR):
        with style.direction(language, key):
            st.text(line.text)
        if not trainee and line.notice:
            st.warning(escape_markdown(line.notice), icon=":material/warning:")
        if trainee and feedback and line.score is not None:
            reply_feedback(line, rubric=rubric, language=language)


def reply_feedback(line: Line, *, rubric: Rubric, language: str) -> None:
    score = line.score
    assert score is not None
    bits = [f"Score {score.total:.0f}/100"]
    if line.response_seconds is not None:
        bits.append(f"{line.response_seconds:.0f} s")
    if line.mood_before is not None and line.mood_after is not None and line.mood_before != line.mood_after:
        bits.append(f"mood {line.mood_before} → {line.mood_after}")
    st.caption(escape_markdown(" · ".join(bits)))
    if line.mood_changes:
        st.caption(escape_markdown("Mood: " + "; ".join(
            f"{RULE_WORDS.get(rule, rule.replace('_', ' '))} ({change:+d})" for rule, change in line.mood_changes.items()
        )))
    held_for_review(score.flags)
    with st.expander("Feedback on this reply"):
        criteria_table(line.text, score, rubric=rubric, language=language)


def held_for_review(flags: list[str], where: str = "") -> None:
    """A reply flagged by the judge (e.g. it tried to instruct the grader): a person will look at it."""
    for flag in dict.fromkeys(flags):
        text = flag if flag.lower().startswith("held for review") else f"held for review: {flag}"
        text = text[:1].upper() + text[1:]
        st.warning(escape_markdown(f"{where}: {text}" if where else text), icon=":material/flag:")


def graded_by(result_graded_by: str) -> str:
    return GRADED_BY.get(result_graded_by, result_graded_by)


def criteria_table(reply: str, score: ReplyScore, *, rubric: Rubric, language: str) -> None:
    """Each criterion: points, the words that earned or cost them (highlighted), the reason, a tip."""
    labels = {c.id: (c.label, c.tip) for c in rubric.criteria}
    for cid, result in score.criteria.items():
        label, tip = labels.get(cid, (cid, ""))
        points = "not graded" if not result.graded else f"{result.score:g}/{result.max} · {graded_by(result.graded_by)}"
        st.markdown(f"**{escape_markdown(label)}**: {escape_markdown(points)}")
        if result.evidence:
            st.html(highlight_html(reply, result.evidence, rtl=is_rtl(language)))
        if result.reason:
            st.caption(escape_markdown(result.reason))
        if tip and result.graded and result.score < result.max:
            st.caption("Tip: " + escape_markdown(tip))
