"""What the bot sends back, as the SDK's models; and the one place errors become user text.

Cards are rendered as plain JSON by `cards` and `forms`; here they become the SDK's
`AdaptiveCard` model, which validates them once more and serializes them unchanged.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from microsoft_teams.api.activities.message import MessageActivityInput
from microsoft_teams.api.models import (
    AdaptiveCardActionCardResponse,
    AdaptiveCardActionMessageResponse,
    Attachment,
    CardTaskModuleTaskInfo,
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
)
from microsoft_teams.cards import AdaptiveCard

from bot.errors import EmptyChairError
from bot.i18n import N_, translated
from handlers.teams.cards import CARD_CONTENT_TYPE, Card

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERIC_ERROR = N_(
    "Something went wrong on my side and nothing was saved. It has been logged; please try "
    "again in a moment."
)


def sentence(message: str) -> str:
    """A core error message as a sentence (they start in lower case)."""
    return message[:1].upper() + message[1:]


async def guarded(
    what: str,
    work: Callable[[], Awaitable[T]],
    on_error: Callable[[str], Awaitable[T]],
    lang: str,
) -> T:
    """Run a listener's work; an error becomes user text for `on_error`, and is logged.

    `EmptyChairError` messages are safe to show; anything else is logged with its
    traceback and the user gets a generic apology.
    """
    try:
        return await work()
    except EmptyChairError as exc:
        logger.info("Teams: %s refused: %s", what, exc.message)
        return await on_error(sentence(exc.localized(lang)))
    except Exception:
        logger.exception("Teams: %s failed", what)
        return await on_error(translated(lang, GENERIC_ERROR))


async def logged_only(text: str) -> None:
    """`on_error` for events nobody asked for: the error is logged, nobody is told."""
    del text


def sdk_card(card: Card) -> AdaptiveCard:
    """A rendered card as the SDK's model."""
    return AdaptiveCard.model_validate(card)


def card_message(card: Card, *, replace: str | None = None) -> MessageActivityInput:
    """A message carrying one card; with `replace`, an update of that message instead."""
    message = MessageActivityInput().add_card(sdk_card(card))
    if replace:
        message.id = replace
    return message


def card_response(card: Card) -> AdaptiveCardActionCardResponse:
    """Action.Execute answer: show this card in place of the one that was clicked."""
    return AdaptiveCardActionCardResponse(value=sdk_card(card))


def message_response(text: str) -> AdaptiveCardActionMessageResponse:
    """Action.Execute answer: a short message under the card, the card unchanged."""
    return AdaptiveCardActionMessageResponse(value=text)


def dialog_card(title: str, card: Card) -> MessagingExtensionActionResponse:
    """Message-extension answer: open (or keep open) a dialog with this card."""
    info = CardTaskModuleTaskInfo(
        title=title,
        width="medium",
        height="large",
        card=Attachment(content_type=CARD_CONTENT_TYPE, content=sdk_card(card)),
    )
    return MessagingExtensionActionResponse(task=TaskModuleContinueResponse(value=info))


def dialog_message(text: str) -> MessagingExtensionActionResponse:
    """Message-extension answer: close the dialog with a message only the user sees."""
    return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=text))
