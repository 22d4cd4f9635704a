"""Calls to the Teams service are retried on 429 and 5xx, with backoff and Retry-After."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from handlers.teams.commands import help_text
from handlers.teams.outbound import RetryMiddleware, RetryPolicy, retry_after
from handlers.teams.replies import GENERIC_ERROR
from tests.teams_support import TeamsHarness, message

HELP = help_text("en")


@pytest.fixture
def slept(teams: TeamsHarness) -> list[float]:
    """The waits the retrying client took (recorded instead of slept)."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    bot = teams.bot
    for middleware in bot.app.http_client.middlewares:
        if isinstance(middleware, RetryMiddleware):
            middleware.policy.sleep = record
            middleware.policy.jitter = lambda delay: delay
    return waits


def test_429_is_retried_after_the_time_the_service_asks(
    teams: TeamsHarness, slept: list[float]
) -> None:
    teams.service.failures.extend([429])
    teams.service.retry_after = "2"
    teams.post(message("help"))
    assert [c.method for c in teams.service.calls] == ["POST", "POST"]
    assert teams.service.texts() == [HELP, HELP]  # the same message, sent twice: once refused
    assert slept == [2.0]


def test_5xx_is_retried_with_doubling_backoff(teams: TeamsHarness, slept: list[float]) -> None:
    teams.service.failures.extend([500, 502, 503])
    teams.post(message("help"))
    assert len(teams.service.calls) == 4
    assert slept == [0.5, 1.0, 2.0]


def test_client_errors_are_not_retried(teams: TeamsHarness, slept: list[float]) -> None:
    teams.service.failures.extend([403])
    teams.post(message("help"))
    # The reply was refused once, not retried; the user is then told something went wrong.
    assert teams.service.texts() == [HELP, GENERIC_ERROR]
    assert slept == []


def test_giving_up_after_the_last_attempt() -> None:
    calls: list[int] = []
    slept: list[float] = []

    async def unavailable() -> httpx.Response:
        calls.append(1)
        request = httpx.Request("POST", "https://smba.example/v3/conversations/x/activities")
        response = httpx.Response(503, request=request)
        response.raise_for_status()
        return response

    async def no_wait(seconds: float) -> None:
        slept.append(seconds)

    middleware = RetryMiddleware(RetryPolicy(attempts=3, sleep=no_wait, jitter=lambda d: d))
    with pytest.raises(httpx.HTTPStatusError):
        asyncio.run(middleware.send(object(), unavailable))
    assert (len(calls), slept) == (3, [0.5, 1.0])


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2024, 5, 6, 9, 0, tzinfo=UTC)

    def answer(value: str) -> httpx.Response:
        return httpx.Response(429, headers={"Retry-After": value})

    assert retry_after(answer("3")) == 3.0
    assert retry_after(answer("Mon, 06 May 2024 09:00:07 GMT"), now=now) == 7.0
    assert retry_after(answer("soon")) is None
    assert retry_after(httpx.Response(429)) is None
    assert RetryPolicy(max_delay=8.0).delay(1, answer("120")) == 8.0
