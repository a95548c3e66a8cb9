"""Speech for one call in voice mode: the customer's lines spoken, the trainee's recordings heard and
timed, and the fall back to text when speech fails. No Streamlit: the Practice page keeps one
`VoiceCall` beside its `LiveAttempt` and drives it; tests and the benchmark drive it directly.

- `speak(index, text)` says a customer line with the scenario's voice (the persona's, per engine),
  remembering each line's audio and length (a rerun never synthesises it twice);
- `hear(audio, ...)` writes down a recording and times it (`VoiceTiming`): when the recording began
  on the call clock, the silence between the end of the customer's audio and the trainee's first
  word, the pauses, the customer line's length;
- `fall_back(reason)` switches the call to text after a failure (no microphone, an endpoint down or
  slow, audio that is silent or cannot be made out), keeping the reason as a notice that the page
  saves with the next reply (`take_notice`). `mode` says which way the trainee answers now.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from typing import Literal

from trainer.errors import SpeechError
from trainer.scenario.schema import Scenario
from trainer.voice.audio import measure, tagged
from trainer.voice.speech import Speech, SpeechToText, TextToSpeech
from trainer.voice.timing import VoiceTiming

Mode = Literal["voice", "text"]


@dataclass(frozen=True)
class Heard:
    """A recorded reply: what was made out, when it was said, and the audio itself."""

    text: str
    voice: VoiceTiming
    audio: bytes


@dataclass
class VoiceCall:
    scenario: Scenario
    stt: SpeechToText
    tts: TextToSpeech
    endpoint: bool = False  # speech goes through an audio endpoint (the persona's `endpoint` voice)
    mode: Mode = "voice"
    spoken: dict[int, Speech] = field(default_factory=dict)  # transcript index -> the customer line's audio
    # this call's own mark, in its lines' audio and the page's widget keys (never another call's)
    nonce: str = field(default_factory=lambda: secrets.token_hex(6))
    played: set[int] = field(default_factory=set)  # lines the trainee has answered: not to autoplay again
    notice: str | None = None  # why the call went over to text, to save with the next reply
    pending: Heard | None = None  # practice mode: heard, shown for correction, not yet sent

    @property
    def voice_name(self) -> str | None:
        voice = self.scenario.persona.voice
        if voice is None:
            return None
        return voice.endpoint if self.endpoint else voice.offline

    def speak(self, index: int, text: str) -> Speech:
        """The customer line at transcript `index`, spoken; `SpeechError` when it cannot be."""
        got = self.spoken.get(index)
        if got is None:
            said = self.tts.speak(text, self.scenario.language, self.voice_name)
            got = self.spoken[index] = replace(said, audio=tagged(said.audio, f"{self.nonce}:{index}"))
        return got

    def seconds_of(self, index: int) -> float | None:
        speech = self.spoken.get(index)
        return speech.seconds if speech is not None else None

    def hear(self, audio: bytes, *, now: float, shown_at: float, customer_seconds: float | None,
             call_started: float) -> Heard:
        """Transcribe and time a recording that arrived at `now` (wall-clock seconds), answering the
        customer line shown at `shown_at` whose audio lasted `customer_seconds`; `SpeechError` when
        nothing usable could be made of it. The recording began its own length before it arrived."""
        heard = self.stt.transcribe(audio, self.scenario.language)
        timing = measure(audio, engine=self.stt.name)
        began = now - timing.recording_seconds
        customer_end = shown_at + (customer_seconds or 0.0)
        timing = timing.model_copy(update={
            "waited_seconds": round(max(0.0, began - customer_end), 2),
            "customer_seconds": None if customer_seconds is None else round(customer_seconds, 2),
            "at": round(max(0.0, began - call_started), 2)})
        return Heard(text=heard.text, voice=timing, audio=audio)

    def fall_back(self, reason: str | SpeechError) -> None:
        """Go over to text for the rest of the call, with the reason kept for the next reply."""
        self.mode, self.pending = "text", None
        self.notice = f"Answered in text: {reason}"

    def take_notice(self) -> str | None:
        notice, self.notice = self.notice, None
        return notice
