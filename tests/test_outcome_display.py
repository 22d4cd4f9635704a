"""A recorded outcome shows on the decision everywhere: Slack card and list, Teams card and list."""

from __future__ import annotations

import json
from dataclasses import replace

from bot.models import Decision, Place
from handlers.slack import kit
from handlers.slack.render import decision_card_blocks, decision_line
from handlers.teams.cards import render_decision, render_decision_list
from tests.slack_limits import message_problems
from tests.teams_support import validate_card

DECIDED = Decision(
    id=7,
    title="Keep free returns",
    context="",
    options=(),
    decision="Returns stay free",
    customer_impact="Consumers keep free returns",
    door="two-way",
    owner="U1",
    participants=(),
    review_on=None,
    status="decided",
    superseded_by=None,
    outcome="Churn fell 2%",
    place=Place("slack", "C1"),
    created_by="U1",
    created_at="2026-11-01T10:00:00+00:00",
    outcome_result="worked",
    outcome_next="keep",
    outcome_at="2026-11-22T12:00:00+00:00",
)
SHOWN = "Outcome: worked for customers (keep) \u2014 Churn fell 2%"


def test_slack_card_and_list_line_show_the_outcome() -> None:
    blocks = kit.message(decision_card_blocks(DECIDED, {}, {}, "en"))
    assert message_problems(blocks) == []
    assert SHOWN in json.dumps(blocks, ensure_ascii=False)
    assert SHOWN in decision_line(DECIDED, "en")


def test_teams_card_and_list_show_the_outcome() -> None:
    card = render_decision(DECIDED, {}, {}, "en")
    validate_card(card)
    assert SHOWN in json.dumps(card, ensure_ascii=False)
    listed = render_decision_list([DECIDED], search=None, lang="en")
    validate_card(listed)
    assert SHOWN in json.dumps(listed, ensure_ascii=False)


def test_too_early_shows_without_the_note_and_nothing_shows_before_an_outcome() -> None:
    early = replace(DECIDED, outcome_result="too-early", outcome_next=None, outcome=None)
    assert "Outcome: too early to tell" in decision_line(early, "en")
    plain = replace(DECIDED, outcome_result=None, outcome_next=None, outcome=None)
    assert "Outcome" not in decision_line(plain, "en")
    assert "Outcome" not in json.dumps(render_decision(plain, {}, {}, "en"))
