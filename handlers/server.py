"""One ASGI app for every platform: each registered platform's routes, /healthz, the scheduler.

`create_app` is given the platforms explicitly (`platforms_from_env` builds them from
the environment); each one implements `handlers.platform.Platform`, attaches its own
routes and sends what the scheduler (`handlers.scheduler`) claims for it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from bot.config import Settings
from bot.secrets import redact_logs
from bot.store import Store
from handlers import guard, pools, teams
from handlers import workers as workers_module
from handlers.platform import Platform
from handlers.scheduler import POLL_SECONDS, Job, Scheduler, default_jobs
from handlers.slack.app import SlackBot
from handlers.slack.config import SlackSettings
from handlers.slack.routes import slack_endpoint
from handlers.sync_job import sync_jobs_from_env
from handlers.webhook import webhook_router

__all__ = ["create_app", "platforms_from_env", "serve_http", "serve_socket_mode", "slack_endpoint"]

logger = logging.getLogger(__name__)


def platforms_from_env(
    store: Store, settings: Settings, slack: SlackSettings | None
) -> list[Platform]:
    """Slack when it is configured, and Teams (which refuses every request without CLIENT_ID)."""
    found: list[Platform] = []
    if slack is not None and slack.configured:
        found.append(SlackBot(store, settings, slack))
    found.append(teams.create_bot(store, settings))
    return found


def create_app(
    store: Store,
    settings: Settings,
    platforms: Sequence[Platform],
    *,
    poll_interval: float | None = POLL_SECONDS,
    max_in_flight: int = guard.MAX_IN_FLIGHT,
    extra_jobs: Sequence[Job] = (),
) -> FastAPI:
    """The server: every platform's routes, /healthz and the background scheduler.

    `poll_interval=None` keeps the scheduler's thread off (tests run its jobs by hand).
    Every platform route sits behind `handlers.guard.RequestGuard` (body cap, load
    shedding past `max_in_flight` requests in progress).
    `extra_jobs` run next to the reminders (e.g. the feedback syncs).
    """
    interval = poll_interval or POLL_SECONDS
    scheduler = Scheduler(
        store,
        {platform.name: platform for platform in platforms},
        [*default_jobs(store, interval), *extra_jobs],
        interval=interval,
        clock=settings.clock,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if poll_interval is not None:
            scheduler.start()
        try:
            yield
        finally:
            scheduler.stop()

    app = FastAPI(
        title="Empty Chair", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    redact_logs(_platform_secrets(platforms))
    app.add_middleware(guard.RequestGuard, max_in_flight=max_in_flight)
    app.state.store = store
    app.state.platforms = {platform.name: platform for platform in platforms}
    app.state.scheduler = scheduler
    for platform in platforms:
        platform.attach(app)
    app.include_router(webhook_router(store, settings))

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            store.db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            logger.exception("health check: database unavailable")
            return JSONResponse({"ok": False, "database": "unavailable"}, status_code=503)
        slack_bot = app.state.platforms.get("slack")
        return JSONResponse(
            {
                "ok": True,
                "slack": _slack_mode(slack_bot if isinstance(slack_bot, SlackBot) else None),
                "teams": "teams" in app.state.platforms,
                "reminders": sorted(scheduler.platforms),
            }
        )

    return app


def _platform_secrets(platforms: Sequence[Platform]) -> list[str]:
    """Secrets given to the platforms as options (the environment's are found anyway)."""
    found: list[str] = []
    for platform in platforms:
        if isinstance(platform, SlackBot):
            slack = platform.slack
            found += [slack.signing_secret or "", slack.bot_token or "", slack.client_secret or ""]
            found += [slack.app_token or "", *slack.secret_keys]
    return [s for s in found if s]


def _slack_mode(bot: SlackBot | None) -> str:
    if bot is None:
        return "off"
    return "oauth" if bot.slack.oauth else "single-workspace"


def app_from_env() -> FastAPI:
    """The app of one server process, configured from the environment (uvicorn's factory).

    `serve --workers N` starts N processes on one port; each builds its own app over the
    one database (reminders and syncs are claimed atomically, requests de-duplicated in
    the database, so no process sends or writes twice).
    """
    pools.share_the_gil()
    settings = Settings.from_env()
    store = Store(settings.db_path)
    slack = SlackSettings.from_env()
    return create_app(
        store,
        settings,
        platforms_from_env(store, settings, slack),
        extra_jobs=sync_jobs_from_env(store, settings),
    )


def serve_http(
    store: Store,
    settings: Settings,
    slack: SlackSettings,
    host: str,
    port: int,
    *,
    workers: int = 1,
) -> None:
    """Serve HTTP with uvicorn until interrupted, in `workers` processes on one port."""
    import uvicorn

    if workers > 1:
        os.environ["EMPTYCHAIR_DB"] = str(store.path)  # the workers read their config here
        logger.warning(
            "Empty Chair listening on http://%s:%s with %d worker processes", host, port, workers
        )
        if workers_module.reuse_port_supported():  # a socket per process: balanced
            workers_module.serve_workers(host, port, workers)
            return
        uvicorn.run(
            "handlers.server:app_from_env",
            factory=True,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=True,
        )
        return
    pools.share_the_gil()
    app = create_app(
        store,
        settings,
        platforms_from_env(store, settings, slack),
        extra_jobs=sync_jobs_from_env(store, settings),
    )
    logger.warning(
        "Empty Chair listening on http://%s:%s (platforms: %s)",
        host,
        port,
        ", ".join(sorted(app.state.platforms)),
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)


def serve_socket_mode(store: Store, settings: Settings, slack: SlackSettings) -> None:
    """Connect to Slack over Socket Mode (no public URL needed) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from handlers.slack.app import web_client

    bot = SlackBot(store, settings, slack, socket_mode=True)
    scheduler = Scheduler(
        store,
        {bot.name: bot},
        [*default_jobs(store), *sync_jobs_from_env(store, settings)],
        clock=settings.clock,
    )
    scheduler.start()
    logger.warning("Empty Chair connected to Slack over Socket Mode")
    try:
        handler = SocketModeHandler(bot.bolt, slack.app_token, web_client=web_client(slack))
        handler.start()  # type: ignore[no-untyped-call]
    finally:
        scheduler.stop()
