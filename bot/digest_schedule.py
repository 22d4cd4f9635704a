"""Where the weekly digest goes: one channel per tenant and platform, every Monday morning.

The digest is sent on Monday at `SEND_AT` in the workspace's time zone. Like reminders,
a due digest is *claimed* in one write transaction before it is sent, so several server
processes send it once; a claim of a process that died expires, and a digest more than
`STALE_AFTER` late is skipped (next Monday's is the next one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.errors import InvalidInput
from bot.i18n import normalize
from bot.reminders import Schedule, next_run, parse_timezone
from bot.store import Store

SEND_AT = "09:00"
MONDAY = 0
STALE_AFTER = timedelta(hours=12)
DEFAULT_LEASE = timedelta(minutes=5)


@dataclass(frozen=True)
class DigestChannel:
    """The channel that gets a tenant's digest on one platform."""

    tenant: str
    platform: str
    channel_id: str
    timezone: str
    lang: str
    set_by: str | None
    next_run_at: str


@dataclass(frozen=True)
class DueDigest:
    """A claimed digest, ready for its platform to send; `stale` ones are skipped.

    `at` is when it was claimed: the digest covers the seven days before it.
    """

    channel: DigestChannel
    stale: bool
    at: datetime


def schedule(timezone: str) -> Schedule:
    """Mondays at SEND_AT in `timezone`."""
    return Schedule(MONDAY, SEND_AT, timezone)


def _row(row: dict[str, Any]) -> DigestChannel:
    return DigestChannel(
        tenant=row["tenant"],
        platform=row["platform"],
        channel_id=row["channel_id"],
        timezone=row["timezone"],
        lang=row["lang"],
        set_by=row["set_by"],
        next_run_at=row["next_run_at"],
    )


def _utc(now: datetime) -> datetime:
    return now.astimezone(UTC).replace(microsecond=0)


def set_channel(
    store: Store,
    tenant: str,
    platform: str,
    channel_id: str,
    *,
    timezone: str,
    lang: str,
    set_by: str | None,
    now: datetime,
) -> DigestChannel:
    """Send the tenant's digest on `platform` to `channel_id` from next Monday on."""
    channel_id = channel_id.strip()
    if not channel_id or len(channel_id) > 300:
        raise InvalidInput("the digest needs a channel", field="channel")
    zone = parse_timezone(timezone)
    at = _utc(now)
    first = next_run(schedule(zone), at)
    with store.write(tenant):
        store.db.execute(
            "INSERT INTO digest_channels (tenant, platform, channel_id, timezone, lang, set_by,"
            " set_at, next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (tenant, platform) DO UPDATE SET channel_id = excluded.channel_id,"
            " timezone = excluded.timezone, lang = excluded.lang, set_by = excluded.set_by,"
            " set_at = excluded.set_at, next_run_at = excluded.next_run_at,"
            " claimed_by = NULL, claimed_until = NULL",
            [tenant, platform, channel_id, zone, normalize(lang), set_by, at.isoformat(),
             first.isoformat()],
        )  # fmt: skip
    found = get_channel(store, tenant, platform)
    assert found is not None
    return found


def get_channel(store: Store, tenant: str, platform: str) -> DigestChannel | None:
    """The channel that gets the digest on `platform`, if one was chosen."""
    rows = store.query(
        "SELECT * FROM digest_channels WHERE tenant = ? AND platform = ?", [tenant, platform]
    )
    return _row(rows[0]) if rows else None


def stop(store: Store, tenant: str, platform: str) -> DigestChannel | None:
    """Stop the digest on `platform`; returns the channel that got it (None if none did)."""
    current = get_channel(store, tenant, platform)
    if current is not None:
        with store.write(tenant):
            store.db.execute(
                "DELETE FROM digest_channels WHERE tenant = ? AND platform = ?",
                [tenant, platform],
            )
    return current


def claim_due(
    store: Store,
    worker: str,
    *,
    now: datetime,
    platforms: set[str] | None = None,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 50,
) -> list[DueDigest]:
    """Claim every due digest (all tenants; only `platforms` when given), atomically."""
    at = _utc(now)
    where = "next_run_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)"
    params: list[Any] = [at.isoformat(), at.isoformat()]
    if platforms is not None:
        where += f" AND platform IN ({','.join('?' * len(platforms)) or 'NULL'})"
        params.extend(sorted(platforms))
    with store.write():
        rows = store.query(
            f"SELECT * FROM digest_channels WHERE {where} ORDER BY next_run_at LIMIT ?",
            [*params, limit],
        )
        for row in rows:
            store.db.execute(
                "UPDATE digest_channels SET claimed_by = ?, claimed_until = ?"
                " WHERE tenant = ? AND platform = ?",
                [worker, (at + lease).isoformat(), row["tenant"], row["platform"]],
            )
    return [
        DueDigest(
            _row(row),
            stale=at - datetime.fromisoformat(row["next_run_at"]) > STALE_AFTER,
            at=at,
        )
        for row in rows
    ]


def finish(store: Store, channel: DigestChannel, worker: str, *, now: datetime, sent: bool) -> bool:
    """Move a claimed digest to next Monday; False if the claim was lost meanwhile."""
    at = _utc(now)
    following = next_run(
        schedule(channel.timezone), max(at, datetime.fromisoformat(channel.next_run_at))
    )
    with store.write():
        cursor = store.db.execute(
            "UPDATE digest_channels SET next_run_at = ?, claimed_by = NULL, claimed_until = NULL,"
            " last_sent_at = CASE WHEN ? THEN ? ELSE last_sent_at END"
            " WHERE tenant = ? AND platform = ? AND claimed_by = ?",
            [following.isoformat(), int(sent), at.isoformat(), channel.tenant, channel.platform,
             worker],
        )  # fmt: skip
    return cursor.rowcount == 1


def release(store: Store, channel: DigestChannel, worker: str) -> None:
    """Give a claim back after a failed send, so the next poll retries it."""
    with store.write():
        store.db.execute(
            "UPDATE digest_channels SET claimed_by = NULL, claimed_until = NULL"
            " WHERE tenant = ? AND platform = ? AND claimed_by = ?",
            [channel.tenant, channel.platform, worker],
        )
