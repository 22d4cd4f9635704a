"""The empty chair in a Teams chat: start, end, the summary, and reminders that start it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from microsoft_teams.apps import ActivityContext

from bot.conversations import ConversationRef
from bot.errors import NotFound
from bot.i18n import N_, normalize, translated
from bot.models import MeetingSession, Reminder
from bot.sessions import MAX_TOPIC
from bot.text import one_line, truncate
from bot.workspace import Workspace
from handlers import pools
from handlers.teams.cards import SummaryDecision, render_chair, render_meeting_summary
from handlers.teams.replies import card_message
from handlers.teams.turns import PLATFORM, Turn

if TYPE_CHECKING:
    from handlers.teams.bot import TeamsBot

logger = logging.getLogger(__name__)

ALREADY_RUNNING = N_("The empty chair is already in this chat; here is its card again.")


def meeting_decisions(ws: Workspace, session: MeetingSession) -> list[SummaryDecision]:
    """The decisions logged in the session's chat since it started."""
    found = ws.decisions_in_channel(PLATFORM, session.channel_id, session.started_at)
    return [
        SummaryDecision(
            d.id, d.title, d.customer_impact, d.has_customer_evidence, d.feedback_removed
        )
        for d in found
    ]


def _topic(title: str | None) -> str | None:
    return truncate(one_line(title), MAX_TOPIC) if title else None


async def start(
    ctx: ActivityContext[Any], turn: Turn, topic: str | None, *, automatic: bool
) -> None:
    """Post the empty-chair card (again, with a note, when it is already running)."""
    host = None if automatic else turn.user_id
    started = await pools.request(
        turn.ws.start_session,
        PLATFORM,
        turn.conversation_id,
        host=host,
        topic=_topic(topic) if automatic else topic,
    )
    if automatic and not started.created:
        return  # a meeting started while the chair was already here: nothing new to say
    note = None if started.created else translated(turn.lang, ALREADY_RUNNING)
    sent = await ctx.send(card_message(render_chair(started.card, note=note, lang=turn.lang)))
    await pools.request(turn.ws.set_card_ref, started.card.session.id, sent.id)


async def end(ctx: ActivityContext[Any], turn: Turn, *, automatic: bool) -> None:
    """End the chair: post the meeting's summary and retire its card."""
    try:
        session = await pools.request(turn.ws.end_session, PLATFORM, turn.conversation_id)
    except NotFound:
        if automatic:
            return  # a meeting ended in a chat where nobody started the chair
        raise
    decisions = await pools.request(meeting_decisions, turn.ws, session)
    summary = render_meeting_summary(session, decisions, lang=turn.lang)
    await ctx.send(card_message(summary))
    if session.card_ref:
        chair = await pools.request(turn.ws.chair_card, session.id)
        ended = render_chair(chair, ended=True, lang=turn.lang)
        try:
            await ctx.send(card_message(ended, replace=session.card_ref))
        except Exception:
            # The summary is out; a chair card we cannot update is only cosmetic.
            logger.warning(
                "Teams: could not retire the chair card %s", session.card_ref, exc_info=True
            )


async def start_proactively(
    bot: TeamsBot, ws: Workspace, ref: ConversationRef, reminder: Reminder
) -> None:
    """A reminder is due: start the chair in its chat and post the card there."""
    started = await pools.request(
        ws.start_session,
        PLATFORM,
        reminder.channel_id,
        host=reminder.created_by,
        topic=reminder.topic,
    )
    # The chat's language: the locale of the last activity that came from it.
    lang = normalize(str(ref.data.get("locale") or ""))
    note = None if started.created else translated(lang, ALREADY_RUNNING)
    message_id = await bot.post(ref, render_chair(started.card, note=note, lang=lang))
    await pools.request(ws.set_card_ref, started.card.session.id, message_id)


async def post_summary(
    bot: TeamsBot, ws: Workspace, ref: ConversationRef, session: MeetingSession
) -> None:
    """The summary of a session the scheduler ended, posted proactively to its chat."""
    lang = normalize(str(ref.data.get("locale") or ""))
    decisions = await pools.request(meeting_decisions, ws, session)
    await bot.post(ref, render_meeting_summary(session, decisions, lang=lang))
