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

from trainer.languages import is_rtl
from trainer.messages import MESSAGES, say
from trainer.practice.transcript import Line
from trainer.scenario.schema import Rubric, Scenario
from trainer.scoring.results import CriterionResult, ReplyScore
from trainer.simulation.scorecard import points_text
from trainer.ui import style
from trainer.ui.text import Mark, Row, escape_markdown, rows_html, transcript_html

CUSTOMER_AVATAR = ":material/person:"
TRAINEE_AVATAR = ":material/headset_mic:"
GRADED_BY = {"rules": "graded by rules", "judged": "graded by the AI judge", "ungraded": "not graded"}


def conversation(lines: list[Line], *, language: str, rubric: Rubric, feedback: bool, key: str,
                 moods: dict[str, str] | None = None) -> None:
    """`moods`: the scenario's own words for its mood rules (`mood_labels`)."""
    for i, line in enumerate(lines):
        message(line, language=language, rubric=rubric, feedback=feedback, key=f"{key}_{i}", moods=moods)


def mood_labels(scenario: Scenario | None) -> dict[str, str]:
    """Rule name -> what the trainee reads, for the rules a scenario labels itself."""
    rules = scenario.mood_rules if scenario is not None else None
    return {rule.name: rule.label for rule in rules or () if rule.label}


def message(line: Line, *, language: str, rubric: Rubric, feedback: bool, key: str,
            moods: dict[str, str] | None = None) -> None:
    trainee = line.speaker == "trainee"
    if trainee and line.hold_text():
        st.caption(escape_markdown(line.hold_text()), help="The customer was on hold before this reply.")
    with st.chat_message("user" if trainee else "assistant", avatar=TRAINEE_AVATAR if trainee else CUSTOMER_AVATAR):
        with style.direction(language, key):
            st.text(line.text)
        if line.notice:
            st.warning(escape_markdown(line.notice), icon=":material/warning:")
        if trainee and feedback and line.score is not None:
            reply_feedback(line, rubric=rubric, language=language, key=key, moods=moods)


def reply_feedback(line: Line, *, rubric: Rubric, language: str, key: str = "reply",
                   moods: dict[str, str] | None = None) -> None:
    """The reply's score, time and mood change on one line, then (folded) one compact row per
    criterion and the reply with the words that counted marked, numbered like the rows."""
    score = line.score
    assert score is not None
    bits = [say(language, "card.reply_score", total=points_text(score.total))]
    if line.response_seconds is not None:
        bits.append(say(language, "card.seconds", seconds=line.response_seconds))
    if line.mood_before is not None and line.mood_after is not None and line.mood_before != line.mood_after:
        bits.append(say(language, "card.mood", before=line.mood_before, after=line.mood_after))
    with style.direction(language, f"{key}_feedback"):
        st.caption(escape_markdown(" · ".join(bits)))
        if line.mood_changes:
            st.caption(escape_markdown(mood_reasons(line.mood_changes, language, moods)))
    held_for_review(score.flags)
    with st.expander(say(language, "card.feedback")):
        criteria_table(line.text, score, rubric=rubric, language=language)


def mood_reasons(changes: dict[str, int], language: str, labels: dict[str, str] | None = None) -> str:
    """What moved the customer's mood, in the call's language: a rule the scenario labels by its label,
    a built-in rule's name in words, any other by its name."""
    def words(rule: str) -> str:
        if labels and rule in labels:
            return labels[rule]
        return say(language, f"mood.{rule}") if f"mood.{rule}" in MESSAGES["en"] else rule.replace("_", " ")

    items = [f"{words(rule)} ({change:+d})" for rule, change in changes.items()]
    return say(language, "mood.reasons", items=say(language, "mood.sep").join(items))


def note_for(lang: str, graded_by: str, critical: bool) -> str:
    if graded_by == "ungraded":
        return say(lang, "card.not_graded")
    bits = [say(lang, "card.critical")] if critical else []
    if graded_by == "judged":
        bits.append(say(lang, "card.judged"))
    return " · ".join(bits)


def reply_rows(score: ReplyScore, rubric: Rubric, language: str) -> list[Row]:
    """One reply's criteria as compact rows (practice mode), labels and tips in `language`. At a step
    that names its criteria, those come first (the reply's score counts them); the others follow,
    marked as judged over the whole call."""
    rows = []
    for n, cid in enumerate(_in_order(score), start=1):
        result = score.criteria[cid]
        words, critical = _criterion_words(rubric, cid, language)
        counted = score.counted is None or cid in score.counted
        note = note_for(language, result.graded_by, critical)
        if not counted:
            note = " · ".join(part for part in (say(language, "card.call_level"), note) if part)
        rows.append(Row(number=n, label=words[0], points=result.score, max=result.max, graded=result.graded,
                        why=result.reason, tip=words[1] if counted and _missed(result) else "",
                        critical=critical, note=note))
    return rows


def _in_order(score: ReplyScore) -> list[str]:
    """The reply's criteria, those its score counts first."""
    if score.counted is None:
        return list(score.criteria)
    return [*[c for c in score.counted if c in score.criteria], *[c for c in score.criteria if c not in score.counted]]


def _missed(result: CriterionResult) -> bool:
    return result.graded and result.score < result.max


def _criterion_words(rubric: Rubric, cid: str, language: str) -> tuple[tuple[str, str], bool]:
    try:
        c = rubric.criterion(cid)
    except KeyError:
        return (cid, ""), False
    w = c.words(language)
    return (w.label or cid, w.tip or ""), c.critical


def held_for_review(flags: list[str], where: str = "") -> None:
    """A reply flagged by the judge (e.g. it tried to instruct the grader): a person will look at it."""
    for flag in dict.fromkeys(flags):
        text = flag if flag.lower().startswith("held for review") else f"held for review: {flag}"
        text = text[:1].upper() + text[1:]
        st.warning(escape_markdown(f"{where}: {text}" if where else text), icon=":material/flag:")


def graded_by(result_graded_by: str) -> str:
    return GRADED_BY.get(result_graded_by, result_graded_by)


def criteria_table(reply: str, score: ReplyScore, *, rubric: Rubric, language: str) -> None:
    """Each criterion as a compact row (points, bar, why, the tip when points were missed), then the
    reply once with every criterion's evidence marked and numbered like the rows."""
    rows = reply_rows(score, rubric, language)
    st.html(rows_html(rows, rtl=is_rtl(language), tip_word=say(language, "card.tip")))
    numbers = {cid: n for n, cid in enumerate(_in_order(score), start=1)}
    marks = [Mark(e.start, e.end, numbers[cid], rows[numbers[cid] - 1].label, earned=r.score > 0)
             for cid, r in score.criteria.items() for e in r.evidence if not e.timed]
    if marks:
        st.html(transcript_html([(say(language, "card.you"), reply, marks, True)], rtl=is_rtl(language)))
