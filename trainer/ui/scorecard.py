"""The scorecard at the end of a call, readable in ten seconds, in the scenario's language.

First the verdict in plain words ("Not passed: the customer hung up after “calm down”") with the
score; then one compact row per criterion (number, label, points, a bar, one line of why and, where
points were missed, the tip); then the call once, with the words each criterion counted marked in
place (the mark's title names the criterion, its number points at the row); then each step's model
answer once, for the replies that fell short. Replies the judge held for a person to review are
listed under the verdict. Every piece of text is escaped (`trainer/ui/text.py`).
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from trainer.languages import is_rtl
from trainer.messages import say
from trainer.practice.transcript import Line
from trainer.scoring.results import ReplyScore
from trainer.simulation.scorecard import Scorecard, points_text
from trainer.store import RecordingRecord
from trainer.ui import style
from trainer.ui.chat import held_for_review, note_for
from trainer.ui.text import Mark, Row, escape_markdown, rows_html, transcript_html
from trainer.voice.timing import clock


def verdict(card: Scorecard) -> None:
    lang = card.language
    score = say(lang, "verdict.score", total=points_text(card.total), pass_mark=points_text(card.pass_mark))
    with style.direction(lang, "verdict"):
        if card.passed:
            st.success(escape_markdown(card.verdict + "."), icon=":material/check_circle:")
        else:
            st.error(escape_markdown(card.verdict + "."), icon=":material/cancel:")
        rest = card.why_not_passed[1:]
        st.caption(escape_markdown(" · ".join([score, *rest])))


def scorecard(card: Scorecard, lines: list[Line], *, language: str, key: str = "card",
              recordings: Sequence[RecordingRecord] = (), downloadable: bool = False) -> None:
    """`recordings`: the spoken replies' audio, to replay beside the call (`downloadable`: the viewer
    is the one who spoke, and may download them)."""
    lang = card.language or language
    with style.direction(lang, f"{key}_title"):
        st.subheader(say(lang, "card.title"), anchor=False)
    verdict(card)
    replies = [line for line in lines if line.speaker == "trainee"]
    for n, line in enumerate(replies, start=1):
        if line.score is not None:
            held_for_review(line.score.flags, where=say(lang, "card.reply", turn=n))
    numbers = {c.criterion_id: i for i, c in enumerate(card.criteria, start=1)}
    labels = {c.criterion_id: c.label for c in card.criteria}
    rows = [Row(number=numbers[c.criterion_id], label=c.label, points=c.points, max=c.max,
                graded=c.graded_by != "ungraded", why=c.reason, tip=c.tip, critical=c.critical,
                note=note_for(lang, c.graded_by, c.critical)) for c in card.criteria]
    st.html(rows_html(rows, rtl=is_rtl(lang), tip_word=say(lang, "card.tip")))
    if card.voice:
        how_it_sounded(card, key=key)
    if recordings:
        replay(lines, recordings, language=lang, key=key, downloadable=downloadable)
    with style.direction(lang, f"{key}_said"):
        st.markdown(f"**{escape_markdown(say(lang, 'card.transcript'))}**")
    st.html(transcript_html(_lines(lang, lines, numbers, labels), rtl=is_rtl(lang)))
    for answer in card.model_answers:
        with (
            st.container(border=True, key=f"{key}_model_{answer.turn}"),
            style.direction(lang, f"{key}_m{answer.turn}"),
        ):
            shown = ", ".join(str(numbers[c]) for c in answer.criteria if c in numbers)
            st.caption(escape_markdown(say(lang, "card.model", turn=answer.turn) + (f" ({shown})" if shown else "")))
            st.text(answer.text)


def how_it_sounded(card: Scorecard, *, key: str = "card") -> None:
    """Each spoken reply in time: when it started, the silence before it, talk time, pace, pauses and
    fillers, on the call clock (the evidence the voice criteria were scored on)."""
    lang = card.language
    with style.direction(lang, f"{key}_voice"):
        st.markdown(f"**{escape_markdown(say(lang, 'card.voice'))}**")
    unit = say(lang, "unit.chars" if lang == "zh" else "unit.words")
    rows = [{
        say(lang, "voice.reply"): say(lang, "card.reply", turn=v.turn),
        say(lang, "voice.at"): clock(v.at) if v.at is not None else "",
        say(lang, "voice.before"): f"{v.silence_before:.1f} s" if v.silence_before is not None else "",
        say(lang, "voice.talk"): f"{v.talk_seconds:.1f} s" + (f" / {v.customer_seconds:.1f} s"
                                                              if v.customer_seconds is not None else ""),
        say(lang, "voice.rate"): f"{v.rate:.0f} {unit}/min" if v.rate is not None else "",
        say(lang, "voice.pauses"): ", ".join(f"{seconds:.1f} s @ {clock(at)}" for at, seconds in v.pauses),
        say(lang, "voice.fillers"): ", ".join(v.fillers),
    } for v in card.voice]
    st.dataframe(rows, hide_index=True, key=f"{key}_voice_table")


def replay(lines: list[Line], recordings: Sequence[RecordingRecord], *, language: str, key: str,
           downloadable: bool) -> None:
    """Each recorded reply with a player (and, for its owner, a download), next to what was heard."""
    replies = {i: n for n, i in enumerate((i for i, line in enumerate(lines) if line.speaker == "trainee"), start=1)}
    with st.expander(say(language, "card.listen"), expanded=True):
        for r in recordings:
            n = replies.get(r.turn_index)
            if n is None:
                continue
            left, right = st.columns([3, 1] if downloadable else [1, 0.001], vertical_alignment="center")
            with left:
                st.caption(escape_markdown(f"{say(language, 'card.reply', turn=n)}: {lines[r.turn_index].text}"))
                st.audio(r.audio, format=r.mime)
            if downloadable:
                right.download_button(say(language, "card.download"), r.audio, file_name=f"reply-{n}.wav", mime=r.mime,
                                      on_click="ignore", icon=":material/download:", key=f"{key}_rec_{r.turn_index}")


def _marks(score: ReplyScore | None, numbers: dict[str, int], labels: dict[str, str]) -> list[Mark]:
    if score is None:
        return []
    return [Mark(e.start, e.end, numbers[cid], labels.get(cid, cid), earned=r.score > 0)
            for cid, r in score.criteria.items() if cid in numbers for e in r.evidence if not e.timed]


def _lines(lang: str, lines: list[Line], numbers: dict[str, int], labels: dict[str, str]):
    you, customer = say(lang, "card.you"), say(lang, "card.customer")
    return [(you if line.speaker == "trainee" else customer, line.text,
             _marks(line.score, numbers, labels) if line.speaker == "trainee" else [], line.speaker == "trainee")
            for line in lines]
