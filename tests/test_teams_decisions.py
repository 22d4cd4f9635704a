"""Logging decisions from Teams: the form card, one decision per form, the log, summaries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.feedback import FeedbackInput
from bot.models import Place
from handlers.teams.cards import esc
from tests.teams_support import (
    CHANNEL,
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
from tests.test_teams_messages import domain_rows

CHAT = MEETING_CHAT["id"]
CHAT_URL = f"{SERVICE_URL}v3/conversations/{CHAT}/activities"


def texts(card: dict[str, Any] | None) -> list[str]:
    return [e["text"] for e in (card or {})["body"] if e["type"] == "TextBlock"]


def inputs(card: dict[str, Any]) -> dict[str, Any]:
    return {e["id"]: e.get("value") for e in card["body"] if e["type"].startswith("Input.")}


def invoke(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def filled(form: str, **values: Any) -> dict[str, Any]:
    """The form's data as Teams sends it on submit: inputs merged into the hidden data."""
    data = {
        "form": form,
        "title": "Keep free returns",
        "context": "Return costs rose 12% this year",
        "options": "Keep free returns\nCharge 5 EUR per return",
        "decision": "Returns stay free for everyone",
        "customer_impact": "Consumers keep free returns; we absorb the cost",
        "door": "two-way",
        "owner": "Ada Lovelace",
        "review_on": "2030-01-15",
        "principle_ids": "",
        "feedback_ids": "F1",
    }
    data.update(values)
    return data


@pytest.fixture
def meeting(teams: TeamsHarness) -> TeamsHarness:
    teams.workspace().add_feedback(
        FeedbackInput("Free returns are why we stay with you", customer="Acme", source="zendesk")
    )
    teams.post(meeting_event("meetingStart", "Returns policy"))
    return teams


def open_form(teams: TeamsHarness) -> dict[str, Any]:
    """Click 'Log a decision' on the chair card; returns the posted form card."""
    [chair] = teams.service.cards()
    action = next(a for a in chair["actions"] if a["title"] == "Log a decision")
    body = invoke(teams.post(card_action(action["verb"], action["data"], reply_to="sent-1")))
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": "The decision form is in the chat: fill it in and press Log decision.",
    }
    form = teams.service.sent[-1]
    assert (form.method, form.url) == ("POST", CHAT_URL)
    assert form.card is not None
    validate_card(form.card)
    return form.card


def test_log_a_decision_from_the_chair_card(meeting: TeamsHarness) -> None:
    form = open_form(meeting)
    values = inputs(form)
    assert (values["feedback_ids"], values["owner"], values["context"]) == (
        "F1",
        "Ada Lovelace",
        "Question: Returns policy",
    )
    assert values["principle_ids"].startswith("P")
    hidden = form["actions"][0]["data"]
    session = meeting.workspace().open_session("teams", CHAT)
    assert session is not None and hidden["session"] == session.id
    data = filled(hidden["form"], session=hidden["session"], principle_ids=values["principle_ids"])
    body = invoke(meeting.post(card_action("decision.submit", data, reply_to="sent-2")))
    assert body["type"] == "application/vnd.microsoft.card.adaptive"
    card = body["value"]
    validate_card(card)
    assert texts(card)[:5] == [
        "Decision D1 \u00b7 decided",
        "Keep free returns",
        "Returns stay free for everyone",
        "Customer impact",
        "Consumers keep free returns; we absorb the cost",
    ]
    assert "**[F1]** \u201cFree returns are why we stay with you\u201d" in texts(card)
    update = meeting.service.sent[-1]
    assert (update.method, update.url, update.card) == ("PUT", f"{CHAT_URL}/sent-2", card)
    decision = meeting.workspace().get_decision(1)
    assert (decision.place, decision.created_by, decision.session_id, decision.feedback_ids) == (
        Place(
            platform="teams",
            channel_id=CHAT,
            permalink="https://teams.microsoft.com/l/message/19%3Ameeting_NjQ4ZmQ2%40thread.v2/"
            "sent-2?tenantId=6f1e0c52-1a4b-4b5e-9d7e-000000000001",
        ),
        "aad-ada",
        session.id,
        (1,),
    )


