"""Sync cursors (per tenant and source) and sync claims (one sync per tenant at a time)."""

from __future__ import annotations

import json
import os
import socket
import uuid
from datetime import datetime, timedelta

from bot.store import Store
from bot.sync.base import Cursor

#: A claim lasts this long unless renewed (every page renews it).
LEASE = timedelta(minutes=10)


def worker_id() -> str:
    """A name for this process's claims: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def load_cursor(store: Store, tenant: str, source: str) -> Cursor | None:
    """The cursor after the last committed page, or None before the first sync."""
    row = store.db.execute(
        "SELECT cursor FROM sync_cursors WHERE tenant = ? AND source = ?", [tenant, source]
    ).fetchone()
    return dict(json.loads(row[0])) if row else None


def save_cursor(store: Store, tenant: str, source: str, cursor: Cursor, now: datetime) -> None:
    """Remember where the last committed page ended."""
    with store.write(tenant):
        store.db.execute(
            "INSERT INTO sync_cursors (tenant, source, cursor, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (tenant, source) DO UPDATE SET cursor = excluded.cursor,"
            " updated_at = excluded.updated_at",
            [tenant, source, json.dumps(cursor, sort_keys=True), now.isoformat()],
        )


def _holder_is_gone(holder: str) -> bool:
    """True when a claim's process ran on this host and no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def claim(
    store: Store,
    tenant: str,
    worker: str,
    now: datetime,
    *,
    every: timedelta | None = None,
    lease: timedelta = LEASE,
) -> bool:
    """Claim the tenant's sync slot for `worker`, atomically; False if it is taken.

    With `every`, the claim also fails while the last sync finished less than `every`
    ago, so several server processes run a scheduled sync once, not once each.
    """
    with store.write(tenant):
        row = store.db.execute(
            "SELECT claimed_by, claimed_until, last_finished_at FROM sync_claims WHERE tenant = ?",
            [tenant],
        ).fetchone()
        if row is not None:
            holder, until, finished = row
            if (
                holder
                and holder != worker
                and until
                and datetime.fromisoformat(until) > now
                and not _holder_is_gone(holder)
            ):
                return False
            if every is not None and finished and datetime.fromisoformat(finished) + every > now:
                return False
        store.db.execute(
            "INSERT INTO sync_claims (tenant, claimed_by, claimed_until) VALUES (?, ?, ?)"
            " ON CONFLICT (tenant) DO UPDATE SET claimed_by = excluded.claimed_by,"
            " claimed_until = excluded.claimed_until",
            [tenant, worker, (now + lease).isoformat()],
        )
    return True


def holder(store: Store, tenant: str) -> str | None:
    """Who holds the tenant's sync claim (None when free)."""
    row = store.db.execute(
        "SELECT claimed_by FROM sync_claims WHERE tenant = ?", [tenant]
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def renew(store: Store, tenant: str, worker: str, now: datetime, lease: timedelta = LEASE) -> None:
    """Extend `worker`'s claim (called after every page)."""
    with store.write(tenant):
        store.db.execute(
            "UPDATE sync_claims SET claimed_until = ? WHERE tenant = ? AND claimed_by = ?",
            [(now + lease).isoformat(), tenant, worker],
        )


def mark_run(store: Store, tenant: str, worker: str, now: datetime) -> None:
    """A scheduled run is over, whether its sources succeeded or failed: record when,
    so the schedule waits its interval (a vendor refusing the credentials is not asked
    again every minute), and give the claim back if `worker` still holds it."""
    with store.write(tenant):
        store.db.execute(
            "UPDATE sync_claims SET claimed_by = NULL, claimed_until = NULL, last_finished_at = ?"
            " WHERE tenant = ? AND (claimed_by IS NULL OR claimed_by = ?)",
            [now.isoformat(), tenant, worker],
        )


def release(store: Store, tenant: str, worker: str, now: datetime, *, finished: bool) -> None:
    """Give the claim back; a finished sync records when, for the schedule."""
    with store.write(tenant):
        store.db.execute(
            "UPDATE sync_claims SET claimed_by = NULL, claimed_until = NULL,"
            " last_finished_at = CASE WHEN ? THEN ? ELSE last_finished_at END"
            " WHERE tenant = ? AND claimed_by = ?",
            [int(finished), now.isoformat(), tenant, worker],
        )
