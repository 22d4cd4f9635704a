"""The Teams messaging endpoint on a FastAPI app the host server owns.

The route reads the body (refusing oversized and non-JSON bodies), then hands it with
the headers to the SDK's request handler, which checks the Bot Framework token and runs
our listeners.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from handlers.guard import body_problem

if TYPE_CHECKING:
    from handlers.teams.bot import TeamsBot

logger = logging.getLogger(__name__)

#: Bot Framework activities are far smaller; anything bigger is not one.
MAX_BODY_BYTES = 1024 * 1024


async def _read_body(request: Request) -> bytes | None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def activity_problem(body: dict[str, Any]) -> str | None:
    """Why the Teams SDK cannot parse `body` as an activity (one line), or None."""
    from microsoft_teams.api.activities import ActivityTypeAdapter
    from pydantic import ValidationError

    try:
        ActivityTypeAdapter.validate_python(body)
    except ValidationError as exc:
        errors = exc.errors()
        if not errors:
            return "not a Bot Framework activity"
        where = ".".join(str(p) for p in errors[0]["loc"]) or "body"
        return f"not a Bot Framework activity ({where}: {errors[0]['msg']})"
    except (ValueError, TypeError, RecursionError):
        return "not a Bot Framework activity"
    return None


def mount(app: FastAPI, bot: TeamsBot) -> None:
    """Serve `bot` at its endpoint (POST) on `app`."""

    async def teams_messages(request: Request) -> Response:
        raw = await _read_body(request)
        if raw is None:
            return JSONResponse({"error": "Request body too large"}, status_code=413)
        problem = body_problem(raw, "application/json")
        if problem is not None:
            return JSONResponse({"error": f"Bad request: {problem}"}, status_code=400)
        try:
            body: Any = json.loads(raw)
        except (UnicodeDecodeError, ValueError):
            return JSONResponse({"error": "Body is not JSON"}, status_code=400)
        if not isinstance(body, dict):
            return JSONResponse({"error": "Body is not a JSON object"}, status_code=400)
        problem = activity_problem(body)
        if problem is not None:  # the SDK would fail on it after authentication, with a 500
            logger.info("Teams request refused: %s", problem)
            return JSONResponse({"error": f"Bad request: {problem}"}, status_code=400)
        result = await bot.handle({"body": body, "headers": dict(request.headers)})
        content = result.get("body")
        if content is None:
            return Response(status_code=result["status"])
        return JSONResponse(content, status_code=result["status"])

    app.add_api_route(
        bot.teams.endpoint,
        teams_messages,
        methods=["POST"],
        name="teams_messages",
        include_in_schema=False,
    )
