"""The generated customer: an LLM speaks the customer's lines, and the script catches it when it fails.

The session engine still decides where the call goes (steps, branches, mood, endings); this customer
only puts each move into its own words, from the persona, the details, the mood, the conversation so
far and the authored line for that moment. Hidden facts are earned: the model is shown one more fact
for each question the trainee has asked, so it cannot blurt out what it was never told. Every line
ends with a JSON object, `{"end": null | "resolved" | "escalated" | "hung_up"}`, parsed into
`CallSignal` and checked against the engine's decision, so a call never ends on a magic string or on
the model's whim. A line is also refused when it is empty, too long, in the wrong language or out of
character ("as an AI...").

Any failure (endpoint down, slow, rate-limited, or an answer that fails those checks) makes this turn
use the scripted line, with a `Notice` the app shows and the turn kept as usual; an endpoint failure
also switches the rest of the call to the script. Tokens are streamed to `sink` as they arrive
(`live_reply` turns that into an iterator for `st.write_stream`), holding back the JSON tail.
"""

from __future__ import annotations

import json
import queue
import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from trainer.config import Settings
from trainer.errors import LLMError
from trainer.llm import ChatModel, chat_model, is_configured
from trainer.scenario.variables import fill
from trainer.scoring.language import detect
from trainer.simulation.customer import Cue, ScriptedCustomer, Situation, register

PROMPT_FILE = Path(__file__).with_name("customer_prompt.yaml")
LANGUAGE_NAMES = {"en": "English", "fa": "Persian (Farsi)", "zh": "Chinese (Mandarin, simplified characters)"}
CHANNEL_STYLE = {"phone": ", as spoken on the phone: short, natural sentences",
                 "chat": ", as typed in a chat window: short messages",
                 "email": ", as written in an email, without a subject line",
                 "social": ", as a public social-media post or comment"}
MAX_LINE_CHARS = 1500
MAX_BAD_LINES = 3
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_OUT_OF_CHARACTER = re.compile(
    r"\b(as an ai|an ai (language )?model|i am an ai|i'm an ai|language model|this simulation|"
    r"role-?play|the trainee)\b|人工智能|语言模型|模拟训练|هوش مصنوعی|مدل زبانی", re.IGNORECASE)
_QUESTION = re.compile(r"[?？؟]")
T = TypeVar("T")


