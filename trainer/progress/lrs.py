"""Sending xAPI statements to a learning-record store: POST `{url}/statements` in batches with basic
auth and the xAPI version header, through the standard library only. Failures become `StoreError`s
that name the store and what it answered; nothing is retried silently."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections.abc import Iterable
from itertools import islice
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from trainer.errors import StoreError
from trainer.progress.xapi import VERSION


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL without `user:password@`, and those (None when absent)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise StoreError(f"{url!r} is not an LRS address; give one like https://lrs.example.com/xapi.")
    netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), parts.username, parts.password


def push(statements: Iterable[dict[str, Any]], url: str, *, username: str | None = None,
         password: str | None = None, batch: int = 200, timeout: float = 30.0) -> int:
    """Send every statement; returns how many the store accepted."""
    endpoint, url_user, url_password = split_credentials(url)
    username, password = username or url_user, password or url_password
    target = endpoint.rstrip("/") + "/statements"
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": VERSION}
    if username is not None:
        token = base64.b64encode(f"{username}:{password or ''}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    sent = 0
    items = iter(statements)
    while chunk := list(islice(items, batch)):
        request = urllib.request.Request(target, data=json.dumps(chunk).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
        except urllib.error.HTTPError as e:
            detail = e.read(300).decode(errors="replace").strip()
            hint = " Check the LRS user and password." if e.code in (401, 403) else ""
            raise StoreError(f"The LRS at {endpoint} refused statements {sent + 1}-{sent + len(chunk)} "
                             f"(HTTP {e.code}: {detail or e.reason}).{hint} {sent} were sent before.") from None
        except (urllib.error.URLError, OSError) as e:
            reason = getattr(e, "reason", e)
            raise StoreError(f"Cannot reach the LRS at {endpoint} ({reason}). Check the address and the "
                             f"network; {sent} statements were sent before.") from None
        sent += len(chunk)
    return sent
