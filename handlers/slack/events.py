"""Request plumbing: uninstalls, and polite answers to requests no listener took."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt import App

from bot.i18n import N_, t, translated
from handlers.slack import kit
from handlers.slack.modals import notice_modal
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

ANYTHING = re.compile(".*")
OUT_OF_DATE = N_(
    "That button or form is from an older version of Empty Chair. "
    "Run the command again (`/emptychair help` lists them)."
)


def register_fallbacks(app: App, bot: SlackBot) -> None:
    """Uninstall events, and a polite answer to anything no other listener took."""
    if bot.installation_store is not None:
        app.enable_token_revocation_listeners()
    else:
        app.event("tokens_revoked")(_log_uninstall)
        app.event("app_uninstalled")(_log_uninstall)
    app.command(ANYTHING)(guarded(bot, _unknown_command))
    app.action(ANYTHING)(guarded(bot, _out_of_date))
    app.shortcut(ANYTHING)(guarded(bot, _out_of_date))
    app.view(ANYTHING)(guarded(bot, _unknown_view))
    app.options(ANYTHING)(guarded(bot, _no_options))
    app.event(ANYTHING)(_ignore_event)


def _log_uninstall(body: dict[str, Any]) -> None:
    event = body.get("event") or {}
    logger.warning("Slack says %s for team %s", event.get("type"), body.get("team_id"))


def _ignore_event(body: dict[str, Any]) -> None:
    logger.debug("ignored event %s", (body.get("event") or {}).get("type"))


def _unknown_command(turn: Turn) -> None:
    command = kit.md(str(turn.body.get("command") or ""), 40)
    text = t(turn.lang, "Empty Chair doesn't handle `{command}`.", command=command)
    turn.ack(text=text, response_type="ephemeral")


def _out_of_date(turn: Turn) -> None:
    logger.info("unknown action or shortcut: %s", _callback(turn.body))
    turn.ack()
    turn.later(lambda later: later.tell(translated(later.lang, OUT_OF_DATE)))


def _unknown_view(turn: Turn) -> None:
    logger.info("unknown view: %s", _callback(turn.body))
    modal = notice_modal("Empty Chair", translated(turn.lang, OUT_OF_DATE), turn.lang)
    turn.ack(response_action="update", view=kit.view(modal))


def _no_options(turn: Turn) -> None:
    turn.ack(options=[])


def _callback(body: dict[str, Any]) -> str:
    view = body.get("view") or {}
    actions = body.get("actions") or [{}]
    return str(body.get("callback_id") or view.get("callback_id") or actions[0].get("action_id"))
