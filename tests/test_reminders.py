"""Weekly reminders: parsing, time zones, claims that never double-send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import reminders
from bot.errors import InvalidInput, NotFound
from bot.store import Store
from bot.workspace import Workspace

MONDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday


@pytest.mark.parametrize(
    ("weekday", "time", "tz", "expected"),
    [
        ("mon", "13:30", "UTC", "2026-11-23T13:30:00+00:00"),
        ("Monday", "9:00", "UTC", "2026-11-30T09:00:00+00:00"),  # already past today
        ("tue", "9am", "Europe/Warsaw", "2026-11-24T08:00:00+00:00"),
        ("fri", "5:15pm", "America/New_York", "2026-11-27T22:15:00+00:00"),
    ],
)
def test_next_run(weekday: str, time: str, tz: str, expected: str) -> None:
    schedule = reminders.parse_schedule(weekday, time, tz)
    assert reminders.next_run(schedule, MONDAY_NOON).isoformat() == expected


def test_daylight_saving_change_keeps_local_time() -> None:
    schedule = reminders.parse_schedule("sun", "09:00", "Europe/Warsaw")
    before = datetime(2026, 3, 21, 12, 0, tzinfo=UTC)  # Saturday before the change
    first = reminders.next_run(schedule, before)
    second = reminders.next_run(schedule, first)
    assert (first.hour, second.hour) == (8, 7)  # 09:00 CET, then 09:00 CEST


@pytest.mark.parametrize(
    ("weekday", "time", "tz", "field"),
    [
        ("someday", "09:00", "UTC", "weekday"),
        ("mon", "25:00", "UTC", "time"),
        ("mon", "9.30", "UTC", "time"),
        ("mon", "09:00", "Mars/Olympus", "timezone"),
        ("mon", "09:00", "../../etc/passwd", "timezone"),
    ],
)
def test_bad_schedules(weekday: str, time: str, tz: str, field: str) -> None:
    with pytest.raises(InvalidInput) as excinfo:
        reminders.parse_schedule(weekday, time, tz)
    assert excinfo.value.field == field


def test_claims_are_exclusive_and_advance_a_week(store: Store) -> None:
    ws = Workspace(store, "slack:T1")
    r = ws.add_reminder("slack", "C1", "mon", "09:00", "UTC")
    due_at = datetime.fromisoformat(r.next_run_at)
    now = due_at + timedelta(minutes=1)
    first = reminders.claim_due(store, "worker-a", now=now)
    second = reminders.claim_due(store, "worker-b", now=now)
    assert [d.reminder.id for d in first] == [r.id]
    assert second == []
    assert first[0].tenant == "slack:T1" and not first[0].stale
    assert not reminders.finish_run(store, r.id, "worker-b", now=now)
    assert reminders.finish_run(store, r.id, "worker-a", now=now)
    assert ws.reminders("slack", "C1")[0].next_run_at == (due_at + timedelta(days=7)).isoformat()


def test_expired_claim_is_taken_over_and_late_runs_are_stale(store: Store) -> None:
    ws = Workspace(store, "t")
    r = ws.add_reminder("slack", "C1", "mon", "09:00", "UTC")
    due_at = datetime.fromisoformat(r.next_run_at)
    reminders.claim_due(store, "dead-worker", now=due_at)
    later = due_at + timedelta(hours=2)
    taken = reminders.claim_due(store, "live-worker", now=later)
    assert [d.reminder.id for d in taken] == [r.id] and taken[0].stale


def test_release_lets_the_next_poll_retry(store: Store) -> None:
    ws = Workspace(store, "t")
    r = ws.add_reminder("slack", "C1", "wed", "10:00", "UTC")
    due_at = datetime.fromisoformat(r.next_run_at)
    reminders.claim_due(store, "w", now=due_at)
    reminders.release(store, r.id, "w")
    assert [d.reminder.id for d in reminders.claim_due(store, "w2", now=due_at)] == [r.id]


def test_delete_and_limits(store: Store) -> None:
    ws = Workspace(store, "t")
    made = [ws.add_reminder("slack", "C1", "thu", f"{h:02d}:00", "UTC") for h in range(10)]
    with pytest.raises(InvalidInput, match="already has 10 reminders"):
        ws.add_reminder("slack", "C1", "thu", "23:00", "UTC")
    with pytest.raises(NotFound):
        ws.delete_reminder(made[0].id, channel_id="C2")
    ws.delete_reminder(made[0].id, channel_id="C1")
    assert len(ws.reminders("slack", "C1")) == 9
    with pytest.raises(NotFound):
        Workspace(store, "other").delete_reminder(made[1].id)
    assert reminders.describe(made[1], "en") == "Every Thursday at 01:00 (UTC)"