def test_a_double_click_logs_one_decision(meeting: TeamsHarness) -> None:
    form = open_form(meeting)["actions"][0]["data"]["form"]
    first = invoke(meeting.post(card_action("decision.submit", filled(form), reply_to="sent-2")))
    second = invoke(meeting.post(card_action("decision.submit", filled(form), reply_to="sent-2")))
    assert first == second
    assert [d.id for d in meeting.workspace().list_decisions()] == [1]


def test_a_second_form_logs_a_second_decision(meeting: TeamsHarness) -> None:
    invoke(meeting.post(card_action("decision.submit", filled("form-a"), reply_to="m-1")))
    invoke(meeting.post(card_action("decision.submit", filled("form-b"), reply_to="m-2")))
    assert [d.id for d in meeting.workspace().list_decisions()] == [2, 1]


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"customer_impact": " "}, "The decision needs customer impact."),
        ({"feedback_ids": "F999"}, "No feedback snippet with id 999."),
        ({"feedback_ids": "P3"}, "'P3' is not an id (write them like F3, F7)."),
        ({"review_on": "next tuesday"}, "Review_on 'next tuesday' is not a date (use YYYY-MM-DD)."),
        ({"door": "revolving"}, "Choose a one-way or a two-way door."),
        ({"title": "x" * 300}, "Title is longer than 200 characters."),
    ],
)
def test_invalid_input_is_shown_on_the_form(
    meeting: TeamsHarness, db_path: Path, values: dict[str, Any], error: str
) -> None:
    before = domain_rows(db_path)
    body = invoke(meeting.post(card_action("decision.submit", filled("form-a", **values))))
    card = body["value"]
    validate_card(card)
    # Under its field, markdown-escaped like all text that may repeat what was typed.
    assert texts(card)[0] == "Log a decision" and esc(error) in texts(card)
    assert inputs(card)["decision"] == "Returns stay free for everyone"  # nothing typed is lost
    assert domain_rows(db_path) == before
    assert meeting.service.sent[-1].method == "POST"  # no card was replaced for everyone


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        ({"title": "no form id"}, "This form has no id; open a new one with 'Log a decision'"),
        ({"form": "f", "title": ["a", "list"]}, "Title must be text"),
        ({"form": "f", "session": "one"}, "Session must be a number"),
        ({"form": "f", "session": 999}, "No empty-chair session 999"),
    ],
)
def test_malformed_form_data_is_refused(
    meeting: TeamsHarness, db_path: Path, data: dict[str, Any], answer: str
) -> None:
    before = domain_rows(db_path)
    body = invoke(meeting.post(card_action("decision.submit", data)))
    assert body == {
        "statusCode": 200,
        "type": "application/vnd.microsoft.activity.message",
        "value": answer,
    }
    assert domain_rows(db_path) == before


def test_another_tenant_reaches_none_of_this_tenants_records(
    meeting: TeamsHarness, db_path: Path
) -> None:
    invoke(meeting.post(card_action("decision.submit", filled("form-a"))))
    before = domain_rows(db_path)
    show = invoke(meeting.post(card_action("decision.show", {"decision": 1}, tenant=OTHER_TENANT)))
    cite = invoke(
        meeting.post(card_action("decision.submit", filled("form-b"), tenant=OTHER_TENANT))
    )
    assert show["value"] == "No decision with id 1"
    assert "No feedback snippet with id 1." in texts(cite["value"])
    assert domain_rows(db_path) == before
    assert meeting.workspace(OTHER_TENANT).list_decisions() == []


