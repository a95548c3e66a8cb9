"""`found(paths, what)`: a glob or regex result that a test loops over, checked not to be empty.

A loop over nothing passes, and a parametrised test over nothing is quietly skipped: a moved folder or
a renamed file pattern would turn such tests into tests that cannot fail. Raised at collection, the
error fails the run and names what was not found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def found(items: Iterable[T], what: str) -> list[T]:
    result = sorted(items) if not isinstance(items, list) else items
    if not result:
        raise AssertionError(f"found no {what}: the test would check nothing")
    return result
