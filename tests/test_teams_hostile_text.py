"""Hostile text in Teams cards: markdown in stored text is shown as typed, never a link.

Adaptive Card TextBlocks render markdown, so feedback, customer names, decision fields
and topics reach the cards escaped. Questions keep their literal `<` and `>`: the HTML
of a Teams message is decoded once, not twice.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from typing import Any

from bot.config import Settings
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from bot.reviews import DueReview, ReviewEvidence
from bot.workspace import Workspace
from handlers.teams.cards import (
    SummaryDecision,
    render_answer,
    render_chair,
    render_decision,
    render_decision_list,
    render_meeting_summary,
)
from handlers.teams.digest import render_digest
from handlers.teams.forms import DecisionForm, render_decision_form
from handlers.teams.report import render_report_card
from handlers.teams.review_cards import (
    render_outcome_form,
    render_review,
    render_review_answered,
    render_review_queue,
)
from tests.helpers import FIXED_NOW, fixed_clock
from tests.teams_support import PERSONAL, TeamsHarness, message, validate_card

HOSTILE = (
    "see [click me](https://evil.example/x) **loud** _slanted_ ~~gone~~\n- listed\n1. numbered"
    " \u202egnp.exe\u2066"
)
#: Bidi embedding, override and isolate controls: they would reorder the rest of a line.
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
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
    shown = {k: v for k, v in card.items() if k != "actions"}  # action data is not shown
    assert not BIDI.search(json.dumps(shown, ensure_ascii=False))
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


def test_review_digest_report_and_form_cards_show_hostile_markdown_as_typed(
    teams: TeamsHarness,
) -> None:
    # Bug: the review cards (the owner's proactive 1:1 message, its answer, the outcome
    # form, the review queue), the digest, the report and the decision form's errors put
    # stored text into TextBlocks raw, and the digest and report cards showed backticks.
    ws = Workspace(teams.store, teams.workspace().tenant, Settings(clock=fixed_clock))
    feedback, _ = ws.add_feedback(
        FeedbackInput(f"Returns slow {HOSTILE}", customer=f"Acme {HOSTILE}")
    )
    principle = ws.add_principle(f"Returns {HOSTILE}", f"Body about returns {HOSTILE}")
    earlier = Settings(clock=lambda: FIXED_NOW - timedelta(days=30))
    decision = Workspace(teams.store, ws.tenant, earlier).record_decision(
        DecisionDraft(
            title=f"Keep {HOSTILE}"[:200],
            decision=f"We decide {HOSTILE}",
            customer_impact=f"Impact {HOSTILE} returns",
            review_on="2026-11-20",
            principle_ids=[principle.id],
            place=Place("teams", "conv-1"),
        )
    )
    # The store stamps decisions with the wall clock; the report counts by that stamp.
    stamp = (FIXED_NOW - timedelta(days=30)).isoformat()
    ws.store.db.execute("UPDATE decisions SET created_at = ? WHERE id = ?", [stamp, decision.id])
    ws.store.db.conn.commit()
    evidence = ReviewEvidence(1, 0, 0, "unknown", (feedback,))
    assert_inert(
        render_review(DueReview(ws.tenant, "teams", "2026-11-20", decision, evidence), "en")
    )
    assert_inert(render_outcome_form(decision, "worked", error=f"Bad {HOSTILE}", lang="en"))
    assert_inert(render_review_queue(ws.review_queue(date(2026, 11, 22)), "en"))
    assert_inert(render_digest(ws.digest(now=FIXED_NOW + timedelta(days=1)), "en"))
    assert_inert(render_report_card(ws.report(), "en", personal=False))
    answered = ws.record_outcome(
        decision.id, None, "worked", note=f"Fine {HOSTILE}", next_step="keep"
    )
    for card in (
        render_review_answered(answered, "en"),
        render_decision(answered, {}, {}, "en"),
        render_decision_list([answered], search=None, lang="en"),
    ):
        assert_inert(card)
        assert any(
            "Fine see \\[click me\\]\u200b(https://evil.example/x)" in t for t in texts(card)
        )
    form = DecisionForm("form-a", title="T")
    assert_inert(render_decision_form(form, error=f"'{HOSTILE}' is not an id", lang="en"))


#: Markup a Teams message (markdown with HTML) acts on, unescaped.
MESSAGE_MARKUP = re.compile(r"\]\(|\*\*loud|<a |<at>|!\[")


def test_message_replies_repeat_typed_text_as_typed(teams: TeamsHarness) -> None:
    # Bug: the reminder's confirmation and errors that repeat what was typed were sent as
    # message text (markdown and HTML) raw: a link, bold, an <at> or an <a href> worked.
    typed = (
        "[click me](https://evil.example/x) **loud** ![img](https://evil.example/i.png) "
        '&lt;a href="https://evil.example/x"&gt;a&lt;/a&gt; &lt;at&gt;Everyone&lt;/at&gt;'
    )
    teams.post(message(f"remind monday 09:30 UTC {typed}"))
    teams.post(message("remind [click](https://evil.example/x) 09:30"))
    teams.post(message("remind &lt;at&gt;Everyone&lt;/at&gt; 09:30"))
    confirmation, link_error, at_error = teams.service.texts()
    for text in (confirmation, link_error, at_error):
        assert not MESSAGE_MARKUP.search(text), text
        assert "\\" not in text  # no backslash the user did not type
    # Every character is there, as a character reference that Teams shows as typed.
    assert confirmation.startswith("Reminder 1 set.")
    assert html.unescape(typed) in html.unescape(confirmation)
    assert html.unescape(link_error).startswith(
        "'[click](https://evil.example/x)' is not a weekday"
    )
    assert html.unescape(at_error).startswith("'<at>Everyone</at>' is not a weekday")
    [reminder] = teams.workspace().reminders("teams", PERSONAL["id"])
    assert reminder.topic == html.unescape(typed)  # stored as typed, escaped only when shown
