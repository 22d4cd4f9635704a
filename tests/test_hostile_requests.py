"""Hostile requests: bodies past the cap, bodies no parser should see, and overload.

A body past the cap is refused with 413 while it streams in (never read past the cap);
non-UTF-8 bodies, JSON nested 100,000 deep and 5,000-digit numbers get 400 before
authentication on the Slack and Teams routes, with nothing done; an activity the Teams
SDK cannot parse gets 400; past the in-flight limit, or when a request would wait too
long, requests are shed with 503 at once.
"""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

from handlers.guard import (
    MAX_BODY_BYTES,
    MAX_WAIT_SECONDS,
    MIN_IN_FLIGHT,
    RequestGuard,
    body_problem,
)
from tests.helpers import db_digest
from tests.slack_fixtures import SlackServer, payload, sign
from tests.teams_support import TeamsHarness, message

DEEP = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000
LONG_NUMBER = '{"type": "event_callback", "n": ' + "7" * 5000 + "}"
NOT_UTF8 = b'{"type": "event_callback", "text": "\xff\xfe caf\xe9"}'


def assert_untouched(server: SlackServer, before: str) -> None:
    server.standin.settle(0.1)
    assert db_digest(server.db_path) == before
    assert server.standin.methods() == ["auth.test"]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(DEEP.encode(), "application/json", id="deep-array"),
        pytest.param(DEEP_OBJECT.encode(), "application/json", id="deep-object"),
        pytest.param(LONG_NUMBER.encode(), "application/json", id="5000-digits"),
        pytest.param(NOT_UTF8, "application/json", id="not-utf8-json"),
        pytest.param(
            b"text=caf\xe9&command=/customer",
            "application/x-www-form-urlencoded",
            id="not-utf8-form",
        ),
        pytest.param(
            urlencode({"payload": DEEP}).encode(),
            "application/x-www-form-urlencoded",
            id="deep-payload",
        ),
        pytest.param(
            b"payload=%7B%22a%22%3A%22%ff%fe%22%7D",
            "application/x-www-form-urlencoded",
            id="payload-bad-percent",
        ),
    ],
)
@pytest.mark.parametrize("signed", [True, False], ids=["signed", "unsigned"])
def test_slack_refuses_unparseable_bodies_with_400(
    slack: SlackServer, body: bytes, content_type: str, signed: bool
) -> None:
    before = db_digest(slack.db_path)
    headers = {"Content-Type": content_type}
    if signed:
        headers |= sign(body.decode("latin-1"))
    response = slack.http.post(slack.url + "/slack/events", content=body, headers=headers)
    assert response.status_code == 400
    assert response.text.startswith("bad request: ")
    assert "\n" not in response.text
    assert_untouched(slack, before)


@pytest.mark.parametrize(
    "body",
    [b"[1, 2]", b'"text"', b"null", b"42", b'{"authorizations": 5}'],
    ids=["list", "string", "null", "number", "bad-authorizations"],
)
def test_a_json_body_that_is_no_object_is_refused_without_parsing(
    slack: SlackServer, body: bytes
) -> None:
    """Unsigned, it is 401 before Bolt parses it (a 500 with a traceback before); signed, 400."""
    before = db_digest(slack.db_path)
    headers = {"Content-Type": "application/json"}
    response = slack.http.post(slack.url + "/slack/events", content=body, headers=headers)
    assert response.status_code == 401
    assert "Traceback" not in response.text
    signed = headers | sign(body.decode())
    response = slack.http.post(slack.url + "/slack/events", content=body, headers=signed)
    assert response.status_code == 400
    assert response.text == "malformed body"
    assert_untouched(slack, before)


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [
        pytest.param(b"\xe2\x82\xac", b"v0=00", id="timestamp-not-latin-1"),
        pytest.param(b"17e8", b"v0=00", id="timestamp-not-a-number"),
        pytest.param(b"9" * 5000, b"v0=00", id="timestamp-5000-digits"),
        pytest.param(None, b"v0=\xff\xfe\xc3\xa9", id="signature-not-ascii"),
    ],
)
def test_malformed_signature_headers_are_401(
    slack: SlackServer, timestamp: bytes | None, signature: bytes
) -> None:
    """The SDK's check raised on these (int() of the timestamp, compare_digest of non-ASCII)."""
    before = db_digest(slack.db_path)
    body = json.dumps(payload("url_verification.json"))
    valid = sign(body)
    headers: dict[str, bytes] = {
        "Content-Type": b"application/json",
        "X-Slack-Request-Timestamp": timestamp or valid["X-Slack-Request-Timestamp"].encode(),
        "X-Slack-Signature": signature,
    }
    response = slack.http.post(slack.url + "/slack/events", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "invalid request"}
    assert_untouched(slack, before)


