"""Teams cards and forms are pure functions: valid Adaptive Cards 1.5, under 28 KB."""

from __future__ import annotations

import json

import pytest

from bot.errors import InvalidInput
from bot.feedback import FeedbackInput
from bot.models import (
    Answer,
    DecisionDraft,
    Feedback,
    MeetingSession,
    Place,
    Principle,
    ScoredFeedback,
    ScoredPrinciple,
)
from bot.sessions import ChairCard
from handlers.teams import cards, forms
from handlers.teams.cards import SummaryDecision
from tests.teams_support import validate_card

PRINCIPLE = Principle(
    7, "Keep customers fully informed", "Say plainly what things cost.", attribution="Jeff Bezos"
)
SESSION = MeetingSession(
    3,
    "teams",
    "19:meeting@thread.v2",
    "aad-ada",
    "returns",
    "2024-05-06T09:00:00+00:00",
    None,
    None,
    7,
    12,
)


def snippet(i: int, text: str = "Returns are slow", **kw: object) -> Feedback:
    return Feedback(i, text, **kw)  # type: ignore[arg-type]


def scored(item: Feedback, sentiment: str = "negative") -> ScoredFeedback:
    return ScoredFeedback(item, 1.0, sentiment)  # type: ignore[arg-type]


def texts(card: dict) -> list[str]:  # type: ignore[type-arg]
    return [e["text"] for e in card["body"] if e["type"] == "TextBlock"]


def test_answer_cites_principles_and_feedback_and_warns_when_thin() -> None:
    lead = snippet(
        12,
        "Free returns are why we stay",
        customer="Acme",
        segment="enterprise",
        source="zendesk",
        url="https://support.example.com/t/1",
    )
    other = snippet(13, "Returns cost you too much, charge for them", customer="Beta")
    answer = Answer(
        question="Should we charge for returns?",
        text="...",
        principles=(ScoredPrinciple(PRINCIPLE, 2.0),),
        feedback=(scored(lead, "positive"), scored(other)),
        supporting=(scored(lead, "positive"),),
        contradicting=(scored(other),),
        thin_evidence="Only one customer snippet matches; treat it as a lead, not as proof.",
    )
    card = cards.render_answer(answer, "en")
    validate_card(card)
    # Verdict first (none yet here), customers' words with the other side marked, then
    # the principle (its imperative when it has one), then the warning.
    assert texts(card) == [
        "What's better for the customer?",
        "Should we charge for returns?",
        "\u201cFree returns are why we stay\u201d",
        "\u2014 Acme, enterprise, [zendesk](https://support.example.com/t/1) \u00b7 F12",
        "\u201cReturns cost you too much, charge for them\u201d",
        "\u2014 Beta \u00b7 F13 \u00b7 **points the other way** (no side)",
        "Keep customers fully informed",
        "P7 \u00b7 Keep customers fully informed",
        "Thin evidence: Only one customer snippet matches; treat it as a lead, not as proof.",
    ]
    assert card["actions"] == [
        {
            "type": "Action.Execute",
            "title": "Log a decision",
            "verb": "decision.form",
            "data": {
                "principles": [7],
                "feedback": [12, 13],
                "question": "Should we charge for returns?",
            },
        }
    ]


def test_a_huge_answer_is_cut_to_fit_28_kb() -> None:
    # 50 snippets of 20,000 three-byte characters: about 3 MB before cutting.
    many = tuple(scored(snippet(i, "返品" * 10_000, customer="客" * 200)) for i in range(50))
    answer = Answer(
        "q" * 2000, "...", (ScoredPrinciple(PRINCIPLE, 1.0),) * 50, many, many, (), None
    )
    card = cards.render_answer(answer, "en")
    validate_card(card)
    quotes = [t for t in texts(card) if t.startswith("\u201c")]
    assert quotes and all(q.endswith("\u2026\u201d") for q in quotes)
    assert any(t.startswith(f"{50 - len(quotes)} more snippets: F") for t in texts(card))


def test_citation_links_are_escaped_and_only_http() -> None:
    assert cards.cite(snippet(1, url="https://x.example/a (b)", source="forum"), "en") == (
        "unnamed customer, [forum](https://x.example/a%20%28b%29)"
    )
    assert (
        cards.cite(snippet(1, url="javascript:alert(1)", source="forum"), "en")
        == "unnamed customer, forum"
    )


def test_chair_card_has_question_principle_quote_and_three_buttons() -> None:
    quote = snippet(12, "I waited three weeks for my refund", customer="Acme", source="email")
    card = cards.render_chair(
        ChairCard(SESSION, "What's better for the customer?", PRINCIPLE, quote), lang="en"
    )
    validate_card(card)
    assert texts(card) == [
        "The empty chair: this seat is the customer's",
        "What's better for the customer?",
        "Topic: returns",
        "Principle",
        "**[P7] Keep customers fully informed**",
        "Say plainly what things cost. (Jeff Bezos)",
        "A customer said",
        "\u201cI waited three weeks for my refund\u201d",
        "\u2014 Acme, email [F12]",
    ]
    assert [(a["title"], a["verb"], a["data"]) for a in card["actions"]] == [
        ("Ask the chair", "chair.ask", {"session": 3}),
        ("Another customer voice", "chair.voice", {"session": 3}),
        (
            "Log a decision",
            "decision.form",
            {"session": 3, "principles": [7], "feedback": [12], "question": "returns"},
        ),
    ]


def test_chair_card_without_feedback_and_after_the_meeting() -> None:
    card = cards.render_chair(
        ChairCard(SESSION, "What's better for the customer?", None, None), ended=True, lang="en"
    )
    validate_card(card)
    assert "actions" not in card
    assert texts(card)[-1] == "This meeting has ended; the chair waits for the next one."
    assert "No customer feedback is stored yet" in texts(card)[-2]


