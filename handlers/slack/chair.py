"""The empty chair in a meeting: `/emptychair start|end|remind|reminders|help` and its buttons."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.errors import InvalidInput
from bot.i18n import N_, t, translated
from bot.models import MeetingSession
from bot.reminders import RemindRequest, split_remind
from bot.sessions import ChairCard
from bot.workspace import Workspace
from handlers.slack import ids, kit
from handlers.slack.digest import digest_command
from handlers.slack.errors import SLACK_ERRORS, slack_error_code
from handlers.slack.render import (
    chair_card_blocks,
    chair_fallback,
    help_blocks,
    reminder_added_text,
    reminders_blocks,
    session_end_blocks,
)
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

PLATFORM = "slack"
REMIND_USAGE = N_(
    "Usage: `/emptychair remind <weekday> <HH:MM> [timezone] [topic]`, e.g. "
    "`/emptychair remind monday 09:30 Europe/Warsaw pricing`. Without a time zone I use yours."
)
#: Unpinning or updating an old card may fail harmlessly for these reasons.
GONE = {"no_pin", "message_not_found", "not_pinned", "cant_update_message", "channel_not_found"}


def register(app: App, bot: SlackBot) -> None:
    """Attach the empty-chair listeners."""
    app.command("/emptychair")(guarded(bot, emptychair_command))
    app.action(ids.CHAIR_ANOTHER_VOICE)(guarded(bot, another_voice))
    for action_id in ids.VOICE_BY_ACTION:
        app.action(action_id)(guarded(bot, voice_answered))
    app.action(ids.REMINDER_DELETE)(guarded(bot, delete_reminder))


def emptychair_command(turn: Turn) -> None:
    """Route `/emptychair SUBCOMMAND ...`."""
    sub, _, rest = turn.text.strip().partition(" ")
    sub = sub.lower()
    if sub == "start":
        start(turn, rest)
    elif sub in ("end", "stop"):
        end(turn)
    elif sub == "remind":
        remind(turn, rest)
    elif sub == "reminders":
        list_reminders(turn)
    elif sub == "digest":
        digest_command(turn, rest)
    elif sub in ("", "help"):
        turn.ack(
            blocks=kit.message(help_blocks(turn.lang)),
            text=t(turn.lang, "Empty Chair help"),
            response_type="ephemeral",
        )
    else:
        text = t(
            turn.lang,
            "I don't know `/emptychair {command}`. Try `/emptychair help`.",
            command=kit.md(sub, 50),
        )
        turn.ack(text=text, response_type="ephemeral")


def _channel(turn: Turn) -> str:
    if not turn.channel_id:
        raise InvalidInput("run this command in a channel")
    return turn.channel_id


def start_in_channel(
    ws: Workspace,
    client: WebClient,
    channel_id: str,
    *,
    host: str | None,
    topic: str | None,
    lang: str,
) -> ChairCard | None:
    """Start a session and post its pinned card; None when the chair was already there."""
    started = ws.start_session(PLATFORM, channel_id, host=host, topic=topic)
    if not started.created:
        return None
    post_card(ws, client, started.card, lang)
    return started.card


def post_card(ws: Workspace, client: WebClient, card: ChairCard, lang: str) -> None:
    """Post a new session's card and pin it.

    If the card cannot be posted the session is ended again, so a retry starts afresh.
    A card that cannot be pinned stays posted (and the pin's error is raised).
    """
    channel_id = card.session.channel_id
    try:
        data = client.chat_postMessage(
            channel=channel_id,
            blocks=kit.message(chair_card_blocks(card, lang=lang)),
            text=chair_fallback(card, lang),
        ).data
    except SlackApiError:
        ws.end_session(PLATFORM, channel_id)
        raise
    assert isinstance(data, dict)
    ts = str(data["ts"])
    ws.set_card_ref(card.session.id, ts)
    try:
        client.pins_add(channel=channel_id, timestamp=ts)
    except SlackApiError as exc:
        if slack_error_code(exc) != "already_pinned":
            raise


def start(turn: Turn, topic: str) -> None:
    """`/emptychair start [topic]`: post the card and pin it."""
    started = turn.ws.start_session(PLATFORM, _channel(turn), host=turn.user_id, topic=topic)
    if not started.created:
        turn.ack(
            text=t(
                turn.lang, "The empty chair is already in this meeting. `/emptychair end` ends it."
            ),
            response_type="ephemeral",
        )
        return
    turn.ack()

    def post(turn: Turn) -> None:
        try:
            post_card(turn.ws, turn.client, started.card, turn.lang)
        except SlackApiError as exc:
            code = slack_error_code(exc)
            if code in ("not_pinnable", "too_many_pins"):  # the card is there, not pinned
                turn.tell(translated(turn.lang, SLACK_ERRORS[code]))
                return
            raise

    turn.later(post)


def end(turn: Turn) -> None:
    """`/emptychair end`: unpin the card, sum up the meeting, ask if the customer had a voice."""
    channel_id = _channel(turn)
    session = turn.ws.end_session(PLATFORM, channel_id)
    turn.ack()
    turn.later(lambda later: sum_up(later.ws, later.client, session, later.lang))


def sum_up(ws: Workspace, client: WebClient, session: MeetingSession, lang: str) -> None:
    """After a session ended: retire its card and post the summary in its channel."""
    if session.card_ref:
        _retire_card(ws, client, session, lang)
    decisions, removed = decisions_of(ws, session)
    blocks = session_end_blocks(session, decisions, removed=removed, lang=lang)
    client.chat_postMessage(
        channel=session.channel_id, blocks=kit.message(blocks), text=t(lang, "Meeting over")
    )


def decisions_of(
    ws: Workspace, session: MeetingSession
) -> tuple[list[tuple[int, str, str | None]], dict[int, tuple[int, ...]]]:
    """(id, title, permalink) of the decisions logged in the session's channel since it began,
    and the cited snippets of each deleted at the customer's request."""
    found = ws.decisions_in_channel(PLATFORM, session.channel_id, session.started_at)
    removed = {d.id: d.feedback_removed for d in found if d.feedback_removed}
    return [(d.id, d.title, d.place.permalink) for d in found], removed


def _retire_card(ws: Workspace, client: WebClient, session: MeetingSession, lang: str) -> None:
    assert session.card_ref is not None
    card = ws.chair_card(session.id)
    for call, kwargs in (
        (client.pins_remove, {"timestamp": session.card_ref}),
        (
            client.chat_update,
            {
                "ts": session.card_ref,
                "blocks": kit.message(chair_card_blocks(card, ended=True, lang=lang)),
                "text": chair_fallback(card, lang),
            },
        ),
    ):
        try:
            call(channel=session.channel_id, **kwargs)
        except SlackApiError as exc:
            if slack_error_code(exc) not in GONE:
                raise


def another_voice(turn: Turn) -> None:
    """The card's Another customer voice button: the card, updated in place, quotes someone else."""
    turn.ack()
    turn.later(_another_voice)


def _another_voice(turn: Turn) -> None:
    card = turn.ws.another_voice(turn.action_number())
    turn.client.chat_update(
        channel=card.session.channel_id,
        ts=turn.message_ts,
        blocks=kit.message(chair_card_blocks(card, lang=turn.lang)),
        text=chair_fallback(card, turn.lang),
    )


def voice_answered(turn: Turn) -> None:
    """Yes / Partly / No: record whether the customer had a voice."""
    turn.ack()
    turn.later(_record_voice)


def _record_voice(turn: Turn) -> None:
    voice = ids.VOICE_BY_ACTION[str(turn.action.get("action_id"))]
    session = turn.ws.record_voice(turn.action_number(), voice)
    decisions, removed = decisions_of(turn.ws, session)
    blocks = session_end_blocks(
        session, decisions, voice=voice, voice_by=turn.user_id, removed=removed, lang=turn.lang
    )
    turn.client.chat_update(
        channel=session.channel_id,
        ts=turn.message_ts,
        blocks=kit.message(blocks),
        text=t(turn.lang, "Meeting over"),
    )


def remind(turn: Turn, rest: str) -> None:
    """`/emptychair remind <weekday> <HH:MM> [timezone] [topic]` (default: the user's zone)."""
    channel_id = _channel(turn)
    request = split_remind(rest)
    if request is None:
        turn.ack(text=translated(turn.lang, REMIND_USAGE), response_type="ephemeral")
        return
    turn.ack()
    turn.later(lambda later: _add_reminder(later, channel_id, request))


def _add_reminder(turn: Turn, channel_id: str, request: RemindRequest) -> None:
    default_tz = "UTC"
    if request.timezone is None and turn.user_id:
        who = turn.bot.directory.user(turn.client, turn.team, turn.user_id)
        default_tz = (who.tz if who else None) or "UTC"
    reminder = turn.ws.add_reminder(
        PLATFORM,
        channel_id,
        request.weekday,
        request.time,
        request.timezone,
        default_tz=default_tz,
        topic=request.topic,
        created_by=turn.user_id,
    )
    turn.tell(reminder_added_text(reminder, turn.lang))


def list_reminders(turn: Turn) -> None:
    """`/emptychair reminders`: this channel's reminders with Delete buttons."""
    channel_id = _channel(turn)
    reminders = turn.ws.reminders(PLATFORM, channel_id)
    turn.ack(
        blocks=kit.message(reminders_blocks(reminders, channel_id, turn.lang)),
        text=t(turn.lang, "Reminders"),
        response_type="ephemeral",
    )


def delete_reminder(turn: Turn) -> None:
    """A reminder's Delete button."""
    turn.ack()
    turn.later(_delete_reminder)


def _delete_reminder(turn: Turn) -> None:
    channel_id = _channel(turn)
    turn.ws.delete_reminder(turn.action_number(), channel_id)
    blocks = reminders_blocks(turn.ws.reminders(PLATFORM, channel_id), channel_id, turn.lang)
    if turn.args.respond is not None and turn.context.response_url:
        turn.args.respond(
            blocks=kit.message(blocks), text=t(turn.lang, "Reminders"), replace_original=True
        )
    else:
        turn.tell(t(turn.lang, "Reminder deleted."), blocks)
