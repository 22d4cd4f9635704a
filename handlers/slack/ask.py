"""What's better for the customer? `/customer`, @mentions, the ask modal and sharing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from slack_bolt import App

from bot.errors import InvalidInput
from bot.i18n import N_, normalize, t, translated
from bot.models import Answer
from handlers.slack import ids, kit, model_answer
from handlers.slack.errors import field_error, user_text
from handlers.slack.modals import answer_modal, ask_modal, ask_question
from handlers.slack.render import answer_blocks, answer_fallback, notice_blocks
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

_MENTION = re.compile(r"<@[A-Z0-9]+>")
MENTION_HELP = N_(
    "Ask me a question after the mention, e.g. _@Empty Chair should we start charging for returns?_"
)


def register(app: App, bot: SlackBot) -> None:
    """Attach the asking listeners."""
    app.command("/customer")(guarded(bot, customer_command))
    app.event("app_mention")(guarded(bot, mentioned))
    app.view(ids.ASK_MODAL)(guarded(bot, ask_submitted))
    app.action(ids.SHARE_ANSWER)(guarded(bot, share_answer))
    app.action(ids.CHAIR_ASK)(guarded(bot, open_ask))
    app.action(ids.HOME_ASK_INPUT)(guarded(bot, home_asked))


def language(answer: Answer) -> str:
    """The language an answer is written in (its question's; English when not spoken)."""
    return normalize(answer.language)


def customer_command(turn: Turn) -> None:
    """`/customer QUESTION`: the answer, only for the asker, in the ack itself (fast)."""
    if not turn.text.strip():
        open_ask(turn)
        return
    answer = turn.ask(turn.text)
    turn.ack(
        text=answer_fallback(answer),
        blocks=kit.message(answer_blocks(answer, asked_by=turn.user_id, lang=language(answer))),
        response_type="ephemeral",
    )
    if turn.ws.llm_active():  # the model's version replaces it later, never delaying the ack
        turn.later(
            lambda later: model_answer.replace_ephemeral(
                later,
                answer,
                lambda s: answer_blocks(
                    answer, asked_by=later.user_id, synthesis=s, lang=language(answer)
                ),
            )
        )


def mentioned(turn: Turn) -> None:
    """`@Empty Chair QUESTION`: the answer in the thread of the mention."""
    event = turn.body.get("event") or {}
    channel_id = str(event.get("channel") or "")
    thread = str(event.get("thread_ts") or event.get("ts") or "")
    question = kit.unescape(_MENTION.sub(" ", str(event.get("text") or ""))).strip()
    if not question:
        text = translated(turn.lang, MENTION_HELP)
        turn.post(channel_id, notice_blocks(text), text, thread_ts=thread)
        return
    try:
        answer = turn.ask(question)
    except InvalidInput as exc:
        text = user_text(exc, turn.lang)
        turn.post(channel_id, notice_blocks(text), text, thread_ts=thread)
        return
    ts = turn.post(
        channel_id,
        answer_blocks(answer, asked_by=turn.user_id, shareable=False, lang=language(answer)),
        answer_fallback(answer),
        thread_ts=thread,
    )
    if turn.ws.llm_active():  # events already run on a worker: wait for the model here
        model_answer.update_posted(
            turn,
            channel_id,
            ts,
            answer,
            lambda s: answer_blocks(
                answer, asked_by=turn.user_id, shareable=False, synthesis=s, lang=language(answer)
            ),
        )


def open_ask(turn: Turn) -> None:
    """The card's Ask the chair button opens the ask modal."""
    turn.ack()
    turn.later(lambda later: later.open_modal(ask_modal(later.channel_id, later.lang)))


def home_asked(turn: Turn) -> None:
    """A question typed in the Home tab's ask box: the answer opens in a modal."""
    turn.ack()
    answer = turn.ask(str(turn.action.get("value") or ""))
    turn.later(lambda later: _open_answer(later, answer))


def _open_answer(turn: Turn, answer: Answer) -> None:
    lang = language(answer)
    data = turn.client.views_open(
        trigger_id=turn.body["trigger_id"],
        view=kit.view(answer_modal(answer, None, turn.user_id, lang)),
    ).data
    view_id = str((data.get("view") or {}).get("id") or "") if isinstance(data, dict) else ""
    if turn.ws.llm_active():
        model_answer.update_view(
            turn, view_id, answer, lambda s: answer_modal(answer, None, turn.user_id, lang, s)
        )


def ask_submitted(turn: Turn) -> None:
    """The ask modal was submitted: show the answer in the modal."""
    try:
        answer = turn.ask(ask_question(turn.values))
    except InvalidInput as exc:
        errors = {ids.ASK_QUESTION_BLOCK: field_error(exc, turn.lang)}
        turn.ack(response_action="errors", errors=errors)
        return
    turn.ack(
        response_action="update",
        view=kit.view(answer_modal(answer, turn.channel_id, turn.user_id, language(answer))),
    )
    view_id = str(turn.view.get("id") or "")
    if turn.ws.llm_active():
        turn.later(
            lambda later: model_answer.update_view(
                later,
                view_id,
                answer,
                lambda s: answer_modal(
                    answer, later.channel_id, later.user_id, language(answer), s
                ),
            )
        )


def share_answer(turn: Turn) -> None:
    """The Share with channel button: post the same answer publicly, credited to the user."""
    turn.ack()
    turn.later(_share)


def _share(turn: Turn) -> None:
    question = str(turn.action.get("value") or "")
    if not turn.channel_id:
        turn.tell(
            t(turn.lang, "I can't tell which channel to share this in. Ask again with `/customer`.")
        )
        return
    answer = turn.ask(question)
    channel_id = turn.channel_id
    ts = turn.post(
        channel_id,
        answer_blocks(answer, shared_by=turn.user_id, shareable=False, lang=language(answer)),
        answer_fallback(answer),
    )
    container = turn.body.get("container") or {}
    if container.get("is_ephemeral") and turn.args.respond is not None:
        turn.args.respond(delete_original=True)
    if turn.ws.llm_active():
        model_answer.update_posted(
            turn,
            channel_id,
            ts,
            answer,
            lambda s: answer_blocks(
                answer, shared_by=turn.user_id, shareable=False, synthesis=s, lang=language(answer)
            ),
        )
