"""Weekly reminders that start the empty chair before a regular meeting.

Due reminders are *claimed* in one write transaction before they are sent, so two
server processes never send the same reminder twice; a claim expires if its process
dies, and a reminder far past its time is skipped rather than sent late.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InvalidInput, NotFound
from bot.i18n import N_, t, translated
from bot.models import Reminder
from bot.store import Store, utcnow
from bot.text import clean, one_line

MAX_PER_CHANNEL = 10
#: A reminder claimed more than this long after its time is skipped, not sent.
STALE_AFTER = timedelta(hours=1)
DEFAULT_LEASE = timedelta(minutes=5)

_WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_TIME_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Schedule:
    """A validated weekly time: weekday (0 = Monday), HH:MM and an IANA time zone."""

    weekday: int
    time: str
    timezone: str


def parse_weekday(value: str) -> int:
    """0-6 from a weekday name or abbreviation (Monday, mon...)."""
    key = value.strip().lower().rstrip(".")
    if key not in _WEEKDAYS:
        raise InvalidInput(
            N_("{value!r} is not a weekday (use monday ... sunday)"), value=value, field="weekday"
        )
    return _WEEKDAYS[key]


def parse_time(value: str) -> str:
    """HH:MM (24-hour) from '9:30', '09:30', '14:00' or '9am'."""
    match = _TIME_RE.match(value.strip())
    if not match:
        raise InvalidInput(
            N_("{value!r} is not a time (use HH:MM, e.g. 09:30)"), value=value, field="time"
        )
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "").lower()
    if suffix:
        if not 1 <= hour <= 12:
            raise InvalidInput(N_("{value!r} is not a time"), value=value, field="time")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(
            N_("{value!r} is not a time (use HH:MM, e.g. 09:30)"), value=value, field="time"
        )
    return f"{hour:02d}:{minute:02d}"


def parse_timezone(value: str) -> str:
    """A valid IANA time zone name (Europe/Warsaw, UTC)."""
    name = value.strip()
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        raise InvalidInput(
            N_("{value!r} is not a time zone (e.g. Europe/Warsaw)"), value=value, field="timezone"
        )
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            N_("unknown time zone {value!r} (use a name like Europe/Warsaw or America/New_York)"),
            value=value,
            field="timezone",
        ) from None
    return name


def parse_schedule(
    weekday: str, time: str, timezone: str | None, default_tz: str = "UTC"
) -> Schedule:
    """Validate the three parts of `remind <weekday> <HH:MM> [timezone]`."""
    return Schedule(
        parse_weekday(weekday), parse_time(time), parse_timezone(timezone or default_tz)
    )


@dataclass(frozen=True)
class RemindRequest:
    """The words of `remind <weekday> <HH:MM> [time zone] [topic]`, not yet validated."""

    weekday: str
    time: str
    timezone: str | None
    topic: str | None


def split_remind(text: str) -> RemindRequest | None:
    """Split `remind` arguments; None when the weekday or time is missing.

    A third word is the time zone when it looks like one (`Europe/Warsaw`, `UTC`); the
    words after it are the topic the empty chair starts with.
    """
    words = text.split()
    if len(words) < 2:
        return None
    rest = words[2:]
    timezone = None
    if rest and ("/" in rest[0] or rest[0].upper() in ("UTC", "GMT")):
        timezone = rest.pop(0)
    return RemindRequest(words[0], words[1], timezone, " ".join(rest) or None)


def next_run(schedule: Schedule, after: datetime) -> datetime:
    """The first time strictly after `after` (aware) that the schedule fires, in UTC."""
    zone = ZoneInfo(schedule.timezone)
    local = after.astimezone(zone)
    hour, minute = (int(p) for p in schedule.time.split(":"))
    days = (schedule.weekday - local.weekday()) % 7
    for extra in (0, 7, 14):
        day = (local + timedelta(days=days + extra)).date()
        candidate = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)
        # Round-trip through UTC resolves times that do not exist on DST-change days.
        candidate = candidate.astimezone(UTC)
        if candidate > after.astimezone(UTC):
            return candidate
    raise AssertionError("a weekly schedule always fires within three weeks")


def _row_to_reminder(row: dict[str, Any]) -> Reminder:
    return Reminder(
        id=int(row["id"]),
        platform=row["platform"],
        channel_id=row["channel_id"],
        weekday=int(row["weekday"]),
        time=row["time"],
        timezone=row["timezone"],
        topic=row["topic"],
        created_by=row["created_by"],
        next_run_at=row["next_run_at"],
        active=bool(row["active"]),
    )


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def add_reminder(
    store: Store,
    tenant: str,
    platform: str,
    channel_id: str,
    schedule: Schedule,
    *,
    topic: str | None = None,
    created_by: str | None = None,
    now: datetime | None = None,
) -> Reminder:
    """Add a weekly reminder to a channel (at most 10 per channel)."""
    topic = one_line(clean(topic or "")) or None
    if topic and len(topic) > 200:
        raise InvalidInput("the topic is longer than 200 characters", field="topic")
    first = next_run(schedule, _now(now))
    with store.write(tenant):
        count = store.db.execute(
            "SELECT COUNT(*) FROM reminders WHERE tenant = ? AND platform = ? AND channel_id = ?"
            " AND active = 1",
            [tenant, platform, channel_id],
        ).fetchone()[0]
        if count >= MAX_PER_CHANNEL:
            raise InvalidInput(
                N_("this channel already has {limit} reminders; delete one first"),
                limit=MAX_PER_CHANNEL,
            )
        cursor = store.db.execute(
            "INSERT INTO reminders (tenant, platform, channel_id, weekday, time, timezone, topic,"
            " created_by, created_at, next_run_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                tenant,
                platform,
                channel_id,
                schedule.weekday,
                schedule.time,
                schedule.timezone,
                topic,
                created_by,
                utcnow(),
                first.isoformat(),
            ],
        )
        reminder_id = int(cursor.lastrowid or 0)
    return get_reminder(store, tenant, reminder_id)


def get_reminder(store: Store, tenant: str, reminder_id: int) -> Reminder:
    """A reminder by id; `NotFound` for unknown ids and other tenants' reminders."""
    rows = store.query(
        "SELECT * FROM reminders WHERE tenant = ? AND id = ? AND active = 1", [tenant, reminder_id]
    )
    if not rows:
        raise NotFound(N_("no reminder {reminder_id}"), reminder_id=reminder_id)
    return _row_to_reminder(rows[0])


