"""The state of a call, shared by the session engine (`session.py`) and the scorecard (`scorecard.py`),
so neither imports the other: the transcript's turns, why the call went where it went, what a reply
led to, and everything needed to resume an attempt (it round-trips through JSON)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trainer.scenario.schema import EndState
from trainer.scoring.results import ReplyScore
from trainer.simulation import mood as moods
from trainer.voice.timing import Hold, VoiceTiming

__all__ = ["STATE_FORMAT", "BranchTaken", "SessionState", "Turn", "TurnOutcome"]

STATE_FORMAT = 1


class BranchTaken(BaseModel):
    """Why the call went where it went after a reply."""

    model_config = ConfigDict(frozen=True)

    from_step: str
    how: Literal["branch", "default", "no_match", "hung_up", "max_turns", "customer_request"]
    index: int | None = Field(None, description="the branch's position in the step, when one was taken")
    goto: str | None = None
    end: EndState | None = None
    skipped: list[str] = Field(
        default_factory=list, description="steps the reply had already answered, passed over in order")


class Turn(BaseModel):
    """One line of the transcript. Trainee lines carry their score and what followed from them."""

    model_config = ConfigDict(frozen=True)

    speaker: Literal["customer", "trainee"]
    text: str
    turn: int = Field(description="trainee replies so far, counting this one (0 for the opening)")
    step: str | None = Field(None, description="the step the line was said at or answered")
    response_seconds: float | None = None
    slow: bool | None = None
    score: ReplyScore | None = None
    mood_before: int | None = None
    mood_after: int | None = None
    mood_changes: list[moods.MoodChange] = Field(default_factory=list)
    branch: BranchTaken | None = None
    voice: VoiceTiming | None = Field(None, description="how a spoken reply went in time (voice calls)")
    hold: Hold | None = Field(None, description="the hold this reply ended (the customer was on hold before it)")


class SessionState(BaseModel):
    """Everything needed to resume an attempt at any turn; round-trips through JSON."""

    model_config = ConfigDict(frozen=True)

    format: int = STATE_FORMAT
    scenario_id: str
    scenario_version: str
    graph: str = Field(description="fingerprint of the steps, branches and rules the attempt relies on")
    rubric_id: str
    seed: int
    customer: str = "scripted"
    reference_date: date | None = Field(
        None, description="the day the customer was drawn for (the attempt's start date): Faker dates count "
        "from it, so the same seed and date give the same customer on any day")
    values: dict[str, str]
    step: str | None = Field(description="the step waiting for a reply; None once the call ended")
    mood: int
    turn: int = 0
    transcript: list[Turn]
    end_state: EndState | None = None
    hold: Hold | None = Field(None, description="the customer is on hold, or was and the next reply ends it")


class TurnOutcome(BaseModel):
    """What one reply led to."""

    model_config = ConfigDict(frozen=True)

    turn: int
    score: ReplyScore
    slow: bool
    mood_before: int
    mood_after: int
    mood_changes: list[moods.MoodChange]
    branch: BranchTaken
    customer_line: str
    step: str | None = Field(description="the step now waiting for a reply; None when the call ended")
    end_state: EndState | None = None

    @property
    def ended(self) -> bool:
        return self.end_state is not None
