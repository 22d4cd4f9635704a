"""Evidence deleted at the customer's request shows on decisions in Slack and Teams too."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from slack_sdk.models.views import View

from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, MeetingSession, Place
from bot.reviews import DueReview
from bot.workspace import Workspace
from handlers.slack import kit
from handlers.slack.chair import decisions_of
from handlers.slack.render import (
    HomeData,
    decision_card_blocks,
    decision_list_blocks,
    home_blocks,
    session_end_blocks,
)
from handlers.slack.review_views import review_message_blocks
from handlers.teams.cards import render_decision, render_decision_list, render_meeting_summary
from handlers.teams.meetings import meeting_decisions
from handlers.teams.review_cards import render_review, render_review_queue
from tests.slack_limits import message_problems
from tests.teams_support import validate_card

ROWS = [
    FeedbackInput("Refunds take three weeks", customer="Anna"),
    FeedbackInput("Keep free returns, they are why I buy here", customer="Bolek"),
]
NOTE = {
    "en": "evidence removed at the customer's request",
    "pl": "dowód usunięty na prośbę klienta",
    "ja": "顧客の依頼により根拠を削除",
}
SESSION = MeetingSession(
    id=1,
    platform="slack",
    channel_id="C1",
    host="U1",
    topic="Returns",
    started_at="",
    ended_at=None,
    card_ref=None,
    principle_id=None,
    feedback_id=None,
)


def setup(ws: Workspace, platform: str = "slack") -> None:
    """Two decisions citing Anna's snippet (F1); one also cites Bolek's (F2); Anna is forgotten."""
    ws.import_feedback_rows(ROWS, source="test")
    for title, cited in (("Keep free returns", [1, 2]), ("Refund in a week", [1])):
        ws.record_decision(
            DecisionDraft(
                title=title,
                decision="We do it",
                customer_impact="Consumers get their money back sooner",
                review_on="2026-11-22",
                feedback_ids=cited,
                place=Place(platform, "C1"),
            )
        )
    assert ws.forget_customer(customer="anna").count == 1


def dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def test_the_core_marks_removed_evidence_on_every_decision_it_loads(ws: Workspace) -> None:
    setup(ws)
    both, only = ws.get_decision(1), ws.get_decision(2)
    assert (both.feedback_ids, both.feedback_removed) == ((1, 2), (1,))
    assert (only.feedback_ids, only.feedback_removed) == ((1,), (1,))
    # Cited evidence that was removed is still evidence the decision was made on.
    assert only.has_customer_evidence
    assert [d.feedback_removed for d in ws.list_decisions()] == [(1,), (1,)]
    assert both.to_json()["feedback_removed"] == [1]


@pytest.mark.parametrize("lang", ["en", "pl", "ja"])
def test_slack_card_list_home_review_and_summary_say_the_evidence_was_removed(
    ws: Workspace, lang: str
) -> None:
    setup(ws)
    note = NOTE[lang]
    both, only = ws.get_decision(1), ws.get_decision(2)
    feedback = ws.get_feedback([1, 2])
    assert list(feedback) == [2]

    card = kit.message(decision_card_blocks(both, {}, feedback, lang))
    assert message_problems(card) == []
    texts = [dump(b) for b in card]
    # The heading counts both cited snippets; Bolek's quote stays; F1 says why it is gone.
    assert any("F2" in t for t in texts)
    assert {"type": "mrkdwn", "text": f":wastebasket: F1: _{note}_", "verbatim": True} in [
        e for b in card if b["type"] == "context" for e in b["elements"]
    ]
    # Only removed evidence: not mistaken for a decision without customer evidence.
    alone = kit.message(decision_card_blocks(only, {}, feedback, lang))
    assert message_problems(alone) == []
    assert note in dump(alone)
    assert "No customer evidence" not in dump(alone)

    listed = kit.message(decision_list_blocks([both, only], search=None, lang=lang))
    assert message_problems(listed) == []
    assert dump(listed).count(f"F1: _{note}_") == 2

    queue = ws.review_queue(date(2026, 11, 22))
    assert [i.decision.id for i in queue.reviews_due] == [2, 1]
    home = kit.view(
        View(type="home", blocks=home_blocks(HomeData(recent=[both], queue=queue), lang))
    )
    assert dump(home).count(f"F1: _{note}_") == 3  # recent, and both reviews due

    due = DueReview(ws.tenant, "slack", "2026-11-22", only, ws.review_evidence(only))
    review = kit.message(review_message_blocks(due, lang))
    assert message_problems(review) == []
    assert f"F1: _{note}_" in dump(review)

    decisions, removed = decisions_of(ws, SESSION)
    assert removed == {1: (1,), 2: (1,)}
    summary = kit.message(session_end_blocks(SESSION, decisions, removed=removed, lang=lang))
    assert message_problems(summary) == []
    assert dump(summary).count(f"F1: _{note}_") == 2


@pytest.mark.parametrize("lang", ["en", "pl", "ja"])
def test_teams_cards_say_the_evidence_was_removed_and_stay_valid(ws: Workspace, lang: str) -> None:
    setup(ws, "teams")
    note = NOTE[lang]
    both, only = ws.get_decision(1), ws.get_decision(2)
    feedback = ws.get_feedback([1, 2])

    card = render_decision(both, {}, feedback, lang)
    validate_card(card)
    assert {
        "type": "TextBlock",
        "text": f"F1: *{note}*",
        "wrap": True,
        "isSubtle": True,
    } in card["body"]
    assert "[F2]" in dump(card)
    alone = render_decision(only, {}, feedback, lang)
    validate_card(alone)
    assert note in dump(alone)
    assert "No customer evidence" not in dump(alone)

    listed = render_decision_list([both, only], search=None, lang=lang)
    validate_card(listed)
    assert dump(listed).count(f"F1: *{note}*") == 2

    summary = render_meeting_summary(
        replace(SESSION, platform="teams"), meeting_decisions(ws, SESSION), lang=lang
    )
    validate_card(summary)
    assert dump(summary).count(f"F1: *{note}*") == 2

    due = DueReview(ws.tenant, "teams", "2026-11-22", only, ws.review_evidence(only))
    review = render_review(due, lang)
    validate_card(review)
    assert f"F1: *{note}*" in dump(review)

    queue = render_review_queue(ws.review_queue(date(2026, 11, 22)), lang)
    validate_card(queue)
    assert dump(queue).count(f"F1: *{note}*") == 2


def test_decisions_without_removed_evidence_show_no_note(ws: Workspace) -> None:
    ws.import_feedback_rows(ROWS, source="test")
    ws.record_decision(
        DecisionDraft(title="T", decision="D", customer_impact="C", feedback_ids=[1])
    )
    decision = ws.get_decision(1)
    assert decision.feedback_removed == ()
    assert NOTE["en"] not in dump(kit.message(decision_card_blocks(decision, {}, {}, "en")))
    assert NOTE["en"] not in dump(render_decision(decision, {}, {}, "en"))


def test_the_export_names_removed_evidence_instead_of_leaving_a_blank(ws: Workspace) -> None:
    setup(ws)
    text = "".join(ws.stream_export("jsonl"))
    records = {r["id"]: r for r in map(json.loads, text.splitlines())}
    assert records[1]["feedback"] == [
        {"id": 1, "title": f"({NOTE['en']})"},
        {"id": 2, "title": "Keep free returns, they are why I buy here"},
    ]
    assert records[1]["feedback_removed"] == [1]
    csv_text = "".join(ws.stream_export("csv"))
    assert f"({NOTE['en']}); Keep free returns, they are why I buy here" in csv_text
