"""WAV in and out, and where the speech is in a recording, with numpy and the standard library only.

Browsers record through `st.audio_input` as 16-bit mono WAV at 16 kHz; espeak-ng writes 22,050 Hz;
an endpoint may send other rates or stereo. `read_wav` takes any PCM WAV (8, 16, 24 or 32-bit, any
channels) to mono floats in -1..1; `pcm16` makes the 16 kHz 16-bit mono bytes a recogniser wants.

`speech_spans` finds speech by short-time energy: 20 ms frames, a threshold set from the quietest
and loudest frames of the recording (so a noisy room and a quiet headset both work), voiced frames
closer than `bridge` seconds joined (the gaps between words), spans shorter than `shortest` dropped
(a click, a breath). It is what the voice metrics measure: when speech began, when it ended, and the
pauses in between.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass

import numpy as np

from trainer.errors import SpeechError
from trainer.voice.timing import PAUSE_SECONDS, Pause, VoiceTiming

FRAME = 0.02  # seconds per analysis frame
RECOGNISER_RATE = 16_000
MAX_SECONDS = 600  # a longer recording is refused rather than decoded


@dataclass(frozen=True)
class Sound:
    samples: np.ndarray  # mono float32 in -1..1
    rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.rate if self.rate else 0.0


def read_wav(data: bytes) -> Sound:
    """Mono samples from PCM WAV bytes; `SpeechError` (cause `unreadable`) for anything else."""
    try:
        with wave.open(io.BytesIO(data), "rb") as w:
            channels, width, rate, frames = w.getnchannels(), w.getsampwidth(), w.getframerate(), w.getnframes()
            if rate <= 0 or channels <= 0:
                raise wave.Error("no sample rate or channels")
            # A WAV written to a pipe (espeak-ng --stdout) says it holds 2**31 frames: read what is there.
            raw = w.readframes(min(frames, rate * MAX_SECONDS + 1))
            if len(raw) > rate * MAX_SECONDS * channels * width:
                raise SpeechError(f"The recording is longer than {MAX_SECONDS // 60} minutes; keep a reply "
                                  "shorter and record it again.", "too_long")
    except SpeechError:
        raise
    except (wave.Error, EOFError, ValueError) as e:
        why = f" ({e})" if str(e) else ""
        raise SpeechError(f"The audio could not be read as a WAV recording{why}; record the reply again.",
                          "unreadable") from None
    if width == 1:
        samples = (np.frombuffer(raw, dtype=np.uint8).astype(np.float32) - 128) / 128
    elif width == 2:
        samples = np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768
    elif width == 3:
        b = np.frombuffer(raw[: len(raw) // 3 * 3], dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        value = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        samples = (np.where(value >= 1 << 23, value - (1 << 24), value)).astype(np.float32) / (1 << 23)
    elif width == 4:
        samples = np.frombuffer(raw, dtype="<i4").astype(np.float32) / 2**31
    else:
        raise SpeechError(f"The recording uses {width * 8}-bit samples, which cannot be read; record it again.",
                          "unreadable")
    usable = len(samples) // channels * channels
    samples = samples[:usable].reshape(-1, channels).mean(axis=1) if channels > 1 else samples[:usable]
    return Sound(np.ascontiguousarray(samples, dtype=np.float32), rate)


def resample(sound: Sound, rate: int) -> Sound:
    """Linear interpolation to `rate` (plenty for speech recognition and timing)."""
    if sound.rate == rate or not len(sound.samples):
        return Sound(sound.samples, rate)
    n = max(1, round(len(sound.samples) * rate / sound.rate))
    positions = np.arange(n, dtype=np.float64) * (sound.rate / rate)
    return Sound(np.interp(positions, np.arange(len(sound.samples)), sound.samples).astype(np.float32), rate)


def pcm16(sound: Sound, rate: int = RECOGNISER_RATE) -> bytes:
    """16-bit little-endian mono PCM at `rate`."""
    samples = resample(sound, rate).samples
    return (np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes()


def wav_bytes(sound: Sound) -> bytes:
    """A 16-bit mono WAV file of the sound, at its own rate."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sound.rate)
        w.writeframes((np.clip(sound.samples, -1, 1) * 32767).astype("<i2").tobytes())
    return out.getvalue()


def seconds_of(data: bytes) -> float | None:
    """A WAV file's length in seconds; None for audio that is not WAV (an MP3 from an endpoint)."""
    try:
        return read_wav(data).seconds
    except SpeechError:
        return None


def frame_energy(sound: Sound) -> np.ndarray:
    """RMS per `FRAME`-second frame."""
    size = max(1, int(sound.rate * FRAME))
    n = len(sound.samples) // size
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    frames = sound.samples[: n * size].reshape(n, size)
    return np.sqrt(np.mean(frames.astype(np.float64) ** 2, axis=1))


def speech_spans(sound: Sound, *, bridge: float = 0.3, shortest: float = 0.12,
                 floor: float = 0.006) -> list[tuple[float, float]]:
    """(start, end) seconds of each stretch of speech in the recording, in order; empty when silent.

    A frame is voiced when its energy is over a threshold between the recording's quiet level (its
    10th percentile) and its loud level (98th percentile), and over an absolute `floor` (a silent
    recording's hiss is never speech)."""
    energy = frame_energy(sound)
    if not len(energy):
        return []
    quiet, loud = float(np.percentile(energy, 10)), float(np.percentile(energy, 98))
    if loud < floor:
        return []
    threshold = max(floor, quiet + 0.12 * (loud - quiet))
    voiced = energy > threshold
    spans: list[list[float]] = []
    for i in np.flatnonzero(voiced):
        start, end = i * FRAME, (i + 1) * FRAME
        if spans and start - spans[-1][1] <= bridge:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    return [(round(float(a), 2), round(float(b), 2)) for a, b in spans if b - a >= shortest]


def measure(data: bytes | Sound, *, waited_seconds: float | None = None, customer_seconds: float | None = None,
            at: float | None = None, engine: str = "") -> VoiceTiming:
    """The timing of a spoken reply: where its speech starts and ends, and its pauses."""
    sound = data if isinstance(data, Sound) else read_wav(data)
    spans = speech_spans(sound)
    pauses = [Pause(start=a[1], end=b[0]) for a, b in zip(spans, spans[1:], strict=False)
              if b[0] - a[1] >= PAUSE_SECONDS]
    return VoiceTiming(recording_seconds=round(sound.seconds, 2), speech_start=spans[0][0] if spans else None,
                       speech_end=spans[-1][1] if spans else None, pauses=pauses,
                       waited_seconds=None if waited_seconds is None else round(max(0.0, waited_seconds), 2),
                       customer_seconds=None if customer_seconds is None else round(customer_seconds, 2),
                       at=None if at is None else round(max(0.0, at), 2), engine=engine)


def tagged(data: bytes, note: str) -> bytes:
    """The WAV file with a comment chunk (`LIST`/`INFO`/`ICMT`) carrying `note`: the same sound, but
    bytes of its own, so a page that plays a line again (a customer who repeats themself, another
    call) gets a fresh media address and starts it like any new line."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return data
    text = note.encode("utf-8") + b"\x00"
    if len(text) % 2:
        text += b"\x00"
    info = b"INFO" + b"ICMT" + len(text).to_bytes(4, "little") + text
    chunk = b"LIST" + len(info).to_bytes(4, "little") + info
    body = data[12:] + chunk
    return b"RIFF" + (len(body) + 4).to_bytes(4, "little") + b"WAVE" + body
