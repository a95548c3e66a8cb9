"""Limits that protect the server from one person: how much work one person may have the server doing
at once, and how large a file the app takes in. (Failed logins per account and per address are counted
in `trainer/auth.py`; only one recorded call per person is ever in progress, see `Attempts.start_attempt`.)

A reply costs the server its scoring and, with a generated customer, a language-model request that may
take seconds. Ten tabs sending at once would hold ten of the server's threads and ten model requests;
`CallsAtOnce` lets each person have at most `limit` replies or call starts being worked on at a time,
across their tabs, in this app process, and refuses the next with a message saying so.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from trainer.errors import LimitError


class CallsAtOnce:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._busy: dict[int, int] = {}

    @contextmanager
    def hold(self, person_id: int | None, limit: int) -> Iterator[None]:
        """Count one piece of work for the person while the block runs; `LimitError` when they already
        have `limit` of them running. `person_id=None` (practising without a database) is not counted."""
        if person_id is None:
            yield
            return
        with self._lock:
            busy = self._busy.get(person_id, 0)
            if busy >= limit:
                raise LimitError(
                    f"The server is already answering {busy} of your replies or calls in other tabs or windows, "
                    f"the most one person may have at once ({limit}). Wait until the customer has answered "
                    "there, then try again.")
            self._busy[person_id] = busy + 1
        try:
            yield
        finally:
            with self._lock:
                left = self._busy.get(person_id, 1) - 1
                if left > 0:
                    self._busy[person_id] = left
                else:
                    self._busy.pop(person_id, None)

    def busy(self, person_id: int) -> int:
        with self._lock:
            return self._busy.get(person_id, 0)


CALLS = CallsAtOnce()  # one per app process


def check_upload(name: str, size: int, max_kb: int) -> None:
    """Refuse a file larger than TRAINER_MAX_UPLOAD_KB before reading it."""
    if size > max_kb * 1024:
        raise LimitError(f"{name} is {_size(size)}; the largest file Frontline takes is {_size(max_kb * 1024)} "
                         "(TRAINER_MAX_UPLOAD_KB). Upload a part of it, or ask an admin to raise the limit.")


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MiB"
    return f"{max(1, round(n / 1024))} KiB"
