"""The generated customer: a language model speaks the customer's lines, checked by code, and the
script catches it when it fails.

Two kinds. The *paraphrasing* customer (`generated`) puts each move of the scripted call into its own
words, from the persona, the details, the mood, the conversation so far and the authored line for
that moment. The *improvising* customer (`improvised`) answers whatever the trainee says, from the
persona, the facts it has earned, its mood and its goal. For both, the session engine owns the call:
steps, branches, mood, scoring and the end. The model only speaks; the improvising customer may *ask*
to end the call through a typed field (`request_end`), which `mood.grant_end` accepts or refuses
by the mood, and a paraphrasing customer is told when the engine has ended the call.

Hidden facts are earned: the model is shown one more fact for each question the trainee has asked, so
it cannot blurt out what it was never told. Every request alternates user and assistant after one
system message (strict chat templates refuse anything else), names a token budget and fits the
context size. A line is checked before anyone sees it: it must be non-empty, not too long, in the
scenario's language, in character, must not echo the prompt (found by overlap with the prompt's own
words, not by a word list) and must not reveal a hidden fact the trainee has not earned. The checks
that can run on a prefix run sentence by sentence while the line streams, so only checked sentences
reach `sink`; nothing unchecked is ever shown.

A line that fails a check is asked for once more, with the reason. A slow or failing answer costs that
turn only: its line comes from the script, with a `Notice`. Only an endpoint that cannot be used
(`LLMUnavailable`: unreachable, key refused, model unknown) switches the rest of the call to the
script, and then every scripted line carries a notice.
"""

from __future__ import annotations

import json
import queue
import re
import threading
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from trainer import languages, prompts
from trainer.config import Settings
from trainer.errors import LLMError, LLMUnavailable
from trainer.llm import ChatModel, Message, alternating, chat_model, estimate_tokens, is_configured
from trainer.scenario.variables import fill
from trainer.scoring.language import detect
from trainer.simulation.customer import Cue, ScriptedCustomer, Situation, register

if TYPE_CHECKING:
    from trainer.scenario.schema import Rubric, Scenario
    from trainer.scoring.results import Scorer
    from trainer.simulation.session import Session
    from trainer.simulation.state import TurnOutcome

PROMPT_FILE = Path(__file__).with_name("customer_prompt.yaml")
CHANNEL_STYLE = {"phone": ", as spoken on the phone: short, natural sentences",
                 "chat": ", as typed in a chat window: short messages",
                 "email": ", as written in an email, without a subject line",
                 "social": ", as a public social-media post or comment"}
MAX_LINE_CHARS = 600  # a customer's turn; longer is rambling, or the prompt coming back
LINE_TOKENS = 200  # the budget for one line: about 120 English words, 200 Chinese characters
ECHO_WORDS = 4  # this many words in a row from the prompt's own instructions is an echo
ECHO_CHARS = 8  # the same in characters, for text without spaces (Chinese)
FACT_WORDS = 4  # this many words in a row from a hidden fact not yet earned is a leak
FACT_CHARS = 6
NOTHING: frozenset[str] = frozenset()
PROMPT_SPEC: prompts.Spec = {  # each template of customer_prompt.yaml and the placeholders it may use
    "system": frozenset({"full_name", "channel", "summary", "details", "traits", "facts", "mood", "mood_words",
                         "language_name", "channel_style", "turn"}),
    "connect": NOTHING, "opening": NOTHING, "answer": NOTHING, "agent_task": frozenset({"goal"}),
    "turn": frozenset({"direction", "script", "ending"}), "ending_none": NOTHING, "ending": frozenset({"how"}),
    "how": {"resolved": NOTHING, "escalated": NOTHING, "hung_up": NOTHING, "timed_out": NOTHING},
    "improvise_turn": frozenset({"goal", "ending"}), "improvise_format": NOTHING, "retry": frozenset({"reason"}),
}
_OUT_OF_CHARACTER = re.compile(
    r"\b(as an ai|an ai\b|ai (language )?model|i am an ai|i'm an ai|you are an ai|language model|"
    r"this simulation|simulation|role-?play\w*|the trainee|training exercise|system prompt|"
    r"my instructions)\b|人工智能|语言模型|模拟训练|角色扮演|提示词|هوش مصنوعی|مدل زبانی|شبیه[‌ ]?سازی|نقش[‌ ]?آفرینی",
    re.IGNORECASE)
