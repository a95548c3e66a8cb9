"""The LLM judge: grades what rules cannot (`llm` criteria) and, when a rubric asks, second-guesses them.

It fails closed. One call per reply returns JSON for all criteria; the answer is parsed into a model
and checked by code: points are clamped to each criterion's scale, a point counts only when the
judge quotes words that occur verbatim in the reply, and a missing or unreadable answer leaves the
criterion "ungraded" (shown as such, never a pass). The reply is delimited as untrusted data; a reply
that tries to instruct the grader (see `injection`) is flagged for review, its `llm` criteria score 0
and it never scores above the rule scorer. With `rubric.second_opinion` the judge may lower a
rule-scored criterion but never raise it. Answers are cached by (model, rubric version, reply and
its context). The prompt is data: `judge_prompt.yaml`.

Every request names a token budget and fits the model's context (a long reply is cut to fit, and the
reasons say so); the server's structured output is used where it has one (`trainer.llm`). A slow or
failed answer costs that reply only: its criteria are "ungraded" and the next reply asks again. Only an
endpoint that cannot be used at all (`LLMUnavailable`) pauses the judge for a while, so a batch does
not wait on a dead server once per reply.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from trainer import languages, prompts
from trainer.config import Settings
from trainer.errors import LLMError, LLMUnavailable
from trainer.llm import ChatModel, chat_model, estimate_tokens, is_configured
from trainer.matching.text import MAX_REPLY_CHARS
from trainer.scenario.schema import Criterion, LLMCriterion, Rubric
from trainer.scoring import injection
from trainer.scoring.results import (
    CriterionResult,
    Evidence,
    ReplyContext,
    ReplyScore,
    Scorer,
)
from trainer.scoring.rules import RuleScorer, finish

PROMPT_FILE = Path(__file__).with_name("judge_prompt.yaml")
MAX_EVIDENCE = 5
JUDGE_TOKENS = 160  # the answer's budget for each criterion it grades (short reasons, a few quotes)
PAUSE_AFTER_FAILURE = 30.0  # seconds without judge calls after the endpoint proved unusable
GRADE_SCHEMA: dict[str, Any] = {
    "type": "object", "additionalProperties": False, "required": ["points", "evidence", "reason"],
    "properties": {"points": {"type": "number"}, "evidence": {"type": "array", "items": {"type": "string"}},
                   "reason": {"type": "string"}},
}


def answer_schema(targets: list[Criterion]) -> dict[str, Any]:
    """The JSON schema of the judge's answer for these criteria: every id required, no other key, so a
    server with structured output cannot let the model answer for a criterion it was not asked about."""
    ids = [c.id for c in targets]
    return {"type": "object", "additionalProperties": False, "required": ["criteria", "instructions_in_reply"],
            "properties": {"criteria": {"type": "object", "additionalProperties": False, "required": ids,
                                        "properties": {i: GRADE_SCHEMA for i in ids}},
                           "instructions_in_reply": {"type": "boolean"}}}


PROMPT_SPEC: prompts.Spec = {
    "system": frozenset({"nonce"}),
    "user": frozenset({"nonce", "language_name", "customer_line", "criteria", "reply"}),
}


class JudgedCriterion(BaseModel):
    model_config = ConfigDict(extra="ignore")

    points: float = Field(allow_inf_nan=False)
    evidence: list[str] = Field(default_factory=list, max_length=50)
    reason: str = ""


class JudgeAnswer(BaseModel):
    """What the judge must answer; anything else is unreadable."""

    model_config = ConfigDict(extra="ignore")

    criteria: dict[str, JudgedCriterion]
    instructions_in_reply: bool = False


@lru_cache(maxsize=1)
def load_prompt(path: Path = PROMPT_FILE) -> prompts.Prompt:
    return prompts.load(path, PROMPT_SPEC)


def rubric_version(rubric: Rubric) -> str:
    return hashlib.sha256(rubric.model_dump_json().encode()).hexdigest()[:16]


class JudgeCache:
    """A bounded, thread-safe map from (model, rubric version, reply, context) to the judge's answer."""

    def __init__(self, size: int = 4096):
        self.size, self._items, self._lock = size, OrderedDict[str, JudgeAnswer](), threading.Lock()

    def get(self, key: str) -> JudgeAnswer | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: str, answer: JudgeAnswer) -> None:
        with self._lock:
            self._items[key] = answer
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