def list_reminders(
    store: Store, tenant: str, platform: str, channel_id: str | None = None
) -> list[Reminder]:
    """Active reminders of a tenant (of one channel when given), next first."""
    sql = "SELECT * FROM reminders WHERE tenant = ? AND platform = ? AND active = 1"
    params: list[Any] = [tenant, platform]
    if channel_id is not None:
        sql += " AND channel_id = ?"
        params.append(channel_id)
    return [_row_to_reminder(r) for r in store.query(sql + " ORDER BY next_run_at", params)]


def delete_reminder(
    store: Store, tenant: str, reminder_id: int, channel_id: str | None = None
) -> Reminder:
    """Stop a reminder (kept, inactive, for the record)."""
    reminder = get_reminder(store, tenant, reminder_id)
    if channel_id is not None and reminder.channel_id != channel_id:
        raise NotFound(N_("no reminder {reminder_id} in this channel"), reminder_id=reminder_id)
    with store.write(tenant):
        store.db.execute("UPDATE reminders SET active = 0 WHERE id = ?", [reminder_id])
    return reminder


@dataclass(frozen=True)
class DueReminder:
    """A claimed reminder, with its tenant, ready to be sent by its platform."""

    tenant: str
    reminder: Reminder
    stale: bool


def claim_due(
    store: Store,
    worker: str,
    *,
    now: datetime | None = None,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 50,
) -> list[DueReminder]:
    """Claim every due reminder (all tenants) for `worker`, atomically."""
    at = _now(now)
    with store.write():
        rows = store.query(
            "SELECT * FROM reminders WHERE active = 1 AND next_run_at <= ?"
            " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY next_run_at LIMIT ?",
            [at.isoformat(), at.isoformat(), limit],
        )
        for row in rows:
            store.db.execute(
                "UPDATE reminders SET claimed_by = ?, claimed_until = ? WHERE id = ?",
                [worker, (at + lease).isoformat(), row["id"]],
            )
    return [
        DueReminder(
            row["tenant"],
            _row_to_reminder(row),
            stale=at - datetime.fromisoformat(row["next_run_at"]) > STALE_AFTER,
        )
        for row in rows
    ]


def finish_run(store: Store, reminder_id: int, worker: str, *, now: datetime | None = None) -> bool:
    """Advance a claimed reminder to its next week; False if the claim was lost."""
    at = _now(now)
    with store.write():
        rows = store.query(
            "SELECT * FROM reminders WHERE id = ? AND claimed_by = ?", [reminder_id, worker]
        )
        if not rows:
            return False
        reminder = _row_to_reminder(rows[0])
        schedule = Schedule(reminder.weekday, reminder.time, reminder.timezone)
        following = next_run(schedule, max(at, datetime.fromisoformat(reminder.next_run_at)))
        store.db.execute(
            "UPDATE reminders SET next_run_at = ?, claimed_by = NULL, claimed_until = NULL"
            " WHERE id = ?",
            [following.isoformat(), reminder_id],
        )
    return True


def release(store: Store, reminder_id: int, worker: str) -> None:
    """Give a claim back after a failed send, so the next poll retries it."""
    with store.write():
        store.db.execute(
            "UPDATE reminders SET claimed_by = NULL, claimed_until = NULL"
            " WHERE id = ? AND claimed_by = ?",
            [reminder_id, worker],
        )


def describe(reminder: Reminder, lang: str) -> str:
    """'Every Monday at 09:30 (Europe/Warsaw)', in `lang`."""
    return t(
        lang,
        "Every {weekday} at {time} ({timezone})",
        weekday=translated(lang, WEEKDAY_NAMES[reminder.weekday]),
        time=reminder.time,
        timezone=reminder.timezone,
    )
