"""LLM fixtures: a small OpenAI-protocol server on 127.0.0.1, so the real `openai` client is tested
with no network.

`llm_server` answers `POST /v1/chat/completions`, streaming (server-sent events) and not, and checks
what a real server checks first: the API key (`Authorization: Bearer <server.api_key>`, else HTTP 401
as OpenAI words it) and the request's shape (a model, well-formed messages, known parameters of the
right types, else HTTP 400) and, like a small local server, the model's chat template (Gemma 3's,
which refuses a conversation whose roles do not alternate), its context size (`server.context_tokens`:
prompt plus `max_tokens` must fit) and a budget on every request (`max_tokens` is required here, and
an answer longer than it is cut with `finish_reason: length`). `server.structured = False` makes it
refuse JSON-schema output, as servers without it do. `server.headers` holds every request's headers
(names in lower case). Then it answers in the order its script says: `server.script(Answer("..."), Status(429),
                                                                                    Slow(5, Answer("...")),
Truncated("Hel"), Malformed())`; when the script runs out it answers with `server.default` (a
function of the request body returning text or an `Answer`, or a plain string). `server.requests` holds every
request body; `server.stop()` kills it mid-session. `llm_settings` are settings pointing at it with
a short deadline and no retries.

It is an OpenAI audio server too, as strict: `POST /v1/audio/transcriptions` takes only
`multipart/form-data` with a `file` part that has a filename and WAV bytes, a `model` field and only
known fields (else HTTP 400, worded as OpenAI words it), and answers `server.transcribe(audio,
fields)` (default: `server.heard`) as `{"text": ...}`; `POST /v1/audio/speech` takes JSON with
`model`, `voice` and `input` (and `response_format` from OpenAI's list) and answers
`server.speak(body)` (default: a WAV of `server.speech_seconds` of tone). Both check the key, and both
follow the same script (`Status(503)`, `Slow(...)`). `server.audio` holds each accepted audio
request: `{"route", "fields", "file", "filename", "content_type"}` for transcriptions, the JSON body
for speech. `speech_settings` point the speech settings at it.
"""

from __future__ import annotations

import email.parser
import email.policy
import io
import json
import math
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from jinja2.exceptions import TemplateError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import SecretStr

from trainer.config import Settings


@dataclass
class Answer:
    text: str
    pieces: int = 4  # how many stream chunks the text is cut into
    gap: float = 0.005  # seconds between chunks


@dataclass
class Status:
    code: int
    message: str = "scripted failure"


@dataclass
class Slow:
    seconds: float
    then: Any = None  # what to answer afterwards (None: the default)


@dataclass
class Truncated:
    text: str  # sent, then the connection closes without finishing


@dataclass
class Malformed:
    body: str = '{"choices": [ this is not json'


Responder = Callable[[dict[str, Any]], str]

API_KEY = "sk-frontline-test-0123456789"  # what `llm_settings` sends and the server expects
ROLES = {"system", "developer", "user", "assistant", "tool"}
PARAMETERS = {"model", "messages", "stream", "max_tokens", "max_completion_tokens", "temperature", "top_p",
              "response_format", "stop", "seed", "n", "presence_penalty", "frequency_penalty",
              "stream_options", "user", "logprobs", "top_logprobs", "tools", "tool_choice"}


TEMPLATES = Path(__file__).with_name("templates")


def _raise(message: str) -> None:
    raise TemplateError(message)


def chat_template(name: str = "gemma3") -> Callable[[list[dict[str, str]]], str]:
    """Render messages through a model's chat template as servers do (sandboxed Jinja); a
    `TemplateError` when the template refuses them."""
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
    env.globals["raise_exception"] = _raise
    template = env.from_string((TEMPLATES / f"{name}.jinja").read_text(encoding="utf-8"))
    return lambda messages: template.render(messages=messages, bos_token="<bos>", add_generation_prompt=True)


def prompt_tokens(rendered: str) -> int:
    """Roughly what a tokenizer would count (a real one gives about 4 characters a token in English)."""
    return len(rendered.encode("utf-8")) // 4


