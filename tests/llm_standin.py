"""A local OpenAI-compatible stand-in: `POST /v1/chat/completions` on 127.0.0.1.

It checks each request the way OpenAI's API does for Structured Outputs (a model, a list
of messages, `response_format` of type `json_schema` with a valid name, `strict` and a
schema whose objects list every property as required and allow no others) and answers
with a `chat.completion` object, or with what a test scripted: another content, an
error status with Retry-After, or a reply that comes too late.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from bot.llm import LlmSettings

MODEL = "standin-model-1"
_NAME_RE = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")


@dataclass
class Reply:
    """One scripted answer: a status, a body (or a completion's content), headers, a delay."""

    content: str | None = None
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    """One request the stand-in received."""

    path: str
    headers: dict[str, str]
    raw: bytes

    @property
    def json(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.raw)
        return data

    @property
    def payload(self) -> dict[str, Any]:
        """The question, language and sources the user message carries."""
        data: dict[str, Any] = json.loads(self.json["messages"][-1]["content"])
        return data

    @property
    def source_ids(self) -> list[str]:
        return [s["id"] for s in self.payload["sources"]]


def completion(content: str, model: str = MODEL) -> dict[str, Any]:
    """A chat.completion object as OpenAI's API reference shows it."""
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": None},
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120},
    }


def answer(side: str, *sentences: tuple[str, list[str]]) -> str:
    """A reply's content: JSON of the empty_chair_answer schema."""
    return json.dumps({"side": side, "sentences": [{"text": t, "cites": c} for t, c in sentences]})


def schema_problems(schema: Any, where: str = "schema") -> list[str]:
    """What strict Structured Outputs would refuse in a schema."""
    problems: list[str] = []
    if not isinstance(schema, dict):
        return [f"{where} is not an object"]
    if schema.get("type") == "object":
        props = schema.get("properties") or {}
        if schema.get("additionalProperties") is not False:
            problems.append(f"{where}: additionalProperties must be false")
        if sorted(schema.get("required") or []) != sorted(props):
            problems.append(f"{where}: every property must be required")
        for key, sub in props.items():
            problems += schema_problems(sub, f"{where}.{key}")
    if schema.get("type") == "array":
        problems += schema_problems(schema.get("items"), f"{where}[]")
    return problems


def request_problems(body: Any) -> list[str]:
    """What the chat/completions endpoint would answer 400 to."""
    if not isinstance(body, dict):
        return ["body is not an object"]
    problems = []
    if not isinstance(body.get("model"), str) or not body["model"]:
        problems.append("model missing")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        problems.append("messages missing")
    else:
        for m in messages:
            if m.get("role") not in ("system", "developer", "user", "assistant"):
                problems.append(f"bad role {m.get('role')!r}")
            if not isinstance(m.get("content"), str):
                problems.append("message content must be a string")
    fmt = body.get("response_format") or {}
    spec = fmt.get("json_schema") or {}
    if fmt.get("type") != "json_schema":
        problems.append("response_format.type must be json_schema")
    if not _NAME_RE.match(str(spec.get("name") or "")):
        problems.append("json_schema.name invalid")
    if spec.get("strict") is not True:
        problems.append("json_schema.strict must be true")
    problems += schema_problems(spec.get("schema"))
    return problems


class LlmStandIn:
    """The stand-in server on a random loopback port."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.script: deque[Reply] = deque()
        #: The answer when nothing is scripted: cites the first source it was sent.
        self.default_side = "unknown"
        #: How long the unscripted answer takes (the benchmark's model latency).
        self.default_delay = 0.0
        self._lock = threading.Lock()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def settings(self, **kwargs: Any) -> LlmSettings:
        """LlmSettings pointing here."""
        return LlmSettings(base_url=self.base_url, model=MODEL, **kwargs)

    def then(self, *replies: Reply) -> None:
        """Answer the next requests with these replies, in order."""
        self.script.extend(replies)

    def wait_for(self, count: int, timeout: float = 5.0) -> list[Received]:
        """Wait until `count` requests arrived (the model is called after the ack)."""
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.received)} model requests, expected {count}")
            time.sleep(0.01)
        return list(self.received)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length)
        got = Received(request.path, {k.lower(): v for k, v in request.headers.items()}, raw)
        with self._lock:
            self.received.append(got)
            reply = self.script.popleft() if self.script else None
        if request.path != "/v1/chat/completions":
            self._send(
                request, 404, {"error": {"message": "not found", "type": "invalid_request_error"}}
            )
            return
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        problems = request_problems(body)
        if problems:
            self._send(
                request,
                400,
                {"error": {"message": "; ".join(problems), "type": "invalid_request_error"}},
            )
            return
        if reply is None:
            first = got.source_ids[0]
            reply = Reply(
                answer(self.default_side, ("The customers said so.", [first])),
                delay=self.default_delay,
            )
        if reply.delay:
            time.sleep(reply.delay)
        if reply.status != 200:
            error = {"error": {"message": "scripted failure", "type": "server_error"}}
            self._send(request, reply.status, reply.body or error, reply.headers)
            return
        data = reply.body if reply.body is not None else completion(reply.content or "")
        self._send(request, 200, data, reply.headers)

    def _send(
        self,
        request: BaseHTTPRequestHandler,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            for key, value in (headers or {}).items():
                request.send_header(key, value)
            request.end_headers()
            request.wfile.write(data)
        except OSError:  # the client gave up waiting (the hang test)
            pass


@pytest.fixture(scope="module")
def llm_server() -> Iterator[LlmStandIn]:
    """The stand-in, shared by a test module."""
    server = LlmStandIn()
    yield server
    server.stop()


@pytest.fixture
def llm(llm_server: LlmStandIn) -> LlmStandIn:
    """The stand-in with nothing received or scripted."""
    llm_server.received.clear()
    llm_server.script.clear()
    llm_server.default_side = "unknown"
    return llm_server
