"""Programs and what comes out of the store for people outside the app: cycle dates (`cycles.py`),
CSV and xAPI exports (`exports.py`, `xapi.py`, `lrs.py`) and the demo organisation (`demo.py`)."""

__all__ = ["criterion_sets", "demo", "exports", "lrs", "xapi"]