def test_a_declared_oversized_body_is_refused_before_it_is_read(slack: SlackServer) -> None:
    host, port = slack.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {MAX_BODY_BYTES + 1}\r\n\r\n".encode()
            + b"{"
        )
        answer = conn.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413 ")


def upload_64_mb(slack: SlackServer, path: str, headers: dict[str, str]) -> tuple[int, int]:
    """Stream 64 times the body cap to `path` in chunks; (bytes sent, bytes meant).

    The answer must be 413, or the server closes the connection mid-upload (also a
    refusal); either way it must stop reading long before the end.
    """
    sent = 0
    total = 64 * MAX_BODY_BYTES

    def chunks() -> Any:
        nonlocal sent
        chunk = b"x" * 65_536
        while sent < total:
            sent += len(chunk)
            yield chunk

    try:
        response = slack.http.post(slack.url + path, content=chunks(), headers=headers)
        assert response.status_code == 413
    except httpx.TransportError:
        pass  # the server closed the connection mid-upload: also a refusal
    return sent, total


def test_a_chunked_upload_is_refused_while_it_streams(slack: SlackServer) -> None:
    sent, total = upload_64_mb(slack, "/slack/events", {"Content-Type": "application/json"})
    assert sent < total / 4, "the server kept reading past the cap"


@pytest.mark.parametrize("path", ["/healthz", "/no-such-page"])
def test_other_paths_stop_reading_at_the_cap_too(slack: SlackServer, path: str) -> None:
    """A POST of 64 MB to /healthz (405) or an unknown page (404) was read to its end."""
    sent, total = upload_64_mb(slack, path, {})
    assert sent < total / 4, "the server kept reading past the cap"
    assert slack.http.get(slack.url + "/healthz").status_code == 200


