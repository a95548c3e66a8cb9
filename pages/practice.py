"""Practice: pick a scenario, talk to the customer, get the scorecard (see `trainer/ui/practice.py`)."""

from trainer.ui import practice

practice.page()