def shape_problem(body: Any) -> str | None:
    """What a real OpenAI-protocol server would refuse in a chat request (None: nothing)."""
    if not isinstance(body, dict):
        return "the request body must be a JSON object"
    unknown = sorted(set(body) - PARAMETERS)
    if unknown:
        return f"Unrecognized request argument supplied: {', '.join(unknown)}"
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "you must provide a model parameter"
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "'messages' must be a non-empty array"
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            return f"messages[{i}].role must be one of {sorted(ROLES)}"
        if not isinstance(m.get("content"), str):
            return f"messages[{i}].content must be a string"
    for name in ("max_tokens", "max_completion_tokens"):
        if name in body and (not isinstance(body[name], int) or isinstance(body[name], bool) or body[name] < 1):
            return f"'{name}' must be a positive integer"
    if "temperature" in body and not (isinstance(body["temperature"], int | float) and 0 <= body["temperature"] <= 2):
        return "'temperature' must be a number from 0 to 2"
    if "stream" in body and not isinstance(body["stream"], bool):
        return "'stream' must be a boolean"
    fmt = body.get("response_format")
    if fmt is not None and (not isinstance(fmt, dict) or fmt.get("type") not in {"text", "json_object", "json_schema"}):
        return "'response_format.type' must be 'text', 'json_object' or 'json_schema'"
    return None


