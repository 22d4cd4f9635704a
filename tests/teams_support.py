"""Teams test support: real activity JSON, the real route in-process, a fake connector.

Activities are posted to `/api/messages` of a FastAPI app through `httpx.ASGITransport`.
Everything the bot sends goes through the SDK's HTTP client, where `FakeTeamsService`
(a client middleware) records it and answers like the Bot Framework connector, so no
request leaves the process; `no_network` makes sure of it.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import traceback
from collections import deque
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi import FastAPI

from bot.config import Settings
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import fixed_clock

HERE = Path(__file__).resolve().parent
SHARED_SCHEMAS = HERE.parents[1] / "shared" / "schemas"

TENANT = "6f1e0c52-1a4b-4b5e-9d7e-000000000001"
OTHER_TENANT = "0b7d8a33-2c4d-4e6f-8a9b-000000000002"
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
BOT = {"id": "28:9c2b5d4e-0000-4000-8000-00000000b07", "name": "Empty Chair"}
USER = {"id": "29:1user-ada", "aadObjectId": "aad-ada", "name": "Ada Lovelace"}

PERSONAL = {"id": "a:1personal-ada", "conversationType": "personal"}
CHANNEL = {
    "id": "19:general@thread.tacv2;messageid=1700000000001",
    "conversationType": "channel",
    "isGroup": True,
}
MEETING_CHAT = {
    "id": "19:meeting_NjQ4ZmQ2@thread.v2",
    "conversationType": "groupChat",
    "isGroup": True,
}


def schema_path(name: str) -> Path:
    """A published schema: the shared copy when present, else the vendored one."""
    shared = SHARED_SCHEMAS / name
    return shared if shared.exists() else HERE / "schemas" / name


def validate_card(card: dict[str, Any]) -> None:
    """Fail unless `card` is a valid Adaptive Card 1.5 under 28 KB."""
    schema = json.loads(schema_path("adaptive-card.schema.1.5.json").read_text("utf-8"))
    jsonschema.Draft6Validator(schema).validate(card)
    size = len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode())
    assert size < 28 * 1024, f"card is {size} bytes"


# Activities as Teams sends them -----------------------------------------------------

_counter = iter(range(1_000_000))


def activity(
    kind: str,
    *,
    conversation: dict[str, Any] = PERSONAL,
    tenant: str | None = TENANT,
    **fields: Any,
) -> dict[str, Any]:
    """A Teams activity with the envelope Bot Framework puts around every one."""
    conv = dict(conversation)
    channel_data: dict[str, Any] = {}
    if tenant is not None:
        conv["tenantId"] = tenant
        channel_data["tenant"] = {"id": tenant}
    if conversation is CHANNEL:
        channel_data["team"] = {"id": "19:team@thread.tacv2", "name": "Product"}
        channel_data["channel"] = {"id": "19:general@thread.tacv2", "name": "General"}
    body: dict[str, Any] = {
        "type": kind,
        "id": f"1700000{next(_counter):06d}",
        "timestamp": "2024-05-06T09:00:00.000Z",
        "localTimestamp": "2024-05-06T11:00:00.000+02:00",
        "serviceUrl": SERVICE_URL,
        "channelId": "msteams",
        "from": dict(USER),
        "conversation": conv,
        "recipient": dict(BOT),
        "locale": "en-US",
        "channelData": channel_data,
        "entities": [
            {
                "type": "clientInfo",
                "locale": "en-US",
                "country": "PL",
                "platform": "Web",
                "timezone": "Europe/Warsaw",
            }
        ],
    }
    body.update(fields)
    return body


def message(text: str, **kwargs: Any) -> dict[str, Any]:
    """A message typed in a personal chat (or wherever `conversation` says)."""
    return activity("message", text=text, textFormat="plain", **kwargs)


def mention(text: str, *, conversation: dict[str, Any] = CHANNEL, **kwargs: Any) -> dict[str, Any]:
    """`@Empty Chair text` in a channel or group chat, as Teams sends it (HTML)."""
    tag = f"<at>{BOT['name']}</at>"
    body = activity(
        "message",
        conversation=conversation,
        text=f"<p>{tag} {text}</p>",
        textFormat="xml",
        **kwargs,
    )
    body["entities"] = [
        *body["entities"],
        {"type": "mention", "text": tag, "mentioned": dict(BOT)},
    ]
    return body


def card_action(
    verb: str,
    data: dict[str, Any],
    *,
    reply_to: str = "1700000000999",
    conversation: dict[str, Any] = MEETING_CHAT,
    **kwargs: Any,
) -> dict[str, Any]:
    """A click on an Action.Execute button (the card's inputs are merged into `data`)."""
    return activity(
        "invoke",
        conversation=conversation,
        name="adaptiveCard/action",
        replyToId=reply_to,
        value={
            "action": {"type": "Action.Execute", "verb": verb, "data": data},
            "trigger": "manual",
        },
        **kwargs,
    )


def meeting_event(name: str, title: str = "Weekly pricing review", **kwargs: Any) -> dict[str, Any]:
    """meetingStart or meetingEnd in a meeting chat."""
    when = "StartTime" if name == "meetingStart" else "EndTime"
    body = activity(
        "event",
        conversation=MEETING_CHAT,
        name=f"application/vnd.microsoft.{name}",
        value={
            "Id": "MCMxOTptZWV0aW5nX05qUTRabVEy",
            "MeetingType": "Scheduled",
            "JoinUrl": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ4ZmQ2",
            "Title": title,
            when: "2024-05-06T09:00:00.0000000Z",
        },
        **kwargs,
    )
    body["channelData"]["meeting"] = {"id": "MCMxOTptZWV0aW5nX05qUTRabVEy"}
    return body


def message_action(name: str, data: Any = None, *, html: str = "", **kwargs: Any) -> dict[str, Any]:
    """composeExtension/fetchTask or submitAction of "Save as customer feedback"."""
    value: dict[str, Any] = {
        "commandId": "saveFeedback",
        "commandContext": "message",
        "context": {"theme": "default"},
        "messagePayload": {
            "id": "1700000000555",
            "messageType": "message",
            "createdDateTime": "2024-05-06T08:55:00.000Z",
            "importance": "normal",
            "locale": "en-us",
            "linkToMessage": "https://teams.microsoft.com/l/message/19:general/1700000000555",
            "from": {
                "user": {"id": "aad-bob", "displayName": "Bob", "userIdentityType": "aadUser"}
            },
            "body": {"contentType": "html", "content": html},
            "attachments": [],
            "mentions": [],
            "reactions": [],
        },
    }
    if data is not None:
        value["data"] = data
    return activity(
        "invoke", conversation=CHANNEL, name=f"composeExtension/{name}", value=value, **kwargs
    )


def installed(conversation: dict[str, Any] = CHANNEL) -> dict[str, Any]:
    """conversationUpdate: the bot was added to a team or chat."""
    return activity(
        "conversationUpdate",
        conversation=conversation,
        membersAdded=[{"id": BOT["id"]}],
    )


# The fake Bot Framework connector ---------------------------------------------------


@dataclass
class Sent:
    """One call the bot made to the connector."""

    method: str
    url: str
    body: Any
    #: Raw bytes sent (a file upload), if any.
    content: Any = None

    @property
    def text(self) -> str | None:
        """The message text, if any."""
        return self.body.get("text") if isinstance(self.body, dict) else None

    @property
    def card(self) -> dict[str, Any] | None:
        """The Adaptive Card attached, if any."""
        for item in (self.body or {}).get("attachments") or []:
            if item.get("contentType") == "application/vnd.microsoft.card.adaptive":
                return dict(item["content"])
        return None

    @property
    def is_update(self) -> bool:
        """True for an update of an existing message (PUT .../activities/{id})."""
        return self.method == "PUT"


@dataclass
class FakeTeamsService:
    """An SDK client middleware standing in for the connector: records and answers calls."""

    calls: list[Sent] = field(default_factory=list)
    #: Statuses to answer before the next success (to exercise retries).
    failures: deque[int] = field(default_factory=deque)
    retry_after: str | None = None

    def send(self, context: Any, next: Any) -> httpx.Response:
        """Record the call and answer it; `next` (the real network) is never called."""
        self.calls.append(
            Sent(context.method, str(context.url), context.json, getattr(context, "content", None))
        )
        request = httpx.Request(context.method, str(context.url))
        if self.failures:
            status = self.failures.popleft()
            headers = {"Retry-After": self.retry_after} if self.retry_after else {}
            response = httpx.Response(
                status, json={"error": {"code": "x"}}, headers=headers, request=request
            )
            response.raise_for_status()
        return httpx.Response(200, json={"id": f"sent-{len(self.calls)}"}, request=request)

    @property
    def sent(self) -> list[Sent]:
        """Messages created or updated, in order."""
        return [c for c in self.calls if "/activities" in c.url]

    def cards(self) -> list[dict[str, Any]]:
        """Every card sent, in order."""
        return [c.card for c in self.sent if c.card is not None]

    def texts(self) -> list[str]:
        """Every plain text sent, in order."""
        return [c.text for c in self.sent if c.text]


@dataclass
class TeamsHarness:
    """The FastAPI app with Teams attached, the store behind it and the fake connector."""

    app: FastAPI
    store: Store
    service: FakeTeamsService
    bot: Any

    def post(
        self, body: Any, *, headers: dict[str, str] | None = None, raw: bytes | None = None
    ) -> httpx.Response:
        """POST one request to /api/messages through the ASGI app."""
        return asyncio.run(self._post(body, headers or {}, raw))

    async def _post(self, body: Any, headers: dict[str, str], raw: bytes | None) -> httpx.Response:
        transport = httpx.ASGITransport(app=self.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            if raw is not None:
                return await client.post("/api/messages", content=raw, headers=headers)
            return await client.post("/api/messages", json=body, headers=headers)

    def workspace(self, tenant: str = TENANT) -> Workspace:
        """The workspace a tenant's activities reach."""
        return Workspace(self.store, f"teams:{tenant}")


async def no_sleep(seconds: float) -> None:
    """Backoff without waiting."""
    del seconds


LOOPBACK = ("127.0.0.1", "::1", "localhost")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection beyond this machine fails the test (loopback stand-ins are allowed)."""
    connect = socket.socket.connect

    def local_only(self: socket.socket, address: Any) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in LOOPBACK and self.family != socket.AF_UNIX:
            raise AssertionError(f"a test tried to reach the network: {address!r}")
        connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", local_only)
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)


class CoreOnEventLoop(AssertionError):
    """SQLite was reached from a thread that runs an asyncio event loop."""


@dataclass
class LoopGuard:
    """Every SQLite access made on an event loop's thread, with where it came from."""

    hits: list[str] = field(default_factory=list)

    def check(self, what: str) -> None:
        """Raise (and remember) when the calling thread is running an event loop."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # a worker thread, or plain test code: fine
        where = "".join(traceback.format_stack(limit=20)[:-2])
        self.hits.append(f"{what} on {threading.current_thread().name}:\n{where}")
        raise CoreOnEventLoop(
            f"{what} was called on the event loop; run core calls through handlers.pools"
        )


@pytest.fixture
def loop_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[LoopGuard]:
    """Make any SQLite access from a thread running an event loop raise, and fail the test
    at teardown if one happened (handlers catch the error and answer politely, so the
    test body alone might not notice).

    The store hands out a connection per thread through `Store.db` (and snapshots through
    `Store.reader`): every query passes one of them on the thread that runs it.
    """
    guard = LoopGuard()
    connection = Store.db.fget
    reader = Store.reader
    assert connection is not None

    def db(self: Store) -> Any:
        guard.check("Store.db")
        return connection(self)

    def guarded_reader(self: Store) -> AbstractContextManager[Any]:
        guard.check("Store.reader")
        return reader(self)

    monkeypatch.setattr(Store, "db", property(db))
    monkeypatch.setattr(Store, "reader", guarded_reader)
    yield guard
    assert not guard.hits, "core calls on the event loop:\n\n" + "\n\n".join(guard.hits)


@pytest.fixture
def teams(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_network: None,
    loop_guard: LoopGuard,
) -> Iterator[TeamsHarness]:
    """Teams attached to a FastAPI app, authentication explicitly (dangerously) off.

    `loop_guard` is on: a Teams handler that reaches SQLite on the event loop fails the test.
    """
    from handlers.teams import create_bot
    from handlers.teams.bot import Wiring
    from handlers.teams.outbound import RetryPolicy

    monkeypatch.setenv("EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED", "true")
    app = FastAPI()
    service = FakeTeamsService()
    wiring = Wiring(middlewares=[service], retry=RetryPolicy(sleep=no_sleep))
    bot = create_bot(store, Settings(db_path=str(db_path), clock=fixed_clock), wiring=wiring)
    bot.attach(app)
    yield TeamsHarness(app, store, service, bot)
