"""The weekly digest in Slack, end to end: `/emptychair digest here|off` and the Monday post."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.store import Store
from bot.workspace import Workspace
from tests.helpers import fixed_clock
from tests.slack_fixtures import CHANNEL, USER, SlackServer

TENANT = "slack:T111"


def channel_of(slack: SlackServer) -> tuple[Store, Workspace]:
    store = Store(slack.db_path)
    return store, Workspace(store, TENANT)


def test_digest_here_uses_the_users_zone_and_sends_on_monday_morning(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "America/Los_Angeles", "is_admin": True}
    slack.command("/emptychair", "digest here")
    told = slack.standin.wait_for("respond")[0].params["text"]
    assert told == (
        "Every Monday at 09:00 (America/Los_Angeles) I will post the weekly customer digest "
        "here, starting 2026-11-23. `/emptychair digest off` stops it."
    )
    store, ws = channel_of(slack)
    chosen = ws.digest_channel("slack")
    assert chosen is not None and chosen.channel_id == CHANNEL
    assert chosen.next_run_at == "2026-11-23T17:00:00+00:00"  # 09:00 in Los Angeles
    scheduler = slack.app.state.scheduler
    monday = datetime.fromisoformat(chosen.next_run_at)
    assert scheduler.run("digests", now=monday - timedelta(minutes=1)) == 0  # not yet
    assert scheduler.run("digests", now=monday + timedelta(seconds=30)) == 1
    post = slack.standin.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == CHANNEL
    assert post.blocks[0]["type"] == "header"
    assert "Weekly customer digest: 2026-11-17 to 2026-11-23" in post.text_of_blocks
    assert "Did the customer have a voice?" in post.text_of_blocks
    assert scheduler.run("digests", now=monday + timedelta(minutes=2)) == 0  # sent once
    moved = ws.digest_channel("slack")
    assert moved is not None and moved.next_run_at == "2026-11-30T17:00:00+00:00"
    store.close()


def test_an_explicit_zone_and_digest_off(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "Europe/Warsaw", "is_admin": True}
    slack.command("/emptychair", "digest here Asia/Tokyo")
    assert "(Asia/Tokyo)" in slack.standin.wait_for("respond")[0].params["text"]
    slack.command("/emptychair", "digest")
    assert (
        "goes to <#C111> every Monday at 09:00 (Asia/Tokyo)"
        in (slack.standin.wait_for("respond", 2)[1].params["text"])
    )
    slack.command("/emptychair", "digest off")
    assert slack.standin.wait_for("respond", 3)[2].params["text"] == "The weekly digest is stopped."
    store, ws = channel_of(slack)
    assert ws.digest_channel("slack") is None
    store.close()


def test_only_managers_choose_the_channel(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "Europe/Warsaw", "is_admin": False}
    slack.command("/emptychair", "digest here")
    told = slack.standin.wait_for("respond")[0].params["text"]
    assert told == "Only managers can choose where the weekly digest goes."
    store, ws = channel_of(slack)
    assert ws.digest_channel("slack") is None
    store.close()


def test_bad_zone_and_a_lost_channel(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "Europe/Warsaw", "is_admin": True}
    slack.command("/emptychair", "digest here Mars/Base")
    told = slack.standin.wait_for("respond")[0].params["text"]
    assert told.startswith("Unknown time zone 'Mars/Base'")
    store, ws = channel_of(slack)
    ws.set_digest_channel("slack", "C999", timezone="UTC")
    slack.standin.fail("chat.postMessage", "channel_not_found")
    at = datetime(2026, 11, 23, 9, 1, tzinfo=fixed_clock().tzinfo)
    assert slack.app.state.scheduler.run("digests", now=at) == 0
    chosen = ws.digest_channel("slack")
    assert chosen is not None and chosen.next_run_at == "2026-11-30T09:00:00+00:00"  # given up
    store.close()
