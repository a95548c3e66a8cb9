"""When things were said in a voice call: plain data kept with each spoken reply (in the session state
and the turn's row), read by the voice criteria and shown on the scorecard as timestamps.

Times inside a recording are seconds from its start; `at` places the recording in the call (seconds
from the customer's first line), so evidence reads as a call clock: "1:02.5". `waited_seconds` is the
silence between the end of the customer's line (its audio) and the start of the recording, as the
page measured it; with the silence at the start of the recording it makes the silence before
answering. Pure pydantic: no audio library here (`audio.measure` makes one from a recording).
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

PAUSE_SECONDS = 1.0  # a silence inside a reply at least this long is kept as a pause


class Pause(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: float = Field(ge=0, description="seconds into the recording")
    end: float = Field(ge=0)

    @property
    def seconds(self) -> float:
        return round(self.end - self.start, 2)


class VoiceTiming(BaseModel):
    """How one spoken reply went in time."""

    model_config = ConfigDict(frozen=True)

    recording_seconds: float = Field(ge=0)
    speech_start: float | None = Field(None, ge=0, description="first speech in the recording (None: silent)")
    speech_end: float | None = Field(None, ge=0)
    pauses: list[Pause] = Field(default_factory=list, description=f"silences of {PAUSE_SECONDS:g}s or more "
                                "between the first and last speech")
    waited_seconds: float | None = Field(None, ge=0, description="from the end of the customer's line to the "
                                         "start of the recording (None: not measured)")
    customer_seconds: float | None = Field(None, ge=0, description="how long the customer's line took to say")
    at: float | None = Field(None, ge=0, description="seconds from the start of the call to the recording")
    engine: str = ""

    @property
    def speech_seconds(self) -> float:
        """From the first to the last speech, pauses included (the trainee's talk time)."""
        if self.speech_start is None or self.speech_end is None:
            return 0.0
        return round(max(0.0, self.speech_end - self.speech_start), 2)

    @property
    def speaking_seconds(self) -> float:
        """Talk time less its pauses: what a speaking rate is measured over."""
        return round(max(0.0, self.speech_seconds - sum(p.seconds for p in self.pauses)), 2)

    @property
    def silence_before(self) -> float | None:
        """The silence before the trainee's first word: the wait before recording plus the silence
        at its start (None when nothing was said)."""
        if self.speech_start is None:
            return None
        return round((self.waited_seconds or 0.0) + self.speech_start, 2)

    def in_call(self, seconds: float) -> float | None:
        """A moment of the recording on the call clock (None when the recording's place is unknown)."""
        return None if self.at is None else round(self.at + seconds, 2)


def clock(seconds: float, *, tenths: bool = True) -> str:
    """0:07.5, 1:02.0, 1:02:03.0 (`tenths=False`: 0:07, 1:02)."""
    seconds = max(0.0, seconds)
    minutes, rest = divmod(round(seconds, 1) if tenths else round(seconds), 60)
    hours, minutes = divmod(int(minutes), 60)
    sec = f"{rest:04.1f}" if tenths else f"{int(rest):02d}"
    return f"{hours}:{minutes:02d}:{sec}" if hours else f"{minutes}:{sec}"


class Hold(BaseModel):
    """The customer put on hold: what the trainee said, what was promised, how long it lasted."""

    model_config = ConfigDict(frozen=True)

    asked: str = Field(description="what the trainee said when putting the customer on hold")
    promised_seconds: float | None = Field(None, gt=0, description="how long the trainee said it would take")
    started_at: datetime
    held_seconds: float | None = Field(None, ge=0, description="how long it lasted (None: still on hold)")
    at: float | None = Field(None, ge=0, description="seconds from the start of the call to the hold")
    music: str | None = Field(None, description="the hold music that played (the scenario's)")

    @property
    def over(self) -> bool:
        """Longer than promised (or no time was promised)."""
        return self.held_seconds is not None and (self.promised_seconds is None
                                                  or self.held_seconds > self.promised_seconds)
