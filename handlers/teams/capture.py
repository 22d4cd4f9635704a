"""The message action "Save as customer feedback": a private form, then a private reply.

Nothing is posted to the conversation: the form opens in a dialog only the user sees,
and the confirmation closes it.
"""

from __future__ import annotations

from typing import Any

from microsoft_teams.api.activities.invoke.message_extension import (
    MessageExtensionFetchTaskInvokeActivity,
    MessageExtensionSubmitActionInvokeActivity,
)
from microsoft_teams.api.models import MessagingExtensionActionResponse
from microsoft_teams.apps import ActivityContext

from bot.errors import InvalidInput
from bot.i18n import N_, t
from handlers import pools
from handlers.teams.cards import SAVE_FEEDBACK_COMMAND, SUBMIT_FEEDBACK
from handlers.teams.commands import plain_text
from handlers.teams.forms import FeedbackForm, render_feedback_form
from handlers.teams.replies import dialog_card, dialog_message, sentence
from handlers.teams.turns import Turn


async def error_response(text: str) -> MessagingExtensionActionResponse:
    """How an error is shown: a message in the dialog."""
    return dialog_message(text)


def _check_command(command_id: str | None) -> None:
    if command_id != SAVE_FEEDBACK_COMMAND:
        raise InvalidInput(N_("unknown message action {name!r}"), name=str(command_id)[:40])


def open_form(
    ctx: ActivityContext[MessageExtensionFetchTaskInvokeActivity], turn: Turn
) -> MessagingExtensionActionResponse:
    """The form, pre-filled with the text of and a link to the message it was opened on."""
    value = ctx.activity.value
    _check_command(value.command_id)
    message = value.message_payload
    text, url = "", ""
    if message is not None:
        body = message.body
        text = plain_text(body.content or "") if body is not None else ""
        url = message.link_to_message or ""
    form = render_feedback_form(FeedbackForm(text=text, url=url), lang=turn.lang)
    return dialog_card(t(turn.lang, "Save as customer feedback"), form)


async def submit_form(
    ctx: ActivityContext[MessageExtensionSubmitActionInvokeActivity], turn: Turn
) -> MessagingExtensionActionResponse:
    """Store the snippet; an invalid one reopens the form with the reason."""
    value = ctx.activity.value
    _check_command(value.command_id)
    data: Any = value.data
    if not isinstance(data, dict) or data.get("action") != SUBMIT_FEEDBACK:
        raise InvalidInput("this form is out of date; open Save as customer feedback again")
    form = FeedbackForm.from_data(data)
    try:
        snippet, is_new = await pools.request(
            turn.ws.add_feedback, form.feedback_input(captured_by=turn.user_id)
        )
    except InvalidInput as exc:
        card = render_feedback_form(form, error=sentence(exc.localized(turn.lang)), lang=turn.lang)
        return dialog_card(t(turn.lang, "Save as customer feedback"), card)
    if not is_new:
        return dialog_message(
            t(turn.lang, "That snippet is already saved as F{id}.", id=snippet.id)
        )
    return dialog_message(
        t(
            turn.lang,
            "Saved as customer feedback F{id}. It will be cited when someone asks what's better "
            "for the customer.",
            id=snippet.id,
        )
    )
