"""The optional model-written answer in Teams: the card is sent first, then updated in place."""

from __future__ import annotations

import logging
from typing import Any

from microsoft_teams.apps import ActivityContext

from bot.i18n import normalize
from bot.models import Answer
from handlers import pools
from handlers.teams.cards import render_answer
from handlers.teams.replies import card_message
from handlers.teams.turns import Turn

logger = logging.getLogger(__name__)

#: How long a Teams answer waits for the model before the deterministic card stays.
BUDGET_SECONDS = 8.0


async def update_card(
    ctx: ActivityContext[Any], turn: Turn, answer: Answer, message_id: str | None
) -> None:
    """Replace the sent answer card with one that leads with the model's words (updateActivity).

    The model is called on the slow pool, so the event loop keeps serving other chats.
    """
    if not message_id:
        return
    synthesis = await pools.slow(turn.ws.synthesize, answer, budget=BUDGET_SECONDS)
    if synthesis is None:
        return
    try:
        await ctx.send(
            card_message(
                render_answer(answer, normalize(answer.language), synthesis), replace=message_id
            )
        )
    except Exception:  # the deterministic card stays; the failure is logged, not shown
        logger.warning("Teams: could not update answer card %s", message_id, exc_info=True)
