"""Slack's routes on the shared FastAPI app: /slack/events and the OAuth install pages."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import Executor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request, Response
from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier

from handlers import guard, pools
from handlers.guard import body_problem

if TYPE_CHECKING:
    from handlers.slack.app import SlackBot

logger = logging.getLogger(__name__)

#: Slack's biggest requests (a modal's state) are far below this.
MAX_BODY_BYTES = guard.MAX_BODY_BYTES


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
        problem = body_problem(body, request.headers.get("content-type"))
        if problem is not None:  # before the signature: nothing parses it, nothing is done
            logger.info("Slack request refused: %s", problem)
            return Response(f"bad request: {problem}", status_code=400)
        if not signed_by_slack(verifier, body, request.headers):  # before anything parses it
            return Response('{"error": "invalid request"}', 401, media_type="application/json")
        try:
            bolt_request = to_bolt_request(request, body)
        except (ValueError, TypeError, AttributeError, KeyError):  # JSON cut short, not an object
            logger.warning("a signed Slack request had a malformed body")
            return Response("malformed body", status_code=400)
        executor = pick(bolt_request.body)
        loop = asyncio.get_running_loop()
        bolt_response = await loop.run_in_executor(executor, bolt.dispatch, bolt_request)
        return to_starlette_response(bolt_response)

    return slack_events


def signed_by_slack(verifier: SignatureVerifier, body: bytes, headers: Mapping[str, str]) -> bool:
    """Whether Slack signed the request; a timestamp that is not a number, or a signature
    that is not ASCII, is no signature (the SDK's check raises on them: a 500 before)."""
    timestamp = headers.get("x-slack-request-timestamp", "")
    signature = headers.get("x-slack-signature", "")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return False
    return signature.isascii() and verifier.is_valid(body, timestamp, signature)


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
            return to_starlette_response(await pools.request(handle, bolt_request))

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