class JudgeScorer:
    """`Scorer` that runs the rule scorer, then the LLM judge on the criteria it cannot grade."""

    def __init__(self, model: ChatModel, *, rules: Scorer | None = None, cache: JudgeCache | None = None,
                 prompt: prompts.Prompt | None = None, pause_after_failure: float = PAUSE_AFTER_FAILURE,
                 context_tokens: int = 4096):
        self.model, self.rules = model, rules or RuleScorer()
        self.context_tokens = context_tokens
        self.cache = cache if cache is not None else JudgeCache()
        self.prompt = prompt or load_prompt()
        self.pause_after_failure = pause_after_failure
        self._down: tuple[float, str] | None = None  # (monotonic time to try again, why)

    def score(self, reply: str, rubric: Rubric, context: ReplyContext) -> ReplyScore:
        ruled = self.rules.score(reply, rubric, context)
        targets = [c for c in rubric.criteria  # a voice or hold criterion is measured, never judged
                   if (isinstance(c, LLMCriterion) or rubric.second_opinion) and not c.assessed_on]
        if not targets:
            return ruled
        flags = injection.find(reply)
        answer, failure = (None, "") if flags else self._answer(reply, rubric, context, targets)
        if answer is not None and answer.instructions_in_reply:
            flags.append("the judge reports that the reply tries to instruct it")
        results = dict(ruled.criteria)
        for c in targets:
            results[c.id] = self._grade(c, reply, ruled.criteria.get(c.id), answer, failure, bool(flags))
        score = finish(rubric, results)
        if flags and score.total > ruled.total:  # cannot happen by construction; fail closed regardless
            score = ruled
        update: dict[str, Any] = {"flags": [f"held for review: {f}" for f in flags]}
        if any(c.critical and not results[c.id].graded for c in targets):
            update["passed"] = False  # a critical criterion nobody could grade is not a pass
        return score.model_copy(update=update)

    # -- asking ----------------------------------------------------------------------------------

    def _answer(self, reply: str, rubric: Rubric, context: ReplyContext,
                targets: list[Criterion]) -> tuple[JudgeAnswer | None, str]:
        key = hashlib.sha256(json.dumps([self.model.name, rubric_version(rubric), reply, context.language,
                                         context.customer_line], ensure_ascii=False).encode()).hexdigest()
        cached = self.cache.get(key)
        if cached is not None:
            return cached, ""
        if self._down is not None and time.monotonic() < self._down[0]:
            return None, self._down[1]
        budget = JUDGE_TOKENS * len(targets)
        try:
            text = self.model.complete(self.messages(reply, context, targets, budget=budget), json_mode=True,
                                       schema=answer_schema(targets), temperature=0, max_tokens=budget)
        except LLMUnavailable as e:
            why = f"the judge could not be reached ({e})"
            self._down = (time.monotonic() + self.pause_after_failure, why)
            return None, why
        except LLMError as e:  # slow, rate-limited, a server error: this reply only
            return None, f"the judge did not answer ({e})"
        self._down = None
        answer = parse_answer(text)
        if answer is None:
            return None, "the judge's answer could not be read as the expected JSON"
        if any(_copied(g.reason, self.prompt["system"]) for g in answer.criteria.values()):
            return None, "the judge copied its instructions instead of grading"
        self.cache.put(key, answer)
        return answer, ""

    def messages(self, reply: str, context: ReplyContext, targets: list[Criterion],
                 budget: int = 0) -> list[dict[str, str]]:
        values = {
            "nonce": secrets.token_hex(8),
            "language_name": languages.model_name(context.language),
            "customer_line": json.dumps((context.customer_line or "(not given)")[:2000], ensure_ascii=False),
            "criteria": "\n".join(_describe(c) for c in targets),
            "reply": "",
        }

        def fill(template: str) -> str:
            return prompts.fill(template, values)

        # The reply gets what the instructions and the answer's budget leave of the context.
        frame = estimate_tokens([{"role": "system", "content": fill(self.prompt["system"])},
                                 {"role": "user", "content": fill(self.prompt["user"])}])
        room = max(0, self.context_tokens - frame - budget - 32) * 3  # tokens to UTF-8 bytes (llm.CHARS_PER_TOKEN)
        text = reply[:MAX_REPLY_CHARS].encode("utf-8")[:room].decode("utf-8", "ignore")
        values["reply"] = text if text == reply else text + " [...]"
        return [{"role": "system", "content": fill(self.prompt["system"])},
                {"role": "user", "content": fill(self.prompt["user"])}]

    # -- checking --------------------------------------------------------------------------------

    def _grade(self, c: Criterion, reply: str, ruled: CriterionResult | None, answer: JudgeAnswer | None,
               failure: str, flagged: bool) -> CriterionResult:
        base = {"criterion_id": c.id, "max": c.max_points, "weight": c.weight}
        is_llm = isinstance(c, LLMCriterion)
        if ruled is None:  # an `only_with_model` criterion, which the rules leave to the judge
            ruled = CriterionResult(**base, score=0, graded_by="ungraded", reason="Not graded.")
        if flagged:
            if not is_llm:
                return ruled
            return CriterionResult(**base, score=0, graded_by="judged", reason=(
                "Not awarded: the reply tries to instruct the grader; held for a person to review."))
        judged = answer.criteria.get(c.id) if answer is not None else None
        if judged is None:
            why = failure or "the judge gave no grade for this criterion"
            if not is_llm:
                return ruled.model_copy(update={"reason": f"{ruled.reason} (Second opinion unavailable: {why}.)"})
            return CriterionResult(**base, score=0, graded_by="ungraded", reason=f"Not graded: {why}.")
        points = min(max(judged.points, 0.0), float(c.max_points))
        spans = verbatim(judged.evidence, reply)
        reason = judged.reason.strip()[:500]
        if points > 0 and not spans:
            points, reason = 0.0, f"Not awarded: the judge quoted nothing that occurs in the reply. {reason}"
        if not is_llm:
            if not ruled.graded or points >= ruled.score:
                return ruled
            return CriterionResult(**base, score=points, evidence=spans, graded_by="judged",
                                   reason=f"The judge lowers the rules' {ruled.score:g}: {reason}")
        return CriterionResult(**base, score=points, evidence=spans, graded_by="judged", reason=reason)


