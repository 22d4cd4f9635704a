"""Hostile text in Teams cards: markdown in stored text is shown as typed, never a link.

Adaptive Card TextBlocks render markdown, so feedback, customer names, decision fields
and topics reach the cards escaped. Questions keep their literal `<` and `>`: the HTML
of a Teams message is decoded once, not twice.
"""

from __future__ import annotations

import re
from typing import Any

from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from handlers.teams.cards import (
    SummaryDecision,
    render_answer,
    render_chair,
    render_decision,
    render_decision_list,
    render_meeting_summary,
)
from tests.teams_support import TeamsHarness, message, validate_card

HOSTILE = (
    "see [click me](https://evil.example/x) **loud** _slanted_ ~~gone~~\n- listed\n1. numbered"
)
#: An unescaped markdown link: `]` not escaped by a backslash, directly followed by `(`.
LINK = re.compile(r"(?<!\\)\]\(")
#: Unescaped emphasis markers (`**`, `_x_`, `~~`).
EMPHASIS = re.compile(r"(?<!\\)\*(?<!\\)\*|(?<![\\\w])_\w|(?<!\\)~(?<!\\)~")


def texts(node: Any) -> list[str]:
    """Every TextBlock text and FactSet title/value of a card."""
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "TextBlock":
            found.append(str(node["text"]))
        if node.get("type") == "FactSet":
            found += [f"{f['title']} {f['value']}" for f in node["facts"]]
        for value in node.values():
            found += texts(value)
    elif isinstance(node, list):
        for item in node:
            found += texts(item)
    return found


def user_parts(card: dict[str, Any]) -> list[str]:
    """The texts of a card that carry the hostile text."""
    return [t for t in texts(card) if "evil.example" in t]


def assert_inert(card: dict[str, Any]) -> None:
    validate_card(card)
    carried = user_parts(card)
    assert carried, "the hostile text should be shown (escaped)"
    for text in carried:
        assert not LINK.search(text), text
        assert not re.search(r"(?<!\\)\*\*loud", text), text
        assert not re.search(r"(?m)^(?<!\\)- listed", text), text
        assert not re.search(r"(?m)^1\. numbered", text), text
    assert not any("`" in t for t in texts(card)), "TextBlocks show backticks literally"


def test_escaped_text_reads_the_same_and_links_nothing() -> None:
    from handlers.teams.cards import esc

    assert esc("a [b](https://x) **c** d-e (f) `g`") == (
        "a \\[b\\]\u200b(https://x) \\*\\*c\\*\\* d-e (f) `g`"
    )
    assert esc("- one\n2. two\n# three") == "\\- one\n2\\. two\n\\# three"


def test_every_card_shows_hostile_markdown_as_typed(teams: TeamsHarness) -> None:
    ws = teams.workspace()
    feedback, _ = ws.add_feedback(
        FeedbackInput(
            f"Returns are slow {HOSTILE}",
            customer=f"Acme {HOSTILE}",
            segment=f"SMB {HOSTILE}",
            source=f"zendesk {HOSTILE}",
        )
    )
    ws.add_principle(f"Returns {HOSTILE}", f"Body about returns {HOSTILE}")
    answer = ws.answer_for_customer(f"Should returns be slower? {HOSTILE}")
    assert_inert(render_answer(answer, "en"))
    session = ws.start_session("teams", "conv-1", host="ada", topic=f"Pricing {HOSTILE}")
    assert_inert(render_chair(session.card, lang="en"))
    decision = ws.record_decision(
        DecisionDraft(
            title=f"Keep {HOSTILE}"[:200],
            decision=f"We decide {HOSTILE}",
            customer_impact=f"Impact {HOSTILE}",
            context=f"Context {HOSTILE}",
            options=[f"Option {HOSTILE}"],
            owner=f"Owner {HOSTILE}",
            feedback_ids=[feedback.id],
            place=Place("teams", "conv-1"),
        )
    )
    principles = ws.get_principles(list(decision.principle_ids))
    assert_inert(render_decision(decision, principles, {feedback.id: feedback}, "en"))
    assert_inert(render_decision_list([decision], search=f"find {HOSTILE}", lang="en"))
    summary = SummaryDecision(decision.id, decision.title, decision.customer_impact, True)
    assert_inert(render_meeting_summary(session.card.session, [summary], lang="en"))


def test_a_question_keeps_its_literal_angle_brackets(teams: TeamsHarness) -> None:
    # Teams sends the text of "is 3 < 4 > 2?" HTML-escaped; it is decoded once.
    response = teams.post(message("ask Should the fee be &lt;b&gt; or &lt;5?"))
    assert response.status_code == 200
    card = teams.service.cards()[-1]
    assert texts(card)[1] == "Should the fee be <b> or <5?"
