"""Small, known-good scenario and rubric files for loader tests, written into a temporary folder.

The line numbers of `SCENARIO` are part of the tests: the broken-file table replaces or inserts
numbered lines and expects errors at exact lines.
"""

from __future__ import annotations

from pathlib import Path

RUBRIC = """\
id: basic
title: Basic rubric
pass_mark: 60
criteria:
  - id: empathy
    label: Empathy
    type: phrases
    levels:
      - points: 2
        phrases:
          en: [sorry to hear, I understand]
  - id: next_step
    label: Next step
    type: next_step
"""

SCENARIO = """\
id: hold-music
title: The caller on hold
summary: Twenty minutes of hold music.
language: en
channel: phone
difficulty: 2
rubric: basic
persona:
  first_name: Dana
  mood: 6
opening:
  - "I have been on hold for twenty minutes. This is {customer.first_name}."
steps:
  - id: greet
    model_answer: I'm sorry to hear that; I will fix it today.
    branches:
      - when:
          criteria:
            empathy: {min: 1}
        goto: calm
      - end: hung_up
  - id: calm
    say: ["Fine. What now?"]
    model_answer: I will call you back by 5 pm today.
    branches:
      - when:
          criteria:
            next_step: {min: 2}
        end: resolved
      - end: escalated
"""

OTHER = SCENARIO.replace("id: hold-music", "id: other-caller", 1)


def replace_line(text: str, number: int, new: str) -> str:
    """`text` with its line `number` (1-based) replaced by `new` (which may hold several lines)."""
    lines = text.splitlines()
    lines[number - 1 : number] = new.splitlines() if new else []
    return "\n".join(lines) + "\n"


def insert_line(text: str, number: int, new: str) -> str:
    """`text` with `new` inserted so that it becomes line `number`."""
    lines = text.splitlines()
    lines[number - 1 : number - 1] = new.splitlines()
    return "\n".join(lines) + "\n"


def write_library(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A library folder: the basic rubric, a good `other.yaml`, and `files` (which may override them)."""
    contents: dict[str, str | bytes] = {"rubrics/basic.yaml": RUBRIC, "en/other.yaml": OTHER}
    contents.update(files or {})
    for rel, body in contents.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(body, encoding="utf-8")
    return root