_LABEL = re.compile(r"^\s*(customer|the customer|客户|顾客|مشتری)\s*[:：]\s*", re.IGNORECASE)
_SIGNAL_TAIL = re.compile(r"\s*(```(json)?\s*)?\{\s*\"(end|request_end)\"\s*:[^{}]*\}\s*(```)?\s*$")
_SENTENCE_END = re.compile(r"[.!?。！？؟…\n]+[\"'”’)]*(\s+|$)|[。！？؟]+")
_WORD = re.compile(r"\w+", re.UNICODE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_QUESTION = re.compile(r"[?？؟]")
T = TypeVar("T")
RequestedEnd = Literal["hung_up", "escalated"]
REQUEST_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["line", "request_end"],
    "properties": {"line": {"type": "string"},
                   "request_end": {"anyOf": [{"type": "null"}, {"type": "string", "enum": ["hung_up", "escalated"]}]}},
}


class Improvised(BaseModel):
    """The improvising customer's answer, as the engine accepts it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    line: str
    request_end: RequestedEnd | None = None


class Notice(BaseModel):
    """Shown to the trainee when a line came from the script instead of the model."""

    model_config = ConfigDict(frozen=True)

    turn: int
    message: str


class BadLine(Exception):
    pass


@lru_cache(maxsize=1)
def load_prompt(path: Path = PROMPT_FILE) -> prompts.Prompt:
    return prompts.load(path, PROMPT_SPEC)


def mood_words(mood: int) -> str:
    return ("calm" if mood <= 2 else "a little annoyed" if mood <= 4 else "frustrated" if mood <= 6
            else "angry" if mood <= 8 else "furious, close to hanging up")


# -- overlap: what the line repeats of a text it must not repeat ----------------------------------

def _shingles(text: str, words: int, chars: int) -> set[str]:
    """Runs of `words` words, and for text without spaces (Chinese) runs of `chars` characters."""
    folded = text.casefold()
    tokens = _WORD.findall(folded)
    runs = {" ".join(tokens[i:i + words]) for i in range(len(tokens) - words + 1)}
    han = "".join(_HAN.findall(folded))
    runs |= {han[i:i + chars] for i in range(len(han) - chars + 1)}
    return runs


@lru_cache(maxsize=1)
def _instruction_shingles() -> frozenset[str]:
    """The prompt's own words (its templates, placeholders left out): a customer never says them."""
    return frozenset(set().union(*(_shingles(prompts.PLACEHOLDER.sub(" | ", t), ECHO_WORDS, ECHO_CHARS)
                                   for t in load_prompt().texts())))


