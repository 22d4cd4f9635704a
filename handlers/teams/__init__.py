"""Microsoft Teams adapter: `attach` serves Teams on the host's FastAPI app.

The host server (the one that also serves Slack) calls, once at start-up::

    from handlers import teams
    send = teams.attach(fastapi_app, store, settings)

`attach` returns the Teams reminder sender (also importable as `teams.send_reminder`): the
server's poller calls it from its own thread for every claimed reminder whose platform
is "teams", then `finish_run()`s the reminder, or `release()`s it if the call raised::

    send(due)

Importing this package loads nothing heavy; the Teams SDK is imported by `attach`, so
the package builder (`handlers.teams.package`) works without it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.config import Settings
from bot.reminders import DueReminder
from bot.store import Store

if TYPE_CHECKING:
    from fastapi import FastAPI

    from handlers.teams.bot import TeamsBot, Wiring
    from handlers.teams.config import TeamsSettings

__all__ = ["attach", "attached", "send_reminder"]

logger = logging.getLogger(__name__)

_bot: TeamsBot | None = None


def attach(
    app: FastAPI,
    store: Store,
    settings: Settings,
    *,
    teams: TeamsSettings | None = None,
    wiring: Wiring | None = None,
) -> Callable[[DueReminder], bool]:
    """Register the Teams messaging endpoint (POST /api/messages) on `app`.

    Returns `send_reminder`, for the host's reminder poller. `teams` defaults to
    `TeamsSettings.from_env()`; `wiring` (tests) replaces the network. Requests are
    authenticated with the Bot Framework token unless
    EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED=true.
    """
    from handlers.teams.bot import TeamsBot
    from handlers.teams.config import TeamsSettings
    from handlers.teams.server import mount

    global _bot
    teams = teams or TeamsSettings.from_env()
    teams.log_auth_mode()
    bot = TeamsBot(store, settings, teams, wiring)
    mount(app, bot)
    app.state.emptychair_teams = bot
    _bot = bot
    return send_reminder


def attached() -> TeamsBot:
    """The bot of the last `attach` call."""
    if _bot is None:
        raise RuntimeError("handlers.teams.attach() has not been called")
    return _bot


def send_reminder(due: DueReminder) -> bool:
    """Send one due Teams reminder: start the empty chair in its chat and post the card.

    Blocking; call it from a worker thread (the poller's), not from an event loop (async
    code awaits `attached().send_reminder(due)` instead). Returns False (nothing sent)
    for other platforms, stale reminders and chats with no stored conversation
    reference; the caller should still `finish_run` those. Raises when posting fails
    after retries; the caller should `release` the claim so the next poll retries.
    """
    return asyncio.run(attached().send_reminder(due))
