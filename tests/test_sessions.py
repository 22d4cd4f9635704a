"""Empty-chair sessions: one card per channel, new voices, the end of a meeting."""

from __future__ import annotations

import pytest

from bot.errors import InvalidInput, NotFound
from bot.feedback import FeedbackInput
from bot.workspace import Workspace


@pytest.fixture
def voices(ws: Workspace) -> Workspace:
    for i, text in enumerate(
        [
            "Returns take too long and the refund is slow",
            "The returns label never printed",
            "Love the dashboard colours",
            "Exports to Excel break on big files",
        ]
    ):
        ws.add_feedback(FeedbackInput(text, customer=f"Customer {i}"))
    return ws


def test_start_picks_a_relevant_principle_and_quote(voices: Workspace) -> None:
    started = voices.start_session("slack", "C1", host="U1", topic="returns policy")
    card = started.card
    assert started.created
    assert card.question == "What's better for the customer?"
    assert card.quote is not None and "return" in card.quote.text.lower()
    assert card.principle is not None
    again = voices.start_session("slack", "C1", topic="something else")
    assert not again.created and again.card.session.id == card.session.id


def test_without_topic_the_chair_principle_and_a_named_quote(voices: Workspace) -> None:
    card = voices.start_session("teams", "19:chat", host="U1").card
    assert (
        card.principle is not None
        and card.principle.title == "Keep an empty chair for the customer"
    )
    assert card.quote is not None and card.quote.customer


def test_another_voice_cycles_through_every_quote(voices: Workspace) -> None:
    card = voices.start_session("slack", "C1", topic="returns").card
    seen = [card.quote.id if card.quote else None]
    for _ in range(5):
        card = voices.another_voice(card.session.id)
        seen.append(card.quote.id if card.quote else None)
    assert len(set(seen[:4])) == 4  # four different snippets before any repeats


def test_end_and_voice(voices: Workspace) -> None:
    session = voices.start_session("slack", "C9").card.session
    voices.set_card_ref(session.id, "1700000000.000100")
    ended = voices.end_session("slack", "C9")
    assert ended.ended_at is not None and ended.card_ref == "1700000000.000100"
    with pytest.raises(NotFound, match="not running"):
        voices.end_session("slack", "C9")
    assert voices.record_voice(session.id, "partly").id == session.id
    with pytest.raises(InvalidInput):
        voices.record_voice(session.id, "maybe")


def test_sessions_are_per_tenant(store, voices: Workspace) -> None:  # type: ignore[no-untyped-def]
    session = voices.start_session("slack", "C1").card.session
    other = Workspace(store, "slack:OTHER")
    with pytest.raises(NotFound):
        other.another_voice(session.id)
    assert other.open_session("slack", "C1") is None


def test_empty_workspace_still_gets_a_card(ws: Workspace) -> None:
    card = ws.start_session("slack", "C1", topic="pricing").card
    assert card.quote is None
    assert card.principle is not None


def test_long_topic_is_refused(ws: Workspace) -> None:
    with pytest.raises(InvalidInput):
        ws.start_session("slack", "C1", topic="x" * 201)
