"""Microsoft Teams adapter: `create_bot` builds the Teams platform for the server.

The host server (the one that also serves Slack) registers it explicitly::

    from handlers import teams
    bot = teams.create_bot(store, settings)   # a handlers.platform.Platform
    bot.attach(fastapi_app)                   # POST /api/messages

and its scheduler calls `bot.send_reminder(due)` (and the other senders) from its own
thread. Importing this package loads nothing heavy; the Teams SDK is imported by
`create_bot`, so the package builder (`handlers.teams.package`) works without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.config import Settings
from bot.store import Store

if TYPE_CHECKING:
    from handlers.teams.bot import TeamsBot, Wiring
    from handlers.teams.config import TeamsSettings

__all__ = ["create_bot"]


def create_bot(
    store: Store,
    settings: Settings,
    *,
    teams: TeamsSettings | None = None,
    wiring: Wiring | None = None,
) -> TeamsBot:
    """The Teams platform over `store`; `attach` it to the server's app to serve it.

    `teams` defaults to `TeamsSettings.from_env()`; `wiring` (tests) replaces the network.
    Requests are authenticated with the Bot Framework token unless
    EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED=true.
    """
    from handlers.teams.bot import TeamsBot
    from handlers.teams.config import TeamsSettings

    teams = teams or TeamsSettings.from_env()
    teams.log_auth_mode()
    return TeamsBot(store, settings, teams, wiring)
