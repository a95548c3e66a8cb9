"""One attempt being practised in the app: the session engine plus its row in the database.

A reply is scored by the session, then committed through the repository *before* the page shows it;
if the write fails, the session is put back as it was and the error says to send the reply again, so
what the trainee sees is always what is saved. When the call ends the attempt is closed with its
scorecard. `LiveAttempt.resume` rebuilds the session from the saved state, at the same turn.

The customer is scripted or generated (an LLM speaking, see `trainer/simulation/generated.py`). When
a generated line falls back to the script, its notice is saved in that customer turn's `notice`, so a
resumed call shows it again. A voice call's reply keeps its timing and the hold it ended in the turn's
`voice` JSON and, when speech failed and it was typed instead, the reason in its `notice`; its
recording goes in the same transaction.
`streamed` runs a step in a worker thread and yields the customer's words as they come.

No Streamlit here: the practice page drives it, and tests drive it directly.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from trainer.errors import SessionError, StoreError
from trainer.limits import CALLS
from trainer.matching.text import MAX_REPLY_CHARS
from trainer.practice.transcript import Line, Result, Transcript
from trainer.scenario.catalog import Catalog
from trainer.scenario.schema import Rubric, Scenario
from trainer.scoring.results import Scorer
from trainer.simulation.customer import Customer
from trainer.simulation.generated import Live
from trainer.simulation.session import Scorecard, Session, SessionState, TurnOutcome
from trainer.store import (
    AttemptDetail,
    AttemptRecord,
    NewRecording,
    NewTurn,
    Repository,
    UserRecord,
    totals_from,
)
from trainer.voice.timing import Hold, VoiceTiming

T = TypeVar("T")


def too_long(length: int) -> str:
    return (f"Not sent: your reply has {length:,} characters and a reply can have at most {MAX_REPLY_CHARS:,}. "
            "Shorten it and send it again.")


def new_seed() -> int:
    return secrets.randbelow(2**31)


class LiveAttempt:
    def __init__(self, *, session: Session, attempt: AttemptRecord | None, viewer: UserRecord | None,
                 repo: Repository | None, mode: str, finished: bool = False, calls_at_once: int = 2):
        self.session, self.attempt, self.viewer, self.repo = session, attempt, viewer, repo
        self.mode = mode
        self.calls_at_once = calls_at_once  # TRAINER_MAX_CALLS_AT_ONCE: see trainer/limits.py
        self.finished = finished
        self.notices: dict[int, str] = {}  # transcript index -> why that line is scripted, or typed
        self.finish_error: str | None = None
        self.started_at = attempt.started_at if attempt else datetime.now(UTC)
        self.keep_recordings = True  # False: `TRAINER_RECORDING_RETENTION_DAYS` is 0
        self.finish_on_end = True  # False: the caller finishes it itself (the demo seeder moves its clock first)

    # -- starting ------------------------------------------------------------------------------

    @classmethod
    def begin(cls, catalog: Catalog, scorer: Scorer, repo: Repository | None, viewer: UserRecord | None,
              scenario_id: str, *, seed: int | None = None, mode: str = "practice",
              customer: Customer | None = None, calls_at_once: int = 2, today: date | None = None) -> LiveAttempt:
        """Start a call and save it with the customer's opening line. Without `repo` nothing is saved
        (the database is down and the trainee chose to practise anyway). `customer`: scripted when None.
        `today`: the day the customer is drawn for (None: today; the demo seeder gives its attempt's day).
        `LimitError` when the person already has `calls_at_once` replies or starts being worked on."""
        with CALLS.hold(viewer.id if viewer else None, calls_at_once):
            live = cls._begin(catalog, scorer, repo, viewer, scenario_id, seed=seed, mode=mode, customer=customer,
                              today=today)
        live.calls_at_once = calls_at_once
        return live

    @classmethod
    def _begin(cls, catalog: Catalog, scorer: Scorer, repo: Repository | None, viewer: UserRecord | None,
               scenario_id: str, *, seed: int | None, mode: str, customer: Customer | None,
               today: date | None) -> LiveAttempt:
        scenario = catalog.scenario(scenario_id)
        rubric = catalog.rubric_for(scenario)
        version = catalog.version(scenario_id)
        seed = new_seed() if seed is None else seed
        known = _notice_count(customer)
        session = Session.start(scenario, rubric, scorer, seed, customer=customer, version=version, today=today)
        notice = _new_notice(session.customer, known)
        attempt = None
        if repo is not None and viewer is not None:
            opening = NewTurn(index=0, speaker="customer", text=session.opening, notice=notice)
            kind = "scripted" if session.state.customer == "scripted" else "generated"
            attempt = repo.attempts.start_attempt(viewer, scenario_id=scenario.id, scenario_version=version, seed=seed,
                                                  mode=mode, customer_kind=kind, state=session.state, opening=opening)
        live = cls(session=session, attempt=attempt, viewer=viewer, repo=repo, mode=mode)
        if notice:
            live.notices[0] = notice
        return live

    @classmethod
    def resume(cls, catalog: Catalog, scorer: Scorer, repo: Repository, viewer: UserRecord,
               detail: AttemptDetail, *, customer: Customer | None = None, calls_at_once: int = 2) -> LiveAttempt:
        """The saved attempt, continuing at the turn it was left at; `SessionError` when it cannot.
        `customer`: who speaks from here on (None: a new one of the saved kind)."""
        if not detail.session_state:
            raise SessionError("This attempt was saved without its state and cannot be resumed; "
                               "discard it and start a new one.")
        state = SessionState.model_validate(detail.session_state)
        scenario, rubric = _scenario_and_rubric(catalog, detail.attempt.scenario_id)
        if rubric.id != state.rubric_id:
            raise SessionError(f"Scenario {scenario.id!r} is now scored with another rubric; "
                               "discard this attempt and start a new one.")
        session = Session.restore(state, scenario, rubric, scorer, customer=customer)
        live = cls(session=session, attempt=detail.attempt, viewer=viewer, repo=repo, mode=detail.attempt.mode,
                   finished=detail.attempt.state == "finished", calls_at_once=calls_at_once)
        live.notices = notices_of(detail)
        return live

    # -- reading -------------------------------------------------------------------------------

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    @property
    def rubric(self) -> Rubric:
        return self.session.rubric

    @property
    def saved(self) -> bool:
        return self.attempt is not None

    @property
    def customer_name(self) -> str:
        return self.session.state.values.get("customer.full_name", "Customer")

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def customer_kind(self) -> str:
        return self.session.state.customer

    @property
    def opening(self) -> str:
        return self.session.opening

    def scorecard(self) -> Scorecard:
        return self.session.scorecard()

    # -- the turn ------------------------------------------------------------------------------

    def reply(self, text: str, response_seconds: float | None = None, *, voice: VoiceTiming | None = None,
              recording: bytes | None = None, notice: str | None = None) -> TurnOutcome:
        """Score, save, then return what happened. On a failed save nothing changes (`StoreError`), nor
        when the person already has `calls_at_once` replies being answered (`LimitError`).
        `voice`: a spoken reply's timing, saved with the turn, and `recording` its audio (WAV), kept
        unless recordings are not kept; `notice`: why a reply meant to be spoken was typed."""
        text = text.strip()
        if not text:
            raise SessionError("Type a reply before sending it.")
        if len(text) > MAX_REPLY_CHARS:
            raise SessionError(too_long(len(text)))
        with CALLS.hold(self.viewer.id if self.viewer else None, self.calls_at_once):
            return self._reply(text, response_seconds, voice, recording, notice)

    def _reply(self, text: str, response_seconds: float | None, voice: VoiceTiming | None,
               recording: bytes | None, notice: str | None) -> TurnOutcome:
        before, known = self.session.state, _notice_count(self.session.customer)
        hold = before.hold
        outcome = self.session.reply(text, response_seconds, voice=voice)
        index = len(before.transcript)
        fallback = _new_notice(self.session.customer, known)
        if self.attempt is not None and self.repo is not None and self.viewer is not None:
            turns = [
                NewTurn(index=index, speaker="trainee", text=text, response_seconds=response_seconds,
                        criteria=outcome.score.model_dump(mode="json"), mood_after=outcome.mood_after,
                        voice=turn_voice(voice, hold), notice=notice),
                NewTurn(index=index + 1, speaker="customer", text=outcome.customer_line,
                        mood_after=outcome.mood_after, notice=fallback),
            ]
            seconds = voice.recording_seconds if voice else None
            kept = ([NewRecording(turn_index=index, audio=recording, seconds=seconds)]
                    if recording and self.keep_recordings else [])
            try:
                self.repo.attempts.record_turn(self.viewer, self.attempt.id, turns, self.session.state, kept)
            except StoreError as e:
                self.session = Session.restore(before, self.scenario, self.rubric, self.session.scorer,
                                               customer=self.session.customer)
                raise StoreError(f"{e} Your reply was not saved; send it again.") from e
        if fallback:
            self.notices[index + 1] = fallback
        if notice:
            self.notices[index] = notice
        if outcome.ended and self.finish_on_end:
            try:
                self.finish()
            except StoreError as e:  # the turn is saved; the page offers to save the result again
                self.finish_error = str(e)
        return outcome

    # -- holds -------------------------------------------------------------------------------

    @property
    def on_hold(self) -> bool:
        return self.session.on_hold

    def put_on_hold(self, asked: str, promised_seconds: float | None) -> None:
        """Put the customer on hold and save it (a reload finds the call on hold, its timer running)."""
        now = datetime.now(UTC)
        before = self.session.state
        self.session.put_on_hold(asked, promised_seconds, now=now,
                                 at=max(0.0, (now - self.started_at).total_seconds()))
        self._save_state(before, "The hold was not saved; try again.")

    def take_off_hold(self) -> None:
        before = self.session.state
        self.session.take_off_hold(now=datetime.now(UTC))
        self._save_state(before, "Taking the customer off hold was not saved; try again.")

    def _save_state(self, before: SessionState, again: str) -> None:
        if self.attempt is None or self.repo is None or self.viewer is None:
            return
        try:
            self.repo.attempts.record_turn(self.viewer, self.attempt.id, [], self.session.state)
        except StoreError as e:
            self.session = Session.restore(before, self.scenario, self.rubric, self.session.scorer,
                                           customer=self.session.customer)
            raise StoreError(f"{e} {again}") from e

    def finish(self) -> Scorecard:
        """Close the attempt with its scorecard (again, if an earlier try failed to save)."""
        card = self.session.scorecard()
        if not self.finished and self.attempt is not None and self.repo is not None and self.viewer is not None:
            self.attempt = self.repo.attempts.finish_attempt(
                self.viewer, self.attempt.id, end_state=card.end_state.value if card.end_state else "unfinished",
                score=card.total, passed=card.passed, criteria=totals_from(card.score), state=self.session.state)
        self.finished, self.finish_error = True, None
        return card

    def abandon(self) -> None:
        if not self.finished and self.attempt is not None and self.repo is not None and self.viewer is not None:
            self.repo.attempts.abandon_attempt(self.viewer, self.attempt.id)
        self.finished = True

    # -- for showing and downloading ----------------------------------------------------------

    def lines(self) -> list[Line]:
        return lines_of(self.session, self.notices)

    def reply_streamed(self, text: str, response_seconds: float | None = None, **spoken: Any) -> Live[TurnOutcome]:
        """`reply` as a stream of the customer's words (for `st.write_stream`); afterwards `.result`
        is the `TurnOutcome`, and an error `reply` raised is raised at the end of the stream.
        `spoken`: `reply`'s `voice`, `recording` and `notice`."""
        return streamed(self.session.customer, lambda: self.reply(text, response_seconds, **spoken))

    def transcript(self, trainee: str = "") -> Transcript:
        result = None
        if self.ended:
            card = self.session.scorecard()
            result = Result(total=card.total, passed=card.passed, pass_mark=card.pass_mark,
                            end_state=card.end_state.value if card.end_state else None,
                            critical_failure=card.score.critical_failure,
                            criteria={c.criterion_id: c.points for c in card.criteria})
        state = self.session.state
        return Transcript(scenario_id=state.scenario_id, scenario_title=self.scenario.title,
                          language=self.scenario.language, seed=state.seed, mode=self.mode, trainee=trainee,
                          started_at=self.started_at, lines=self.lines(), result=result)


def turn_voice(voice: VoiceTiming | None, hold: Hold | None) -> dict[str, Any] | None:
    """What a trainee turn's `voice` column keeps: the reply's timing and the hold it ended."""
    out: dict[str, Any] = voice.model_dump(mode="json") if voice is not None else {}
    if hold is not None:
        out["hold"] = hold.model_dump(mode="json")
    return out or None


def streamed(customer: Customer | None, work: Callable[[], T]) -> Live[T]:
    """`work()` run in a worker thread while iterating yields what `customer` says meanwhile (a
    generated customer's words as they arrive; other customers' lines appear when they are done)."""
    return Live(customer, work, lambda: 0)


def _notice_count(customer: Customer | None) -> int:
    return len(getattr(customer, "notices", None) or [])


def _new_notice(customer: Customer | None, known: int) -> str | None:
    """The latest fallback notice the customer raised since it had `known` of them."""
    fresh = (getattr(customer, "notices", None) or [])[known:]
    return fresh[-1].message if fresh else None


def lines_of(session: Session, notices: dict[int, str] | None = None) -> list[Line]:
    """The transcript as chat lines; `notices` (transcript index -> text, see `notices_of`) go with
    the customer lines that came from the script instead of the generated customer."""
    notices = notices or {}
    return [
        Line(speaker=t.speaker, text=t.text, response_seconds=t.response_seconds, score=t.score,
             mood_after=t.mood_after, mood_before=t.mood_before,
             mood_changes={c.rule: c.change for c in t.mood_changes}, step=t.step, notice=notices.get(i),
             hold=t.hold, voice=t.voice)
        for i, t in enumerate(session.transcript)
    ]


def notices_of(detail: AttemptDetail) -> dict[int, str]:
    """The notices saved with a stored attempt's turns, by transcript index: a customer line's
    fallback to the script, a trainee reply's fall back from voice to text."""
    return {t.index: t.notice for t in detail.turns if t.notice}


def _scenario_and_rubric(catalog: Catalog, scenario_id: str) -> tuple[Scenario, Rubric]:
    scenario = catalog.scenario(scenario_id)
    return scenario, catalog.rubric_for(scenario)
