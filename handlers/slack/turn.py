"""One Slack request being handled: its tenant, who and where, and how to answer them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

from slack_bolt.kwargs_injection.args import Args
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.answer.language import tells_language
from bot.errors import EmptyChairError, InvalidInput
from bot.i18n import normalize, translated
from bot.models import Answer
from bot.workspace import Workspace
from handlers.slack import kit
from handlers.slack.errors import UNEXPECTED, slack_error_code, slack_error_text, user_text
from handlers.slack.modals import notice_modal
from handlers.slack.render import notice_blocks

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

Handler = Callable[["Turn"], None]


class Turn:
    """The request, its workspace (tenant), the user and channel, and ways to reply."""

    def __init__(self, bot: SlackBot, args: Args) -> None:
        self.bot = bot
        self.args = args
        self.body: dict[str, Any] = args.body
        self.context = args.context
        self.client: WebClient = args.client
        self.team = self.context.enterprise_id or self.context.team_id or ""
        self.tenant = bot.settings.tenant_for("slack", self.team)
        self.ws = Workspace(bot.store, self.tenant, bot.settings)
        self.user_id: str | None = self.context.user_id
        self.metadata = kit.decode_metadata(self.view.get("private_metadata"))
        self.channel_id: str | None = self.context.channel_id or self.metadata.get("c")
        self.kind: str = self.body.get("type") or ("command" if "command" in self.body else "")

    @cached_property
    def locale(self) -> str | None:
        """The user's Slack locale (`pl-PL`; users.info with include_locale, cached)."""
        if not self.user_id:
            return None
        who = self.bot.directory.user(self.client, self.team, self.user_id)
        return who.locale if who else None

    @property
    def lang(self) -> str:
        """The language of what the bot says to this user (their locale's), else English."""
        return normalize(self.locale)

    def ask(self, question: str) -> Answer:
        """The answer in the question's language; the user's locale is looked up only when
        the question is too short to tell ("SSO?")."""
        locale = None if tells_language(question) else self.locale
        return self.ws.answer_for_customer(question, locale=locale)

    @property
    def view(self) -> dict[str, Any]:
        """The view of a view submission or of an action inside a modal ({} otherwise)."""
        view = self.body.get("view")
        return view if isinstance(view, dict) else {}

    @property
    def text(self) -> str:
        """The text typed after a slash command (Slack's escaping decoded once)."""
        return kit.unescape(str(self.body.get("text") or ""))

    @property
    def action(self) -> dict[str, Any]:
        """The first action of a block_actions request."""
        actions = self.body.get("actions") or [{}]
        return actions[0] if isinstance(actions[0], dict) else {}

    @property
    def message_ts(self) -> str:
        """The ts of the message a button was clicked on."""
        container = self.body.get("container") or {}
        message = self.body.get("message") or {}
        ts = container.get("message_ts") or message.get("ts")
        if not ts:
            raise InvalidInput("that button is not on a message any more")
        return str(ts)

    def action_number(self) -> int:
        """The number a button carries (a session or reminder id)."""
        value = str(self.action.get("value") or "")
        if not value.isdigit():
            raise InvalidInput("that button is out of date; run the command again")
        return int(value)

    @property
    def values(self) -> dict[str, Any]:
        """A submitted view's input values."""
        state = self.view.get("state") or {}
        return dict(state.get("values") or {})

    @property
    def acked(self) -> bool:
        """Whether Slack already has its answer to this request."""
        return self.args.ack.response is not None

    def ack(self, **kwargs: Any) -> None:
        """Set Slack's answer to this request (sent when the handler returns)."""
        self.args.ack(**kwargs)

    def later(self, work: Handler) -> None:
        """Run `work(self)` on the worker pool: the slow part, after Slack has its answer."""
        self.bot.workers.submit(_run, self, work)

    def open_modal(self, modal: View) -> None:
        """Open a modal with this request's trigger id (valid once, for 3 seconds)."""
        self.client.views_open(trigger_id=self.body["trigger_id"], view=kit.view(modal))

    def post(self, channel_id: str, blocks: Sequence[Block], text: str, **kwargs: Any) -> str:
        """Post a message in a channel; returns its ts."""
        data = self.client.chat_postMessage(
            channel=channel_id, blocks=kit.message(blocks), text=kit.fallback_text(text), **kwargs
        ).data
        assert isinstance(data, dict)
        return str(data["ts"])

    def tell(self, text: str, blocks: Sequence[Block] | None = None) -> None:
        """Say something only this user sees, by the first way that works here."""
        rendered = kit.message(blocks or notice_blocks(text))
        fallback = kit.fallback_text(text)
        respond = self.args.respond
        if self.context.response_url and respond is not None:
            sent = respond(
                text=fallback, blocks=rendered, response_type="ephemeral", replace_original=False
            )
            if sent.status_code == 200:
                return
            logger.warning("response_url answered %s", sent.status_code)
        if self.user_id and self.channel_id:
            try:
                self.client.chat_postEphemeral(
                    channel=self.channel_id, user=self.user_id, text=fallback, blocks=rendered
                )
                return
            except SlackApiError as exc:
                logger.info("chat.postEphemeral failed: %s", slack_error_code(exc))
        if self.user_id:  # last resort: the app's direct message with the user
            try:
                self.client.chat_postMessage(channel=self.user_id, text=fallback, blocks=rendered)
            except SlackApiError as exc:
                logger.warning("could not reach %s: %s", self.user_id, slack_error_code(exc))

    def fail(self, text: str) -> None:
        """Tell the user what went wrong, in the way this kind of request allows."""
        if not self.acked:
            if self.kind == "command":
                self.ack(text=text, response_type="ephemeral")
                return
            if self.kind == "view_submission":
                modal = notice_modal("Empty Chair", text, self.lang)
                self.ack(response_action="update", view=kit.view(modal))
                return
            if self.kind == "block_suggestion":
                self.ack(options=[])
                return
            self.ack()
            self.later(lambda turn: turn.tell(text))
            return
        self.tell(text)


