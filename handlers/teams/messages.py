"""Text messages to the bot: `ask`, `start`, `end`, `remind`, `decisions`, `help`."""

from __future__ import annotations

from microsoft_teams.api.activities.message import MessageActivity
from microsoft_teams.api.activities.utils import StripMentionsTextOptions, strip_mentions_text
from microsoft_teams.apps import ActivityContext

from bot.errors import InvalidInput
from bot.i18n import N_, normalize, t, translated
from bot.reminders import describe, split_remind
from bot.text import MAX_QUESTION_CHARS
from handlers import pools
from handlers.teams import meetings, model_answer
from handlers.teams.cards import esc_message, render_answer, render_decision_list
from handlers.teams.commands import Command, help_text, parse, plain_text, unknown_reply
from handlers.teams.digest import digest_command
from handlers.teams.replies import card_message
from handlers.teams.report import report_message
from handlers.teams.review_cards import render_review_queue
from handlers.teams.turns import PLATFORM, Turn

#: Longer messages are refused before anything else is done with them.
MAX_MESSAGE_CHARS = 4 * MAX_QUESTION_CHARS

WELCOME = N_(
    "Hello! I'm **Empty Chair**: I keep the customer in the room when your team decides. "
    "Ask me `ask Should we start charging for returns?`, or type `help`."
)
REMIND_USAGE = N_(
    "Use `remind <weekday> <HH:MM> [time zone] [topic]`, e.g. "
    "`remind monday 09:30 Europe/Warsaw pricing`; "
    "`remind list` shows this chat's reminders and `remind delete ID` stops one."
)


def message_text(activity: MessageActivity) -> str:
    """The message without the mention of the bot, as plain text."""
    options = StripMentionsTextOptions(account_id=activity.recipient.id)
    return plain_text(strip_mentions_text(activity, options) or "")


async def on_message(ctx: ActivityContext[MessageActivity], turn: Turn) -> None:
    """Answer one message (a retried delivery of the same message is answered once)."""
    raw = ctx.activity.text or ""
    if len(raw) > MAX_MESSAGE_CHARS:
        raise InvalidInput(
            "that message is too long for me ({length} characters); ask in at most "
            "{limit} characters",
            length=f"{len(raw):,}",
            limit=f"{MAX_QUESTION_CHARS:,}",
        )
    if not await pools.request(turn.ws.first_time, turn.key("message", turn.activity_id)):
        return
    command = parse(message_text(ctx.activity), mentioned=not turn.personal)
    await run(ctx, turn, command)


async def run(ctx: ActivityContext[MessageActivity], turn: Turn, command: Command) -> None:
    """Carry out a parsed command."""
    if command.verb == "ask":
        if not command.argument:
            await ctx.send(
                t(
                    turn.lang,
                    "What's the question? For example: `ask Should we start charging for returns?`",
                )
            )
            return
        answer = await pools.answer(turn.ask, command.argument)
        sent = await ctx.send(card_message(render_answer(answer, normalize(answer.language))))
        if await pools.request(turn.ws.llm_active):
            await model_answer.update_card(ctx, turn, answer, sent.id)
    elif command.verb == "start":
        await meetings.start(ctx, turn, command.argument or None, automatic=False)
    elif command.verb == "end":
        await meetings.end(ctx, turn, automatic=False)
    elif command.verb == "remind":
        await ctx.send(await pools.request(remind, turn, command.argument))
    elif command.verb == "decisions":
        search = command.argument or None
        # Decisions logged in private chats are shown only in the chat they came from.
        found = await pools.request(
            turn.ws.list_decisions,
            search=search,
            limit=50,
            visible_channels={turn.conversation_id},
        )
        await ctx.send(card_message(render_decision_list(found, search=search, lang=turn.lang)))
    elif command.verb == "review":
        queue = await pools.request(turn.ws.review_queue, visible_channels={turn.conversation_id})
        await ctx.send(card_message(render_review_queue(queue, turn.lang)))
    elif command.verb == "digest":
        await ctx.send(await pools.request(digest_command, turn, command.argument, turn.lang))
    elif command.verb == "report":
        await ctx.send(await pools.request(report_message, turn, command.argument, turn.lang))
    elif command.verb == "help":
        await ctx.send(help_text(turn.lang))
    else:
        await ctx.send(unknown_reply(command, turn.lang))


def remind(turn: Turn, argument: str) -> str:
    """`remind ...`: add, list or delete this chat's weekly reminders (blocking: run it on
    `pools.request`)."""
    lang = turn.lang
    words = argument.split()
    if not words:
        return translated(lang, REMIND_USAGE)
    if words[0].lower() == "list":
        found = turn.ws.reminders(PLATFORM, turn.conversation_id)
        if not found:
            return t(lang, "This chat has no reminders.") + " " + translated(lang, REMIND_USAGE)
        return "\n".join(f"- **{r.id}**: {describe(r, lang)}" for r in found)
    if words[0].lower() in ("delete", "stop", "remove"):
        if len(words) != 2 or not words[1].lstrip("#").isdigit():
            return t(lang, "Which one? Use `remind delete ID` (see `remind list`).")
        gone = turn.ws.delete_reminder(int(words[1].lstrip("#")), turn.conversation_id)
        return t(lang, "Stopped reminder {id} ({when}).", id=gone.id, when=describe(gone, lang))
    request = split_remind(argument)
    if request is None:
        return translated(lang, REMIND_USAGE)
    reminder = turn.ws.add_reminder(
        PLATFORM,
        turn.conversation_id,
        request.weekday,
        request.time,
        request.timezone,
        default_tz=turn.timezone,
        created_by=turn.user_id,
        topic=request.topic,
    )
    if reminder.topic:
        return t(
            lang,
            "Reminder {id} set. {when} I'll put the empty chair into this chat. Topic: {topic}. "
            "`remind list` shows all reminders here.",
            id=reminder.id,
            when=describe(reminder, lang),
            topic=esc_message(reminder.topic),
        )
    return t(
        lang,
        "Reminder {id} set. {when} I'll put the empty chair into this chat. `remind list` "
        "shows all reminders here.",
        id=reminder.id,
        when=describe(reminder, lang),
    )
