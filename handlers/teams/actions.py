"""Action.Execute buttons on our cards: one invoke handler, dispatched by verb.

Every id in card data is looked up in the tenant of the activity and, for sessions, in
the chat the card is in: a card (or a forged invoke) naming anything else gets "not
found". The answer to the click comes back in the invoke response; cards everybody sees
(the chair, the meeting summary, a logged decision) are also updated for everyone.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import quote

from microsoft_teams.api.activities.invoke.adaptive_card import AdaptiveCardInvokeActivity
from microsoft_teams.api.models import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
)
from microsoft_teams.apps import ActivityContext

from bot.errors import InvalidInput, NotFound, user_message
from bot.i18n import N_, normalize, t, translated
from bot.models import Decision
from bot.sessions import ChairCard
from handlers import pools
from handlers.teams.cards import (
    VERB_ANOTHER_VOICE,
    VERB_ASK,
    VERB_CUSTOMER_VOICE,
    VERB_DECISION_FORM,
    VERB_DECISION_SUBMIT,
    VERB_SHOW_DECISION,
    Card,
    render_answer,
    render_chair,
    render_decision,
    render_meeting_summary,
)
from handlers.teams.forms import (
    DecisionForm,
    int_field,
    prefilled_decision_form,
    render_decision_form,
    text_field,
)
from handlers.teams.meetings import meeting_decisions
from handlers.teams.replies import card_message, card_response, message_response
from handlers.teams.review_actions import outcome_submit, review_answer
from handlers.teams.review_cards import VERB_OUTCOME_SUBMIT, VERB_REVIEW_ANSWER
from handlers.teams.turns import PLATFORM, Turn

logger = logging.getLogger(__name__)

Response = AdaptiveCardActionCardResponse | AdaptiveCardActionMessageResponse
Context = ActivityContext[AdaptiveCardInvokeActivity]
Handler = Callable[[Context, Turn, Mapping[str, Any]], Awaitable[Response]]

OUTDATED = N_("This button is not supported any more. Type `help` to see what I can do.")


def error_response(text: str) -> Response:
    """How an error is shown under the clicked card."""
    return message_response(text)


async def on_card_action(ctx: Context, turn: Turn) -> Response:
    """Dispatch one Action.Execute by its verb."""
    action = ctx.activity.value.action
    handler = HANDLERS.get(action.verb or "")
    if handler is None:
        return message_response(translated(turn.lang, OUTDATED))
    return await handler(ctx, turn, action.data)


def _chair_of(turn: Turn, data: Mapping[str, Any]) -> ChairCard:
    session_id = int_field(data, "session")
    if session_id is None:
        raise InvalidInput("this card does not say which meeting it belongs to")
    card = turn.ws.chair_card(session_id)  # NotFound in other tenants
    session = card.session
    if session.platform != PLATFORM or session.channel_id != turn.conversation_id:
        raise NotFound(
            N_("no empty-chair session {session_id} in this chat"), session_id=session_id
        )
    return card


async def _replace_for_everyone(ctx: Context, card: Card) -> None:
    """Update the clicked message for everyone (the invoke response updates it for the clicker)."""
    message_id = ctx.activity.reply_to_id
    if not message_id:
        return
    try:
        await ctx.send(card_message(card, replace=message_id))
    except Exception:
        logger.warning("Teams: could not update card %s for everyone", message_id, exc_info=True)


async def ask(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """'Ask the chair': answer the typed question (or the topic) in the chat."""
    chair = await pools.request(_chair_of, turn, data)
    question = text_field(data, "question").strip() or (chair.session.topic or "")
    if not question:
        return message_response(
            t(turn.lang, "Type a question in the box, then press Ask the chair.")
        )
    answer = await pools.answer(turn.ask, question)
    await ctx.send(card_message(render_answer(answer, normalize(answer.language))))
    ended = chair.session.ended_at is not None
    return card_response(render_chair(chair, ended=ended, lang=turn.lang))


async def another_voice(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """'Another customer voice': the same card with another customer's words, in place."""
    chair = await pools.request(_chair_of, turn, data)
    if chair.session.ended_at is not None:
        return card_response(render_chair(chair, ended=True, lang=turn.lang))
    card = render_chair(
        await pools.request(turn.ws.another_voice, chair.session.id), lang=turn.lang
    )
    await _replace_for_everyone(ctx, card)
    return card_response(card)


