"""Voice calls: audio in and out, the timing of what was said, holds and hold music.

`audio` reads and writes WAV and finds where speech is in a recording (no model: the signal's
energy); `timing` holds the plain data kept with each turn (when the trainee spoke, paused, how long
the customer talked; a hold and what was promised); `music` makes the hold music. Speech engines are
behind `trainer/voice/speech.py`. Nothing here imports Streamlit.
"""

__all__ = ["audio", "call", "music", "speech", "timing"]
