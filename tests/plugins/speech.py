"""Speech fixtures: espeak-ng to make spoken replies (and to speak customers), skipped with a reason
where it is not installed, a failure where `TRAINER_REQUIRE_SPEECH` is set (CI sets it).

`say(text, language="en")` returns the WAV bytes espeak-ng makes of `text`, in a voice the offline
recogniser follows best (measured in `bench/voice.py`); `silence(seconds)` a silent WAV.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable

import numpy as np
import pytest

from trainer.voice.audio import Sound, wav_bytes
from trainer.voice.speech import EspeakNG

REPLY_VOICES = {"en": "en-us+klatt", "fa": "fa", "zh": "cmn"}


def espeak_or_skip() -> EspeakNG:
    if shutil.which("espeak-ng") is None:
        if os.environ.get("TRAINER_REQUIRE_SPEECH"):
            pytest.fail("espeak-ng is not installed (apt-get install espeak-ng) and TRAINER_REQUIRE_SPEECH is set")
        pytest.skip("espeak-ng is not installed (apt-get install espeak-ng)")
    return EspeakNG("espeak-ng", speed=140)


@pytest.fixture
def espeak() -> EspeakNG:
    return espeak_or_skip()


@pytest.fixture
def say(espeak: EspeakNG) -> Callable[..., bytes]:
    def make(text: str, language: str = "en") -> bytes:
        return espeak.speak(text, language, REPLY_VOICES[language]).audio
    return make


def silence(seconds: float, rate: int = 16_000) -> bytes:
    return wav_bytes(Sound(np.zeros(int(seconds * rate), dtype=np.float32), rate))


def with_silence(audio: bytes, before: float = 0.0, after: float = 0.0, gap_at: float | None = None,
                 gap: float = 0.0) -> bytes:
    """The recording with silence added before, after, or inside it (at `gap_at` seconds)."""
    from trainer.voice.audio import read_wav

    sound = read_wav(audio)
    zeros = lambda s: np.zeros(int(s * sound.rate), dtype=np.float32)  # noqa: E731
    samples = sound.samples
    if gap_at is not None:
        cut = int(gap_at * sound.rate)
        samples = np.concatenate([samples[:cut], zeros(gap), samples[cut:]])
    return wav_bytes(Sound(np.concatenate([zeros(before), samples, zeros(after)]), sound.rate))


@pytest.fixture
def say_offline(say: Callable[..., bytes]) -> Callable[..., bytes]:
    """`say`, with half a second of silence before and after (as a person records)."""
    return lambda text, language="en": with_silence(say(text, language), before=0.5, after=0.5)
