"""The empty chair in Teams: meeting events, start/end by hand, card buttons, reminders."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bot import reminders
from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.reminders import DueReminder
from handlers.platform import Delivery
from handlers.teams import create_bot
from handlers.teams.bot import Wiring
from handlers.teams.cards import esc_message
from tests.helpers import FIXED_NOW
from tests.teams_support import (
    MEETING_CHAT,
    OTHER_TENANT,
    PERSONAL,
    SERVICE_URL,
    TeamsHarness,
    card_action,
    meeting_event,
    mention,
    message,
    validate_card,
)

CHAT_URL = f"{SERVICE_URL}v3/conversations/19:meeting_NjQ4ZmQ2@thread.v2/activities"
CHAT = MEETING_CHAT["id"]


@pytest.fixture
def voices(teams: TeamsHarness) -> TeamsHarness:
    ws = teams.workspace()
    for i, text in enumerate(
        [
            "Returns take too long and the refund is slow",
            "The returns label never printed",
            "Pricing page is confusing about returns",
        ]
    ):
        ws.add_feedback(FeedbackInput(text, customer=f"Customer {i}", source="zendesk"))
    return teams


def texts(card: dict[str, Any] | None) -> list[str]:
    return [e["text"] for e in (card or {})["body"] if e["type"] == "TextBlock"]


def invoke_body(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def start_meeting(teams: TeamsHarness) -> int:
    teams.post(meeting_event("meetingStart", "Returns policy review"))
    session = teams.workspace().open_session("teams", CHAT)
    assert session is not None
    return session.id


def test_meeting_start_posts_the_chair_card(voices: TeamsHarness) -> None:
    voices.post(meeting_event("meetingStart", "Returns policy review"))
    [sent] = voices.service.sent
    assert (sent.method, sent.url) == ("POST", CHAT_URL)
    card = sent.card
    assert card is not None
    validate_card(card)
    assert texts(card)[1:3] == ["What's better for the customer?", "Topic: Returns policy review"]
    assert any(t.startswith("\u2014 Customer ") for t in texts(card))
    assert [a["title"] for a in card["actions"]] == [
        "Ask the chair",
        "Another customer voice",
        "Log a decision",
    ]
    session = voices.workspace().open_session("teams", CHAT)
    assert session is not None
    assert (session.topic, session.host, session.card_ref) == (
        "Returns policy review",
        None,
        "sent-1",
    )


def test_meeting_start_twice_posts_one_card(voices: TeamsHarness) -> None:
    event = meeting_event("meetingStart")
    voices.post(event)
    voices.post(event)  # redelivered
    voices.post(meeting_event("meetingStart"))  # another start while the chair is here
    assert len(voices.service.sent) == 1


def test_another_voice_refreshes_the_card_in_place_for_everyone(voices: TeamsHarness) -> None:
    session_id = start_meeting(voices)
    first_quote = texts(voices.service.cards()[0])[7]
    body = invoke_body(
        voices.post(card_action("chair.voice", {"session": session_id}, reply_to="sent-1"))
    )
    assert (body["statusCode"], body["type"]) == (200, "application/vnd.microsoft.card.adaptive")
    card = body["value"]
    validate_card(card)
    assert texts(card)[7] != first_quote
    update = voices.service.sent[-1]
    assert (update.method, update.url) == ("PUT", f"{CHAT_URL}/sent-1")
    assert update.card == card


def test_ask_the_chair_posts_an_answer(voices: TeamsHarness) -> None:
    session_id = start_meeting(voices)
    data = {"session": session_id, "question": "Should returns be free?"}
    body = invoke_body(voices.post(card_action("chair.ask", data)))
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    answer = voices.service.sent[-1]
    assert answer.method == "POST"
    assert texts(answer.card)[1] == "Should returns be free?"
    assert texts(answer.card)[0].startswith("Customers")  # the verdict leads


def test_ask_the_chair_without_a_question_or_topic(teams: TeamsHarness) -> None:
    teams.post(mention("emptychair start", conversation=MEETING_CHAT))
    session = teams.workspace().open_session("teams", CHAT)
    assert session is not None
    body = invoke_body(
        teams.post(card_action("chair.ask", {"session": session.id, "question": ""}))
    )
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "Type a question in the box, then press Ask the chair.",
    }


def test_meeting_end_posts_the_summary_and_retires_the_card(voices: TeamsHarness) -> None:
    session_id = start_meeting(voices)
    voices.post(meeting_event("meetingEnd", "Returns policy review"))
    summary, retired = voices.service.sent[1:]
    assert (summary.method, retired.method, retired.url) == ("POST", "PUT", f"{CHAT_URL}/sent-1")
    validate_card(summary.card or {})
    assert texts(summary.card) == [
        "The meeting has ended: Returns policy review",
        "No decision was logged during this meeting. If you decided something, log it now so "
        "the team can find out why later.",
        "Did the customer have a voice in this meeting?",
    ]
    assert texts(retired.card)[-1] == "This meeting has ended; the chair waits for the next one."
    assert voices.workspace().open_session("teams", CHAT) is None
    body = invoke_body(
        voices.post(card_action("session.voice", {"session": session_id, "voice": "partly"}))
    )
    assert texts(body["value"])[-1] == "Did the customer have a voice? **Partly** (recorded)"
    row = voices.store.query("SELECT customer_had_voice FROM sessions WHERE id = ?", [session_id])
    assert row == [{"customer_had_voice": "partly"}]


def test_meeting_end_without_the_chair_says_nothing(teams: TeamsHarness) -> None:
    teams.post(meeting_event("meetingEnd"))
    assert teams.service.sent == []


def test_start_and_end_by_hand(voices: TeamsHarness) -> None:
    voices.post(mention("emptychair start pricing of returns", conversation=MEETING_CHAT))
    voices.post(mention("emptychair start", conversation=MEETING_CHAT))
    voices.post(mention("emptychair end", conversation=MEETING_CHAT))
    voices.post(mention("emptychair end", conversation=MEETING_CHAT))
    first, again, summary, _retire = voices.service.sent[:4]
    assert texts(first.card)[2] == "Topic: pricing of returns"
    assert "The empty chair is already in this chat; here is its card again." in texts(again.card)
    assert texts(summary.card)[0] == "The meeting has ended: pricing of returns"
    assert voices.service.texts() == ["The empty chair is not running in this channel"]
    session = voices.store.query("SELECT host, card_ref FROM sessions")
    assert session == [{"host": "aad-ada", "card_ref": "sent-2"}]


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        ({}, "This card does not say which meeting it belongs to"),
        ({"session": "abc"}, "Session must be a number"),
        ({"session": [1]}, "Session must be a number"),
        ({"session": 999}, "No empty-chair session 999"),
    ],
)
def test_chair_buttons_with_bad_data(
    voices: TeamsHarness, data: dict[str, Any], answer: str
) -> None:
    start_meeting(voices)
    body = invoke_body(voices.post(card_action("chair.voice", data)))
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": answer,
    }


def test_buttons_never_reach_another_tenant_or_chat(voices: TeamsHarness) -> None:
    session_id = start_meeting(voices)
    before = voices.store.query("SELECT * FROM sessions")
    other_tenant = voices.post(
        card_action("chair.voice", {"session": session_id}, tenant=OTHER_TENANT)
    )
    other_chat = voices.post(
        card_action("session.voice", {"session": session_id, "voice": "no"}, conversation=PERSONAL)
    )
    assert invoke_body(other_tenant)["value"] == f"No empty-chair session {session_id}"
    assert invoke_body(other_chat)["value"] == f"No empty-chair session {session_id} in this chat"
    assert voices.store.query("SELECT * FROM sessions") == before
    assert len(voices.service.sent) == 1  # only the chair card of the meeting start


def test_unknown_verbs_and_bad_voices(voices: TeamsHarness) -> None:
    session_id = start_meeting(voices)
    unknown = invoke_body(voices.post(card_action("chair.dance", {"session": session_id})))
    bad = invoke_body(
        voices.post(card_action("session.voice", {"session": session_id, "voice": "maybe"}))
    )
    assert (
        unknown["value"]
        == "This button is not supported any more. Type `help` to see what I can do."
    )
    assert bad["value"] == "Answer yes, partly or no"


def test_remind_sets_lists_and_deletes_weekly_reminders(teams: TeamsHarness) -> None:
    for text in (
        "remind monday 09:30",
        "remind friday 4pm America/New_York pricing review",
        "remind list",
        "remind delete 1",
        "remind funday 09:30",
        "remind monday 09:30 Mars/Olympus",
        "remind",
    ):
        teams.post(mention(text, conversation=MEETING_CHAT))
    assert teams.service.texts() == [
        "Reminder 1 set. Every Monday at 09:30 (Europe/Warsaw) I'll put the empty chair into "
        "this chat. `remind list` shows all reminders here.",
        "Reminder 2 set. Every Friday at 16:00 (America/New_York) I'll put the empty chair into "
        "this chat. Topic: pricing review. `remind list` shows all reminders here.",
        "- **1**: Every Monday at 09:30 (Europe/Warsaw)\n- **2**: Every Friday at 16:00 (America/New_York)",
        "Stopped reminder 1 (Every Monday at 09:30 (Europe/Warsaw)).",
        "'funday' is not a weekday (use monday ... sunday)",
        # Errors repeat what was typed: markup characters are sent as character references.
        esc_message(
            "Unknown time zone 'Mars/Olympus' (use a name like Europe/Warsaw or America/New_York)"
        ),
        "Use `remind <weekday> <HH:MM> [time zone] [topic]`, e.g. "
        "`remind monday 09:30 Europe/Warsaw pricing`; "
        "`remind list` shows this chat's reminders and `remind delete ID` stops one.",
    ]
    [reminder] = teams.workspace().reminders("teams", CHAT)
    assert (reminder.id, reminder.created_by, reminder.topic) == (2, "aad-ada", "pricing review")


def _claim(teams: TeamsHarness, days: int = 8) -> DueReminder:
    [due] = reminders.claim_due(teams.store, "worker-1", now=FIXED_NOW + timedelta(days=days))
    return due


def test_a_due_reminder_starts_the_chair_proactively(voices: TeamsHarness) -> None:
    voices.post(mention("remind monday 09:30", conversation=MEETING_CHAT))
    due = _claim(voices, days=7)
    due = DueReminder(due.tenant, due.reminder, stale=False)
    assert voices.bot.send_reminder(due) is Delivery.SENT
    posted = voices.service.sent[-1]
    assert (posted.method, posted.url) == ("POST", CHAT_URL)
    assert posted.body["from"] == {
        "id": "28:9c2b5d4e-0000-4000-8000-00000000b07",
        "name": "Empty Chair",
    }
    validate_card(posted.card or {})
    session = voices.workspace().open_session("teams", CHAT)
    assert session is not None and (session.host, session.card_ref) == ("aad-ada", "sent-2")


def test_the_scheduler_thread_calls_a_teams_bot_of_its_own(voices: TeamsHarness) -> None:
    bot = create_bot(voices.store, Settings(), wiring=Wiring(middlewares=[voices.service]))
    bot.attach(FastAPI())
    voices.post(mention("remind monday 09:30", conversation=MEETING_CHAT))
    due = DueReminder(_claim(voices, days=7).tenant, _claim_reminder(voices), stale=False)
    results: list[Delivery] = []
    scheduler = threading.Thread(target=lambda: results.append(bot.send_reminder(due)))
    scheduler.start()
    scheduler.join(timeout=30)
    assert results == [Delivery.SENT]
    assert voices.service.sent[-1].card is not None


def test_reminders_that_are_not_ours_late_or_unreachable_are_not_sent(teams: TeamsHarness) -> None:
    teams.post(mention("remind monday 09:30", conversation=MEETING_CHAT))
    due = _claim(teams)
    send = teams.bot.send_reminder
    assert send(DueReminder(due.tenant, due.reminder, stale=True)) is Delivery.NOTHING
    slack = DueReminder(
        due.tenant, due.reminder.__class__(**{**due.reminder.__dict__, "platform": "slack"}), False
    )
    assert send(slack) is Delivery.NOTHING
    elsewhere = DueReminder("teams:unknown", due.reminder, False)
    assert send(elsewhere) is Delivery.GIVE_UP
    assert len(teams.service.sent) == 1  # only the "Reminder 1 set" reply


def test_a_reminder_that_cannot_be_posted_raises_for_the_poller(teams: TeamsHarness) -> None:
    teams.post(mention("remind monday 09:30", conversation=MEETING_CHAT))
    due = DueReminder(_claim(teams).tenant, _claim_reminder(teams), stale=False)
    teams.service.failures.extend([503, 503, 503, 503])
    with pytest.raises(httpx.HTTPStatusError):
        teams.bot.send_reminder(due)
    assert [c.method for c in teams.service.calls[-4:]] == ["POST"] * 4


def _claim_reminder(teams: TeamsHarness) -> Any:
    [reminder] = teams.workspace().reminders("teams", CHAT)
    return reminder


def test_personal_chat_commands_work_too(teams: TeamsHarness) -> None:
    teams.post(message("start"))
    teams.post(message("end"))
    assert [c.method for c in teams.service.sent] == ["POST", "POST", "PUT"]
