"""The one door to a language model: chat completions against any OpenAI-compatible endpoint.

Only this module imports `openai`. Everything else talks to a `ChatModel` (complete, or stream
tokens), so tests and other code can pass a fake, and the real one takes an `openai.OpenAI` client
(tests point it at a local server). Every call has a hard wall-clock deadline on top of the client's
own timeout and retries: a stalled server, a stream that stops mid-way or a retry loop can never hold
a trainee's turn longer than `TRAINER_LLM_TIMEOUT_SECONDS`. Every failure, of any kind, comes out as
an `LLMError` whose message says what to check, so callers need catch one thing and fall back.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, Protocol

import openai

from trainer.config import Settings
from trainer.errors import LLMError, LLMUnavailable

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}
_DONE = object()


class ChatModel(Protocol):
    """What the generated customer, the judge and drafting need from a model."""

    name: str

    def complete(self, messages: Sequence[Message], *, json_mode: bool = False,
                 max_tokens: int | None = None, temperature: float | None = None,
                 schema: dict[str, Any] | None = None) -> str:
        """The whole answer's text; `LLMError` on any failure."""
        ...

    def stream(self, messages: Sequence[Message], *, max_tokens: int | None = None,
               temperature: float | None = None, json_mode: bool = False,
               schema: dict[str, Any] | None = None) -> Iterator[str]:
        """The answer's text piece by piece; `LLMError` (possibly after some pieces) on any failure,
        including a stream that ends without the server saying it finished."""
        ...


FORMATS = ("json_schema", "json_object", "text")  # structured output, strongest first
_formats: dict[tuple[str, str], str] = {}  # (endpoint, model) -> the strongest format it accepted
DEFAULT_MAX_TOKENS = 512  # every request names a budget: a server without one may generate for minutes
CHARS_PER_TOKEN = 3  # UTF-8 bytes per token, a cautious guess for English, Persian and Chinese alike