class CallSignal(BaseModel):
    """The typed tail of every generated line."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    end: Literal["resolved", "escalated", "hung_up"] | None


class Notice(BaseModel):
    """Shown to the trainee when a line came from the script instead of the model."""

    model_config = ConfigDict(frozen=True)

    turn: int
    message: str


class BadLine(Exception):
    pass


@lru_cache(maxsize=1)
def load_prompt(path: Path = PROMPT_FILE) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _fill(template: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def mood_words(mood: int) -> str:
    return ("calm" if mood <= 2 else "a little annoyed" if mood <= 4 else "frustrated" if mood <= 6
            else "angry" if mood <= 8 else "furious, close to hanging up")


class GeneratedCustomer:
    """`Customer` speaking through a `ChatModel`; with no model it is the scripted customer plus a notice."""

    kind = "generated"

    def __init__(self, model: ChatModel | None = None, *, max_tokens: int = 400, temperature: float = 0.8):
        self.model, self.max_tokens, self.temperature = model, max_tokens, temperature
        self.scripted = ScriptedCustomer()
        self.notices: list[Notice] = []
        self.sink: Callable[[str], None] | None = None
        self.off: str | None = None if model is not None else "no language model is configured"
        self._bad_lines = 0
        self._announced = False

    def notice(self, turn: int) -> Notice | None:
        return next((n for n in reversed(self.notices) if n.turn == turn), None)

    # -- the Customer protocol -------------------------------------------------------------------

    def say(self, situation: Situation, cue: Cue) -> str:
        if situation.scenario.generation == "scripted_only":
            return self._scripted(situation, cue, self._once(
                "The customer speaks from the script: this scenario always uses its scripted lines."))
        if self.off is not None:
            return self._scripted(situation, cue, self._once(
                f"The customer speaks from the script: {self.off}."))
        try:
            line = self._check(self._ask(situation, cue), situation, cue)
        except LLMError as e:
            self.off = f"the AI customer is not available ({e})"
            self._announced = True
            return self._scripted(situation, cue, f"This line is from the script: {self.off}; the rest "
                                                  "of this call uses the script.")
        except BadLine as e:
            self._bad_lines += 1
            if self._bad_lines >= MAX_BAD_LINES:
                self.off, self._announced = "the AI customer kept answering badly", True
            return self._scripted(situation, cue,
                                  f"This line is from the script: the AI customer's answer was not usable ({e}).")
        self._bad_lines = 0
        return line

    def _once(self, message: str) -> str | None:
        if self._announced:
            return None
        self._announced = True
        return message

    def _scripted(self, situation: Situation, cue: Cue, message: str | None) -> str:
        if message is not None:
            self.notices.append(Notice(turn=situation.turn, message=message))
        line = self.scripted.say(situation, cue)
        if self.sink is not None:
            self.sink(line)
        return line

    # -- asking ----------------------------------------------------------------------------------

    def _ask(self, situation: Situation, cue: Cue) -> str:
        assert self.model is not None
        pieces: list[str] = []
        shown = 0
        for piece in self.model.stream(self.messages(situation, cue), max_tokens=self.max_tokens,
                                       temperature=self.temperature):
            pieces.append(piece)
            if self.sink is not None:
                speakable = "".join(pieces).split("{", 1)[0].rstrip()
                if len(speakable) > shown:
                    self.sink(speakable[shown:])
                    shown = len(speakable)
        return "".join(pieces)

    def messages(self, situation: Situation, cue: Cue) -> list[dict[str, str]]:
        prompt, s, v = load_prompt(), situation.scenario, situation.values
        asked = sum(1 for line in situation.transcript if line.speaker == "trainee" and _QUESTION.search(line.text))
        facts = [fill(f, v) for f in s.hidden_facts[:asked]]
        names = {"customer.first_name", "customer.last_name", "customer.full_name", "customer.title"}
        details = [f"{k.removeprefix('customer.')}: {val}" for k, val in v.items() if k not in names and val]
        values = {
            "full_name": " ".join(x for x in (v.get("customer.title"), v.get("customer.full_name")) if x),
            "channel": s.channel, "summary": s.summary, "details": "; ".join(details) or "none",
            "traits": "; ".join(s.persona.traits) or "an ordinary customer",
            "facts": " ".join(facts) or "nothing yet (the agent has not asked)",
            "mood": str(situation.mood), "mood_words": mood_words(situation.mood),
            "language_name": LANGUAGE_NAMES[s.language], "channel_style": CHANNEL_STYLE.get(s.channel, ""),
        }
        script = " / ".join(fill(x, v) for x in cue.variants[:3]) or "(none: say it your own way)"
        direction = prompt["opening"] if cue.place == "opening" else prompt["answer"]
        if cue.goal and cue.end is None:
            direction += " " + _fill(prompt["agent_task"], {"goal": cue.goal})
        if cue.end is None:
            ending = prompt["ending_none"]
        else:
            state = "hung_up" if cue.end.value == "timed_out" else cue.end.value
            ending = _fill(prompt["ending"], {"how": prompt["how"][cue.end.value], "state": state})
        values["turn"] = _fill(prompt["turn"], {"direction": direction, "script": script, "ending": ending})
        out = [{"role": "system", "content": _fill(prompt["system"], values)}]
        if not situation.transcript:
            out.append({"role": "user", "content": prompt["connect"]})
        for line in situation.transcript:
            if line.speaker == "customer":
                out.append({"role": "assistant", "content": line.text + '\n{"end": null}'})
            else:
                out.append({"role": "user", "content": line.text})
        return out

    # -- checking --------------------------------------------------------------------------------

    def _check(self, text: str, situation: Situation, cue: Cue) -> str:
        line, signal = split_signal(text)
        expected = None if cue.end is None else ("hung_up" if cue.end.value == "timed_out" else cue.end.value)
        if signal.end != expected:
            raise BadLine(f"it signalled end={signal.end!r} where the call "
                          + ("goes on" if expected is None else f"ends {expected}"))
        if not line:
            raise BadLine("it said nothing")
        if len(line) > MAX_LINE_CHARS:
            raise BadLine(f"it ran to {len(line)} characters")
        if _OUT_OF_CHARACTER.search(line):
            raise BadLine("it stepped out of character")
        allowed = {situation.scenario.language, *(detect(fill(x, situation.values)) for x in cue.variants)}
        if detect(line, fallback=situation.scenario.language) not in allowed:
            raise BadLine(f"it was not in {LANGUAGE_NAMES[situation.scenario.language]}")
        return line


def split_signal(text: str) -> tuple[str, CallSignal]:
    """The spoken line and its `CallSignal`; `BadLine` when the tail is missing or malformed."""
    at = text.find("{")
    if at < 0:
        raise BadLine("it did not say whether the call ends")
    tail = text[at:].strip().removesuffix("```").strip()
    try:
        signal = CallSignal.model_validate(json.loads(tail))
    except (ValueError, ValidationError, RecursionError):
        raise BadLine("its end-of-line signal was not the expected JSON") from None
    line = text[:at].strip().removesuffix("```json").removesuffix("```").strip()
    line = re.sub(r"^(customer|客户|مشتری)\s*[:：]\s*", "", line, flags=re.IGNORECASE)
    return line, signal


def can_generate(scenario: Any, settings: Settings) -> bool:
    """Whether to offer "generated" for this scenario: an LLM is configured and the scenario allows it."""
    return is_configured(settings) and scenario.generation == "allowed"


def generated_customer(settings: Settings, *, client: Any = None) -> GeneratedCustomer:
    """A generated customer from the settings (scripted, with a notice, when no LLM is configured)."""
    if client is None and not is_configured(settings):
        return GeneratedCustomer(None)
    return GeneratedCustomer(chat_model(settings, client=client))


def enable() -> None:
    """Let `make_customer("generated", model=...)` (and `Session.restore` of a generated attempt with
    no `customer=`) build this customer. Entry points call it once; importing this module does not,
    so the factory's list stays as the process set it up."""
    register("generated", GeneratedCustomer)


