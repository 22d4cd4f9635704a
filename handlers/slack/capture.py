"""Private capture of customer feedback: `/feedback TEXT` and the message shortcut."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.errors import InvalidInput
from bot.feedback import FeedbackInput
from bot.i18n import t
from handlers.slack import ids, kit
from handlers.slack.errors import field_error, slack_error_code
from handlers.slack.modals import FeedbackPrefill, feedback_input, feedback_modal, notice_modal
from handlers.slack.render import feedback_saved_text
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

FEEDBACK_FIELDS = ("text", "customer", "segment", "source")


def register(app: App, bot: SlackBot) -> None:
    """Attach the capture listeners."""
    app.command("/feedback")(guarded(bot, feedback_command))
    app.shortcut(ids.SAVE_FEEDBACK_SHORTCUT)(guarded(bot, save_message_shortcut))
    app.view(ids.FEEDBACK_MODAL)(guarded(bot, feedback_submitted))


def feedback_command(turn: Turn) -> None:
    """`/feedback TEXT` saves at once; `/feedback` alone opens the capture form."""
    if not turn.text.strip():
        turn.ack()
        turn.later(
            lambda later: later.open_modal(
                feedback_modal(FeedbackPrefill(channel_id=later.channel_id), later.lang)
            )
        )
        return
    item, is_new = turn.ws.add_feedback(
        FeedbackInput(text=turn.text, source="slack", captured_by=turn.user_id)
    )
    turn.ack(text=feedback_saved_text(item, is_new, turn.lang), response_type="ephemeral")


def save_message_shortcut(turn: Turn) -> None:
    """The Save customer feedback shortcut: the form, pre-filled with the message."""
    turn.ack()
    turn.later(_open_prefilled)


def _open_prefilled(turn: Turn) -> None:
    message = turn.body.get("message") or {}
    channel = turn.body.get("channel") or {}
    prefill = FeedbackPrefill(
        text=kit.unescape(str(message.get("text") or "")),
        permalink=_permalink(turn, channel.get("id"), message.get("ts")),
    )
    turn.open_modal(feedback_modal(prefill, turn.lang))


def feedback_submitted(turn: Turn) -> None:
    """Save the snippet (with the message's permalink) and confirm inside the modal."""
    url = turn.metadata.get("u") if isinstance(turn.metadata.get("u"), str) else None
    try:
        item, is_new = turn.ws.add_feedback(
            feedback_input(turn.values, captured_by=turn.user_id, url=url)
        )
    except InvalidInput as exc:
        block = exc.field if exc.field in FEEDBACK_FIELDS else "text"
        turn.ack(response_action="errors", errors={block: field_error(exc, turn.lang)})
        return
    confirmation = notice_modal(
        t(turn.lang, "Feedback saved"), feedback_saved_text(item, is_new, turn.lang), turn.lang
    )
    turn.ack(response_action="update", view=kit.view(confirmation))


def _permalink(turn: Turn, channel_id: object, ts: object) -> str | None:
    """The message's permalink, or None when there is no message or Slack won't say."""
    if not isinstance(channel_id, str) or not isinstance(ts, str):
        return None
    try:
        data = turn.client.chat_getPermalink(channel=channel_id, message_ts=ts).data
    except SlackApiError as exc:
        logger.info("chat.getPermalink failed: %s", slack_error_code(exc))
        return None
    permalink = data.get("permalink") if isinstance(data, dict) else None
    return permalink if isinstance(permalink, str) else None
