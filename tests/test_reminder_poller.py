"""The background reminder poller: sends what is due once, in its own thread, and stops."""

from __future__ import annotations

import time
from datetime import timedelta

from bot import reminders
from bot.reminders import DueReminder, Schedule
from bot.store import Store
from handlers.reminders import GiveUp, ReminderPoller
from tests.helpers import FIXED_NOW, fixed_clock


def due_soon(store: Store, platform: str = "slack", channel: str = "C1") -> int:
    """A reminder that became due half an hour ago (late, but not stale)."""
    at = FIXED_NOW - timedelta(minutes=30)
    schedule = Schedule(at.weekday(), at.strftime("%H:%M"), "UTC")
    made = reminders.add_reminder(
        store, "slack:T1", platform, channel, schedule, now=at - timedelta(minutes=10)
    )
    return made.id


def test_the_thread_sends_a_due_reminder_once_and_stops(store: Store) -> None:
    sent: list[DueReminder] = []
    reminder_id = due_soon(store)
    poller = ReminderPoller(
        clock=fixed_clock, store=store, senders={"slack": sent.append}, interval=0.02
    )
    poller.start()
    deadline = time.monotonic() + 5
    while not sent and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # a few more polls: nothing is sent twice
    poller.stop()
    assert [(d.tenant, d.reminder.id) for d in sent] == [("slack:T1", reminder_id)]
    assert poller._thread is None


def test_failures_are_retried_and_give_ups_skip_the_week(store: Store) -> None:
    calls: list[str] = []

    def flaky(due: DueReminder) -> None:
        calls.append(due.reminder.channel_id)
        if due.reminder.channel_id == "C-lost":
            raise GiveUp("channel archived")
        if len(calls) == 1:
            raise RuntimeError("Slack is down")

    due_soon(store, channel="C-flaky")
    poller = ReminderPoller(clock=fixed_clock, store=store, senders={"slack": flaky})
    assert poller.poll_once() == 0  # failed: released for the next poll
    assert poller.poll_once() == 1
    due_soon(store, channel="C-lost")
    assert poller.poll_once() == 0
    assert poller.poll_once() == 0  # skipped to next week, not retried
    assert calls == ["C-flaky", "C-flaky", "C-lost"]


def test_reminders_of_other_platforms_are_left_for_their_process(store: Store) -> None:
    due_soon(store, platform="teams")
    poller = ReminderPoller(clock=fixed_clock, store=store, senders={"slack": lambda due: None})
    assert poller.poll_once() == 0
    assert (
        ReminderPoller(
            clock=fixed_clock, store=store, senders={"teams": lambda due: None}
        ).poll_once()
        == 1
    )
