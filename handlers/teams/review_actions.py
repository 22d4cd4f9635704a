"""Action.Execute on review cards: *Worked* / *Did not* open the form, *Too early* records."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_teams.api.activities.invoke.adaptive_card import AdaptiveCardInvokeActivity
from microsoft_teams.api.models import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
)
from microsoft_teams.apps import ActivityContext

from bot.errors import InvalidInput
from bot.i18n import N_, t
from bot.models import Decision
from handlers import pools
from handlers.teams.forms import int_field, text_field
from handlers.teams.replies import card_response, message_response, sentence
from handlers.teams.review_cards import render_outcome_form, render_review_answered
from handlers.teams.turns import Turn

Response = AdaptiveCardActionCardResponse | AdaptiveCardActionMessageResponse
Context = ActivityContext[AdaptiveCardInvokeActivity]


def _owned(turn: Turn, data: Mapping[str, Any]) -> Decision:
    """The card's decision, if the clicking user owns it (by directory id, id or name);
    blocking: run it on `pools.request`."""
    decision_id = int_field(data, "decision")
    if decision_id is None:
        raise InvalidInput("this card does not say which decision it is about")
    decision = turn.ws.get_decision(decision_id)  # NotFound in other tenants
    owner = (decision.owner or "").strip().lower()
    me = {(turn.user_id or "").lower(), turn.user_name.lower()} - {""}
    if owner and owner not in me:
        raise InvalidInput(N_("Only the decision's owner records its outcome."))
    return decision


async def review_answer(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """A button on the review card."""
    decision = await pools.request(_owned, turn, data)
    result = text_field(data, "result")
    if result == "too-early":
        updated = await pools.request(
            turn.ws.record_outcome, decision.id, turn.user_id, "too-early"
        )
        return card_response(render_review_answered(updated, turn.lang))
    if result not in ("worked", "did-not"):
        return message_response(t(turn.lang, "This button is out of date."))
    return card_response(render_outcome_form(decision, result, lang=turn.lang))


async def outcome_submit(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """The outcome form: record it (a repeated submit changes nothing), show the answer."""
    decision = await pools.request(_owned, turn, data)
    result = text_field(data, "result")
    try:
        updated = await pools.request(
            turn.ws.record_outcome,
            decision.id,
            turn.user_id,
            result,
            note=text_field(data, "note"),
            next_step=text_field(data, "next") or None,
        )
    except InvalidInput as exc:
        error = sentence(exc.localized(turn.lang))
        return card_response(render_outcome_form(decision, result, error=error, lang=turn.lang))
    return card_response(render_review_answered(updated, turn.lang))
