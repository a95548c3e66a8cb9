"""A fake customer model for the local server: answers in the scenario's language, in character,
with the end signal the request asks for."""

from __future__ import annotations

import re
from typing import Any

LINES = {
    "English": "Right. Okay, I hear you. So what happens now with my phone?",
    "Persian": "باشه، متوجه شدم. حالا قراره چی کار کنید؟",
    "Chinese": "好吧，我明白了。那现在怎么办？",
}


def wanted_end(request: dict[str, Any]) -> str:
    system = request["messages"][0]["content"]
    return re.search(r"End your answer with (\{.*?\})", system).group(1)


def language(request: dict[str, Any]) -> str:
    system = request["messages"][0]["content"]
    return next(name for name in LINES if f"Speak only {name}" in system)


def in_character(request: dict[str, Any]) -> str:
    return f"{LINES[language(request)]}\n{wanted_end(request)}"


def with_line(line: str):
    return lambda request: f"{line}\n{wanted_end(request)}"