def guarded(bot: SlackBot, handler: Handler) -> Callable[[Args], None]:
    """A Bolt listener running `handler`; every failure becomes a friendly reply, and is logged.

    The handler runs on the request's thread and must be quick: Slack has its answer the
    moment the handler returns. Slow work (Web API calls) goes to `turn.later`. Events
    are answered at once and handled later, once each: Slack retries an event up to three
    times (the retry may be the only copy that arrived), so its `event_id` is recorded.
    """

    def handle_event(turn: Turn) -> None:
        event_id = turn.body.get("event_id")
        if event_id and not turn.ws.first_time(f"slack:event:{event_id}"):
            logger.info("event %s already handled; retry ignored", event_id)
            return
        handler(turn)

    handle_event.__name__ = handler.__name__

    def listener(args: Args) -> None:
        turn = Turn(bot, args)
        if turn.kind == "event_callback":
            turn.later(handle_event)
            return
        _run(turn, handler)
        if not turn.acked:
            turn.ack()

    listener.__name__ = listener.__qualname__ = handler.__name__
    return listener


def _run(turn: Turn, handler: Handler) -> None:
    try:
        handler(turn)
    except EmptyChairError as exc:
        logger.info("%s: %s", handler.__name__, exc.message, exc_info=True)
        _fail(turn, user_text(exc, turn.lang))
    except SlackApiError as exc:
        logger.warning("%s: Slack said %s", handler.__name__, slack_error_code(exc))
        _fail(turn, slack_error_text(exc, turn.lang))
    except Exception:
        logger.exception("%s failed", handler.__name__)
        _fail(turn, translated(turn.lang, UNEXPECTED))


def _fail(turn: Turn, text: str) -> None:
    try:
        turn.fail(text)
    except Exception:  # telling the user failed too: the log is all that is left
        logger.exception("could not tell %s: %s", turn.user_id, text)