def test_meeting_summary_lists_decisions_and_asks_about_the_customer() -> None:
    decisions = [
        SummaryDecision(4, "Keep free returns", "Consumers keep free returns", True),
        SummaryDecision(5, "Raise prices", "Everyone pays 5% more", False),
    ]
    card = cards.render_meeting_summary(SESSION, decisions, lang="en")
    validate_card(card)
    assert texts(card) == [
        "The meeting has ended: returns",
        "Decisions logged during the meeting (2)",
        "**[D4] Keep free returns**",
        "Customer impact: Consumers keep free returns",
        "**[D5] Raise prices** \u2014 *no customer evidence cited*",
        "Customer impact: Everyone pays 5% more",
        "Did the customer have a voice in this meeting?",
    ]
    assert [(a["title"], a["data"]) for a in card["actions"]] == [
        ("Yes", {"session": 3, "voice": "yes"}),
        ("Partly", {"session": 3, "voice": "partly"}),
        ("No", {"session": 3, "voice": "no"}),
        ("Log a decision", {"session": 3}),
    ]
    answered = cards.render_meeting_summary(SESSION, [], voice="partly", lang="en")
    validate_card(answered)
    assert texts(answered)[-1] == "Did the customer have a voice? **Partly** (recorded)"


def test_decision_form_keeps_values_and_shows_the_error() -> None:
    form = forms.DecisionForm(
        form="f1",
        title="Keep free returns",
        door="one-way",
        session=3,
        principle_ids="P7",
        context="x" * 50_000,
    )
    card = forms.render_decision_form(form, error="customer impact is empty", lang="en")
    validate_card(card)
    inputs = {e["id"]: e for e in card["body"] if e["type"].startswith("Input.")}
    assert list(inputs) == [
        "title",
        "context",
        "options",
        "decision",
        "customer_impact",
        "door",
        "owner",
        "review_on",
        "principle_ids",
        "feedback_ids",
    ]
    assert inputs["title"]["value"] == "Keep free returns"
    assert inputs["door"]["value"] == "one-way"
    assert len(inputs["context"]["value"]) == 4000
    assert card["body"][1]["text"] == "customer impact is empty"
    assert card["actions"] == [
        {
            "type": "Action.Execute",
            "title": "Log decision",
            "verb": "decision.submit",
            "data": {"form": "f1", "session": 3},
        }
    ]


def test_decision_form_is_read_back_into_a_draft() -> None:
    data = {
        "form": "f1",
        "session": 3,
        "title": "Keep free returns",
        "context": "Costs rose",
        "options": "- Keep free\n- Charge 5 EUR\n\n",
        "decision": "Returns stay free",
        "customer_impact": "Consumers keep free returns",
        "door": "one-way",
        "owner": " Ada ",
        "review_on": "2024-09-01",
        "principle_ids": "P7, 3",
        "feedback_ids": "F12 #13 F12",
    }
    form = forms.DecisionForm.from_data(data)
    place = Place(platform="teams", channel_id="19:meeting@thread.v2")
    assert form.draft(place=place, created_by="aad-ada", idempotency_key="k") == DecisionDraft(
        title="Keep free returns",
        decision="Returns stay free",
        customer_impact="Consumers keep free returns",
        context="Costs rose",
        options=["Keep free", "Charge 5 EUR"],
        door="one-way",
        owner="Ada",
        review_on="2024-09-01",
        principle_ids=[7, 3],
        feedback_ids=[12, 13],
        place=place,
        created_by="aad-ada",
        session_id=3,
        idempotency_key="k",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "x"}, "this form has no id; open a new one with 'Log a decision'"),
        ({"form": "f", "title": ["x"]}, "title must be text"),
        ({"form": "f", "session": "three"}, "session must be a number"),
        ({"form": "f", "session": True}, "session must be a number"),
        ({"form": {"a": 1}}, "form must be text"),
    ],
)
def test_decision_form_data_of_the_wrong_shape_is_refused(data: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput) as caught:
        forms.DecisionForm.from_data(data)
    assert caught.value.message == message


def test_evidence_ids_are_checked_for_their_kind() -> None:
    form = forms.DecisionForm(form="f", principle_ids="F12")
    with pytest.raises(InvalidInput) as caught:
        form.draft(place=Place(), created_by=None, idempotency_key="k")
    assert caught.value.message == "'F12' is not an id (write them like P3, P7)"
    # The door is checked by the core when the decision is recorded
    # (tests/test_decision_rules.py), not by the form.


def test_feedback_form_prefilled_and_read_back() -> None:
    card = forms.render_feedback_form(
        forms.FeedbackForm(text="Too slow", url="https://t.example/m/1"), lang="en"
    )
    validate_card(card)
    inputs = {e["id"]: e.get("value") for e in card["body"] if e["type"].startswith("Input.")}
    assert inputs == {
        "text": "Too slow",
        "customer": None,
        "segment": None,
        "source": "teams",
        "url": "https://t.example/m/1",
        "sentiment": None,
    }
    assert card["actions"] == [
        {"type": "Action.Submit", "title": "Save", "data": {"action": "feedback.save"}}
    ]
    form = forms.FeedbackForm.from_data(
        {"text": "Too slow", "customer": "Acme", "sentiment": "negative", "action": "feedback.save"}
    )
    assert form.feedback_input(captured_by="aad-ada") == FeedbackInput(
        "Too slow", customer="Acme", source=None, sentiment="negative", captured_by="aad-ada"
    )


def test_every_card_is_compact_json() -> None:
    card = cards.render_notice("Hello", "World")
    assert cards.size_of(card) == len(json.dumps(card, separators=(",", ":")))
    validate_card(card)
