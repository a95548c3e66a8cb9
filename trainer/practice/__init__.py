"""A call as the trainee takes it: the attempt workflow, free of Streamlit.

`LiveAttempt` (in `attempt`) is where a reply is scored, its turn saved and a call finished, resumed or
abandoned, for the Practice page, the voice call and `play`; `transcript` is the call as a
downloadable record. Who may see an attempt is decided in the store's queries (`trainer/store/access.py`),
not here.
"""

from trainer.practice.attempt import (
           LiveAttempt,
           lines_of,
           new_seed,
           notices_of,
           streamed,
           too_long,
           turn_voice,
)
from trainer.practice.transcript import Line, Result, Transcript

__all__ = ["Line", "LiveAttempt", "Result", "Transcript", "lines_of", "new_seed", "notices_of", "streamed",
           "too_long", "turn_voice"]
