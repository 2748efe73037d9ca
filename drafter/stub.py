"""A real OpenAI-compatible HTTP server on 127.0.0.1 (stdlib only): the test suite's endpoint, the
benches' and the replay server's (drafter.replay) base.

Speaks POST /v1/chat/completions (plain JSON, or server-sent events when ``"stream": true``),
GET /v1/models and POST /v1/embeddings (deterministic character-bigram vectors, float or base64).
Chat replies come from a script: ``enqueue`` texts, HTTP statuses or :class:`Reply` objects; when the
queue is empty, ``responder`` (if set) or ``default`` answers, else an HTTP 400 says the script ran out.
A reply can be late (``delay``: a streamed one sends its headers at once, as live endpoints do, and its
text after the delay), never come (``delay=math.inf``: the connection is accepted and left hanging
until the server stops), be cut off (``finish_reason="length"``) or be empty. Every request is
recorded in ``requests``.

    with OpenAIStub() as stub:
        stub.enqueue("正文……", 429, Reply("正文", delay=0.2), Reply("半截", finish_reason="length"))
        settings = Settings(base_url=stub.url, api_key=stub.api_key)
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

STATUS_TYPES = {400: "invalid_request_error", 401: "invalid_api_key", 403: "permission_denied",
                404: "model_not_found", 429: "rate_limit_exceeded", 500: "server_error", 503: "overloaded"}


@dataclass(frozen=True)
class Reply:
    """One scripted answer: reply ``text`` (status 200) or an HTTP error ``status``; ``delay`` seconds
    before answering; extra ``headers`` (e.g. {"Retry-After": "0"}); the ``finish_reason`` the
    completion reports ("length": cut off at the token limit)."""

    text: str = ""
    status: int = 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    finish_reason: str = "stop"
    usage: dict[str, int] | None = None  # the usage the completion reports (default: one token a character)

    @classmethod
    def of(cls, item: str | int | Reply) -> Reply:
        if isinstance(item, Reply):
            return item
        return cls(status=item) if isinstance(item, int) else cls(text=item)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    body: Any  # parsed JSON, or None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return self.body.get("messages", []) if isinstance(self.body, dict) else []


def embed_text(text: str, dimensions: int) -> list[float]:
    """A deterministic unit vector: hashed character bigrams, so similar texts get similar vectors."""
    vector = [0.0] * dimensions
    grams = [text[i:i + 2] for i in range(max(1, len(text) - 1))]
    for gram in grams:
        digest = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "little") % dimensions
        vector[index] += 1.0 if digest[4] & 1 else -1.0
    norm = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / norm for v in vector]


class OpenAIStub:
    """The server; ``url`` is its base URL ending in /v1. Use as a context manager or start()/stop().

    ``api_key``: requests without ``Authorization: Bearer <api_key>`` get 401 (None: no check).
    ``models``: chat requests for any other model get 404 (None: every model is served).
    """

    def __init__(self, *, api_key: str | None = "test-key", models: tuple[str, ...] | None = None,
                 default: str | Reply | None = None, dimensions: int = 256, chunk_chars: int = 8) -> None:
        self.api_key = api_key
        self.models = models
        self.default = Reply.of(default) if default is not None else None
        self.responder: Callable[[dict[str, Any]], str | int | Reply] | None = None
        self.dimensions = dimensions
        self.chunk_chars = chunk_chars
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()  # releases the handlers of replies that never come
        self._server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="openai-stub", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def enqueue(self, *replies: str | int | Reply) -> OpenAIStub:
        """Script the next chat replies: a text, an HTTP status, or a Reply."""
        with self._lock:
            self._queue.extend(Reply.of(r) for r in replies)
        return self

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def next_reply(self, request: RecordedRequest) -> Reply:
        """The answer to a chat request: the next scripted reply, else the responder's, else the default."""
        with self._lock:
            if self._queue:
                return self._queue.popleft()
        if self.responder is not None:
            return Reply.of(self.responder(request.body if isinstance(request.body, dict) else {}))
        if self.default is not None:
            return self.default
        return Reply(status=400, text="openai stub: no scripted reply left")


class _QuietServer(ThreadingHTTPServer):
    """A client that drops its connection (a timeout, a closed pool) is no error worth printing; many
    clients may connect at once, as to a real endpoint."""

    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def _handler_for(stub: OpenAIStub) -> type[BaseHTTPRequestHandler]:
    return type("OpenAIStubHandler", (_Handler,), {"stub": stub})