class GeneratedCustomer:
    """`Customer` speaking through a `ChatModel`; with no model it is the scripted customer plus notices."""

    kind = "generated"
    improvises = False

    def __init__(self, model: ChatModel | None = None, *, max_tokens: int = LINE_TOKENS, temperature: float = 0.8,
                 context_tokens: int = 4096):
        self.model, self.max_tokens, self.temperature = model, max_tokens, temperature
        self.context_tokens = context_tokens
        self.scripted = ScriptedCustomer()
        self.notices: list[Notice] = []
        self.sink: Callable[[str], None] | None = None
        self.off: str | None = None if model is not None else "no language model is configured"
        self.requested_end: RequestedEnd | None = None
        self.lines_used = 0  # model lines that passed every check (for reports and benchmarks)
        self.refusals: list[str] = []  # why each refused line was refused

    def notice(self, turn: int) -> Notice | None:
        return next((n for n in reversed(self.notices) if n.turn == turn), None)

    # -- the Customer protocol -------------------------------------------------------------------

    def say(self, situation: Situation, cue: Cue) -> str:
        self.requested_end = None
        if situation.scenario.generation == "scripted_only":
            return self._scripted(situation, cue, None if self.notices else
                                  "The customer speaks from the script: this scenario always uses its scripted lines.")
        if self.off is not None:
            return self._scripted(situation, cue, f"This line is from the script: {self.off}.")
        reason: str | None = None
        for _ in range(2):  # a refused line is asked for once more, with the reason
            try:
                line = self._answer(situation, cue, reason)
            except LLMUnavailable as e:
                self.off = f"the AI customer is not available ({e})"
                return self._scripted(situation, cue, f"This line is from the script: {self.off}; the rest "
                                                      "of this call uses the script.")
            except LLMError as e:
                return self._scripted(situation, cue, f"This line is from the script: the AI customer did not "
                                                      f"answer in time or failed ({e}).")
            except BadLine as e:
                reason = str(e)
                self.refusals.append(reason)
                continue
            self.lines_used += 1
            return line
        return self._scripted(situation, cue,
                              f"This line is from the script: the AI customer's answer was not usable ({reason}).")

    def _scripted(self, situation: Situation, cue: Cue, message: str | None) -> str:
        if message is not None:
            self.notices.append(Notice(turn=situation.turn, message=message))
        line = self.scripted.say(situation, cue)
        if self.sink is not None:
            self.sink(line)
        return line

    # -- asking ----------------------------------------------------------------------------------

    def _answer(self, situation: Situation, cue: Cue, retry: str | None) -> str:
        assert self.model is not None
        messages = self.messages(situation, cue, retry=retry)
        if self.improvises:
            return self._improvise(messages, situation, cue)
        shown, text = 0, ""
        for piece in self.model.stream(messages, max_tokens=self.max_tokens, temperature=self.temperature):
            text += piece
            ready = _LABEL.sub("", _checked_prefix(text))  # whole sentences so far
            if len(ready) > shown:
                self._check(ready, situation, cue, final=False)
                if self.sink is not None:
                    self.sink(ready[shown:])
                shown = len(ready)
        line = self._check(text, situation, cue, final=True)
        if self.sink is not None and len(line) > shown:
            self.sink(line[shown:])
        return line

    def _improvise(self, messages: list[Message], situation: Situation, cue: Cue) -> str:
        assert self.model is not None
        raw = self.model.complete(messages, max_tokens=self.max_tokens, temperature=self.temperature,
                                  json_mode=True, schema=REQUEST_SCHEMA)
        answer = parse_improvised(raw)
        line = self._check(answer.line, situation, cue, final=True)
        self.requested_end = answer.request_end
        if self.sink is not None:
            self.sink(line)
        return line

    def messages(self, situation: Situation, cue: Cue, *, retry: str | None = None) -> list[Message]:
        prompt, s, v = load_prompt(), situation.scenario, situation.values
        values = self._persona(situation)
        if cue.end is None:
            ending = prompt["ending_none"]
        else:
            ending = prompt.fill("ending", {"how": prompt.choice("how", cue.end.value)})
        if self.improvises:
            goal = cue.goal or s.summary
            values["turn"] = prompt.fill("improvise_turn", {"goal": goal, "ending": ending}) + \
                prompt["improvise_format"]
        else:
            script = " / ".join(fill(x, v) for x in cue.variants[:3]) or "(none: say it your own way)"
            direction = prompt["opening"] if cue.place == "opening" else prompt["answer"]
            if cue.goal and cue.end is None:
                direction += " " + prompt.fill("agent_task", {"goal": cue.goal})
            values["turn"] = prompt.fill("turn", {"direction": direction, "script": script, "ending": ending})
        system = prompt.fill("system", values)
        if retry:
            system += "\n" + prompt.fill("retry", {"reason": retry})
        conversation: list[Message] = [{"role": "user", "content": prompt["connect"]}]
        for line in situation.transcript:
            role = "assistant" if line.speaker == "customer" else "user"
            conversation.append({"role": role, "content": line.text})
        # Fit the context: the oldest turns go first, the call's start and the last reply stay.
        budget = self.context_tokens - self.max_tokens
        head = [{"role": "system", "content": system}]
        while len(conversation) > 3 and estimate_tokens(head + conversation) > budget:
            del conversation[1:3]
        return alternating(head + conversation)

    def _persona(self, situation: Situation) -> dict[str, str]:
        s, v = situation.scenario, situation.values
        facts = [fill(f, v) for f in s.hidden_facts[:_earned(situation)]]
        names = {"customer.first_name", "customer.last_name", "customer.full_name", "customer.title"}
        details = [f"{k.removeprefix('customer.')}: {val}" for k, val in v.items() if k not in names and val]
        return {
            "full_name": " ".join(x for x in (v.get("customer.title"), v.get("customer.full_name")) if x),
            "channel": s.channel, "summary": s.summary, "details": "; ".join(details) or "none",
            "traits": "; ".join(s.persona.traits) or "an ordinary customer",
            "facts": " ".join(facts) or "nothing yet (the agent has not asked)",
            "mood": str(situation.mood), "mood_words": mood_words(situation.mood),
            "language_name": languages.model_speaks(s.language), "channel_style": CHANNEL_STYLE.get(s.channel, ""),
        }

    # -- checking --------------------------------------------------------------------------------

    def _check(self, text: str, situation: Situation, cue: Cue, *, final: bool) -> str:
        """The line as it may be shown, or `BadLine` saying why not (`final=False`: a prefix)."""
        line = _LABEL.sub("", _SIGNAL_TAIL.sub("", text)).strip() if final else text.strip()
        if final and not line:
            raise BadLine("it said nothing")
        if len(line) > MAX_LINE_CHARS:
            raise BadLine(f"it ran to {len(line)} characters")
        if _OUT_OF_CHARACTER.search(line):
            raise BadLine("it stepped out of character")
        if _shingles(line, ECHO_WORDS, ECHO_CHARS) & _instruction_shingles():
            raise BadLine("it repeated its instructions")
        unearned = situation.scenario.hidden_facts[_earned(situation):]
        said = _shingles(line, FACT_WORDS, FACT_CHARS)
        if any(said & _shingles(fill(f, situation.values), FACT_WORDS, FACT_CHARS) for f in unearned):
            raise BadLine("it gave away a fact the agent has not asked about")
        if final or len(line) >= 24:
            allowed = {situation.scenario.language, *(detect(fill(x, situation.values)) for x in cue.variants)}
            if detect(line, fallback=situation.scenario.language) not in allowed:
                raise BadLine(f"it was not in {languages.model_speaks(situation.scenario.language)}")
        return line


