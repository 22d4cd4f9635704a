"""The App Home tab: ask box, decisions, and for managers the review queue and an export."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk.models.views import View

from bot.i18n import nt, t
from bot.store import open_private
from handlers.slack import ids, kit
from handlers.slack.decisions import visible_channels
from handlers.slack.render import HOME_LIST, HomeData, home_blocks
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)


def register(app: App, bot: SlackBot) -> None:
    """Attach the App Home listeners."""
    app.event("app_home_opened")(guarded(bot, home_opened))
    app.action(ids.HOME_EXPORT)(guarded(bot, export_log))
    app.action(ids.HOME_LLM_TOGGLE)(guarded(bot, toggle_llm))


def is_manager(turn: Turn) -> bool:
    """Managers are listed in EMPTYCHAIR_MANAGERS, or administer the Slack workspace."""
    if not turn.user_id:
        return False
    if turn.user_id in turn.bot.settings.manager_ids:
        return True
    who = turn.bot.directory.user(turn.client, turn.team, turn.user_id)
    return bool(who and who.is_admin)


def home_opened(turn: Turn) -> None:
    """Publish the user's Home tab when they open it (events are handled after their ack)."""
    event = turn.body.get("event") or {}
    if event.get("tab") != "home" or not turn.user_id:
        return
    publish_home(turn)


def publish_home(turn: Turn) -> None:
    """Publish the user's Home tab."""
    if not turn.user_id:
        return
    ws = turn.ws
    visible = visible_channels(turn)
    manager = is_manager(turn)
    data = HomeData(
        mine=ws.list_decisions(owner=turn.user_id, visible_channels=visible, limit=HOME_LIST + 1),
        recent=ws.list_decisions(visible_channels=visible, limit=HOME_LIST + 1),
        queue=ws.review_queue(visible_channels=visible) if manager else None,
        llm=ws.llm_switched_on() if manager and ws.settings.llm is not None else None,
    )
    home = View(type="home", blocks=home_blocks(data, turn.lang))
    turn.client.views_publish(user_id=turn.user_id, view=kit.view(home))


def toggle_llm(turn: Turn) -> None:
    """The Home tab's switch: a manager turns model-written answers on or off."""
    turn.ack()
    turn.later(_toggle_llm)


def _toggle_llm(turn: Turn) -> None:
    if not is_manager(turn):
        turn.tell(t("en", "Only managers can switch model-written answers. Ask one of them."))
        return
    turn.ws.set_llm_enabled(str(turn.action.get("value")) == "on")
    publish_home(turn)


def export_log(turn: Turn) -> None:
    """The Home tab's export button: the log as CSV, in the manager's direct messages."""
    turn.ack()
    turn.later(_export)


def _export(turn: Turn) -> None:
    if not is_manager(turn) or not turn.user_id:
        turn.tell(t(turn.lang, "Only managers can export the decision log. Ask one of them."))
        return
    export = turn.ws.stream_export("csv", visible_channels=visible_channels(turn))
    data = turn.client.conversations_open(users=turn.user_id).data
    assert isinstance(data, dict)
    today = turn.ws.today().isoformat()
    with tempfile.TemporaryDirectory(prefix="emptychair-export-") as folder:
        # Written as it is read (no cap), then uploaded from the file.
        path = Path(folder) / f"decisions-{today}.csv"
        with open_private(path) as handle:
            for chunk in export:
                handle.write(chunk)
        turn.client.files_upload_v2(
            channel=str(data["channel"]["id"]),
            file=str(path),
            filename=path.name,
            title=t(turn.lang, "Decision log {date}", date=today),
            initial_comment=nt(
                turn.lang,
                "The decision log as CSV: {n} decision, newest first, with the titles of cited "
                "principles and feedback, outcomes and last changes.",
                "The decision log as CSV: {n} decisions, newest first, with the titles of cited "
                "principles and feedback, outcomes and last changes.",
                export.count,
            ),
        )