# -- streaming to a page ---------------------------------------------------------------------------

_END = object()


class Live(Generic[T]):
    """Runs `work` (e.g. `session.reply(...)`) in a thread; iterating yields the customer's words as
    they arrive, then `result` holds what `work` returned and `notice` any fallback notice. An error
    raised by `work` is raised again at the end of the iteration."""

    def __init__(self, customer: object, work: Callable[[], T], turn: Callable[[], int]):
        self.customer, self.work, self._turn = customer, work, turn
        self.result: T | None = None
        self.notice: Notice | None = None

    def __iter__(self) -> Iterator[str]:
        if not isinstance(self.customer, GeneratedCustomer):
            self.result = self.work()
            yield from self._last_line()
            return
        customer = self.customer
        pieces: queue.Queue[Any] = queue.Queue()
        box: list[Any] = []

        def run() -> None:
            try:
                box.append(self.work())
            except BaseException as e:
                box.append(e)
            finally:
                pieces.put(_END)

        customer.sink = pieces.put
        threading.Thread(target=run, name="generated-customer", daemon=True).start()
        try:
            while (item := pieces.get()) is not _END:
                yield item
        finally:
            customer.sink = None
        if isinstance(box[0], BaseException):
            raise box[0]
        self.result = box[0]
        self.notice = customer.notice(self._turn())

    def _last_line(self) -> Iterator[str]:
        line = getattr(self.result, "customer_line", None) or getattr(self.result, "opening", None)
        if line:
            yield line


def live_reply(session: Any, text: str, response_seconds: float | None = None) -> Live[Any]:
    """`session.reply(text, response_seconds)` as a stream of the customer's words, for
    `st.write_stream`; afterwards `.result` is the `TurnOutcome` and `.notice` any fallback notice."""
    return Live(session.customer, lambda: session.reply(text, response_seconds), lambda: session.turn)


def live_start(scenario: Any, rubric: Any, scorer: Any, seed: int, customer: GeneratedCustomer, *,
               version: str | None = None) -> Live[Any]:
    """`Session.start(...)` with this customer, streaming the opening line; `.result` is the `Session`."""
    from trainer.simulation.session import Session

    return Live(customer, lambda: Session.start(scenario, rubric, scorer, seed, customer=customer,
                                                version=version), lambda: 0)
