"""Reviews in Slack: the owner's direct message, its three buttons and the outcome form."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import InvalidInput
from bot.i18n import N_, normalize, t
from bot.reviews import DueReview
from handlers.platform import Delivery
from handlers.slack import ids, kit
from handlers.slack.errors import field_error, slack_error_code
from handlers.slack.modals import notice_modal
from handlers.slack.render import outcome_text
from handlers.slack.review_views import (
    outcome_modal,
    outcome_values,
    review_answered_blocks,
    review_message_blocks,
)
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

#: Slack user ids (members, and Enterprise Grid's W ids).
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
#: users.info / conversations.open errors that mean the person is not there any more.
GONE = frozenset({"user_not_found", "user_disabled", "account_inactive"})


def register(app: App, bot: SlackBot) -> None:
    """Attach the review listeners."""
    for action_id in ids.REVIEW_RESULT_BY_ACTION:
        app.action(action_id)(guarded(bot, review_answered))
    app.view(ids.OUTCOME_MODAL)(guarded(bot, outcome_submitted))


def send_review(client: WebClient, due: DueReview) -> Delivery:
    """DM the decision's owner (conversations.open + chat.postMessage) from the bot.

    An owner Slack does not know any more, or a deactivated one, is `RECIPIENT_GONE`;
    an owner that is no Slack user id (typed by hand in the CLI) cannot be reached.
    """
    owner = (due.decision.owner or "").strip()
    if not _USER_ID.match(owner):
        logger.warning("review of D%s: owner %r is not a Slack user", due.decision.id, owner)
        return Delivery.GIVE_UP
    try:
        data = client.users_info(user=owner, include_locale=True).data
    except SlackApiError as exc:
        if slack_error_code(exc) in GONE:
            return Delivery.RECIPIENT_GONE
        raise
    info = data.get("user") if isinstance(data, dict) else None
    if not isinstance(info, dict) or info.get("deleted"):
        return Delivery.RECIPIENT_GONE
    if info.get("is_bot"):
        return Delivery.GIVE_UP
    opened = client.conversations_open(users=owner).data
    channel = opened.get("channel") if isinstance(opened, dict) else None
    channel_id = channel.get("id") if isinstance(channel, dict) else None
    if not channel_id:
        raise RuntimeError("conversations.open returned no channel")
    lang = normalize(info.get("locale"))
    blocks = review_message_blocks(due, lang)
    text = t(lang, "Time to review D{id}: {title}", id=due.decision.id, title=due.decision.title)
    client.chat_postMessage(
        channel=str(channel_id), blocks=kit.message(blocks), text=kit.plain_fallback(text)
    )
    return Delivery.SENT


def _owned_decision(turn: Turn, decision_id: int) -> int:
    """The decision id, if this user owns it (only the owner answers its review)."""
    decision = turn.ws.get_decision(decision_id)
    if decision.owner and decision.owner != turn.user_id:
        raise InvalidInput(N_("Only the decision's owner records its outcome."), field="owner")
    return decision.id


def review_answered(turn: Turn) -> None:
    """A button on the review DM: *Too early* is recorded at once; the others open the form."""
    result = ids.REVIEW_RESULT_BY_ACTION[str(turn.action.get("action_id"))]
    decision_id = _owned_decision(turn, turn.action_number())
    channel_id = turn.channel_id
    message_ts = turn.message_ts
    if result == "too-early":
        decision = turn.ws.record_outcome(decision_id, turn.user_id, "too-early")
        turn.ack()
        turn.later(lambda t_: _update_dm(t_, channel_id, message_ts, decision_id))
        return
    decision = turn.ws.get_decision(decision_id)
    meta = {"c": channel_id, "ts": message_ts}
    turn.ack()
    turn.later(lambda t_: t_.open_modal(outcome_modal(decision, result, meta, t_.lang)))


def outcome_submitted(turn: Turn) -> None:
    """The outcome form: record it (once per form), then update the review DM."""
    meta = turn.metadata
    decision_id = meta.get("d")
    result = meta.get("r")
    if not isinstance(decision_id, int) or not isinstance(result, str):
        raise InvalidInput("this form is out of date; open it again from the review message")
    _owned_decision(turn, decision_id)
    note, step = outcome_values(turn.values)
    try:
        # A repeated submit (double click, retry) records nothing new: the core sees no change.
        decision = turn.ws.record_outcome(
            decision_id, turn.user_id, result, note=note, next_step=step
        )
    except InvalidInput as exc:
        block = ids.OUTCOME_NEXT_BLOCK if exc.field == "next_step" else ids.OUTCOME_NOTE_BLOCK
        turn.ack(response_action="errors", errors={block: field_error(exc, turn.lang)})
        return
    done = notice_modal(
        t(turn.lang, "Outcome recorded"), kit.md(outcome_text(decision, turn.lang) or ""), turn.lang
    )
    turn.ack(response_action="update", view=kit.view(done))
    channel_id, message_ts = meta.get("c"), meta.get("ts")
    if isinstance(channel_id, str) and isinstance(message_ts, str):
        turn.later(lambda t_: _update_dm(t_, channel_id, message_ts, decision_id))


def _update_dm(turn: Turn, channel_id: str | None, message_ts: str, decision_id: int) -> None:
    """Show the answer in the review message itself."""
    if not channel_id:
        return
    decision = turn.ws.get_decision(decision_id)
    try:
        turn.client.chat_update(
            channel=channel_id,
            ts=message_ts,
            blocks=kit.message(review_answered_blocks(decision, turn.lang)),
            text=kit.plain_fallback(outcome_text(decision, turn.lang) or decision.title),
        )
    except SlackApiError as exc:
        logger.warning("could not update the review message: %s", slack_error_code(exc))
