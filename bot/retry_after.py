"""The `Retry-After` header, read once for every outbound client (model, sync, Teams)."""

from __future__ import annotations

from datetime import UTC, datetime


def seconds_to_wait(value: str | None, now: datetime) -> float | None:
    """Seconds a `Retry-After` value asks for (seconds or an HTTP date, measured from
    `now`); None when it is missing or unreadable. Never negative."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    # email.utils (and the socket module it loads) only when a server sends a date.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
