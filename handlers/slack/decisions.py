"""The decision log in Slack: `/decision`, the decision modal, `/decisions`, evidence search."""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk.errors import SlackApiError

from bot.errors import InvalidInput
from bot.i18n import t
from bot.models import Decision, Feedback, Place, Principle
from bot.text import one_line, truncate
from handlers.slack import ids, kit
from handlers.slack.errors import field_error, slack_error_code, slack_error_text
from handlers.slack.modals import (
    DECISION_FIELDS,
    TITLE_CHARS,
    DecisionPrefill,
    decision_draft,
    decision_modal,
    feedback_option,
    notice_modal,
    principle_option,
)
from handlers.slack.render import (
    decision_card_blocks,
    decision_fallback,
    decision_list_blocks,
    decision_logged_text,
)
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

PLATFORM = "slack"
MAX_SEARCH = 200
LIST_LIMIT = 40
FEEDBACK_OPTIONS = 20
_ID = re.compile(r"^[#]?([PFpf])?(\d{1,9})$")


def register(app: App, bot: SlackBot) -> None:
    """Attach the decision-log listeners."""
    app.command("/decision")(guarded(bot, decision_command))
    app.command("/decisions")(guarded(bot, decisions_command))
    app.shortcut(ids.LOG_DECISION_SHORTCUT)(guarded(bot, log_message_shortcut))
    app.action(ids.CHAIR_LOG_DECISION)(guarded(bot, log_from_chair))
    app.action(ids.ANSWER_LOG_DECISION)(guarded(bot, log_from_answer))
    app.options(ids.PRINCIPLES_SELECT)(guarded(bot, principle_options))
    app.options(ids.FEEDBACK_SELECT)(guarded(bot, feedback_options))
    app.view(ids.DECISION_MODAL)(guarded(bot, decision_submitted))


def visible_channels(turn: Turn) -> set[str]:
    """The conversations the user can see (only public decisions if Slack won't say)."""
    if not turn.user_id:
        return set()
    try:
        return set(turn.bot.directory.visible_channels(turn.client, turn.team, turn.user_id))
    except SlackApiError as exc:
        logger.warning("users.conversations failed: %s", slack_error_code(exc))
        return set()


def open_decision_modal(turn: Turn, prefill: DecisionPrefill) -> None:
    """Open the decision modal, remembering the channel's name and privacy."""
    if prefill.channel_id:
        where = turn.bot.directory.conversation(turn.client, turn.team, prefill.channel_id)
        prefill = replace(prefill, channel_name=where.name, private=where.private)
    turn.open_modal(decision_modal(prefill, turn.lang))


def decision_command(turn: Turn) -> None:
    """`/decision [title]`: the decision modal, the title filled in."""
    title = one_line(turn.text)
    if len(title) > TITLE_CHARS:
        turn.ack(
            text=t(
                turn.lang,
                "A decision title can be at most {limit} characters (this one has {length}). "
                "Use a short title; the details go into the form.",
                limit=TITLE_CHARS,
                length=f"{len(title):,}",
            ),
            response_type="ephemeral",
        )
        return
    prefill = DecisionPrefill(title=title, owner=turn.user_id, channel_id=turn.channel_id)
    turn.ack()
    turn.later(lambda later: open_decision_modal(later, prefill))


def log_from_chair(turn: Turn) -> None:
    """The empty-chair card's Log a decision button (the decision joins the meeting)."""
    prefill = DecisionPrefill(
        owner=turn.user_id, channel_id=turn.channel_id, session_id=turn.action_number()
    )
    turn.ack()
    turn.later(lambda later: open_decision_modal(later, prefill))


def log_from_answer(turn: Turn) -> None:
    """An answer's Log a decision button: the modal, pre-filled with the question and the
    principle and snippets the answer cited (looked up in this workspace only)."""
    data = kit.decode_metadata(str(turn.action.get("value") or ""))
    question = one_line(str(data.get("q") or ""))
    principle_ids = [i for i in data.get("p") or [] if isinstance(i, int)][: kit.MAX_OPTIONS]
    feedback_ids = [i for i in data.get("f") or [] if isinstance(i, int)][: kit.MAX_OPTIONS]
    principles = turn.ws.get_principles(principle_ids)
    feedback = turn.ws.get_feedback(feedback_ids)
    context = t(turn.lang, "Question: {question}", question=question) if question else ""
    prefill = DecisionPrefill(
        context=context,
        owner=turn.user_id,
        channel_id=turn.channel_id,
        principles=[principles[i] for i in principle_ids if i in principles],
        feedback=[feedback[i] for i in feedback_ids if i in feedback],
    )
    turn.ack()
    turn.later(lambda later: open_decision_modal(later, prefill))


