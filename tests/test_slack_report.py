"""The report from Slack's Home tab: the HTML file and a chart image in the manager's DMs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import Settings
from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import fixed_clock
from tests.slack_fixtures import SlackServer, running_server
from tests.slack_standin import SlackStandIn

TENANT = "slack:T111"
HOME = {"id": "VHOME", "type": "home", "private_metadata": ""}


@pytest.fixture
def managed(tmp_path: Path, standin: SlackStandIn) -> Iterator[SlackServer]:
    standin.reset()
    settings = Settings(
        db_path=str(tmp_path / "m.db"), manager_ids=frozenset({"UBOSS"}), clock=fixed_clock
    )
    with running_server(tmp_path / "m.db", standin, settings=settings) as server:
        yield server
        server.standin.settle(0.05)
    assert standin.rejected == []


def test_report_button_sends_html_and_a_chart(managed: SlackServer, tmp_path: Path) -> None:
    store = Store(managed.db_path)
    ws = Workspace(store, TENANT, Settings(clock=fixed_clock))
    p = ws.principles()[0].id
    rows = [
        {"title": f"D{i}", "decision": "d", "customer_impact": "c",
         "created_at": f"2026-11-{10 + i:02d}", "principle_ids": [p]}
        for i in range(4)
    ]  # fmt: skip
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ws.import_decisions(path)
    store.close()
    managed.standin.users["UBOSS"] = {"locale": "en-US"}
    managed.button("home_report", "", user="UBOSS", view=HOME)
    done = managed.standin.wait_for("files.completeUploadExternal", timeout=30)[0]
    assert done.params["channel_id"] == "DUBOSS"
    assert (
        "4 decisions, 0% with customer evidence, 100% citing a principle"
        in (done.params["initial_comment"])
    )
    files = json.loads(done.params["files"])
    assert [f["title"] for f in files] == ["customer-report-2026-08-24-2026-11-22"] * 2
    uploads = [c.params["bytes"] for c in managed.standin.calls_to("upload")]
    html = next(u for u in uploads if u.startswith(b"<!doctype html>")).decode("utf-8")
    assert html.count("<svg") == 4 and "stage 1: customer-focused" in html
    png = next(u for u in uploads if u.startswith(b"\x89PNG"))
    assert len(png) > 10_000


def test_report_is_for_managers_only(managed: SlackServer) -> None:
    managed.button("home_report", "", user="U111", view=HOME)
    dm = managed.standin.wait_for("chat.postMessage")[0]
    assert dm.params["channel"] == "U111"
    assert "Only managers can get the report" in dm.text_of_blocks
    assert managed.standin.calls_to("files.getUploadURLExternal") == []


def test_managers_see_the_report_button(managed: SlackServer) -> None:
    event = {"type": "app_home_opened", "user": "UBOSS", "channel": "D1", "tab": "home"}
    managed.event(event, event_id="EvHomeBoss")
    home = managed.standin.wait_for("views.publish")[0]
    buttons = [
        e["action_id"]
        for b in home.params["view"]["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    ]
    assert "home_report" in buttons
