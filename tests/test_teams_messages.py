"""Teams messages through the real route: ask, @mention, help, installs and bad input."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.conversations import ConversationRef
from bot.feedback import FeedbackInput
from handlers.teams.commands import help_text
from handlers.teams.messages import WELCOME
from tests.teams_support import (
    CHANNEL,
    OTHER_TENANT,
    PERSONAL,
    SERVICE_URL,
    TeamsHarness,
    activity,
    installed,
    mention,
    message,
    validate_card,
)

HELP = help_text("en")

PERSONAL_URL = f"{SERVICE_URL}v3/conversations/a:1personal-ada/activities"


def domain_rows(db_path: Path) -> dict[str, int]:
    """Row counts of every table that holds what users create (not request bookkeeping)."""
    conn = sqlite3.connect(db_path)
    tables = ("feedback", "principles", "decisions", "sessions", "reminders")
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}
    conn.close()
    return counts


def body_texts(card: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["text"] for e in card["body"] if e["type"] == "TextBlock"]


def test_ask_in_personal_chat_answers_with_a_cited_card(teams: TeamsHarness) -> None:
    teams.workspace().add_feedback(
        FeedbackInput(
            "Free returns are why we stay with you",
            customer="Acme",
            source="zendesk",
            url="https://support.example.com/tickets/1",
            sentiment="positive",
        )
    )
    response = teams.post(message("ask Should we start charging for returns?"))
    assert response.status_code == 200
    [sent] = teams.service.sent
    assert (sent.method, sent.url) == ("POST", PERSONAL_URL)
    assert sent.body["from"] == {
        "id": "28:9c2b5d4e-0000-4000-8000-00000000b07",
        "name": "Empty Chair",
    }
    card = sent.card
    assert card is not None
    validate_card(card)
    texts = body_texts(card)
    assert texts[0].startswith("Customers are against this: 1 customer")  # the verdict leads
    assert texts[1] == "Should we start charging for returns?"
    assert "\u201cFree returns are why we stay with you\u201d" in texts
    assert "\u2014 Acme, [zendesk](https://support.example.com/tickets/1) \u00b7 F1" in texts
    assert texts[-1] == (
        "Thin evidence: Only one customer snippet matches; treat it as a lead, not as proof."
    )
    assert any(t.startswith("P") and " \u00b7 " in t for t in texts)  # the principle


def test_mention_in_a_channel_is_a_question_without_the_mention(teams: TeamsHarness) -> None:
    ws = teams.workspace()
    ws.add_feedback(
        FeedbackInput(
            "Please keep returns free, it is why I buy", customer="A", sentiment="positive"
        )
    )
    ws.add_feedback(
        FeedbackInput(
            "Free returns are abused, charge for returns", customer="B", sentiment="negative"
        )
    )
    ws.add_feedback(
        FeedbackInput("Free returns saved my order", customer="C", sentiment="positive")
    )
    teams.post(mention("Should we start charging for returns?"))
    [sent] = teams.service.sent
    assert (
        sent.url
        == f"{SERVICE_URL}v3/conversations/19:general@thread.tacv2;messageid=1700000000001/activities"
    )
    texts = body_texts(sent.card or {})
    assert texts[1] == "Should we start charging for returns?"
    assert any("**points the other way**" in t for t in texts)
    assert any(t.startswith("\u2014 B \u00b7 F") for t in texts)


def test_help_unknown_verbs_and_empty_questions_are_answered_clearly(teams: TeamsHarness) -> None:
    teams.post(message("help"))
    teams.post(mention("emptychair"))
    teams.post(message("Should we charge for returns?"))
    teams.post(mention("emptychair frobnicate the roadmap"))
    teams.post(message("ask"))
    teams.post(message("ask ???"))
    assert teams.service.texts() == [
        HELP,
        HELP,
        "I don't know the command `Should`. To ask me something, start with `ask`, e.g. "
        "`ask Should we start charging for returns?`. Type `help` for everything I can do.",
        "I don't know the command `frobnicate`. To ask me something, start with `ask`, e.g. "
        "`ask Should we start charging for returns?`. Type `help` for everything I can do.",
        "What's the question? For example: `ask Should we start charging for returns?`",
        "The question has no words to search for",
    ]


def test_a_100_kb_message_is_refused_and_nothing_is_written(
    teams: TeamsHarness, db_path: Path
) -> None:
    before = domain_rows(db_path)
    response = teams.post(message("ask " + "why " * 25_600))
    assert response.status_code == 200
    assert teams.service.texts() == [
        "That message is too long for me (102,404 characters); ask in at most 2,000 characters"
    ]
    assert domain_rows(db_path) == before


def test_a_question_over_the_limit_is_refused(teams: TeamsHarness) -> None:
    teams.post(message("ask " + "returns " * 300))
    assert teams.service.texts() == ["Question is too long (2,399 characters; the limit is 2,000)"]


def test_an_activity_without_a_tenant_is_refused_and_nothing_is_saved(
    teams: TeamsHarness, db_path: Path
) -> None:
    teams.post(message("ask Should we charge for returns?", tenant=None))
    assert teams.service.texts() == [
        "This message does not say which organisation it comes from, so I cannot answer it"
    ]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT COUNT(*) FROM conversation_refs").fetchone()[0] == 0
    conn.close()


def test_each_tenant_sees_only_its_own_feedback(teams: TeamsHarness) -> None:
    teams.workspace().add_feedback(FeedbackInput("Returns are too slow", customer="Acme"))
    teams.post(message("ask Should returns be faster?", tenant=OTHER_TENANT))
    texts = body_texts(teams.service.sent[0].card or {})
    assert not any("[F" in t for t in texts)
    assert texts[-1].startswith("Thin evidence: No stored customer feedback matches this question")


def test_a_redelivered_message_is_answered_once(teams: TeamsHarness) -> None:
    once = message("help")
    teams.post(once)
    teams.post(once)
    assert teams.service.texts() == [HELP]


def test_every_activity_keeps_the_conversation_reference(teams: TeamsHarness) -> None:
    teams.post(message("help"))
    ref = teams.workspace().conversation("teams", PERSONAL["id"])
    assert ref == ConversationRef(
        platform="teams",
        conversation_id="a:1personal-ada",
        service_url=SERVICE_URL,
        data={
            "bot": {"id": "28:9c2b5d4e-0000-4000-8000-00000000b07", "name": "Empty Chair"},
            "conversation_type": "personal",
            "tenant_id": "6f1e0c52-1a4b-4b5e-9d7e-000000000001",
            "locale": "en-US",
        },
    )
    teams.post(mention("help"))
    channel_ref = teams.workspace().conversation("teams", "19:general@thread.tacv2")
    assert channel_ref is not None and channel_ref.data["conversation_type"] == "channel"


def test_install_greets_once_and_remembers_the_conversation(teams: TeamsHarness) -> None:
    teams.post(installed())
    teams.post(activity("installationUpdate", conversation=CHANNEL, action="add"))
    assert teams.service.texts() == [WELCOME]
    assert teams.workspace().conversation("teams", "19:general@thread.tacv2") is not None


def test_bodies_that_are_not_activities_are_refused(teams: TeamsHarness) -> None:
    assert teams.post(None, raw=b"{not json").status_code == 400
    assert teams.post(None, raw=b"[1, 2]").status_code == 400
    too_big = b'{"type": "message", "text": "' + b"x" * (1024 * 1024) + b'"}'
    assert teams.post(None, raw=too_big).status_code == 413
    assert teams.service.calls == []