class _Handler(BaseHTTPRequestHandler):
    stub: OpenAIStub
    protocol_version = "HTTP/1.1"  # keep-alive, as real endpoints do
    disable_nagle_algorithm = True  # else every small reply waits ~40 ms for a delayed ACK

    def log_message(self, format: str, *args: object) -> None:
        """Silent: tests read ``stub.requests`` instead."""

    # ------------------------------------------------------------------ plumbing

    def _read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return None

    def _send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _send_error(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        error_type = STATUS_TYPES.get(status, "error")
        self._send_json(status, {"error": {"message": message, "type": error_type, "code": error_type,
                                           "param": None}}, headers)

    def _authorised(self) -> bool:
        if self.stub.api_key is None or self.headers.get("Authorization") == f"Bearer {self.stub.api_key}":
            return True
        self._send_error(401, "Incorrect API key provided.")
        return False

    def _handle(self, method: str) -> None:
        body = self._read_body() if method == "POST" else None
        headers = {name.lower(): value for name, value in self.headers.items()}
        request = RecordedRequest(method, self.path, headers, body)
        self.stub._record(request)
        try:
            self._route(request)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (e.g. its timeout)
            self.close_connection = True

    def _route(self, request: RecordedRequest) -> None:
        if not self._authorised():
            return
        method, body = request.method, request.body
        route = (method, self.path.split("?")[0])
        if route == ("POST", "/v1/chat/completions"):
            self._chat(request)
        elif route == ("GET", "/v1/models"):
            served = self.stub.models or ("stub-model",)
            self._send_json(200, {"object": "list", "data": [
                {"id": m, "object": "model", "created": 0, "owned_by": "openai-stub"} for m in served]})
        elif route == ("POST", "/v1/embeddings"):
            self._embeddings(body if isinstance(body, dict) else {})
        else:
            self._send_error(404, f"no route {method} {self.path}")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    # ------------------------------------------------------------------ endpoints

    def _chat(self, request: RecordedRequest) -> None:
        body = request.body if isinstance(request.body, dict) else {}
        model = str(body.get("model", ""))
        if self.stub.models is not None and model not in self.stub.models:
            self._send_error(404, f"The model `{model}` does not exist or you do not have access to it.")
            return
        reply = self.stub.next_reply(request)
        streamed = bool(body.get("stream")) and reply.status == 200 and not math.isinf(reply.delay)
        if reply.delay and not streamed and self._wait(reply.delay):
            return
        if reply.status != 200:
            self._send_error(reply.status, reply.text or f"scripted HTTP {reply.status}", reply.headers)
            return
        completion_id = f"chatcmpl-stub{len(self.stub.requests)}"
        if body.get("stream"):
            self._stream(completion_id, model, reply, body, include_usage=bool(
                (body.get("stream_options") or {}).get("include_usage")))
            return
        self._send_json(200, {
            "id": completion_id, "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "finish_reason": reply.finish_reason,
                         "message": {"role": "assistant", "content": reply.text}}],
            "usage": reply.usage or _usage(body, reply.text),
        }, reply.headers)

    def _wait(self, delay: float) -> bool:
        """Wait ``delay`` seconds (forever for math.inf); True when the server stops meanwhile."""
        if self.stub._stopping.wait(None if math.isinf(delay) else delay):
            self.close_connection = True  # the server stops: a hanging reply never comes
            return True
        return False

    def _stream(self, completion_id: str, model: str, reply: Reply, body: dict[str, Any], *,
                include_usage: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()
        if reply.delay and self._wait(reply.delay):  # a streamed reply is late after its headers, as live ones are
            return
        base = {"id": completion_id, "object": "chat.completion.chunk", "created": int(time.time()),
                "model": model}
        step = max(1, self.stub.chunk_chars)
        deltas = [{"role": "assistant", "content": ""}] + [
            {"content": reply.text[i:i + step]} for i in range(0, len(reply.text), step)]
        for delta in deltas:
            self._event({**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
        self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": reply.finish_reason}]})
        if include_usage:
            self._event({**base, "choices": [], "usage": reply.usage or _usage(body, reply.text)})
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _event(self, payload: dict[str, Any]) -> None:
        self._write_chunk(f"data: {json.dumps(payload, ensure_ascii=False)}\n\n".encode())

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _embeddings(self, body: dict[str, Any]) -> None:
        inputs = body.get("input", [])
        if isinstance(inputs, str) or (isinstance(inputs, list) and inputs and isinstance(inputs[0], int)):
            inputs = [inputs]
        dimensions = int(body.get("dimensions") or self.stub.dimensions)
        data = []
        for i, item in enumerate(inputs):
            vector = embed_text(item if isinstance(item, str) else json.dumps(item), dimensions)
            encoded: Any = vector
            if body.get("encoding_format") == "base64":
                encoded = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
            data.append({"object": "embedding", "index": i, "embedding": encoded})
        tokens = sum(len(str(item)) for item in inputs)
        self._send_json(200, {"object": "list", "data": data, "model": body.get("model", ""),
                              "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})


def _usage(body: dict[str, Any], text: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
    return {"prompt_tokens": prompt, "completion_tokens": len(text), "total_tokens": prompt + len(text)}
