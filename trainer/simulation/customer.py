"""Who speaks for the customer: an interface, the scripted implementation and a factory.

The session engine decides *where* the call goes (steps, branches, mood, end states); a `Customer`
decides *what the customer says* there. The scripted customer picks one of the authored line variants
with a random generator derived from (seed, turn, place), so the same seed and replies give the same
words, and a restored session continues exactly as an uninterrupted one without saving generator
state. Another kind of customer (an LLM speaking from the persona and hidden facts) registers itself
with `register` and is created by `make_customer`; the turn loop does not change.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from trainer.errors import SessionError
from trainer.scenario.schema import EndState, Scenario
from trainer.scenario.variables import fill
from trainer.simulation.quotes import Heard, honest_variants, without_misquotes


class Line(BaseModel):
    model_config = ConfigDict(frozen=True)

    speaker: str  # "customer" or "trainee"
    text: str


class Cue(BaseModel):
    """Where the engine is taking the call, for the customer to put into words.

    `variants` are the authored lines for this point (a step's `say`, an end branch's `say`, or the
    opening); `place` names the point for seeding (`opening`, `step:<id>`, `end:<state>`)."""

    model_config = ConfigDict(frozen=True)

    place: str
    variants: list[str]
    step: str | None = None
    goal: str = ""
    end: EndState | None = None


class Situation(BaseModel):
    """Everything a customer may know when speaking."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    scenario: Scenario
    values: dict[str, str]
    seed: int
    turn: int
    mood: int
    transcript: list[Line]


class Customer(Protocol):
    kind: str

    def say(self, situation: Situation, cue: Cue) -> str:
        """The customer's line at `cue`; the text is shown to the trainee as is."""
        ...


# Said when the call ends and the scenario has no line of its own for that ending.
FALLBACK_CLOSINGS: dict[str, dict[EndState, list[str]]] = {
    "en": {
        EndState.hung_up: ["You know what? Forget it. I'm done with this.", "I'm hanging up. Unbelievable."],
        EndState.timed_out: ["I've been on this for ages and we're getting nowhere. I'll try another day."],
        EndState.resolved: ["Okay. Thanks."],
        EndState.escalated: ["Fine, put me through to someone else then."],
    },
    "fa": {
        EndState.hung_up: ["اصلاً ولش کنید. دیگه حوصله ندارم.", "خداحافظ. باورم نمی‌شه."],
        EndState.timed_out: ["خیلی وقته پشت خطم و به جایی نرسیدیم. یه روز دیگه زنگ می‌زنم."],
        EndState.resolved: ["باشه. ممنون."],
        EndState.escalated: ["باشه، وصلم کنید به یه نفر دیگه."],
    },
    "zh": {
        EndState.hung_up: ["算了，不说了。我挂了。", "真是受够了，我挂了。"],
        EndState.timed_out: ["聊了这么久一点进展都没有，我改天再打吧。"],
        EndState.resolved: ["好的，谢谢。"],
        EndState.escalated: ["那好吧，帮我转给别人。"],
    },
}


def pick(variants: list[str], seed: int, turn: int, place: str) -> str:
    """One variant, chosen from (seed, turn, place) alone."""
    if not variants:
        raise SessionError(f"No line to say at {place}; add a `say` line there in the scenario.")
    digest = hashlib.sha256(f"{seed}\x1f{turn}\x1f{place}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big")).choice(variants)


def heard(situation: Situation) -> Heard:
    """What the customer may quote in `situation`: the trainee's replies and the hidden facts."""
    facts = [fill(f, situation.values) for f in situation.scenario.hidden_facts]
    said = [line.text for line in situation.transcript if line.speaker == "trainee"]
    return Heard([*said, *facts], situation.scenario.language)


class ScriptedCustomer:
    """Says the authored lines, one variant per turn, placeholders filled. After the opening, a
    variant that quotes words the trainee never said is passed over (`quotes.py`)."""

    kind = "scripted"

    def say(self, situation: Situation, cue: Cue) -> str:
        variants = cue.variants
        if not variants and cue.end is not None:
            variants = FALLBACK_CLOSINGS[situation.scenario.language][cue.end]
        if cue.place == "opening":
            return fill(pick(variants, situation.seed, situation.turn, cue.place), situation.values)
        known = heard(situation)
        filled = [fill(v, situation.values) for v in variants]
        line = pick(honest_variants(filled, known), situation.seed, situation.turn, cue.place)
        return without_misquotes(line, known)


_FACTORIES: dict[str, Callable[..., Customer]] = {"scripted": ScriptedCustomer}


def register(kind: str, factory: Callable[..., Customer]) -> None:
    """Make `make_customer(kind, ...)` build customers with `factory(**options)`."""
    _FACTORIES[kind] = factory


def kinds() -> list[str]:
    return sorted(_FACTORIES)


def make_customer(kind: str = "scripted", **options: object) -> Customer:
    try:
        factory = _FACTORIES[kind]
    except KeyError:
        raise SessionError(f"No customer of kind {kind!r}; choose one of: {', '.join(kinds())}.") from None
    return factory(**options)
