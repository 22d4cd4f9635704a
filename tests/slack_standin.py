"""A local stand-in for the Slack Web API: records every call and answers like Slack.

It also checks what Slack checks (block counts, view titles), answers `response_url`
posts and file uploads, and can be told to fail a method with an error code, an HTTP
429 with Retry-After, or a 5xx. Nothing here touches the network beyond 127.0.0.1.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlparse

from tests.slack_limits import message_problems, view_problems

TEAM = "T111"
BOT_USER = "UBOT"


@dataclass
class Call:
    """One request the app made: Web API method (or 'respond'/'upload'), its params and token."""

    method: str
    params: dict[str, Any]
    token: str | None
    path: str
    at: float = field(default_factory=time.monotonic)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        """The message blocks of the call (or of its view)."""
        blocks = self.params.get("blocks")
        if blocks is None and isinstance(self.params.get("view"), dict):
            blocks = self.params["view"].get("blocks")
        return list(blocks or [])

    @property
    def text_of_blocks(self) -> str:
        """Every text in the blocks, joined (for assertions on what a user sees)."""
        return "\n".join(_texts(self.blocks))


def _texts(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = []
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found += _texts(value)
        return found
    if isinstance(node, list):
        return [t for item in node for t in _texts(item)]
    return []


@dataclass
class Failure:
    error: str | None = None
    status: int = 200
    retry_after: int | None = None


class SlackStandIn:
    """The Web API on 127.0.0.1 with a random port."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        #: Messages and views the stand-in refused as Slack would (each test expects none).
        self.rejected: list[tuple[str, list[str]]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.memberships: dict[str, list[str]] = {}
        self._failures: dict[str, deque[Failure]] = defaultdict(deque)
        self._ts = itertools.count(1)
        self._lock = threading.Condition()
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                standin._handle(self)

            def do_POST(self) -> None:
                standin._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # --- control ---------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def response_url(self, name: str = "r1") -> str:
        return f"{self.base}/respond/{name}"

    def start(self) -> SlackStandIn:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self.rejected.clear()
            self._failures.clear()
        self.users.clear()
        self.channels.clear()
        self.memberships.clear()

    def fail(self, method: str, error: str, *, times: int = 1) -> None:
        """The next `times` calls of `method` answer ok:false with `error`."""
        for _ in range(times):
            self._failures[method].append(Failure(error=error))

    def rate_limit(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        """The next `times` calls of `method` answer HTTP 429 with Retry-After."""
        for _ in range(times):
            self._failures[method].append(
                Failure(error="ratelimited", status=429, retry_after=retry_after)
            )

    def server_error(self, method: str, *, status: int = 503, times: int = 1) -> None:
        for _ in range(times):
            self._failures[method].append(Failure(error=None, status=status))

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        with self._lock:
            return [c.method for c in self.calls]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until `method` was called `count` times (listeners work after their ack)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"{method} called {len(found)} times, expected {count}; "
                        f"calls: {[c.method for c in self.calls]}"
                    )
                self._lock.wait(left)

    def settle(self, quiet: float = 0.3) -> None:
        """Wait until no call arrived for `quiet` seconds (to assert that nothing else happens)."""
        while True:
            with self._lock:
                last = self.calls[-1].at if self.calls else 0.0
            if time.monotonic() - last >= quiet:
                return
            time.sleep(quiet / 3)

    # --- serving -----------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlparse(request.path)
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length) if length else b""
        params: dict[str, Any] = dict(parse_qsl(url.query))
        ctype = request.headers.get("Content-Type") or ""
        uploading = url.path.startswith("/upload/")  # raw file bytes (a PNG is not text)
        if raw and "json" in ctype and not uploading:
            params.update(json.loads(raw))
        elif raw and "x-www-form-urlencoded" in ctype and not uploading:
            params.update(parse_qsl(raw.decode()))
        for key in ("blocks", "view"):
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        auth = request.headers.get("Authorization") or ""
        token = auth.removeprefix("Bearer ") or params.get("token")
        if url.path.startswith("/respond/"):
            method = "respond"
        elif url.path.startswith("/upload/"):
            method = "upload"
            params = {"bytes": raw, "file_id": url.path.rsplit("/", 1)[-1]}
        else:
            method = url.path.removeprefix("/api/")
        with self._lock:
            self.calls.append(Call(method, params, token, url.path))
            failure = self._failures[method].popleft() if self._failures[method] else None
            self._lock.notify_all()
        if failure is not None:
            headers = {"Retry-After": str(failure.retry_after)} if failure.retry_after else {}
            body = {"ok": False, "error": failure.error} if failure.error else {"ok": False}
            self._reply(request, body, status=failure.status, headers=headers)
            return
        if method == "respond" and params.get("blocks") and message_problems(params["blocks"]):
            self.rejected.append((method, message_problems(params["blocks"])))
            self._reply(request, "invalid_blocks", status=400)
            return
        if method in ("respond", "upload"):
            self._reply(request, "ok")
            return
        self._reply(request, self._answer(method, params))

    def _reply(
        self,
        request: BaseHTTPRequestHandler,
        body: Any,
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        request.send_response(status)
        request.send_header(
            "Content-Type", "text/plain" if isinstance(body, str) else "application/json"
        )
        request.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        request.end_headers()
        request.wfile.write(data)

    def _answer(self, method: str, p: dict[str, Any]) -> dict[str, Any]:
        ok: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            return ok | {
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "emptychair",
                "team_id": TEAM,
                "user_id": BOT_USER,
                "bot_id": "BBOT",
            }
        if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
            problem = _check_message(p)
            if problem:
                self.rejected.append((method, message_problems(p.get("blocks") or [])))
                return {"ok": False, "error": problem}
            ts = p.get("ts") or f"1700000000.{next(self._ts):06d}"
            if method == "chat.postEphemeral":
                return ok | {"message_ts": ts}
            return ok | {"channel": p.get("channel"), "ts": ts, "message": {"ts": ts}}
        if method == "chat.getPermalink":
            ts = str(p.get("message_ts", "")).replace(".", "")
            return ok | {
                "channel": p.get("channel"),
                "permalink": f"https://test.slack.com/archives/{p.get('channel')}/p{ts}",
            }
        if method in ("pins.add", "pins.remove"):
            return ok
        if method in ("views.open", "views.update", "views.publish", "views.push"):
            problem = _check_view(p.get("view") or {})
            if problem:
                self.rejected.append((method, view_problems(p.get("view") or {})))
                return {"ok": False, "error": problem}
            return ok | {"view": {"id": "V123", **(p.get("view") or {})}}
        if method == "users.info":
            user = self.users.get(str(p.get("user")))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            if str(p.get("include_locale")).lower() not in ("true", "1"):
                user = {k: v for k, v in user.items() if k != "locale"}  # as Slack does
            return ok | {"user": {"id": p.get("user"), **user}}
        if method == "users.conversations":
            ids = self.memberships.get(str(p.get("user")), [])
            return ok | {
                "channels": [{"id": i} for i in ids],
                "response_metadata": {"next_cursor": ""},
            }
        if method == "conversations.info":
            channel = self.channels.get(str(p.get("channel")))
            if channel is None:
                return {"ok": False, "error": "channel_not_found"}
            return ok | {"channel": {"id": p.get("channel"), **channel}}
        if method == "conversations.open":
            return ok | {"channel": {"id": "D" + str(p.get("users", "X"))}}
        if method == "files.getUploadURLExternal":
            return ok | {"upload_url": f"{self.base}/upload/F123", "file_id": "F123"}
        if method == "files.completeUploadExternal":
            return ok | {"files": [{"id": "F123", "title": "decisions.csv"}]}
        if method == "oauth.v2.access":
            return ok | {
                "app_id": "A111",
                "authed_user": {"id": "U222"},
                "scope": "commands,chat:write",
                "token_type": "bot",
                "access_token": "xoxb-installed-T222",
                "bot_user_id": "UBOT2",
                "team": {"id": "T222", "name": "Other"},
                "enterprise": None,
                "is_enterprise_install": False,
            }
        return {"ok": False, "error": "unknown_method"}


def _check_message(p: dict[str, Any]) -> str | None:
    blocks = p.get("blocks")
    if blocks is not None and message_problems(blocks):
        return "invalid_blocks"
    if len(str(p.get("text") or "")) > 40_000:
        return "msg_too_long"
    return None


def _check_view(view: dict[str, Any]) -> str | None:
    return "invalid_arguments" if view_problems(view) else None
