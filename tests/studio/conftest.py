"""Studio fixtures: a writable copy of the app test library (so saves never touch the repository's
own scenarios) and a catalog loaded from it."""

import shutil
from pathlib import Path

import pytest

from trainer.config import ROOT
from trainer.scenario.catalog import Catalog

SOURCE = ROOT / "tests" / "app" / "library"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root = tmp_path / "scenarios"
    shutil.copytree(SOURCE, root)
    return root


@pytest.fixture
def catalog(library: Path) -> Catalog:
    return Catalog.load(library)
