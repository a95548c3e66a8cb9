"""A new scenario from the library's starter template, with its id, title, language, channel and rubric
filled in, so a trainer who has never seen the format starts from a file that validates and plays."""

from __future__ import annotations

import re
from pathlib import Path

from trainer.config import ROOT
from trainer.errors import ScenarioError
from trainer.studio.roundtrip import set_values

TEMPLATE = ROOT / "scenarios" / "templates" / "scenario.yaml.template"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_FALLBACK = """\
# A new scenario. Every key is explained in scenarios/README.md.
id: my-scenario
title: A new call
summary: What happened, and what the trainee should do.
language: en
channel: chat
difficulty: 2
tags: []
rubric: core
persona:
  mood: 5
opening:
  - Hello, I have a problem with my order.
steps:
  - id: first_reply
    goal: Acknowledge the problem and say what you will do.
    model_answer: >-
      I'm sorry about that, and I understand how frustrating it is. I'll check it now and call you back by
      5 pm today.
    branches:
      - when: {criteria: {next_step: {min: 1}}}
        end: resolved
        say: ["Thank you."]
      - end: escalated
        say: ["I want to speak to someone else."]
"""


def template_text(template: Path = TEMPLATE) -> str:
    try:
        return template.read_text(encoding="utf-8")
    except OSError:
        return _FALLBACK


def slug(title: str) -> str:
    """An id from a title: 'The order that did not arrive' -> 'the-order-that-did-not-arrive'."""
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:60].strip("-") or "new-scenario"


def new_scenario(scenario_id: str, title: str, *, language: str = "en", channel: str = "chat",
                 rubric: str = "core", template: Path = TEMPLATE) -> str:
    if not ID_RE.match(scenario_id):
        raise ScenarioError(f"{scenario_id!r} cannot be an id: use lower-case letters, digits, - and _ "
                            "(e.g. late-parcel-refund).")
    return set_values(template_text(template), {"id": scenario_id, "title": title.strip() or scenario_id,
                                                "language": language, "channel": channel, "rubric": rubric})


def path_for(root: Path, scenario_id: str, language: str) -> Path:
    """Where a new scenario goes: `<scenarios>/<language>/<id>.yaml`."""
    return root / language / f"{scenario_id}.yaml"
