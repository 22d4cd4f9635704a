"""Hostile requests stopped at the door: body size, load, and bodies no parser should see.

`RequestGuard` is an ASGI middleware in front of the platform routes (`/slack/`,
`/api/messages`, `/hooks/`). It counts the bytes of a request body as they arrive and
answers 413 the moment the cap is passed (it never holds more than the cap; the cap
holds on every other path too, /healthz and unknown pages included), and it
sheds load: past `max_in_flight` requests in progress, or when a new Slack request would
wait longer than `MAX_WAIT_SECONDS` behind those in progress, it answers 503 at once (Slack
and the Bot Framework retry), so the requests it accepted keep a short queue. A shed
request's small body is read and dropped, so its keep-alive connection stays usable.

`body_problem` is what every route checks before authentication and parsing: a body
that is not UTF-8, JSON nested deeper than any real payload, or a number too long for
Python's `int` (each of which made the parsers fail with a 500 before).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

logger = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Slack's and Teams' biggest requests (a modal's state, an activity) are far below this.
MAX_BODY_BYTES = 1_000_000
#: Requests in progress at once before new ones are turned away with 503.
MAX_IN_FLIGHT = 48
#: A new request is also turned away when it would wait longer than this: the requests
#: ahead of it times the recent time between two answers (Slack gives up after 3 s).
MAX_WAIT_SECONDS = 0.5
#: Below this many requests in progress the wait estimate is not used (too few to tell).
MIN_IN_FLIGHT = 8
#: Paths whose requests are answered one after another (Slack acks within 3 s and its
#: `/customer` answers take one thread in arrival order), so that the time between two
#: answers predicts a new request's wait. Teams activities may wait on the network in
#: parallel (the model-written answer); for them only `max_in_flight` applies.
QUEUED = ("/slack/",)
#: Weight of the newest interval in the running estimate of the time per request.
SMOOTHING = 0.1
#: Real payloads nest about 12 levels (a modal's blocks); 64 leaves plenty of room.
MAX_JSON_DEPTH = 64
#: Python refuses to parse integers longer than this (`sys.get_int_max_str_digits`).
MAX_DIGITS = 4300
GUARDED = ("/slack/", "/api/messages", "/hooks/")
#: A shed request's body is read (and dropped) up to this size, to keep its connection.
MAX_DRAIN_BYTES = 64 * 1024

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


def json_problem(text: str) -> str | None:
    """Why `text` must not reach `json.loads` (nesting or number size), or None."""
    outside = _STRING.sub('""', text)
    if _LONG_NUMBER.search(outside):
        return f"a number in the body has more than {MAX_DIGITS:,} digits"
    depth = 0
    for match in _BRACKET.finditer(outside):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep"
        else:
            depth -= 1
    return None


def body_problem(body: bytes, content_type: str | None) -> str | None:
    """Why a request body is refused with 400 before anything reads it, or None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        try:
            fields = parse_qsl(text, keep_blank_values=True, errors="strict")
        except (UnicodeDecodeError, ValueError):
            return "the form body is not UTF-8"
        for name, value in fields:
            if name == "payload":  # Slack's interactive requests carry JSON here
                problem = json_problem(value)
                if problem:
                    return problem
        return None
    return json_problem(text)


class RequestGuard:
    """ASGI middleware: 413 while streaming past the body cap, 503 past the load limit."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int = MAX_BODY_BYTES,
        max_in_flight: int = MAX_IN_FLIGHT,
        prefixes: tuple[str, ...] = GUARDED,
    ) -> None:
        self.app = app
        self.max_body = max_body
        self.max_in_flight = max_in_flight
        self.prefixes = prefixes
        self.in_flight = 0
        self.shed = 0
        #: Requests in progress on `QUEUED` paths (part of `in_flight`).
        self.queued = 0
        #: Recent time between two finished `QUEUED` requests while busy (1 / throughput).
        self.per_request = 0.0
        self._mark = 0.0  # when the last request finished, or work began after idling

    def busy(self, path: str = "/slack/events") -> bool:
        """Whether a new request to `path` must be shed: too many in progress, or (on
        `QUEUED` paths) too long a wait behind those in progress."""
        if self.in_flight >= self.max_in_flight:
            return True
        if not path.startswith(QUEUED):
            return False
        waiting = self.queued * self.per_request
        return self.queued >= MIN_IN_FLIGHT and waiting > MAX_WAIT_SECONDS

    def _finished(self) -> None:
        now = time.monotonic()
        interval = now - self._mark
        self.per_request += SMOOTHING * (interval - self.per_request)
        self._mark = now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Guard one request (other protocols pass straight through; other paths get only
        the body cap: a POST of 256 MB to /healthz was read to the end before its 405)."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        if not path.startswith(self.prefixes):
            await self._guarded(scope, receive, send)
            return
        if self.busy(path):
            self.shed += 1
            keep = await _drain(scope, receive)
            await _answer(send, 503, "busy, try again", {"retry-after": "1"}, keep_alive=keep)
            return
        queued = path.startswith(QUEUED)
        if queued:
            if self.queued == 0:  # idle time says nothing about the time per request
                self._mark = time.monotonic()
            self.queued += 1
        self.in_flight += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self.in_flight -= 1
            if queued:
                self.queued -= 1
                self._finished()

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.max_body:
            await _answer(send, 413, "request too large")
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.max_body:  # stop reading: the rest never enters memory
                await _answer(send, 413, "request too large")
                return
            if not message.get("more_body", False):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _drain(scope: Scope, receive: Receive) -> bool:
    """Read and drop a small body, so the connection can serve the client's next request.

    Shedding must stay cheap: a client that must open a new connection for every retry
    costs the server an accept and a new parser each time. Bodies larger than
    `MAX_DRAIN_BYTES` (or of unknown length) are not read; that connection is closed.
    """
    declared = _header(scope, b"content-length")
    if not declared.isdigit() or int(declared) > MAX_DRAIN_BYTES:
        return False
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return False
        if not message.get("more_body", False):
            return True


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


async def _answer(
    send: Send,
    status: int,
    text: str,
    headers: dict[str, str] | None = None,
    *,
    keep_alive: bool = False,
) -> None:
    data = json.dumps({"ok": False, "error": text}).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode()),
    ]
    if not keep_alive:  # the body was not read: the connection cannot carry another request
        raw_headers.append((b"connection", b"close"))
    raw_headers += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": data})