def test_the_guard_never_holds_more_than_the_cap() -> None:
    pulled = 0
    statuses: list[int] = []
    reached_app = False

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal reached_app
        reached_app = True

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 10_000
        return {"type": "http.request", "body": b"x" * 10_000, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    guard = RequestGuard(app, max_body=100_000)
    scope = {"type": "http", "path": "/slack/events", "method": "POST", "headers": []}
    asyncio.run(guard(scope, receive, send))  # an endless body: returns all the same
    assert statuses == [413]
    assert pulled == 110_000  # the chunk that passed the cap is the last one read
    assert not reached_app


def test_past_the_in_flight_limit_requests_are_shed_at_once() -> None:
    release = asyncio.Event()
    entered = 0

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        nonlocal entered
        await receive()
        if scope["path"].startswith("/slack/"):
            entered += 1
            await release.wait()
        status = 200 if scope["path"].startswith("/slack/") else 404
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = RequestGuard(slow, max_in_flight=2)

    async def run() -> list[int]:
        transport = httpx.ASGITransport(app=guard)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            first = [
                asyncio.create_task(client.post("/slack/events", content=b"{}")) for _ in (1, 2)
            ]
            while entered < 2:
                await asyncio.sleep(0.001)
            shed = await client.post("/slack/events", content=b"{}")
            health = await client.get("/healthz")  # other paths are never shed
            release.set()
            done = [r.status_code for r in await asyncio.gather(*first)]
            after = await client.post("/slack/events", content=b"{}")
            assert shed.headers["retry-after"] == "1"
            return [*done, shed.status_code, health.status_code, after.status_code]

    assert asyncio.run(run()) == [200, 200, 503, 404, 200]
    assert guard.shed == 1 and guard.in_flight == 0


def test_a_request_that_would_wait_too_long_is_shed_and_keeps_its_connection() -> None:
    """Past MIN_IN_FLIGHT, the wait estimate (requests ahead x time per request) sheds
    before the count limit; a small shed body is read, so the connection stays open."""
    release = asyncio.Event()
    entered = 0
    sent: list[Any] = []

    async def slow(scope: Any, receive: Any, send: Any) -> None:
        nonlocal entered
        await receive()
        entered += 1
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = RequestGuard(slow, max_in_flight=1000)

    async def shed_one(headers: list[tuple[bytes, bytes]], body: bytes) -> list[Any]:
        messages: list[Any] = []
        pulled: list[bytes] = []

        async def receive() -> dict[str, Any]:
            pulled.append(body)
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Any) -> None:
            messages.append(message)

        scope = {"type": "http", "path": "/slack/events", "method": "POST", "headers": headers}
        await guard(scope, receive, send)
        return [messages[0]["status"], dict(messages[0]["headers"]), len(pulled)]

    async def run() -> None:
        transport = httpx.ASGITransport(app=guard)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            first = [
                asyncio.create_task(client.post("/slack/events", content=b"{}"))
                for _ in range(MIN_IN_FLIGHT)
            ]
            while entered < MIN_IN_FLIGHT:
                await asyncio.sleep(0.001)
            guard.per_request = 0.01  # 8 ahead x 10 ms = 80 ms: admitted
            assert not guard.busy()
            guard.per_request = MAX_WAIT_SECONDS / MIN_IN_FLIGHT * 1.5  # 0.75 s: shed
            assert guard.busy()
            assert not guard.busy("/api/messages")  # Teams waits in parallel: only the cap
            small = await shed_one([(b"content-length", b"2")], b"{}")
            unknown = await shed_one([], b"{}")
            sent.extend([small, unknown])
            release.set()
            assert [r.status_code for r in await asyncio.gather(*first)] == [200] * 8

    asyncio.run(run())
    small, unknown = sent
    assert small[0] == 503 and b"connection" not in small[1] and small[2] == 1
    assert unknown[0] == 503 and unknown[1][b"connection"] == b"close" and unknown[2] == 0
    assert guard.shed == 2 and guard.in_flight == 0
    assert guard.per_request > 0  # every finished request updates the estimate


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(DEEP.encode(), id="deep-array"),
        pytest.param(DEEP_OBJECT.encode(), id="deep-object"),
        pytest.param(LONG_NUMBER.encode(), id="5000-digits"),
        pytest.param(NOT_UTF8, id="not-utf8"),
    ],
)
def test_teams_refuses_unparseable_bodies_with_400(teams: TeamsHarness, raw: bytes) -> None:
    response = teams.post(None, raw=raw, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("Bad request: ")
    assert teams.service.calls == []


def test_an_activity_the_sdk_cannot_parse_is_a_bad_request(teams: TeamsHarness) -> None:
    activity = message("ask why?")
    activity["from"] = "not an account"
    response = teams.post(activity)
    assert response.status_code == 400
    assert response.json()["error"] == (
        "Bad request: not a Bot Framework activity "
        "(message.from: Input should be a valid dictionary or instance of Account)"
    )
    assert teams.service.calls == []
    assert teams.workspace().conversation("teams", activity["conversation"]["id"]) is None


def test_real_payloads_pass_the_body_checks() -> None:
    for name in ("app_home_opened.json", "block_actions.json", "view_submission.json"):
        raw = json.dumps(payload(name)).encode()
        assert body_problem(raw, "application/json") is None
        form = urlencode({"payload": raw.decode()}).encode()
        assert body_problem(form, "application/x-www-form-urlencoded") is None
