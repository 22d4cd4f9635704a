"""One ASGI app for every platform: Slack's routes, Teams' hook, /healthz, the reminder poller."""

from __future__ import annotations

import asyncio
import importlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.concurrency import run_in_threadpool

from bot.config import Settings
from bot.store import Store
from handlers.reminders import POLL_SECONDS, ReminderPoller, Sender
from handlers.slack.app import SlackBot
from handlers.slack.config import SlackSettings
from handlers.sync_scheduler import SyncScheduler
from handlers.webhook import webhook_router

logger = logging.getLogger(__name__)

#: Slack's biggest requests (a modal's state) are far below this.
MAX_BODY_BYTES = 1_000_000


def create_app(
    store: Store,
    settings: Settings,
    slack: SlackSettings | None = None,
    *,
    poll_interval: float | None = POLL_SECONDS,
    sync_scheduler: SyncScheduler | None = None,
) -> FastAPI:
    """The server: Slack (when configured), Teams (when its adapter exists), /healthz.

    `poll_interval=None` turns the background reminder poller off (tests poll by hand).
    """
    slack_bot = SlackBot(store, settings, slack) if slack is not None and slack.configured else None
    senders: dict[str, Sender] = {}
    if slack_bot is not None:
        senders["slack"] = slack_bot.send_reminder
    poller = ReminderPoller(
        store, senders, interval=poll_interval or POLL_SECONDS, clock=settings.clock
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if poll_interval is not None:
            poller.start()
        if sync_scheduler is not None:
            sync_scheduler.start()
        try:
            yield
        finally:
            poller.stop()
            if sync_scheduler is not None:
                sync_scheduler.stop()

    app = FastAPI(
        title="Empty Chair", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.store = store
    app.state.slack = slack_bot
    app.state.poller = poller

    if slack_bot is not None:
        add_slack_routes(app, slack_bot)
    app.include_router(webhook_router(store, settings))

    # --- Teams hook ------------------------------------------------------------------------
    # The Teams adapter plugs in here: when the module `handlers.teams` exists, its
    # `attach(app, store, settings)` adds /api/messages to this same app. If it returns a
    # callable, that callable sends Teams reminders: sender(due: bot.reminders.DueReminder).
    teams = _teams_adapter()
    if teams is not None:
        teams_sender = teams.attach(app, store, settings)
        if callable(teams_sender):
            poller.senders["teams"] = teams_sender
    # ---------------------------------------------------------------------------------------

    @app.get("/healthz")
    def healthz() -> JSONResponse:
        try:
            store.db.execute("SELECT 1").fetchone()
        except sqlite3.Error:
            logger.exception("health check: database unavailable")
            return JSONResponse({"ok": False, "database": "unavailable"}, status_code=503)
        return JSONResponse(
            {
                "ok": True,
                "slack": _slack_mode(slack_bot),
                "teams": teams is not None,
                "reminders": sorted(poller.senders),
            }
        )

    return app


def _teams_adapter() -> Any:
    try:
        return importlib.import_module("handlers.teams")
    except ModuleNotFoundError as exc:
        if exc.name != "handlers.teams":
            raise
        return None


def _slack_mode(bot: SlackBot | None) -> str:
    if bot is None:
        return "off"
    return "oauth" if bot.slack.oauth else "single-workspace"


def slack_endpoint(
    bolt: App, signing_secret: str, lane: Callable[[dict[str, Any]], Executor] | None = None
) -> Callable[[Request], Awaitable[Response]]:
    """The ASGI endpoint of every Slack request: Bolt's dispatch on a worker thread.

    `lane(body)` picks the executor that runs a request's dispatch (default: one thread
    for everything). Bolt's own Starlette handler dispatches on the event loop itself,
    which stalls every connection while a listener waits for anything.
    """
    verifier = SignatureVerifier(signing_secret)
    single = ThreadPoolExecutor(1, thread_name_prefix="slack-dispatch")
    pick = lane or (lambda _: single)

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return Response("request too large", status_code=413)
        try:
            bolt_request = to_bolt_request(request, body)
        except ValueError:  # not UTF-8, or JSON cut short: signed by Slack or not at all?
            if not verifier.is_valid_request(body, dict(request.headers)):
                return Response("invalid request", status_code=401)
            logger.warning("a signed Slack request had a malformed body")
            return Response("malformed body", status_code=400)
        executor = pick(bolt_request.body)
        loop = asyncio.get_running_loop()
        bolt_response = await loop.run_in_executor(executor, bolt.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    return slack_events


def add_slack_routes(app: FastAPI, bot: SlackBot) -> None:
    """POST /slack/events for every Slack request; GET /slack/install and /slack/oauth_redirect."""
    oauth_flow = bot.bolt.oauth_flow
    app.add_api_route(
        "/slack/events",
        slack_endpoint(bot.bolt, bot.slack.signing_secret or "", bot.lane),
        methods=["POST"],
    )

    def oauth_route(handle: Callable[[Any], Any] | None) -> Callable[[Request], Any]:
        async def route(request: Request) -> Response:
            if handle is None:
                return Response(
                    "This server serves one Slack workspace (SLACK_BOT_TOKEN); "
                    "set SLACK_CLIENT_ID and SLACK_CLIENT_SECRET to install into others.",
                    status_code=404,
                )
            bolt_request = to_bolt_request(request, await request.body())
            return to_starlette_response(await run_in_threadpool(handle, bolt_request))

        return route

    app.add_api_route(
        "/slack/install",
        oauth_route(oauth_flow.handle_installation if oauth_flow else None),
        methods=["GET"],
    )
    app.add_api_route(
        "/slack/oauth_redirect",
        oauth_route(oauth_flow.handle_callback if oauth_flow else None),
        methods=["GET"],
    )


def serve_http(
    store: Store, settings: Settings, slack: SlackSettings, host: str, port: int
) -> None:
    """Serve HTTP with uvicorn until interrupted."""
    import uvicorn

    from bot.sync.config import configured_syncs, sync_minutes

    syncs = configured_syncs()
    scheduler = SyncScheduler(store, settings, syncs, minutes=sync_minutes()) if syncs else None
    app = create_app(store, settings, slack, sync_scheduler=scheduler)
    logger.warning(
        "Empty Chair listening on http://%s:%s (Slack: %s, Teams: %s)",
        host,
        port,
        _slack_mode(app.state.slack),
        "on" if _teams_adapter() is not None else "off",
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)


def serve_socket_mode(store: Store, settings: Settings, slack: SlackSettings) -> None:
    """Connect to Slack over Socket Mode (no public URL needed) until interrupted."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from handlers.slack.app import web_client

    bot = SlackBot(store, settings, slack, socket_mode=True)
    poller = ReminderPoller(store, {"slack": bot.send_reminder}, clock=settings.clock)
    poller.start()
    logger.warning("Empty Chair connected to Slack over Socket Mode")
    try:
        handler = SocketModeHandler(bot.bolt, slack.app_token, web_client=web_client(slack))
        handler.start()  # type: ignore[no-untyped-call]
    finally:
        poller.stop()
