"""The trainer studio: browse the library, edit and save scenarios, play-test them, read per-scenario
analytics and calibrate the scorer against trainers' grades. Streamlit-free; pages use it through
`trainer/ui/studio_*.py`."""

from trainer.studio.files import EditConflict, OpenedFile, Saved, open_file, save
from trainer.studio.kappa import Agreement, agreement, kappa_from_table
from trainer.studio.playtest import PlayTest, segments, try_reply

__all__ = ["Agreement", "EditConflict", "OpenedFile", "PlayTest", "Saved", "agreement", "kappa_from_table",
           "open_file", "save", "segments", "try_reply"]