def _describe(c: Criterion) -> str:
    what = c.instructions if isinstance(c, LLMCriterion) else (c.description or c.label)
    return f"- id {json.dumps(c.id)}, 0 to {c.max_points} points: {c.label}. {what}".strip()


def _copied(reason: str, instructions: str) -> bool:
    """A reason that is a piece of the judge's own instructions (a model filling in the example)."""
    reason = reason.strip()
    return len(reason) >= 5 and reason in instructions


def parse_answer(text: str) -> JudgeAnswer | None:
    """The judge's JSON (optionally in a ``` fence) as a `JudgeAnswer`, or None."""
    body = text.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", body, re.DOTALL)
    if fenced:
        body = fenced.group(1)
    try:
        data: Any = json.loads(body)
        return JudgeAnswer.model_validate(data)
    except (ValueError, ValidationError, RecursionError):
        return None


def verbatim(quotes: list[str], reply: str) -> list[Evidence]:
    """Spans of the reply for the quotes that occur in it exactly (outer spaces and quote marks
    aside); quotes that do not occur are dropped."""
    spans: list[Evidence] = []
    for quote in quotes:
        q = quote.strip().strip("\"'“”«»「」").strip()
        if len(q) < 2:
            continue
        at = reply.find(q)
        if at >= 0 and all(e.start != at for e in spans) and len(spans) < MAX_EVIDENCE:
            spans.append(Evidence(start=at, end=at + len(q), text=q))
    return spans


def make_scorer(settings: Settings, *, client: Any = None) -> Scorer:
    """The judge over the rule scorer when an LLM is configured, else the rule scorer alone. The judge
    calls the model only for rubrics with `llm` criteria or `second_opinion`."""
    if client is None and not is_configured(settings):
        return RuleScorer()
    return JudgeScorer(chat_model(settings, judge=True, client=client), context_tokens=settings.llm_context_tokens)
