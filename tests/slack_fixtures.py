"""Slack end-to-end fixtures: the real server on loopback, a Web API stand-in, signed requests.

Payloads start from Slack's real shapes in tests/slack_payloads/ (taken from the
slackapi/bolt-python test fixtures) with our commands, callback ids and values.
"""

from __future__ import annotations

import copy
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx
import pytest
import uvicorn
from slack_sdk.signature import SignatureVerifier

from bot.config import Settings
from bot.store import Store
from tests.helpers import fixed_clock
from tests.slack_limits import message_problems, view_problems
from tests.slack_standin import SlackStandIn

SECRET = "test-signing-secret-0123456789"
TOKEN = "xoxb-test-token"
PAYLOADS = Path(__file__).parent / "slack_payloads"
TEAM = "T111"
USER = "U111"
CHANNEL = "C111"


def payload(name: str) -> dict[str, Any]:
    """A copy of one of Slack's sample payloads."""
    data: dict[str, Any] = json.loads((PAYLOADS / name).read_text())
    return data


def sign(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    """The two headers Slack adds to every request."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


@dataclass
class SlackServer:
    """The running server, its database and the Web API stand-in it talks to."""

    url: str
    db_path: Path
    standin: SlackStandIn
    app: Any
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=10))

    # --- raw requests --------------------------------------------------------------------
    def post(
        self,
        body: str,
        content_type: str = "application/x-www-form-urlencoded",
        headers: dict[str, str] | None = None,
        path: str = "/slack/events",
    ) -> httpx.Response:
        """POST a raw body, signed unless `headers` says otherwise."""
        sent = {"Content-Type": content_type, **(sign(body) if headers is None else headers)}
        return self.http.post(self.url + path, content=body.encode(), headers=sent)

    # --- Slack's request kinds -----------------------------------------------------------
    def command(
        self,
        command: str,
        text: str = "",
        *,
        user: str = USER,
        channel: str = CHANNEL,
        team: str = TEAM,
        response_url: str = "cmd",
    ) -> httpx.Response:
        """A slash command, form-encoded as Slack sends it."""
        fields = dict(parse_qsl((PAYLOADS / "slash_command.form.txt").read_text().strip()))
        fields.pop("enterprise_id", None)
        fields.pop("enterprise_name", None)
        fields.update(
            command=command,
            text=text,
            user_id=user,
            channel_id=channel,
            team_id=team,
            response_url=self.standin.response_url(response_url),
            trigger_id=f"trig.{time.time()}",
        )
        response = self.post(urlencode(fields))
        self.check_ack(response)
        return response

    def interactive(self, body: dict[str, Any]) -> httpx.Response:
        """block_actions, view_submission, message_action or block_suggestion: payload=JSON."""
        response = self.post(urlencode({"payload": json.dumps(body)}))
        self.check_ack(response)
        return response

    def check_ack(self, response: httpx.Response) -> None:
        """A view or message sent back in an ack must be one Slack accepts, too."""
        if response.headers.get("content-type", "").startswith("application/json"):
            data = response.json()
            problems = []
            if isinstance(data.get("view"), dict):
                problems = view_problems(data["view"])
            elif isinstance(data.get("blocks"), list):
                problems = message_problems(data["blocks"])
            assert problems == [], problems

    def event(
        self, event: dict[str, Any], *, event_id: str, retry: int | None = None, team: str = TEAM
    ) -> httpx.Response:
        """An Events API event_callback (JSON)."""
        body = payload("app_home_opened.json")
        body.pop("enterprise_id", None)
        body.update(team_id=team, event=event, event_id=event_id)
        body["authorizations"] = [
            {
                "enterprise_id": None,
                "team_id": team,
                "user_id": "UBOT",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ]
        raw = json.dumps(body)
        headers = sign(raw)
        if retry is not None:
            headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        return self.post(raw, "application/json", headers)

    def button(
        self,
        action_id: str,
        value: str,
        *,
        user: str = USER,
        channel: str = CHANNEL,
        message_ts: str = "111.222",
        ephemeral: bool = False,
        view: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """A button click on a message (or inside a view)."""
        body = _team_only(payload("block_actions.json"))
        body["user"]["id"] = user
        body["actions"][0].update(action_id=action_id, value=value, block_id="b")
        body["trigger_id"] = f"trig.{time.time()}"
        body["response_url"] = self.standin.response_url("action")
        if view is not None:
            body.pop("channel")
            body.pop("container")
            body.pop("response_url")
            body["view"] = view
            body["container"] = {"type": "view", "view_id": view.get("id", "V1")}
        else:
            body["channel"]["id"] = channel
            body["container"] = {
                "type": "message",
                "message_ts": message_ts,
                "channel_id": channel,
                "is_ephemeral": ephemeral,
            }
            body["message"] = {"ts": message_ts, "type": "message", "text": ""}
        return self.interactive(body)

    def submit(
        self,
        callback_id: str,
        values: dict[str, Any],
        *,
        metadata: str = "{}",
        view_id: str = "V111",
        user: str = USER,
    ) -> httpx.Response:
        """A modal submission with the given state values."""
        body = _team_only(payload("view_submission.json"))
        body["user"]["id"] = user
        body["view"].update(callback_id=callback_id, private_metadata=metadata, id=view_id)
        body["view"]["state"] = {"values": values}
        return self.interactive(body)

    def message_shortcut(
        self, callback_id: str, text: str, *, channel: str = CHANNEL, ts: str = "1583636382.000300"
    ) -> httpx.Response:
        """A message shortcut on a message with `text`."""
        body = _team_only(payload("message_action.json"))
        body["user"]["id"] = USER
        body.update(callback_id=callback_id, trigger_id=f"trig.{time.time()}", message_ts=ts)
        body["channel"]["id"] = channel
        body["message"].update(text=text, ts=ts)
        body["response_url"] = self.standin.response_url("shortcut")
        return self.interactive(body)

    def suggestion(
        self, action_id: str, query: str, *, block_id: str, callback_id: str
    ) -> httpx.Response:
        """A block_suggestion (options request) of an external select in a modal."""
        view = _team_only(payload("view_submission.json"))["view"]
        view["callback_id"] = callback_id
        body = {
            "type": "block_suggestion",
            "user": {"id": USER, "team_id": TEAM},
            "team": {"id": TEAM, "domain": "test"},
            "api_app_id": "A111",
            "token": "verification_token",
            "container": {"type": "view", "view_id": "V111"},
            "action_id": action_id,
            "block_id": block_id,
            "value": query,
            "view": view,
        }
        return self.interactive(body)


def _team_only(body: dict[str, Any]) -> dict[str, Any]:
    """A sample payload of a plain workspace (the samples come from an Enterprise org)."""
    body = copy.deepcopy(body)
    team = body.get("team")
    if isinstance(team, dict):
        team.pop("enterprise_id", None)
        team.pop("enterprise_name", None)
        team["id"] = TEAM
    if isinstance(body.get("user"), dict):
        body["user"]["team_id"] = TEAM
    return body


@contextmanager
def running_server(
    db_path: Path,
    standin: SlackStandIn,
    *,
    settings: Settings | None = None,
    **slack: Any,
) -> Iterator[SlackServer]:
    """The real FastAPI app under uvicorn, in a thread, on a free loopback port."""
    from handlers.server import create_app, platforms_from_env
    from handlers.slack.config import SlackSettings

    options = {"signing_secret": SECRET, "bot_token": TOKEN, "api_url": standin.api_url} | slack
    store = Store(db_path)
    with pytest.MonkeyPatch.context() as mp:  # Bolt reads SLACK_* itself: keep it blind
        for key in (
            "SLACK_CLIENT_ID",
            "SLACK_CLIENT_SECRET",
            "SLACK_BOT_TOKEN",
            "SLACK_SIGNING_SECRET",
        ):
            mp.delenv(key, raising=False)
        settings = settings or Settings(db_path=str(db_path), clock=fixed_clock)
        platforms = platforms_from_env(store, settings, SlackSettings(**options))
        app = create_app(store, settings, platforms, poll_interval=None)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.005)
    running = SlackServer(f"http://127.0.0.1:{port}", db_path, standin, app)
    try:
        yield running
    finally:
        running.http.close()
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
        store.close()


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@pytest.fixture(scope="session", autouse=True)
def no_network() -> Iterator[None]:
    """Any attempt to reach a host other than this machine fails loudly (Slack included)."""
    real = socket.getaddrinfo

    def loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in LOOPBACK and host not in (None, ""):
            raise OSError(f"tests must not reach the network (tried {host})")
        return real(host, *args, **kwargs)

    socket.getaddrinfo = loopback_only
    yield
    socket.getaddrinfo = real


@pytest.fixture(scope="session")
def standin() -> Iterator[SlackStandIn]:
    """The Web API stand-in, shared by every Slack test (reset before each)."""
    server = SlackStandIn().start()
    yield server
    server.stop()


@pytest.fixture
def slack(tmp_path: Path, standin: SlackStandIn) -> Iterator[SlackServer]:
    """A fresh server and database for one test."""
    standin.reset()
    with running_server(tmp_path / "emptychair.db", standin) as server:
        yield server
        server.standin.settle(0.05)
    assert standin.rejected == [], "Slack would have refused these blocks"
