"""The shape of the code, kept by tests: the core knows nothing of Streamlit, only the store talks
to SQLAlchemy, only two modules talk to `openai` (chat and speech), pages go through `trainer/`."""

import ast
from pathlib import Path

import pytest

from tests.found import found
from trainer.config import ROOT


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def python_files(folder: str) -> list[Path]:
    return found((ROOT / folder).rglob("*.py"), f"Python files under {folder}/")


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def outside(prefix: str) -> list[Path]:
    return [p for p in python_files("trainer") if not rel(p).startswith(prefix)]


@pytest.mark.parametrize("path", outside("trainer/ui/"), ids=rel)
def test_core_is_free_of_streamlit(path):
    assert "streamlit" not in imported_modules(path), "only trainer/ui may import streamlit"


@pytest.mark.parametrize("path", outside("trainer/store/"), ids=rel)
def test_only_the_store_talks_to_sqlalchemy(path):
    assert not {"sqlalchemy", "alembic"} & imported_modules(path), "go through trainer/store"


def test_only_the_two_doors_import_openai():
    users = [rel(p) for p in python_files("trainer") + python_files("pages") if "openai" in imported_modules(p)]
    assert users == ["trainer/llm.py", "trainer/speech.py"], (
        f"openai is imported by {users}: keep it behind trainer/llm.py (chat) and trainer/speech.py (audio)")