def estimate_tokens(messages: Sequence[Message]) -> int:
    """A safe over-estimate of a request's prompt tokens (chat-template overhead included)."""
    return sum(len(m["content"].encode("utf-8")) // CHARS_PER_TOKEN + 8 for m in messages) + 16


def alternating(messages: Sequence[Message]) -> list[Message]:
    """The conversation in the shape every chat template accepts: at most one system message first,
    then user and assistant in turn, starting with user. Consecutive messages of one role are joined
    (a strict template, such as Gemma's or Llama's, refuses them); a conversation that would start
    with the assistant is a bug in the caller, refused here before any server sees it."""
    out: list[Message] = []
    for message in messages:
        role, content = message["role"], message["content"]
        if role == "system" and out and out[0]["role"] != "system":
            raise LLMError("A system message came after the conversation had started.", "request_shape")
        if out and out[-1]["role"] == role:
            out[-1] = {"role": role, "content": out[-1]["content"] + "\n\n" + content}
        else:
            out.append({"role": role, "content": content})
    first = next((m for m in out if m["role"] != "system"), None)
    if first is None or first["role"] != "user":
        raise LLMError("A model request must start with a user message after the system prompt.", "request_shape")
    return out


def is_configured(settings: Settings) -> bool:
    """An LLM is used only when an API key or an endpoint is set."""
    return bool(settings.openai_api_key.get_secret_value() or settings.openai_base_url)


def describe(settings: Settings) -> str:
    """One line for the admin page: which endpoint and models, never the key."""
    if not is_configured(settings):
        return ("No language model is configured: customers are scripted and `llm` criteria are "
                "ungraded. Set OPENAI_BASE_URL (and OPENAI_API_KEY if the endpoint needs one).")
    where = settings.openai_base_url or "OpenAI's API"
    judge = settings.judge_model or settings.llm_model
    key = "with an API key" if settings.openai_api_key.get_secret_value() else "without an API key"
    return (f"{where} {key}: customer and drafting model {settings.llm_model!r}, judge model {judge!r}, "
            f"{settings.llm_timeout_seconds:g}s per call, {settings.llm_retries} retr"
            f"{'y' if settings.llm_retries == 1 else 'ies'}.")


def make_client(settings: Settings) -> Any:
    """An `openai.OpenAI` client from the settings (a local server may need no key)."""
    if not is_configured(settings):
        raise LLMError("No language model is configured; set OPENAI_BASE_URL (for a local or "
                       "self-hosted server) or OPENAI_API_KEY (for OpenAI), then try again.")
    try:
        return openai.OpenAI(api_key=settings.openai_api_key.get_secret_value() or "not-needed",
                             base_url=settings.openai_base_url or None,
                             timeout=settings.llm_timeout_seconds, max_retries=settings.llm_retries)
    except Exception as e:  # a malformed URL and the like
        raise LLMError(f"Cannot set up the LLM client ({e}); check OPENAI_BASE_URL.") from None


def chat_model(settings: Settings, *, judge: bool = False, client: Any = None) -> OpenAIChat:
    """The customer/drafting model, or the judge's (`judge=True`), from the settings."""
    name = (settings.judge_model or settings.llm_model) if judge else settings.llm_model
    return OpenAIChat(client if client is not None else make_client(settings), name,
                      deadline=settings.llm_timeout_seconds)


CONNECTION_WORD = "OK"


def check_connection(settings: Settings, *, client: Any = None) -> str:
    """Ask each configured model for one word; a line saying it worked, else `LLMError`.

    A model that answers something other than the word it was asked for is reported as such, with
    what it said: an endpoint that accepts anything is not a working connection."""
    lines = []
    names = dict.fromkeys([settings.llm_model, settings.judge_model or settings.llm_model])
    for name in names:
        model = OpenAIChat(client if client is not None else make_client(settings), name,
                           deadline=settings.llm_timeout_seconds)
        started = time.monotonic()
        answer = model.complete([{"role": "user", "content": f"Reply with the single word {CONNECTION_WORD}."}],
                                max_tokens=5, temperature=0)
        said = answer.strip()
        if said.strip(" .!\"'`*").upper() != CONNECTION_WORD:
            raise LLMError(f"Model {name!r} answered, but not with the word it was asked for "
                           f"({CONNECTION_WORD!r}): it said {said[:60]!r}. Check TRAINER_LLM_MODEL and "
                           "TRAINER_JUDGE_MODEL name a chat model that follows instructions.")
        lines.append(f"model {name!r} answered {said[:20]!r} in {time.monotonic() - started:.1f}s")
    return f"Connected to {settings.openai_base_url or 'OpenAI'}: " + "; ".join(lines) + "."


class OpenAIChat:
    """`ChatModel` over an `openai.OpenAI` client, with a hard deadline per call.

    Every request is streamed and names `max_tokens`, so a call given up on at its deadline closes the
    connection (a server stops generating for a client that has gone) instead of holding a
    one-request-at-a-time server for minutes. `calls` and `failures` (by `LLMError.cause`) count what
    happened, for reports and benchmarks."""

    def __init__(self, client: Any, name: str, *, deadline: float = 20.0):
        if not name:
            raise LLMError("No model name is set; set TRAINER_LLM_MODEL (and TRAINER_JUDGE_MODEL).")
        self.client, self.name, self.deadline = client, name, deadline
        self.calls = 0
        self.failures: Counter[str] = Counter()

    def _options(self, max_tokens: int | None, temperature: float | None, fmt: str,
                 schema: dict[str, Any] | None) -> dict[str, Any]:
        options: dict[str, Any] = {"model": self.name, "max_tokens": max_tokens or DEFAULT_MAX_TOKENS}
        if temperature is not None:
            options["temperature"] = temperature
        if fmt == "json_schema":
            options["response_format"] = {"type": "json_schema",
                                          "json_schema": {"name": "answer", "strict": True, "schema": schema}}
        elif fmt == "json_object":
            # Servers without OpenAI's json_schema (llama-cpp-python's, older llama.cpp) take the schema here.
            options["response_format"] = {"type": "json_object", **({"schema": schema} if schema else {})}
        return options

    def _format(self, json_mode: bool, schema: dict[str, Any] | None) -> str:
        """The structured output to ask for: what the caller wants, no more than the endpoint took."""
        wanted = "json_schema" if schema is not None else "json_object" if json_mode else "text"
        known = _formats.get(self._endpoint, "json_schema")
        return FORMATS[max(FORMATS.index(wanted), FORMATS.index(known))]

    @property
    def _endpoint(self) -> tuple[str, str]:
        return str(getattr(self.client, "base_url", "")), self.name

    def complete(self, messages: Sequence[Message], *, json_mode: bool = False,
                 max_tokens: int | None = None, temperature: float | None = None,
                 schema: dict[str, Any] | None = None) -> str:
        text = "".join(self.stream(messages, max_tokens=max_tokens, temperature=temperature,
                                   json_mode=json_mode, schema=schema))
        if not text.strip():
            raise self._count(LLMError(f"Model {self.name!r} sent an empty answer.", "empty"))
        return text

    def stream(self, messages: Sequence[Message], *, max_tokens: int | None = None,
               temperature: float | None = None, json_mode: bool = False,
               schema: dict[str, Any] | None = None) -> Iterator[str]:
        """Streams; an endpoint that refuses the structured output asked for (an HTTP error naming it) is
        asked again with the next weaker one, and remembered, so it is found out once per endpoint."""
        fmt = self._format(json_mode, schema)
        while True:
            started = False
            try:
                for piece in self._stream(messages, max_tokens, temperature, fmt, schema):
                    started = True
                    yield piece
                return
            except LLMError as e:
                if started or fmt == "text" or not _about_format(e):
                    raise
                fmt = FORMATS[FORMATS.index(fmt) + 1]
                _formats[self._endpoint] = fmt

    def _stream(self, messages: Sequence[Message], max_tokens: int | None, temperature: float | None,
                fmt: str, schema: dict[str, Any] | None) -> Iterator[str]:
        self.calls += 1
        try:
            request = alternating(messages)
        except LLMError as e:
            raise self._count(e) from None
        options = self._options(max_tokens, temperature, fmt, schema)
        pieces: queue.Queue[Any] = queue.Queue()
        stop = threading.Event()

        def produce() -> None:
            try:
                stream = self.client.chat.completions.create(messages=request, stream=True, **options)
                finished = False
                try:
                    for chunk in stream:
                        if stop.is_set():
                            return
                        for choice in getattr(chunk, "choices", None) or []:
                            text = getattr(choice.delta, "content", None) if choice.delta else None
                            if text:
                                pieces.put(text)
                            finished = finished or bool(choice.finish_reason)
                finally:
                    stream.close()
                if not finished:
                    raise LLMError(f"Model {self.name!r} stopped answering part-way (the stream ended "
                                   "before the server said it was finished).", "truncated")
                pieces.put(_DONE)
            except BaseException as e:  # handed to the reader below, which raises it as LLMError
                pieces.put(e)

        threading.Thread(target=produce, name="llm-stream", daemon=True).start()
        ends = time.monotonic() + self.deadline
        try:
            while True:
                try:
                    item = pieces.get(timeout=max(0.0, ends - time.monotonic()))
                except queue.Empty:
                    raise self._count(LLMError(self._late(), "timeout")) from None
                if item is _DONE:
                    return
                if isinstance(item, BaseException):
                    raise self._count(self._explain(item)) from None
                yield item
        finally:
            stop.set()

    def _count(self, error: LLMError) -> LLMError:
        self.failures[error.cause] += 1
        return error

    def _late(self) -> str:
        return (f"Model {self.name!r} did not finish answering within {self.deadline:g}s; the server "
                "is slow or stalled (TRAINER_LLM_TIMEOUT_SECONDS sets the limit).")

    def _explain(self, e: BaseException) -> LLMError:
        return explain(e, self.name, self._late())


def _about_format(e: LLMError) -> bool:
    """An HTTP 400 that names the structured output (the server does not support what was asked)."""
    text = str(e).lower()
    return e.cause.startswith("http_") and any(w in text for w in ("response_format", "json_schema", "json schema",
                                                                   "json_object", "grammar"))


def _server_said(e: Any) -> str:
    """The server's own reason for an HTTP error, shortened (it names the cause: context length...)."""
    body = getattr(e, "body", None)
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        message = body["error"].get("message")
    message = message or getattr(e, "message", "") or ""
    return f": {' '.join(str(message).split())[:200]}" if message else ""


def explain(e: BaseException, model: str, late: str) -> LLMError:
    """Any failure of a call as an `LLMError` saying what to check; `LLMUnavailable` for failures that
    the next call would meet too (no connection, key refused, model unknown)."""
    if isinstance(e, LLMError):
        return e
    if isinstance(e, TimeoutError | openai.APITimeoutError):
        return LLMError(late, "timeout")
    if isinstance(e, openai.AuthenticationError):
        return LLMUnavailable(f"The API key was refused by the LLM endpoint (HTTP {e.status_code}); check "
                              "OPENAI_API_KEY.", "key_refused")
    if isinstance(e, openai.PermissionDeniedError):
        return LLMUnavailable(f"The LLM endpoint refused access with this API key (HTTP {e.status_code}); check "
                              "OPENAI_API_KEY and that the key may use the model.", "forbidden")
    if isinstance(e, openai.NotFoundError):
        return LLMUnavailable(f"The LLM endpoint does not know model {model!r} (HTTP 404); check TRAINER_LLM_MODEL "
                              "or TRAINER_JUDGE_MODEL, and that OPENAI_BASE_URL ends in /v1.", "http_404")
    if isinstance(e, openai.RateLimitError):
        return LLMError("The LLM endpoint is rate-limiting requests (HTTP 429); wait a little, or raise the "
                        "endpoint's limits.", "http_429")
    if isinstance(e, openai.APIStatusError):
        return LLMError(f"The LLM endpoint failed (HTTP {e.status_code}{_server_said(e)}); check the server's "
                        "logs.", f"http_{e.status_code}")
    if isinstance(e, openai.APIConnectionError):
        return LLMUnavailable("Cannot reach the LLM endpoint; check OPENAI_BASE_URL and that the server is "
                              "running.", "connection")
    return LLMError(f"The LLM call failed ({type(e).__name__}: {str(e)[:200]}); check the endpoint.", "other")