class ImprovisingCustomer(GeneratedCustomer):
    """Answers whatever the trainee says; may ask to end the call (see `mood.grant_end`)."""

    kind = "improvised"
    improvises = True


def _earned(situation: Situation) -> int:
    """How many hidden facts the customer may know: one for each question the trainee has asked."""
    return sum(1 for line in situation.transcript if line.speaker == "trainee" and _QUESTION.search(line.text))


def _checked_prefix(text: str) -> str:
    """The text up to the end of its last whole sentence (what can be checked and shown so far)."""
    last = 0
    for m in _SENTENCE_END.finditer(text):
        last = m.end()
    return text[:last].rstrip()


def parse_improvised(raw: str) -> Improvised:
    """The improvising customer's answer: a JSON object (structured output, or the plain-text format's
    last line); `BadLine` when there is none."""
    text = raw.strip().removeprefix("```json").removeprefix("```").removesuffix("```").strip()
    try:
        return Improvised.model_validate(json.loads(text))
    except (ValueError, ValidationError, RecursionError):
        pass
    at = text.rfind("{")
    if at > 0:
        try:
            tail = Improvised.model_validate({"line": text[:at].strip(), **json.loads(text[at:])})
            return tail
        except (ValueError, ValidationError, RecursionError, TypeError):
            pass
    if text and "{" not in text:
        return Improvised(line=text)
    raise BadLine("its answer was not the expected JSON")


def can_generate(scenario: Scenario, settings: Settings) -> bool:
    """Whether to offer "generated" for this scenario: an LLM is configured and the scenario allows it."""
    return is_configured(settings) and scenario.generation == "allowed"


def generated_customer(settings: Settings, *, client: Any = None, improvise: bool = False) -> GeneratedCustomer:
    """A generated customer from the settings (scripted, with notices, when no LLM is configured);
    `improvise=True`: the improvising one."""
    kind = ImprovisingCustomer if improvise else GeneratedCustomer
    if client is None and not is_configured(settings):
        return kind(None)
    return kind(chat_model(settings, client=client), context_tokens=settings.llm_context_tokens)


def enable() -> None:
    """Let `make_customer("generated", model=...)` (and `Session.restore` of a generated attempt with
    no `customer=`) build this customer. Entry points call it once; importing this module does not,
    so the factory's list stays as the process set it up."""
    register("generated", GeneratedCustomer)
    register("improvised", ImprovisingCustomer)


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


def live_reply(session: Session, text: str, response_seconds: float | None = None) -> Live[TurnOutcome]:
    """`session.reply(text, response_seconds)` as a stream of the customer's words, for
    `st.write_stream`; afterwards `.result` is the `TurnOutcome` and `.notice` any fallback notice."""
    return Live(session.customer, lambda: session.reply(text, response_seconds), lambda: session.turn)


def live_start(scenario: Scenario, rubric: Rubric, scorer: Scorer, seed: int, customer: GeneratedCustomer, *,
               version: str | None = None) -> Live[Session]:
    """`Session.start(...)` with this customer, streaming the opening line; `.result` is the `Session`."""
    from trainer.simulation.session import Session  # at call time (the session module is above this one)

    return Live(customer, lambda: Session.start(scenario, rubric, scorer, seed, customer=customer,
                                                version=version), lambda: 0)
