"""Hostile requests stopped at the door: body size, load, and bodies no parser should see.

`RequestGuard` is an ASGI middleware in front of the platform routes (`/slack/`,
`/api/messages`, `/hooks/`). It counts the bytes of a request body as they arrive and
answers 413 the moment the cap is passed (it never holds more than the cap), and it
sheds load: past `max_in_flight` requests in progress it answers 503 at once (Slack
and the Bot Framework retry), so the requests it accepted keep a short queue.

`body_problem` is what every route checks before authentication and parsing: a body
that is not UTF-8, JSON nested deeper than any real payload, or a number too long for
Python's `int` (each of which made the parsers fail with a 500 before).
"""

from __future__ import annotations

import json
import logging
import re
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
#: Real payloads nest about 12 levels (a modal's blocks); 64 leaves plenty of room.
MAX_JSON_DEPTH = 64
#: Python refuses to parse integers longer than this (`sys.get_int_max_str_digits`).
MAX_DIGITS = 4300
GUARDED = ("/slack/", "/api/messages", "/hooks/")

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

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Guard one request (other protocols and paths pass straight through)."""
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(self.prefixes):
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            self.shed += 1
            await _answer(send, 503, "busy, try again", {"retry-after": "1"})
            return
        self.in_flight += 1
        try:
            await self._guarded(scope, receive, send)
        finally:
            self.in_flight -= 1

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


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return ""


async def _answer(
    send: Send, status: int, text: str, headers: dict[str, str] | None = None
) -> None:
    data = json.dumps({"ok": False, "error": text}).encode()
    raw_headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(data)).encode()),
        (b"connection", b"close"),
    ]
    raw_headers += [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": data})
