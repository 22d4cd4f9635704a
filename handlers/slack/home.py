"""The App Home tab: ask box, decisions, and the manager's review queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk.models.blocks import ActionsBlock, Block, DividerBlock, HeaderBlock, PlainTextObject
from slack_sdk.models.views import View

from handlers.slack import ids, kit
from handlers.slack.render import HELP_TEXT, button
from handlers.slack.turn import Turn, guarded

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot


def register(app: App, bot: SlackBot) -> None:
    """Attach the App Home listeners."""
    app.event("app_home_opened")(guarded(bot, home_opened))


def home_view() -> View:
    """The Home tab."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text="Empty Chair")),
        kit.section(
            "*What's better for the customer?* Ask, and get an answer from your "
            "principles and customer feedback, every source cited."
        ),
        ActionsBlock(elements=[button("Ask the chair", ids.HOME_ASK, style="primary")]),
        DividerBlock(),
        kit.section(HELP_TEXT),
    ]
    return View(type="home", blocks=blocks)


def home_opened(turn: Turn) -> None:
    """Publish the user's Home tab when they open it."""
    event = turn.body.get("event") or {}
    if event.get("tab") != "home" or not turn.user_id:
        return
    turn.client.views_publish(user_id=turn.user_id, view=kit.view(home_view()))
