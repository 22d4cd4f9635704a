"""Outbound calls to the Teams service: retried on 429 and 5xx with backoff.

The SDK's HTTP client (`microsoft_teams.common.Client`) raises on any error status and
retries nothing (only its streaming helper retries). `RetryMiddleware` is registered on
that client, so every call the SDK makes for us (replies, card updates, proactive
messages) goes through it.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from bot.retry_after import seconds_to_wait

logger = logging.getLogger(__name__)

MiddlewareNext = Callable[[], Awaitable[httpx.Response]]


def retryable(status: int) -> bool:
    """Too many requests, or a server error: worth another try."""
    return status == 429 or status >= 500


def retry_after(response: httpx.Response, *, now: datetime | None = None) -> float | None:
    """Seconds the service asked us to wait (`Retry-After` as seconds or an HTTP date)."""
    return seconds_to_wait(response.headers.get("Retry-After"), now or datetime.now(UTC))


@dataclass
class RetryPolicy:
    """How often and how long to retry. Delays double from `base_delay` up to `max_delay`."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    jitter: Callable[[float], float] = field(
        default=lambda delay: delay / 2 + random.uniform(0, delay / 2), repr=False
    )

    def delay(self, attempt: int, response: httpx.Response | None) -> float:
        """The wait before try `attempt + 1`: the service's Retry-After, else backoff."""
        asked = retry_after(response) if response is not None else None
        if asked is not None:
            return min(asked, self.max_delay)
        return self.jitter(min(self.base_delay * 2 ** (attempt - 1), self.max_delay))


class RetryMiddleware:
    """SDK client middleware: retry 429, 5xx and failed connections, then give up loudly."""

    def __init__(self, policy: RetryPolicy | None = None) -> None:
        self.policy = policy or RetryPolicy()

    async def send(self, context: object, next: MiddlewareNext) -> httpx.Response:
        """Call `next` until it succeeds, fails for good, or the attempts run out."""
        method = getattr(context, "method", "?")
        url = getattr(context, "url", "?")
        attempt = 1
        while True:
            try:
                response = await next()
            except httpx.HTTPStatusError as exc:
                if not retryable(exc.response.status_code) or attempt >= self.policy.attempts:
                    raise
                failed: httpx.Response | None = exc.response
                reason = str(exc.response.status_code)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # The request never reached the service, so sending it again is safe.
                if attempt >= self.policy.attempts:
                    raise
                failed, reason = None, type(exc).__name__
            else:
                if not retryable(response.status_code) or attempt >= self.policy.attempts:
                    return response
                failed, reason = response, str(response.status_code)
            wait = self.policy.delay(attempt, failed)
            logger.warning(
                "Teams %s %s failed (%s); retry %d of %d in %.1fs",
                method,
                url,
                reason,
                attempt,
                self.policy.attempts - 1,
                wait,
            )
            await self.policy.sleep(wait)
            attempt += 1