def log_message_shortcut(turn: Turn) -> None:
    """The Log as decision message shortcut: the modal, pre-filled from the message."""
    message = turn.body.get("message") or {}
    channel = turn.body.get("channel") or {}
    text = kit.unescape(str(message.get("text") or ""))
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    prefill = DecisionPrefill(
        title=truncate(one_line(first_line), TITLE_CHARS),
        context=text,
        owner=turn.user_id,
        channel_id=str(channel.get("id") or "") or None,
    )
    turn.ack()
    turn.later(lambda later: open_decision_modal(later, prefill))


def principle_options(turn: Turn) -> None:
    """Principles matching what the user typed (an id like P7, or words of its title)."""
    query = str(turn.body.get("value") or "").strip()
    found: list[Principle] = []
    match = _ID.match(query)
    if match and match.group(1) in (None, "P", "p"):
        found = list(turn.ws.get_principles([int(match.group(2))]).values())
    if not found:
        words = query.lower().split()
        found = [
            p
            for p in turn.ws.principles()
            if all(w in f"{p.title} {p.body} {' '.join(p.tags)}".lower() for w in words)
        ]
    turn.ack(options=[principle_option(p) for p in found[: kit.MAX_OPTIONS]])


def feedback_options(turn: Turn) -> None:
    """Feedback snippets matching what the user typed (an id like F12, or any words)."""
    query = str(turn.body.get("value") or "").strip()
    found: list[Feedback] = []
    match = _ID.match(query)
    if match and match.group(1) in (None, "F", "f"):
        found = list(turn.ws.get_feedback([int(match.group(2))]).values())
    if not found and query:
        try:
            found = [hit.feedback for hit in turn.ws.search_feedback(query, FEEDBACK_OPTIONS)]
        except InvalidInput:
            found = []
    turn.ack(options=[feedback_option(f) for f in found])


def decision_submitted(turn: Turn) -> None:
    """Record the decision (once, however often it is submitted), then post its card."""
    meta = turn.metadata
    channel_id = meta.get("c") if isinstance(meta.get("c"), str) else None
    session_id = meta.get("s") if isinstance(meta.get("s"), int) else None
    place = Place(
        platform=PLATFORM,
        channel_id=channel_id,
        channel_name=meta.get("n") if isinstance(meta.get("n"), str) else None,
        private=bool(meta.get("p", 1)),  # unknown privacy: show it only to members
    )
    try:
        draft = decision_draft(
            turn.values,
            place=place,
            created_by=turn.user_id,
            session_id=session_id,
            idempotency_key=f"slack:view:{turn.view.get('id')}",
        )
        decision = turn.ws.record_decision(draft)
    except InvalidInput as exc:
        if exc.field not in DECISION_FIELDS:
            raise
        turn.ack(response_action="errors", errors={str(exc.field): field_error(exc, turn.lang)})
        return
    confirmation = notice_modal(
        t(turn.lang, "Decision logged"),
        decision_logged_text(decision, channel_id, turn.lang),
        turn.lang,
    )
    turn.ack(response_action="update", view=kit.view(confirmation))
    # A double-clicked submit records one decision; post its card once, too.
    if channel_id and turn.ws.first_time(f"slack:decision-card:{decision.id}"):
        turn.later(lambda later: post_decision_card(later, decision, channel_id))


def post_decision_card(turn: Turn, decision: Decision, channel_id: str) -> None:
    """Post the decision's card in its channel and keep the card's permalink."""
    ws = turn.ws
    blocks = decision_card_blocks(
        decision,
        ws.get_principles(list(decision.principle_ids)),
        ws.get_feedback(list(decision.feedback_ids)),
        turn.lang,
    )
    try:
        ts = turn.post(channel_id, blocks, decision_fallback(decision, turn.lang))
    except SlackApiError as exc:
        turn.tell(
            t(
                turn.lang,
                "Logged D{id}, but I couldn't post it in the channel: {reason}",
                id=decision.id,
                reason=slack_error_text(exc, turn.lang),
            )
        )
        return
    data = turn.client.chat_getPermalink(channel=channel_id, message_ts=ts).data
    permalink = data.get("permalink") if isinstance(data, dict) else None
    if isinstance(permalink, str):
        ws.set_decision_permalink(decision.id, permalink, actor=turn.user_id)


def decisions_command(turn: Turn) -> None:
    """`/decisions [search]`: the log newest first, only what this user may see."""
    search = one_line(turn.text) or None
    if search and len(search) > MAX_SEARCH:
        turn.ack(
            text=t(
                turn.lang, "Search with a few words (at most {limit} characters).", limit=MAX_SEARCH
            ),
            response_type="ephemeral",
        )
        return
    turn.ack()

    def show(turn: Turn) -> None:
        found = turn.ws.list_decisions(
            search=search, visible_channels=visible_channels(turn), limit=LIST_LIMIT + 1
        )
        blocks = decision_list_blocks(found, search=search, limit=LIST_LIMIT, lang=turn.lang)
        turn.tell(t(turn.lang, "Decision log"), blocks)

    turn.later(show)