class FakeLLMServer:
    def __init__(self, api_key: str = API_KEY) -> None:
        self.api_key = api_key
        self.queue: deque[Any] = deque()
        self.default: str | Responder = "Hello."
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []  # every request's headers, refused ones too
        self.refused: list[tuple[int, str]] = []  # (status, message) of every request refused
        self.render = chat_template("gemma3")
        self.audio: list[dict[str, Any]] = []
        self.heard = "I am so sorry for the wait. I will send you a refund by Friday."
        self.transcribe: Callable[[bytes, dict[str, str]], str] | None = None
        self.speak: Callable[[dict[str, Any]], bytes] | None = None
        self.speech_seconds = 1.5
        self.context_tokens = 4096
        self.structured = True
        self.released = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                size = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(size)
                with server._lock:
                    server.headers.append({k.lower(): v for k, v in self.headers.items()})
                if self.path.endswith(("/audio/transcriptions", "/audio/speech")):
                    server.audio_route(self, raw)
                    return
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": f"no route {self.path}"}})
                    return
                if self.headers.get("Authorization") != f"Bearer {server.api_key}":
                    self._refuse(401, "Incorrect API key provided.", "invalid_api_key")
                    return
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._refuse(400, "We could not parse the JSON body of your request.", "invalid_json")
                    return
                problem = shape_problem(body) or server.model_problem(body)
                if problem:
                    self._refuse(400, problem, "invalid_request")
                    return
                with server._lock:
                    server.requests.append(body)
                    step = server.queue.popleft() if server.queue else None
                server.answer(self, body, step)

            def _refuse(self, code: int, message: str, kind: str) -> None:
                with server._lock:
                    server.refused.append((code, message))
                self._json(code, {"error": {"message": message, "type": "invalid_request_error", "code": kind}})

            def _json(self, code: int, payload: dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()
        self.running = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def model_problem(self, body: dict[str, Any]) -> str | None:
        """What this server's model refuses: a template error, no budget, more than the context."""
        try:
            rendered = self.render(body["messages"])
        except TemplateError as e:
            return f"the chat template refused the messages: {e}"
        if "max_tokens" not in body and "max_completion_tokens" not in body:
            return "this server needs max_tokens on every request (it would otherwise fill its context)"
        budget = body.get("max_tokens") or body.get("max_completion_tokens")
        used = prompt_tokens(rendered)
        if used + budget > self.context_tokens:
            return (f"the request exceeds the available context size: {used} prompt tokens + {budget} "
                    f"max_tokens > {self.context_tokens}")
        fmt = body.get("response_format") or {}
        if fmt.get("type") == "json_schema" and not self.structured:
            return "response_format of type json_schema is not supported by this server"
        return None

    def script(self, *steps: Any) -> FakeLLMServer:
        with self._lock:
            self.queue.extend(steps)
        return self

    def stop(self) -> None:
        if self.running:
            self.running = False
            self.released.set()
            self.httpd.shutdown()
            self.httpd.server_close()

    # -- audio ------------------------------------------------------------------------------

    def audio_route(self, h: Any, raw: bytes) -> None:
        if h.headers.get("Authorization") != f"Bearer {self.api_key}":
            h._refuse(401, "Incorrect API key provided.", "invalid_api_key")
            return
        speech = h.path.endswith("/audio/speech")
        request, problem = (_speech_request(h.headers, raw) if speech
                            else _transcription_request(h.headers, raw))
        if problem:
            h._refuse(400, problem, "invalid_request")
            return
        with self._lock:
            self.audio.append(request)
            step = self.queue.popleft() if self.queue else None
        if isinstance(step, Slow):
            if self.released.wait(step.seconds):
                return
            step = step.then
        try:
            if isinstance(step, Status):
                h._json(step.code, {"error": {"message": step.message, "type": "scripted"}})
            elif isinstance(step, Malformed):
                self._raw(h, step.body.encode(), "application/json")
            elif speech:
                audio = self.speak(request) if self.speak else tone_wav(self.speech_seconds)
                self._raw(h, audio, "audio/wav")
            else:
                text = self.transcribe(request["file"], request["fields"]) if self.transcribe else self.heard
                h._json(200, {"text": text})
        except (BrokenPipeError, ConnectionResetError):
            pass

    # -- answering ---------------------------------------------------------------------------

    def answer(self, h: BaseHTTPRequestHandler, body: dict[str, Any], step: Any) -> None:
        if isinstance(step, Slow):
            if self.released.wait(step.seconds):
                return
            step = step.then
        if step is None:
            value = self.default(body) if callable(self.default) else self.default
            step = value if isinstance(value, Answer) else Answer(value)
        if isinstance(step, str):
            step = Answer(step)
        budget = body.get("max_tokens") or body.get("max_completion_tokens") or 1_000_000
        if isinstance(step, Answer) and len(step.text) > budget * 4:  # about 4 characters a token
            step = Answer(step.text[: budget * 4], step.pieces, step.gap)
            body = {**body, "_finish": "length"}
        try:
            if isinstance(step, Status):
                h._json(step.code, {"error": {"message": step.message, "type": "scripted"}})  # type: ignore[attr-defined]
            elif isinstance(step, Malformed):
                self._raw(h, step.body.encode(), "application/json")
            elif body.get("stream"):
                self._stream(h, body, step)
            elif isinstance(step, Truncated):
                data = json.dumps(_completion(body, step.text)).encode()
                h.send_response(200)
                h.send_header("Content-Type", "application/json")
                h.send_header("Content-Length", str(len(data)))
                h.end_headers()
                h.wfile.write(data[: len(data) // 2])
                h.wfile.flush()
                h.close_connection = True
            else:
                h._json(200, _completion(body, step.text))  # type: ignore[attr-defined]
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _raw(self, h: BaseHTTPRequestHandler, data: bytes, kind: str) -> None:
        h.send_response(200)
        h.send_header("Content-Type", kind)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _stream(self, h: BaseHTTPRequestHandler, body: dict[str, Any], step: Any) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/event-stream")
        h.end_headers()
        text = step.text
        for piece in _cut(text, getattr(step, "pieces", 4)):
            h.wfile.write(f"data: {json.dumps(_chunk(body, piece, None))}\n\n".encode())
            h.wfile.flush()
            time.sleep(getattr(step, "gap", 0.005))
        if isinstance(step, Truncated):
            h.close_connection = True
            return
        h.wfile.write(f"data: {json.dumps(_chunk(body, None, body.get('_finish', 'stop')))}\n\n".encode())
        h.wfile.write(b"data: [DONE]\n\n")
        h.wfile.flush()
        h.close_connection = True


def _cut(text: str, pieces: int) -> Iterator[str]:
    size = max(1, -(-len(text) // max(1, pieces)))
    for i in range(0, len(text), size):
        yield text[i: i + size]


def _completion(body: dict[str, Any], text: str) -> dict[str, Any]:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def _chunk(body: dict[str, Any], piece: str | None, finish: str | None) -> dict[str, Any]:
    delta = {"content": piece} if piece is not None else {}
    return {"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": 0,
            "model": body.get("model", "m"), "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}


TRANSCRIPTION_FIELDS = {"model", "language", "prompt", "response_format", "temperature", "timestamp_granularities[]",
                        "chunking_strategy", "include[]", "stream"}
SPEECH_FIELDS = {"model", "voice", "input", "response_format", "speed", "instructions", "stream_format"}
SPEECH_FORMATS = {"mp3", "opus", "aac", "flac", "wav", "pcm"}


def _transcription_request(headers: Any, raw: bytes) -> tuple[dict[str, Any], str | None]:
    kind = headers.get("Content-Type", "")
    if not kind.startswith("multipart/form-data") or "boundary=" not in kind:
        return {}, "Invalid Content-Type header: transcriptions take multipart/form-data."
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {kind}\r\n\r\n".encode() + raw)
    fields: dict[str, str] = {}
    upload: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            upload = {"file": part.get_payload(decode=True) or b"", "filename": part.get_filename(),
                      "content_type": part.get_content_type()}
        elif name:
            fields[str(name)] = (part.get_payload(decode=True) or b"").decode()
    unknown = sorted(set(fields) - TRANSCRIPTION_FIELDS)
    if unknown:
        return {}, f"Unrecognized request argument supplied: {', '.join(unknown)}"
    if not fields.get("model"):
        return {}, "you must provide a model parameter"
    if not upload or not upload.get("filename"):
        return {}, "'file' is a required property (a file part with a filename)"
    if upload["file"][:4] != b"RIFF" or upload["file"][8:12] != b"WAVE":
        return {}, "Invalid file format. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm"
    return {"route": "transcriptions", "fields": fields, **upload}, None


def _speech_request(headers: Any, raw: bytes) -> tuple[dict[str, Any], str | None]:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return {}, "We could not parse the JSON body of your request."
    if not isinstance(body, dict):
        return {}, "the request body must be a JSON object"
    unknown = sorted(set(body) - SPEECH_FIELDS)
    if unknown:
        return {}, f"Unrecognized request argument supplied: {', '.join(unknown)}"
    for name in ("model", "voice", "input"):
        if not isinstance(body.get(name), str) or not body[name]:
            return {}, f"'{name}' is a required property"
    if "response_format" in body and body["response_format"] not in SPEECH_FORMATS:
        return {}, f"'response_format' must be one of {sorted(SPEECH_FORMATS)}"
    return {"route": "speech", **body}, None


def tone_wav(seconds: float, rate: int = 16_000, hz: float = 220.0) -> bytes:
    """A WAV of a quiet tone, standing in for a voice."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(int(8000 * math.sin(2 * math.pi * hz * i / rate)).to_bytes(2, "little", signed=True)
                               for i in range(int(seconds * rate))))
    return out.getvalue()


def without_model(settings: Settings) -> Settings:
    """The same settings with no language model configured (no endpoint, no key)."""
    return settings.model_copy(update={"openai_base_url": "", "openai_api_key": SecretStr("")})


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer()
    yield server
    server.stop()


@pytest.fixture
def llm_settings(llm_server: FakeLLMServer) -> Settings:
    return Settings.defaults(openai_base_url=llm_server.url, openai_api_key=llm_server.api_key,
                             llm_model="test-customer",
                             judge_model="test-judge", llm_timeout_seconds=2, llm_retries=0)


@pytest.fixture
def speech_settings(llm_server: FakeLLMServer) -> Settings:
    """Speech through the fake audio endpoint (no chat model configured)."""
    return Settings.defaults(speech_base_url=llm_server.url, speech_api_key=llm_server.api_key,
                             stt_model="test-stt", tts_model="test-tts", tts_voice="test-voice",
                             speech_timeout_seconds=2)
