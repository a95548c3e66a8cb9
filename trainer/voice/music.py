"""Hold music, made here so the app needs no audio files: a loop for each `hold_music.style`.

`upbeat`: a bright major arpeggio over a beat at 132 bpm, the kind of cheerful loop that grates on an
angry caller; `calm`: slow, soft chords; `silence`: nothing (None). Deterministic, 16 kHz mono WAV,
a few seconds long and meant to loop.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from trainer.voice.audio import Sound, wav_bytes

RATE = 16_000


def _note(freq: float, seconds: float, *, attack: float = 0.01, decay: float = 6.0, level: float = 0.2) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = np.minimum(1.0, t / attack) * np.exp(-decay * t)
    tone = np.sin(2 * np.pi * freq * t) + 0.3 * np.sin(4 * np.pi * freq * t)
    return (level * envelope * tone).astype(np.float32)


def _upbeat() -> np.ndarray:
    beat = 60 / 132 / 2  # eighth notes
    chords = [(261.6, 329.6, 392.0), (392.0, 493.9, 587.3), (440.0, 523.3, 659.3), (349.2, 440.0, 523.3)]
    out: list[np.ndarray] = []
    for chord in chords:
        for i in range(8):
            note = _note(chord[i % 3] * (2 if i % 4 == 3 else 1), beat, decay=9.0)
            if i % 2 == 0:  # the kick on the beat
                t = np.arange(len(note)) / RATE
                note = note + (0.35 * np.sin(2 * np.pi * 60 * t) * np.exp(-30 * t)).astype(np.float32)
            out.append(note)
    return np.concatenate(out)


def _calm() -> np.ndarray:
    chords = [(220.0, 277.2, 329.6), (196.0, 246.9, 293.7), (174.6, 220.0, 261.6), (196.0, 246.9, 293.7)]
    out = []
    for chord in chords:
        pad = sum(_note(f, 2.5, attack=0.6, decay=0.8, level=0.08) for f in chord)
        out.append(np.asarray(pad, dtype=np.float32))
    return np.concatenate(out)


@cache
def hold_music(style: str) -> bytes | None:
    """The loop for a `hold_music.style` as WAV bytes; None for silence (or an unknown style)."""
    make = {"upbeat": _upbeat, "calm": _calm}.get(style)
    if make is None:
        return None
    samples = make()
    return wav_bytes(Sound(np.clip(samples, -1, 1).astype(np.float32), RATE))
