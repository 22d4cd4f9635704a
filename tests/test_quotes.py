"""The empty-chair card's quote: chosen by the answer's relevance rules, not by recency."""

from __future__ import annotations

from bot.feedback import FeedbackInput
from bot.quotes import choose_quote
from bot.workspace import Workspace


def add(ws: Workspace, text: str, customer: str | None = "Acme") -> int:
    return ws.add_feedback(FeedbackInput(text, customer=customer))[0].id


def test_topic_picks_a_relevant_snippet_with_a_clear_stance(ws: Workspace) -> None:
    clear = add(ws, "Free returns are the only reason we order from you", "Ola")
    add(ws, "I returned a parcel last week.", "Ben")  # relevant, takes no side
    add(ws, "Free parking near the store would be lovely to have", "Zed")  # newest, off topic
    quote = choose_quote(ws.store, ws.tenant, "Should we remove free returns?")
    assert quote is not None and quote.id == clear


def test_topic_in_another_language_finds_the_snippet(ws: Workspace) -> None:
    polish = add(ws, "Darmowe zwroty to jedyny powód, dla którego tu kupuję", "Kasia")
    add(ws, "The dashboard colours are lovely, thanks a lot", "Zed")
    quote = choose_quote(ws.store, ws.tenant, "free returns")
    assert quote is not None and quote.id == polish


def test_without_topic_a_recent_substantive_voice_never_a_near_duplicate(ws: Workspace) -> None:
    older = add(ws, "Support answered within minutes and fixed our invoice, great job", "Ola")
    first = add(ws, "Please add a dark mode, the white screen hurts my eyes", "Ben")
    add(ws, "ok", "Kim")  # newest but says nothing
    dup = add(ws, "Please add a dark mode, the white screen hurts my eyes!", "Ben")
    shown = choose_quote(ws.store, ws.tenant, None)
    assert shown is not None and shown.id == dup
    again = choose_quote(ws.store, ws.tenant, None, {dup}, shown)
    assert again is not None and again.id == older and again.id != first


def test_chair_card_and_another_voice_use_the_rules(ws: Workspace) -> None:
    relevant = add(ws, "Return fees are far too expensive for us", "Ola")
    other = add(ws, "Free returns keep us loyal, please never drop them", "Ben")
    add(ws, "We love the new onboarding videos, super helpful", "Zed")
    card = ws.start_session("slack", "C1", topic="Should we charge for returns?").card
    assert card.quote is not None and card.quote.id in {relevant, other}
    after = ws.another_voice(card.session.id)
    assert after.quote is not None and after.quote.id in {relevant, other} - {card.quote.id}


def test_topic_quote_skips_conditional_yeses_and_notice_complaints(ws: Workspace) -> None:
    # Both rank first for the topic but take no side on the fee itself (issue 9 rules).
    add(ws, "I don't mind paying a delivery fee as long as it arrives next-day", "Ola")
    add(ws, "You only gave us a week's notice of the delivery fee", "Ben")
    clear = add(ws, "A delivery fee on small orders would make me shop elsewhere", "Kim")
    add(ws, "The product price is far too expensive", "Zed")  # the price, not the fee
    quote = choose_quote(ws.store, ws.tenant, "Should we add a delivery fee?")
    assert quote is not None and quote.id == clear
    again = choose_quote(ws.store, ws.tenant, "Should we add a delivery fee?", {clear}, quote)
    assert again is not None and "product price" not in again.text
