"""Shared fixtures. Each area's fixtures live in `tests/plugins/<area>.py` and are loaded here, so
areas never edit one shared file."""

import pkgutil
from pathlib import Path

pytest_plugins = [
    f"tests.plugins.{m.name}"
    for m in pkgutil.iter_modules([str(Path(__file__).parent / "plugins")])
    if not m.name.startswith("_")
]
