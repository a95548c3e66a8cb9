"""Re-score stored attempts with the current rubrics (`python -m trainer rescore`), without a database.

A rubric's version is a content hash of the rubric as resolved (its `extends` merged), so an edit to a
parent rubric changes the version of every rubric built on it, and an unchanged rubric keeps its
version however its files are laid out. Each stored reply is scored again with the context it had in
the call (the customer's names from the attempt's values, the customer line it answered, its response
time), its total counting the criteria of the step it answered (read from the saved session state); the
attempt's score is combined from the replies exactly as when it was played, and it passes by the same
rule (`scorecard.why_not_passed`: the pass mark, no critical criterion at 0, a successful ending). The
store keeps every earlier score; this module only says what changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from trainer.scenario.schema import DEFAULT_PASS_MARK, EndState, Rubric, Scenario
from trainer.scoring.aggregate import combine, scoped
from trainer.scoring.results import ReplyScore, Scorer
from trainer.simulation.scorecard import why_not_passed
from trainer.simulation.session import reply_context, talk_so_far
from trainer.voice.timing import Hold, VoiceTiming

AS_PLAYED = "as-played"  # the version name of a score given while the attempt was played


def rubric_version(rubric: Rubric) -> str:
    """A short content hash of the resolved rubric: equal rubrics, equal versions."""
    return hashlib.sha256(rubric.model_dump_json().encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class StoredTurn:
    turn_id: int
    speaker: str
    text: str
    response_seconds: float | None
    criteria: dict[str, Any] | None  # the turn's latest stored score (a ReplyScore as JSON)
    voice: dict[str, Any] | None = None  # a spoken reply's timing (VoiceTiming JSON), and the hold it ended


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    attempt_id: int
    scenario_id: str
    end_state: str | None
    score: float | None
    passed: bool | None
    rubric_version: str | None
    values: dict[str, str]
    criteria: dict[str, tuple[float, int]]  # the attempt's current per-criterion (score, max)
    turns: list[StoredTurn]
    steps: list[str | None] = field(default_factory=list)  # the step each trainee reply answered, in order


@dataclass(frozen=True, slots=True)
class ReplyChange:
    turn_id: int
    old_total: float | None
    new: ReplyScore


@dataclass(frozen=True, slots=True)
class AttemptRescore:
    attempt: StoredAttempt
    rubric_id: str
    version: str
    score: float
    passed: bool
    criteria: dict[str, tuple[float, int]]  # graded criteria only, as `attempt_criteria` holds them
    replies: int  # trainee replies scored
    changed: list[ReplyChange] = field(default_factory=list)

    @property
    def attempt_changed(self) -> bool:
        a = self.attempt
        return (a.score is None or abs(a.score - self.score) > 1e-9 or a.passed != self.passed
                or a.criteria != self.criteria)


def rescore_attempt(attempt: StoredAttempt, scenario: Scenario, rubric: Rubric, version: str,
                    scorer: Scorer) -> AttemptRescore:
    """The attempt's replies and total under `rubric`, with the replies whose score changed."""
    scores: list[ReplyScore] = []
    changed: list[ReplyChange] = []
    customer_line: str | None = None
    spoken: list[VoiceTiming] = []
    steps = {s.id: s for s in scenario.steps}
    for turn in attempt.turns:
        if turn.speaker != "trainee":
            customer_line = turn.text if turn.speaker == "customer" else customer_line
            continue
        context = reply_context(scenario, attempt.values, customer_line, turn.response_seconds)
        stored = dict(turn.voice or {})
        if isinstance(stored.get("hold"), dict):  # scored with the hold it ended
            context = context.model_copy(update={"hold": Hold.model_validate(stored.pop("hold"))})
        if "recording_seconds" in stored:  # a spoken reply: scored with the timing it had, and the talk before it
            voice = VoiceTiming.model_validate(stored)
            context = context.model_copy(update={"voice": voice, "talk_before": talk_so_far(spoken)})
            spoken.append(voice)
        step = steps.get(attempt.steps[len(scores)] or "") if len(scores) < len(attempt.steps) else None
        new = scoped(rubric, scorer.score(turn.text, rubric, context), step.criteria if step else None)
        scores.append(new)
        if not _same(turn.criteria, new):
            old = turn.criteria.get("total") if isinstance(turn.criteria, dict) else None
            changed.append(ReplyChange(turn.turn_id, float(old) if isinstance(old, int | float) else None, new))
    pass_mark = rubric.pass_mark if rubric.pass_mark is not None else DEFAULT_PASS_MARK
    combined = combine(rubric, scores) if scores else ReplyScore(rubric_id=rubric.id, criteria={}, total=0,
                                                                  passed=False)
    end = EndState(attempt.end_state) if attempt.end_state in EndState._value2member_map_ else None
    passed = not why_not_passed(scenario, combined, pass_mark, len(scores), end)
    criteria = {c.criterion_id: (c.score, c.max) for c in combined.criteria.values() if c.graded}
    return AttemptRescore(attempt, rubric.id, version, combined.total, passed, criteria, len(scores), changed)


