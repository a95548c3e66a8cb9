"""The conversation as the app shows it, and as a trainee downloads it (Markdown or JSON).

`Line` is one message in the chat; `Transcript` is a whole attempt with what is needed to read it
later without the app: scenario, seed, mode, each line with its score and the customer's mood, and
the final result. Plain pydantic, no Streamlit, so the downloads are tested directly.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from trainer.scoring.results import ReplyScore
from trainer.voice.timing import Hold, VoiceTiming, clock


class Line(BaseModel):
    model_config = ConfigDict(frozen=True)

    speaker: Literal["customer", "trainee"]
    text: str
    response_seconds: float | None = None
    score: ReplyScore | None = Field(None, description="the reply's score (trainee lines only)")
    mood_before: int | None = None
    mood_after: int | None = None
    mood_changes: dict[str, int] = Field(default_factory=dict, description="rule name -> change")
    step: str | None = None
    notice: str | None = Field(None, description="why this customer line came from the script instead of "
                                                 "the generated customer (a fallback), or why a spoken reply "
                                                 "was typed instead")
    hold: Hold | None = Field(None, description="the hold this reply ended (trainee lines only)")
    voice: VoiceTiming | None = Field(None, description="a spoken reply's timing (trainee lines only)")

    def hold_text(self) -> str:
        """"On hold 2:31 (2:00 promised) after: “May I put you on hold…”"; empty without a hold."""
        h = self.hold
        if h is None or h.held_seconds is None:
            return ""
        promised = f"{clock(h.promised_seconds, tenths=False)} promised" if h.promised_seconds else "no time promised"
        music = f", to {h.music}" if h.music else ""
        return f"On hold {clock(h.held_seconds, tenths=False)} ({promised}{music}) after: “{h.asked}”"


class Result(BaseModel):
    model_config = ConfigDict(frozen=True)

    total: float
    passed: bool
    pass_mark: float
    end_state: str | None
    critical_failure: str | None = None
    criteria: dict[str, float] = Field(default_factory=dict, description="points per criterion")


class Transcript(BaseModel):
    model_config = ConfigDict(frozen=True)

    scenario_id: str
    scenario_title: str
    language: str
    seed: int
    mode: str
    trainee: str = ""
    started_at: datetime | None = None
    lines: list[Line]
    result: Result | None = None

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, indent=2)

    def to_markdown(self) -> str:
        """Readable as plain text too; message bodies are indented code blocks, so their own Markdown
        or HTML stays inert when the file is rendered."""
        out = [
            f"# {self.scenario_title}",
            "",
            f"- scenario: `{self.scenario_id}` (seed {self.seed}, {self.mode} mode, language {self.language})",
        ]
        if self.trainee:
            out.append(f"- trainee: {self.trainee}")
        if self.started_at:
            out.append(f"- started: {self.started_at:%Y-%m-%d %H:%M} UTC")
        out.append("")
        for line in self.lines:
            who = "Customer" if line.speaker == "customer" else "You"
            extra = []
            if line.response_seconds is not None:
                extra.append(f"{line.response_seconds:.0f} s")
            if line.score is not None:
                extra.append(f"score {line.score.total:.0f}/100")
            if line.mood_after is not None:
                extra.append(f"mood after {line.mood_after}/10")
            if line.hold_text():
                out.extend(["_Hold:_", "", *_quote(line.hold_text()), ""])
            if line.voice is not None:
                extra.append("spoken")
            out.append(f"**{who}**" + (f" ({', '.join(extra)})" if extra else ""))
            out.append("")
            out.extend(_quote(line.text))
            out.append("")
            if line.notice:
                out.extend(["_Note from the app:_", "", *_quote(line.notice), ""])
        if self.result:
            r = self.result
            verdict = "passed" if r.passed else "not passed"
            out.append(f"## Result: {r.total:.0f}/100, {verdict} (pass mark {r.pass_mark:.0f})")
            out.append("")
            if r.end_state:
                out.append(f"- call ended: {r.end_state.replace('_', ' ')}")
            if r.critical_failure:
                out.append(f"- critical criterion missed: {r.critical_failure}")
            for cid, points in r.criteria.items():
                out.append(f"- {cid}: {points:g}")
            out.append("")
        return "\n".join(out)


def _quote(text: str) -> list[str]:
    # Backslash-escaping would change what a plain-text reader sees; an indented code block keeps
    # every character literal in both readings.
    return ["    " + part for part in text.splitlines() or [""]]
