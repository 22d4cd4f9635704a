"""The message action "Save as customer feedback": a private form, a private answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.models import Feedback
from tests.teams_support import OTHER_TENANT, TeamsHarness, message_action, validate_card
from tests.test_teams_messages import domain_rows

HTML = "<p>Returns are <b>far too slow</b> &amp; the label never prints.</p><p>Call me: +48 601 234 567</p>"
LINK = "https://teams.microsoft.com/l/message/19:general/1700000000555"


def task(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body["task"]


def form_values(card: dict[str, Any]) -> dict[str, Any]:
    return {e["id"]: e.get("value") for e in card["body"] if e["type"].startswith("Input.")}


def submitted(**values: Any) -> dict[str, Any]:
    return {"action": "feedback.save", "source": "teams", **values}


def test_fetch_task_opens_the_form_prefilled_with_the_message(teams: TeamsHarness) -> None:
    opened = task(teams.post(message_action("fetchTask", html=HTML)))
    assert opened["type"] == "continue"
    value = opened["value"]
    assert (value["title"], value["width"], value["height"]) == (
        "Save as customer feedback",
        "medium",
        "large",
    )
    assert value["card"]["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = value["card"]["content"]
    validate_card(card)
    assert form_values(card) == {
        "text": "Returns are far too slow & the label never prints.\nCall me: +48 601 234 567",
        "customer": None,
        "segment": None,
        "source": "teams",
        "url": LINK,
        "sentiment": None,
    }
    assert teams.service.calls == []  # nothing is posted to the channel


def test_submit_saves_privately_for_the_activity_tenant(teams: TeamsHarness) -> None:
    data = submitted(
        text="Returns are far too slow",
        customer="Acme",
        segment="retail",
        url=LINK,
        sentiment="negative",
    )
    answer = task(teams.post(message_action("submitAction", data)))
    assert answer == {
        "type": "message",
        "value": "Saved as customer feedback F1. It will be cited when someone asks what's better "
        "for the customer.",
    }
    saved = teams.workspace().get_feedback([1])[1]
    assert saved == Feedback(
        id=1,
        text="Returns are far too slow",
        customer="Acme",
        segment="retail",
        source="teams",
        url=LINK,
        sentiment="negative",
        language="en",
        created_at=None,
        external_id=None,
        captured_by="aad-ada",
    )
    assert teams.workspace(OTHER_TENANT).get_feedback([1]) == {}
    again = task(teams.post(message_action("submitAction", data)))
    assert again == {"type": "message", "value": "That snippet is already saved as F1."}
    assert teams.service.calls == []


def test_personal_data_is_masked(teams: TeamsHarness) -> None:
    task(
        teams.post(
            message_action(
                "submitAction", submitted(text="Call me: +48 601 234 567 or ada@example.com")
            )
        )
    )
    assert teams.workspace().get_feedback([1])[1].text == "Call me: [phone] or [email]"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (submitted(text="  "), "Text is empty"),
        (
            submitted(text="Slow", url="ftp://x"),
            "Url 'ftp://x' must start with https:// or http://",
        ),
        (submitted(text="Slow", sentiment="furious"), None),
    ],
)
def test_invalid_input_reopens_the_form_with_the_reason(
    teams: TeamsHarness, db_path: Path, data: dict[str, Any], error: str | None
) -> None:
    before = domain_rows(db_path)
    reopened = task(teams.post(message_action("submitAction", data)))
    assert reopened["type"] == "continue"
    card = reopened["value"]["card"]["content"]
    validate_card(card)
    shown = card["body"][2]
    assert shown["color"] == "attention"
    if error:
        assert shown["text"] == error
    else:
        assert shown["text"].startswith("Unknown sentiment 'furious'")
    assert form_values(card)["text"] == data["text"]
    assert domain_rows(db_path) == before


@pytest.mark.parametrize(
    ("value", "answer"),
    [
        ({"data": submitted(text=["a", "list"])}, "Text must be text"),
        (
            {"data": "just a string"},
            "This form is out of date; open Save as customer feedback again",
        ),
        (
            {"data": {"text": "no action"}},
            "This form is out of date; open Save as customer feedback again",
        ),
        ({"data": submitted(text="x"), "commandId": "other"}, "Unknown message action 'other'"),
    ],
)
def test_malformed_submits_are_answered_and_write_nothing(
    teams: TeamsHarness, db_path: Path, value: dict[str, Any], answer: str
) -> None:
    before = domain_rows(db_path)
    body = message_action("submitAction", value["data"])
    if "commandId" in value:
        body["value"]["commandId"] = value["commandId"]
    assert task(teams.post(body)) == {"type": "message", "value": answer}
    assert domain_rows(db_path) == before