def _same(stored: dict[str, Any] | None, new: ReplyScore) -> bool:
    """Whether a stored score (JSON, perhaps written before a field was added) equals `new`."""
    if stored is None:
        return False
    try:
        return ReplyScore.model_validate(stored) == new
    except ValueError:
        return False


@dataclass(slots=True)
class Summary:
    """What a rescoring run changed, added up over batches (and over worker processes)."""

    attempts: int = 0
    replies: int = 0
    replies_changed: int = 0
    reply_delta_sum: float = 0.0  # sum of |new - old| reply totals over changed replies
    reply_delta_max: float = 0.0
    attempts_changed: int = 0
    attempt_delta_sum: float = 0.0  # signed: new - old attempt score
    attempt_delta_abs: float = 0.0
    attempt_delta_max: float = 0.0
    now_passing: int = 0
    now_failing: int = 0
    skipped: list[str] = field(default_factory=list)

    def add(self, result: AttemptRescore) -> None:
        self.attempts += 1
        self.replies += result.replies
        for change in result.changed:
            self.replies_changed += 1
            if change.old_total is not None:
                delta = abs(change.new.total - change.old_total)
                self.reply_delta_sum += delta
                self.reply_delta_max = max(self.reply_delta_max, delta)
        if result.attempt_changed:
            self.attempts_changed += 1
            old = result.attempt.score or 0.0
            self.attempt_delta_sum += result.score - old
            self.attempt_delta_abs += abs(result.score - old)
            self.attempt_delta_max = max(self.attempt_delta_max, abs(result.score - old))
            if result.passed and not result.attempt.passed:
                self.now_passing += 1
            elif result.attempt.passed and not result.passed:
                self.now_failing += 1

    def merge(self, other: Summary) -> None:
        for name in ("attempts", "replies", "replies_changed", "reply_delta_sum", "attempts_changed",
                     "attempt_delta_sum", "attempt_delta_abs", "now_passing", "now_failing"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.reply_delta_max = max(self.reply_delta_max, other.reply_delta_max)
        self.attempt_delta_max = max(self.attempt_delta_max, other.attempt_delta_max)
        self.skipped.extend(other.skipped)

    def lines(self) -> list[str]:
        mean_reply = self.reply_delta_sum / self.replies_changed if self.replies_changed else 0.0
        mean_attempt = self.attempt_delta_abs / self.attempts_changed if self.attempts_changed else 0.0
        signed = self.attempt_delta_sum / self.attempts_changed if self.attempts_changed else 0.0
        return [
            f"replies: {self.replies:,} rescored, {self.replies_changed:,} changed"
            + (f" (total moved by {mean_reply:.2f} points on average, {self.reply_delta_max:.2f} at most)"
               if self.replies_changed else ""),
            f"attempts: {self.attempts:,} rescored, {self.attempts_changed:,} changed"
            + (f" (score moved by {mean_attempt:.2f} points on average, {signed:+.2f} net, "
               f"{self.attempt_delta_max:.2f} at most; {self.now_passing:,} now pass, "
               f"{self.now_failing:,} now fail)" if self.attempts_changed else ""),
        ]
