"""Request de-duplication: platform retries and double clicks must not act twice."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.store import Store, utcnow

KEEP = timedelta(days=7)


def first_time(store: Store, tenant: str, key: str) -> bool:
    """Record `key` (a Slack event id, a Teams activity id, a click) and say if it is new.

    Safe under concurrency: the primary key decides, inside one write transaction.
    """
    with store.write(tenant):
        cursor = store.db.execute(
            "INSERT OR IGNORE INTO processed_requests (tenant, key, at) VALUES (?, ?, ?)",
            [tenant, key[:500], utcnow()],
        )
    return bool(cursor.rowcount)


def forget_old(store: Store, *, now: datetime | None = None) -> int:
    """Delete keys older than a week (retries never come that late); returns how many."""
    cutoff = ((now or datetime.now(UTC)) - KEEP).replace(microsecond=0).isoformat()
    with store.write():
        cursor = store.db.execute("DELETE FROM processed_requests WHERE at < ?", [cutoff])
    return int(cursor.rowcount)
