"""LLM fixtures: a small OpenAI-protocol server on 127.0.0.1, so the real `openai` client is tested
with no network.

`llm_server` answers `POST /v1/chat/completions`, streaming (server-sent events) and not, in the
order its script says: `server.script(Answer("..."), Status(429), Slow(5, Answer("...")),
Truncated("Hel"), Malformed())`; when the script runs out it answers with `server.default` (a
function of the request body returning text, or a plain string). `server.requests` holds every
request body; `server.stop()` kills it mid-session. `llm_settings` are settings pointing at it with
a short deadline and no retries.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from trainer.config import Settings


@dataclass
class Answer:
    text: str
    pieces: int = 4  # how many stream chunks the text is cut into


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


class FakeLLMServer:
    def __init__(self) -> None:
        self.queue: deque[Any] = deque()
        self.default: str | Responder = "Hello."
        self.requests: list[dict[str, Any]] = []
        self.released = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (the stdlib's name)
                size = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(size) or b"{}")
                if not self.path.endswith("/chat/completions"):
                    self._json(404, {"error": {"message": f"no route {self.path}"}})
                    return
                with server._lock:
                    server.requests.append(body)
                    step = server.queue.popleft() if server.queue else None
                server.answer(self, body, step)

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

    # -- answering ---------------------------------------------------------------------------

    def answer(self, h: BaseHTTPRequestHandler, body: dict[str, Any], step: Any) -> None:
        if isinstance(step, Slow):
            if self.released.wait(step.seconds):
                return
            step = step.then
        if step is None:
            step = Answer(self.default(body) if callable(self.default) else self.default)
        if isinstance(step, str):
            step = Answer(step)
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
            time.sleep(0.005)
        if isinstance(step, Truncated):
            h.close_connection = True
            return
        h.wfile.write(f"data: {json.dumps(_chunk(body, None, 'stop'))}\n\n".encode())
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


@pytest.fixture
def llm_server() -> Iterator[FakeLLMServer]:
    server = FakeLLMServer()
    yield server
    server.stop()


@pytest.fixture
def llm_settings(llm_server: FakeLLMServer) -> Settings:
    return Settings.defaults(openai_base_url=llm_server.url, llm_model="test-customer",
                             judge_model="test-judge", llm_timeout_seconds=2, llm_retries=0)
