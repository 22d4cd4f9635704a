"""Polite JSON requests to a vendor API: Retry-After on 429, bounded backoff on 5xx."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

import httpx

from bot.errors import SyncAuthFailed, SyncFailed
from bot.i18n import N_
from bot.retry_after import seconds_to_wait

logger = logging.getLogger(__name__)

#: Longest wait we accept from a Retry-After header (seconds); longer ones are capped.
MAX_RETRY_AFTER = 300.0


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a request that failed on the server's side."""

    attempts: int = 5
    backoff: float = 1.0
    max_backoff: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)

    def delay(self, attempt: int) -> float:
        """Exponential backoff for the n-th retry (1-based)."""
        return float(min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))


def retry_after(response: httpx.Response, fallback: float) -> float:
    """Seconds the server asked us to wait, else `fallback`.

    Retry-After is seconds or an HTTP date; a date is measured against the response's
    own Date header, so neither our clock nor its skew matters.
    """
    value = response.headers.get("retry-after", "").strip()
    try:
        sent = parsedate_to_datetime(response.headers.get("date", ""))
    except (TypeError, ValueError):
        sent = None  # a number still reads; a date cannot be measured without it
    if sent is not None and sent.tzinfo is None:
        sent = sent.replace(tzinfo=UTC)
    try:
        wait: float | None = float(value)
    except ValueError:
        wait = seconds_to_wait(value, sent) if sent is not None else None
    return fallback if wait is None else min(MAX_RETRY_AFTER, max(0.0, wait))


def request_json(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    vendor: str,
    auth_setting: str,
    policy: RetryPolicy,
    params: Mapping[str, Any] | None = None,
    json: Any = None,
) -> Any:
    """Send a request and return its JSON body, retrying 429 and 5xx within `policy`.

    401/403 raise `SyncAuthFailed` naming `auth_setting`; anything else that cannot be
    recovered raises `SyncFailed` with one line a person can act on.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            response = client.request(method, url, params=params, json=json)
        except httpx.TransportError as exc:
            if attempt >= policy.attempts:
                raise SyncFailed(
                    N_("cannot reach {vendor} at {url}: {error}"),
                    vendor=vendor,
                    url=_origin(url, client),
                    error=type(exc).__name__,
                ) from exc
            wait = policy.delay(attempt)
        else:
            status = response.status_code
            if status in (401, 403):
                raise SyncAuthFailed(
                    N_("{vendor} refused the credentials (HTTP {status}); check {setting}"),
                    vendor=vendor,
                    status=status,
                    setting=auth_setting,
                )
            if status < 300:
                try:
                    return response.json()
                except ValueError as exc:
                    raise SyncFailed(
                        N_("{vendor} answered with something that is not JSON"), vendor=vendor
                    ) from exc
            if status != 429 and status < 500:
                raise SyncFailed(
                    N_("{vendor} answered HTTP {status} to {path}"),
                    vendor=vendor,
                    status=status,
                    path=response.request.url.path,
                )
            if attempt >= policy.attempts:
                raise SyncFailed(
                    N_("{vendor} kept answering HTTP {status}; try again later"),
                    vendor=vendor,
                    status=status,
                )
            wait = policy.delay(attempt)
            if status == 429:
                wait = retry_after(response, wait)
            logger.warning("%s answered HTTP %s; retrying in %.1f s", vendor, status, wait)
        policy.sleep(wait)


def _origin(url: str, client: httpx.Client) -> str:
    full = client.base_url.join(url) if client.base_url else httpx.URL(url)
    return f"{full.scheme}://{full.host}" + (f":{full.port}" if full.port else "")
