"""Two real server processes over one SQLite file get the same signed Slack request at once.

`serve --workers N` runs N processes over one database, and Slack may deliver a retry of
an event to another process than the first copy (or a double-clicked modal submit to two
processes): exactly one reply is posted and exactly one decision stored. The two servers
here are two `emptychair serve` processes on two ports, so every pair of requests really
is handled by two processes; a barrier releases each pair at the same moment.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest

from bot.store import Store
from bot.workspace import Workspace
from tests.slack_fixtures import CHANNEL, SECRET, TEAM, TOKEN, USER, _team_only, payload, sign
from tests.slack_standin import SlackStandIn
from tests.test_slack_decisions import form, metadata

ROUNDS = 4
SERVE = [sys.executable, "-m", "handlers.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_servers(tmp_path: Path, standin: SlackStandIn) -> Iterator[tuple[Path, list[str]]]:
    """Two `emptychair serve` processes (one worker each) over one database file."""
    standin.reset()
    db = tmp_path / "shared.db"
    Store(db).close()  # migrated once, before either process opens it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "EMPTYCHAIR_"))}
    env |= {
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_API_URL": standin.api_url,
        "PYTHONWARNINGS": "ignore",
    }
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [*SERVE, "--db", str(db), "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + 60
        for url, process in zip(urls, processes, strict=True):
            while True:
                assert process.poll() is None, process.communicate()[1].decode()[-2000:]
                assert time.monotonic() < deadline, "the servers did not start"
                try:
                    if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        yield db, urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
            assert process.stderr is not None
            process.stderr.close()


def at_once(urls: list[str], body: str, headers: dict[str, str]) -> list[httpx.Response]:
    """The same request to every server, released together by a barrier."""
    barrier = threading.Barrier(len(urls))
    responses: list[httpx.Response | None] = [None] * len(urls)

    def send(index: int) -> None:
        with httpx.Client(timeout=20) as http:
            http.get(urls[index] + "/healthz")  # the connection is open before the barrier
            barrier.wait()
            responses[index] = http.post(
                urls[index] + "/slack/events", content=body.encode(), headers=headers
            )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(urls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(r is not None for r in responses)
    return [r for r in responses if r is not None]


def mention(event_id: str, ts: str) -> tuple[str, dict[str, str]]:
    """A signed app_mention event_callback (Slack's real shape), as bytes and headers."""
    body = payload("app_home_opened.json")
    body.pop("enterprise_id", None)
    event = {
        "type": "app_mention",
        "user": USER,
        "text": "<@UBOT> should we start charging for returns?",
        "ts": ts,
        "channel": CHANNEL,
        "event_ts": ts,
    }
    body.update(team_id=TEAM, event=event, event_id=event_id)
    body["authorizations"] = [
        {
            "enterprise_id": None,
            "team_id": TEAM,
            "user_id": "UBOT",
            "is_bot": True,
            "is_enterprise_install": False,
        }
    ]
    raw = json.dumps(body)
    return raw, {"Content-Type": "application/json", **sign(raw)}


def decision_submit(view_id: str, title: str) -> tuple[str, dict[str, str]]:
    """A signed view_submission of the decision modal (Slack's real shape)."""
    body = _team_only(payload("view_submission.json"))
    body["user"]["id"] = USER
    body["view"].update(callback_id="decision_modal", private_metadata=metadata(), id=view_id)
    values = form(title={"input": {"type": "plain_text_input", "value": title}})
    body["view"]["state"] = {"values": values}
    raw = urlencode({"payload": json.dumps(body)})
    return raw, {"Content-Type": "application/x-www-form-urlencoded", **sign(raw)}


def test_an_event_and_its_retry_in_two_processes_are_answered_once(
    two_servers: tuple[Path, list[str]], standin: SlackStandIn
) -> None:
    db, urls = two_servers
    for i in range(ROUNDS):
        ts = f"1700000000.00010{i}"
        raw, headers = mention(f"Ev0DEDUP{i}", ts)
        retry = headers | {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        first = at_once(urls, raw, headers)
        second = at_once(urls, raw, retry)  # Slack's retry of the same event, to both again
        assert [r.status_code for r in first + second] == [200] * 4
    standin.settle(0.5)
    replies = [c for c in standin.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert sorted(str(c.params["thread_ts"]) for c in replies) == [
        f"1700000000.00010{i}" for i in range(ROUNDS)
    ]
    assert all(c.params["channel"] == CHANNEL for c in replies)
    store = Store(db)
    ws = Workspace(store, f"slack:{TEAM}")
    recorded = [not ws.first_time(f"slack:event:Ev0DEDUP{i}") for i in range(ROUNDS)]
    store.close()
    assert recorded == [True] * ROUNDS  # each event id is on record, as handled


def test_one_decision_submitted_to_two_processes_at_once_is_stored_once(
    two_servers: tuple[Path, list[str]], standin: SlackStandIn
) -> None:
    db, urls = two_servers
    for i in range(ROUNDS):
        raw, headers = decision_submit(f"VDEDUP{i}", f"Keep free returns {i}")
        responses = at_once(urls, raw, headers)
        assert [r.status_code for r in responses] == [200, 200]
        # Both processes answer as if each had logged it: the same decision, D{i + 1}.
        bodies = [r.json() for r in responses]
        assert bodies[0] == bodies[1] and bodies[0]["response_action"] == "update"
        assert f"Keep free returns {i}" in json.dumps(bodies[0]["view"])
    store = Store(db)
    titles = [d.title for d in Workspace(store, f"slack:{TEAM}").list_decisions()]
    store.close()
    assert sorted(titles) == [f"Keep free returns {i}" for i in range(ROUNDS)]
    standin.settle(0.5)
    cards = [c for c in standin.calls_to("chat.postMessage") if not c.params.get("thread_ts")]
    assert len(cards) == ROUNDS  # one card per decision, never one per process