def test_the_decision_log_lists_searches_and_shows(meeting: TeamsHarness) -> None:
    invoke(meeting.post(card_action("decision.submit", filled("a"))))
    invoke(
        meeting.post(
            card_action(
                "decision.submit",
                filled(
                    "b",
                    title="Ship invoices by e-mail",
                    context="Paper invoices arrive late",
                    options="Paper\nE-mail",
                    decision="Invoices go by e-mail",
                    customer_impact="Customers get invoices sooner",
                    feedback_ids="",
                ),
            )
        )
    )
    meeting.post(mention("decisions", conversation=MEETING_CHAT))
    meeting.post(mention("decisions returns", conversation=MEETING_CHAT))
    meeting.post(mention("decisions zebra", conversation=MEETING_CHAT))
    full, search, nothing = meeting.service.cards()[-3:]
    for card in (full, search, nothing):
        validate_card(card)
    assert [t for t in texts(full) if t.startswith("**D")] == [
        "**D2 Ship invoices by e-mail**",
        "**D1 Keep free returns**",
    ]
    assert any(t.endswith("\u00b7 *no customer evidence*") for t in texts(full))
    assert [t for t in texts(search) if t.startswith("**D")] == ["**D1 Keep free returns**"]
    assert texts(nothing) == ["Decisions matching \u201czebra\u201d", "No decision matches."]
    button = next(e for e in full["body"] if e["type"] == "ActionSet")["actions"][0]
    assert (button["title"], button["verb"], button["data"]) == (
        "Show D2",
        "decision.show",
        {"decision": 2},
    )
    shown = invoke(meeting.post(card_action("decision.show", {"decision": 2})))
    assert shown["value"] == "Decision D2 is in the chat."
    assert texts(meeting.service.sent[-1].card)[1] == "Ship invoices by e-mail"


def test_decisions_logged_in_a_private_chat_stay_there(teams: TeamsHarness) -> None:
    invoke(
        teams.post(
            card_action("decision.submit", filled("p", feedback_ids=""), conversation=PERSONAL)
        )
    )
    teams.post(mention("decisions", conversation=CHANNEL))
    teams.post(message("decisions"))
    in_channel, in_private = teams.service.cards()[-2:]
    assert texts(in_channel)[1].startswith("No decision has been logged yet")
    assert [t for t in texts(in_private) if t.startswith("**D")] == ["**D1 Keep free returns**"]
    shown = invoke(teams.post(card_action("decision.show", {"decision": 1}, conversation=CHANNEL)))
    assert shown["value"] == "No decision with id 1"


def test_the_meeting_summary_lists_the_meetings_decisions(meeting: TeamsHarness) -> None:
    invoke(meeting.post(card_action("decision.submit", filled("a"))))
    invoke(
        meeting.post(
            card_action("decision.submit", filled("b", title="Raise prices", feedback_ids=""))
        )
    )
    invoke(
        meeting.post(
            card_action("decision.submit", filled("c", title="Elsewhere"), conversation=PERSONAL)
        )
    )
    meeting.post(meeting_event("meetingEnd", "Returns policy"))
    summary = meeting.service.cards()[-2]
    validate_card(summary)
    assert texts(summary)[:6] == [
        "The meeting has ended: Returns policy",
        "Decisions logged during the meeting (2)",
        "**[D1] Keep free returns**",
        "Customer impact: Consumers keep free returns; we absorb the cost",
        "**[D2] Raise prices** \u2014 *no customer evidence cited*",
        "Customer impact: Consumers keep free returns; we absorb the cost",
    ]


def test_log_a_decision_from_an_answer_in_a_personal_chat(teams: TeamsHarness) -> None:
    teams.workspace().add_feedback(FeedbackInput("Free returns keep me loyal", customer="Acme"))
    teams.post(message("ask Should returns stay free?"))
    [answer] = teams.service.cards()
    [action] = answer["actions"]
    invoke(teams.post(card_action(action["verb"], action["data"], conversation=PERSONAL)))
    form = teams.service.cards()[-1]
    values = inputs(form)
    assert values["context"] == "Question: Should returns stay free?"
    assert values["feedback_ids"] == "F1"
    assert values["principle_ids"] == ", ".join(f"P{i}" for i in action["data"]["principles"])
    assert "session" not in form["actions"][0]["data"]
