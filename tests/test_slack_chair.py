"""The empty chair in Slack: start, pin, another voice, end, voice, reminders, end to end."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta

from bot.feedback import FeedbackInput
from bot.store import Store
from bot.workspace import Workspace
from tests.slack_fixtures import CHANNEL, USER, SlackServer

TENANT = "slack:T111"


def workspace(server: SlackServer) -> tuple[Store, Workspace]:
    store = Store(server.db_path)
    return store, Workspace(store, TENANT)


def seed_quotes(server: SlackServer) -> None:
    store, ws = workspace(server)
    for i, text in enumerate(
        ["Returns take too long and the refund is slow", "The returns label never printed"]
    ):
        ws.add_feedback(FeedbackInput(text, customer=f"Customer {i}", source="zendesk"))
    store.close()


def action_ids(blocks: list[dict[str, object]]) -> list[str]:
    return [
        str(e["action_id"])  # type: ignore[index]
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]  # type: ignore[attr-defined]
    ]


def test_start_posts_and_pins_the_card_and_records_the_session(slack: SlackServer) -> None:
    seed_quotes(slack)
    assert slack.command("/emptychair", "start returns policy").text == ""
    post = slack.standin.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == CHANNEL
    assert "What's better for the customer?" in post.text_of_blocks
    assert "Topic: returns policy" in post.text_of_blocks
    assert "Customer" in post.text_of_blocks and "returns" in post.text_of_blocks.lower()
    assert action_ids(post.blocks) == ["chair_ask", "chair_another_voice", "chair_log_decision"]
    pin = slack.standin.wait_for("pins.add")[0]
    assert pin.params["channel"] == CHANNEL
    store, ws = workspace(slack)
    session = ws.open_session("slack", CHANNEL)
    assert session is not None
    assert session.host == USER and session.topic == "returns policy"
    assert session.card_ref == pin.params["timestamp"]
    store.close()


def test_starting_twice_keeps_one_card(slack: SlackServer) -> None:
    slack.command("/emptychair", "start")
    slack.standin.wait_for("pins.add")
    again = slack.command("/emptychair", "start")
    assert again.json()["text"].startswith("The empty chair is already in this meeting")
    slack.standin.settle(0.2)
    assert len(slack.standin.calls_to("chat.postMessage")) == 1


def test_start_where_the_bot_is_not_invited_says_how_and_can_be_retried(
    slack: SlackServer,
) -> None:
    slack.standin.fail("chat.postMessage", "not_in_channel")
    slack.command("/emptychair", "start")
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params["text"] == (
        "I'm not in this channel yet. Add me with `/invite @Empty Chair`, then try again."
    )
    store, ws = workspace(slack)
    assert ws.open_session("slack", CHANNEL) is None
    store.close()
    slack.command("/emptychair", "start")
    slack.standin.wait_for("pins.add")


def test_an_already_pinned_card_is_fine_and_an_archived_channel_is_explained(
    slack: SlackServer,
) -> None:
    slack.standin.fail("pins.add", "already_pinned")
    slack.command("/emptychair", "start", channel="C222")
    slack.standin.wait_for("pins.add")
    slack.standin.fail("chat.postMessage", "is_archived")
    slack.command("/emptychair", "start", channel="C333")
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params["text"].startswith("This channel is archived")
    assert len(slack.standin.calls_to("respond")) == 1


def test_a_card_that_cannot_be_pinned_stays_posted(slack: SlackServer) -> None:
    slack.standin.fail("pins.add", "not_pinnable")
    slack.command("/emptychair", "start")
    respond = slack.standin.wait_for("respond")[0]
    assert "posted but not pinned" in respond.params["text"]


def test_rate_limits_and_server_errors_are_retried(slack: SlackServer) -> None:
    slack.standin.rate_limit("chat.postMessage", retry_after=1)
    slack.standin.server_error("pins.add", status=503)
    started = time.monotonic()
    slack.command("/emptychair", "start")
    posts = slack.standin.wait_for("chat.postMessage", 2)
    pins = slack.standin.wait_for("pins.add", 2)
    assert posts[1].at - posts[0].at >= 0.9  # waited for Retry-After
    assert pins[1].params == pins[0].params
    assert time.monotonic() - started < 5
    slack.standin.settle(0.2)
    assert slack.standin.calls_to("respond") == []


def test_another_voice_updates_the_card_in_place(slack: SlackServer) -> None:
    seed_quotes(slack)
    slack.command("/emptychair", "start returns")
    first = slack.standin.wait_for("chat.postMessage")[0]
    ts = slack.standin.wait_for("pins.add")[0].params["timestamp"]
    store, ws = workspace(slack)
    session = ws.open_session("slack", CHANNEL)
    assert session is not None
    store.close()
    slack.button("chair_another_voice", str(session.id), message_ts=ts)
    update = slack.standin.wait_for("chat.update")[0]
    assert update.params["ts"] == ts and update.params["channel"] == CHANNEL
    assert update.text_of_blocks != first.text_of_blocks
    assert "Customer" in update.text_of_blocks


def test_ask_the_chair_and_log_a_decision_open_modals(slack: SlackServer) -> None:
    slack.command("/emptychair", "start")
    slack.standin.wait_for("pins.add")
    slack.button("chair_ask", "1")
    view = slack.standin.wait_for("views.open")[0].params["view"]
    assert view["callback_id"] == "ask_modal"
    assert json.loads(view["private_metadata"]) == {"c": CHANNEL}


def test_end_unpins_sums_up_and_records_the_voice(slack: SlackServer) -> None:
    slack.command("/emptychair", "start")
    ts = slack.standin.wait_for("pins.add")[0].params["timestamp"]
    assert slack.command("/emptychair", "end").text == ""
    unpin = slack.standin.wait_for("pins.remove")[0]
    assert (unpin.params["channel"], unpin.params["timestamp"]) == (CHANNEL, ts)
    retired = slack.standin.wait_for("chat.update")[0]
    assert retired.params["ts"] == ts and action_ids(retired.blocks) == []
    summary = slack.standin.wait_for("chat.postMessage", 2)[1]
    assert "Did the customer have a voice in this meeting?" in summary.text_of_blocks
    assert action_ids(summary.blocks) == ["voice_yes", "voice_partly", "voice_no"]
    session_id = summary.blocks[-1]["elements"][0]["value"]

    slack.button("voice_partly", session_id, message_ts="1700000000.999")
    answered = slack.standin.wait_for("chat.update", 2)[1]
    assert answered.params["ts"] == "1700000000.999"
    assert f"<@{USER}> answered: the customer partly had a voice." in answered.text_of_blocks
    assert action_ids(answered.blocks) == []
    conn = Store(slack.db_path)
    row = conn.query("SELECT customer_had_voice, ended_at FROM sessions")[0]
    conn.close()
    assert row["customer_had_voice"] == "partly" and row["ended_at"]


def test_end_without_a_chair_is_explained(slack: SlackServer) -> None:
    assert slack.command("/emptychair", "end").json() == {
        "text": "The empty chair is not running in this channel.",
        "response_type": "ephemeral",
    }


def test_remind_uses_the_users_time_zone_by_default(slack: SlackServer) -> None:
    slack.standin.users[USER] = {"tz": "Europe/Warsaw"}
    slack.command("/emptychair", "remind monday 09:30")
    respond = slack.standin.wait_for("respond")[0]
    assert "Every Monday at 09:30 (Europe/Warsaw)" in respond.params["text"]
    assert slack.standin.wait_for("users.info")[0].params["user"] == USER


def test_remind_with_a_time_zone_and_unknown_users_fall_back(slack: SlackServer) -> None:
    slack.command("/emptychair", "remind fri 16:00 America/New_York")
    assert "(America/New_York)" in slack.standin.wait_for("respond")[0].params["text"]
    slack.command("/emptychair", "remind tue 8:15", user="U999")  # users.info: user_not_found
    assert "(UTC)" in slack.standin.wait_for("respond", 2)[1].params["text"]


def test_bad_reminders_are_explained(slack: SlackServer) -> None:
    assert "Usage:" in slack.command("/emptychair", "remind monday").json()["text"]
    slack.command("/emptychair", "remind someday 09:30 UTC")
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params["text"] == "'someday' is not a weekday (use monday ... sunday)."


def test_reminders_list_and_delete(slack: SlackServer) -> None:
    store, ws = workspace(slack)
    first = ws.add_reminder("slack", CHANNEL, "monday", "09:30", "UTC")
    ws.add_reminder("slack", CHANNEL, "friday", "16:00", "UTC", topic="retro")
    store.close()
    listing = slack.command("/emptychair", "reminders").json()
    assert listing["response_type"] == "ephemeral"
    text = json.dumps(listing["blocks"])
    assert "Every Monday at 09:30 (UTC)" in text and "topic: retro" in text
    slack.button("reminder_delete", str(first.id), ephemeral=True)
    respond = slack.standin.wait_for("respond")[0]
    assert respond.params["replace_original"] is True
    assert "Monday" not in json.dumps(respond.params["blocks"])
    assert "Friday" in json.dumps(respond.params["blocks"])


def test_help_and_unknown_subcommands(slack: SlackServer) -> None:
    assert "/emptychair start" in json.dumps(slack.command("/emptychair", "help").json())
    assert slack.command("/emptychair", "dance").json()["text"] == (
        "I don't know `/emptychair dance`. Try `/emptychair help`."
    )


def test_a_due_reminder_starts_the_chair_and_moves_to_next_week(slack: SlackServer) -> None:
    store, ws = workspace(slack)
    reminder = ws.add_reminder("slack", "C777", "monday", "09:30", "UTC", topic="pricing")
    scheduler = slack.app.state.scheduler
    at = datetime.fromisoformat(reminder.next_run_at) + timedelta(minutes=1)
    assert scheduler.run("reminders", now=at) == 1
    post = slack.standin.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C777" and "Topic: pricing" in post.text_of_blocks
    assert slack.standin.wait_for("pins.add")[0].params["channel"] == "C777"
    moved = ws.reminders("slack", "C777")[0]
    assert moved.next_run_at > reminder.next_run_at
    assert scheduler.run("reminders", now=at) == 0  # nothing is due twice
    store.close()


def test_a_reminder_for_a_lost_channel_is_skipped_this_week(slack: SlackServer) -> None:
    store, ws = workspace(slack)
    reminder = ws.add_reminder("slack", "C888", "monday", "09:30", "UTC")
    slack.standin.fail("chat.postMessage", "channel_not_found")
    at = datetime.fromisoformat(reminder.next_run_at) + timedelta(minutes=1)
    assert slack.app.state.scheduler.run("reminders", now=at) == 0
    assert ws.reminders("slack", "C888")[0].next_run_at > reminder.next_run_at
    assert ws.open_session("slack", "C888") is None
    store.close()


def test_a_reminder_that_fails_for_now_is_retried(slack: SlackServer) -> None:
    store, ws = workspace(slack)
    reminder = ws.add_reminder("slack", "C999", "monday", "09:30", "UTC")
    slack.standin.fail("chat.postMessage", "fatal_error")  # not permanent: try again
    at = datetime.fromisoformat(reminder.next_run_at) + timedelta(minutes=1)
    scheduler = slack.app.state.scheduler
    assert scheduler.run("reminders", now=at) == 0
    assert ws.reminders("slack", "C999")[0].next_run_at == reminder.next_run_at
    assert scheduler.run("reminders", now=at) == 1
    store.close()


def test_a_reminder_more_than_an_hour_late_is_skipped(slack: SlackServer) -> None:
    store, ws = workspace(slack)
    reminder = ws.add_reminder("slack", "C555", "monday", "09:30", "UTC")
    at = datetime.fromisoformat(reminder.next_run_at) + timedelta(hours=2)
    assert slack.app.state.scheduler.run("reminders", now=at) == 0
    slack.standin.settle(0.1)
    assert slack.standin.calls_to("chat.postMessage") == []
    assert ws.reminders("slack", "C555")[0].next_run_at > reminder.next_run_at
    store.close()