async def decision_form(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """'Log a decision': post a decision form, pre-filled with the card's evidence."""
    if data.get("session") is not None:
        await pools.request(_chair_of, turn, data)
    form = prefilled_decision_form(
        data, form=uuid.uuid4().hex, owner=turn.user_name, lang=turn.lang
    )
    await ctx.send(card_message(render_decision_form(form, lang=turn.lang)))
    return message_response(
        t(turn.lang, "The decision form is in the chat: fill it in and press Log decision.")
    )


async def decision_submit(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """The decision form was submitted: log it once, then show the decision in its place.

    The form's id (minted when the form was posted) and the message it is in make the
    idempotency key, so a double click, or a retried invoke, logs one decision.
    """
    form = DecisionForm.from_data(data)
    if form.session is not None:
        await pools.request(_chair_of, turn, {"session": form.session})
    message_id = ctx.activity.reply_to_id or ""
    key = turn.key("decision", message_id, form.form)
    try:
        draft = form.draft(place=turn.place(), created_by=turn.user_id, idempotency_key=key)
        decision = await pools.request(turn.ws.record_decision, draft)
    except InvalidInput as exc:
        error = user_message(exc, turn.lang)
        card = render_decision_form(form, error=error, error_field=exc.field, lang=turn.lang)
        return card_response(card)
    if message_id:
        await pools.request(
            turn.ws.set_decision_permalink,
            decision.id,
            message_link(turn, message_id),
            actor=turn.user_id,
        )
    card = await pools.request(decision_card, turn, decision)
    await _replace_for_everyone(ctx, card)
    return card_response(card)


def decision_card(turn: Turn, decision: Decision) -> Card:
    """The card of a decision with the principles and snippets it cites (blocking: run it
    on `pools.request`)."""
    return render_decision(
        decision,
        turn.ws.get_principles(list(decision.principle_ids)),
        turn.ws.get_feedback(list(decision.feedback_ids)),
        turn.lang,
    )


def message_link(turn: Turn, message_id: str) -> str:
    """A Teams deep link to a message (where a decision was logged)."""
    conversation = quote(turn.conversation_id, safe="")
    return (
        f"https://teams.microsoft.com/l/message/{conversation}/{quote(message_id, safe='')}"
        f"?tenantId={quote(turn.tenant_id, safe='')}"
    )


async def show_decision(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """'Show D4' on the decision log: post that decision's card (this tenant's only)."""
    decision_id = int_field(data, "decision")
    if decision_id is None:
        raise InvalidInput("this button does not say which decision to show")
    # NotFound for other tenants' decisions
    decision = await pools.request(turn.ws.get_decision, decision_id)
    if decision.place.private and decision.place.channel_id != turn.conversation_id:
        raise NotFound(N_("no decision with id {id}"), id=decision_id)
    card = await pools.request(decision_card, turn, decision)
    await ctx.send(card_message(card))
    return message_response(t(turn.lang, "Decision D{id} is in the chat.", id=decision.id))


async def customer_voice(ctx: Context, turn: Turn, data: Mapping[str, Any]) -> Response:
    """'Did the customer have a voice?' answered on the meeting summary."""
    chair = await pools.request(_chair_of, turn, data)
    voice = text_field(data, "voice")
    session = await pools.request(turn.ws.record_voice, chair.session.id, voice)
    decisions = await pools.request(meeting_decisions, turn.ws, session)
    card = render_meeting_summary(session, decisions, voice=voice, lang=turn.lang)
    await _replace_for_everyone(ctx, card)
    return card_response(card)


HANDLERS: dict[str, Handler] = {
    VERB_ASK: ask,
    VERB_ANOTHER_VOICE: another_voice,
    VERB_DECISION_FORM: decision_form,
    VERB_DECISION_SUBMIT: decision_submit,
    VERB_SHOW_DECISION: show_decision,
    VERB_CUSTOMER_VOICE: customer_voice,
    VERB_REVIEW_ANSWER: review_answer,
    VERB_OUTCOME_SUBMIT: outcome_submit,
}
