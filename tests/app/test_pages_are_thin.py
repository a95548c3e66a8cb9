"""Pages stay thin: no database or LLM library in `pages/` or the entry point."""

from __future__ import annotations

import pytest

from tests.test_architecture import imported_modules, python_files, rel
from trainer.config import ROOT


@pytest.mark.parametrize("path", [*python_files("pages"), ROOT / "streamlit_app.py"], ids=rel)
def test_pages_never_import_openai_or_sqlalchemy(path):
    assert not {"openai", "sqlalchemy", "alembic"} & imported_modules(path)


def test_there_are_pages_to_check():
    assert {p.name for p in python_files("pages")} >= {"practice.py", "progress.py"}
