"""A fake customer model for the local server: answers in the scenario's language, in character. The
improvising customer's requests (a JSON schema, or the plain-text format) get the JSON it asks for."""

from __future__ import annotations

import json
from typing import Any

LINES = {
    "English": "Right. Okay, I hear you. So what happens now with my phone?",
    "Persian": "باشه، متوجه شدم. حالا قراره چی کار کنید؟",
    "Chinese": "好吧，我明白了。那现在怎么办？",
}


def language(request: dict[str, Any]) -> str:
    system = request["messages"][0]["content"]
    return next(name for name in LINES if f"Speak only {name}" in system)


def improvising(request: dict[str, Any]) -> bool:
    return "request_end" in request["messages"][0]["content"]


def answer(line: str, request: dict[str, Any], request_end: str | None = None) -> str:
    """`line` as the customer's answer, in the JSON shape when the improvising customer asked."""
    if improvising(request):
        return json.dumps({"line": line, "request_end": request_end}, ensure_ascii=False)
    return line


def in_character(request: dict[str, Any]) -> str:
    return answer(LINES[language(request)], request)


def with_line(line: str, request_end: str | None = None):
    return lambda request: answer(line, request, request_end)
