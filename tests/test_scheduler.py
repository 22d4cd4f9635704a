"""The background scheduler: sends what is due once, in its own thread, and stops."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from fastapi import FastAPI

from bot import reminders
from bot.models import MeetingSession
from bot.reminders import DueReminder, Schedule
from bot.reviews import DueReview
from bot.store import Store
from handlers.platform import Delivery, Platform
from handlers.scheduler import Scheduler
from tests.helpers import FIXED_NOW, fixed_clock


@dataclass
class FakePlatform:
    """A platform that records what it was asked to send and answers with `reply`."""

    name: str = "slack"
    reply: Callable[[DueReminder], Delivery] = lambda due: Delivery.SENT
    reminders: list[DueReminder] = field(default_factory=list)
    reviews: list[DueReview] = field(default_factory=list)
    summaries: list[MeetingSession] = field(default_factory=list)
    review_reply: Delivery = Delivery.SENT

    def attach(self, app: FastAPI) -> None:
        """No routes."""

    def send_reminder(self, due: DueReminder) -> Delivery:
        """Record, then answer."""
        self.reminders.append(due)
        return self.reply(due)

    def send_review(self, due: DueReview) -> Delivery:
        """Record, then answer `review_reply`."""
        self.reviews.append(due)
        return self.review_reply

    def end_meeting(self, tenant: str, session: MeetingSession) -> Delivery:
        """Record."""
        self.summaries.append(session)
        return Delivery.SENT


def platforms(*found: Platform) -> dict[str, Platform]:
    return {p.name: p for p in found}


def due_soon(store: Store, platform: str = "slack", channel: str = "C1") -> int:
    """A reminder that became due half an hour ago (late, but not stale)."""
    at = FIXED_NOW - timedelta(minutes=30)
    schedule = Schedule(at.weekday(), at.strftime("%H:%M"), "UTC")
    made = reminders.add_reminder(
        store, "slack:T1", platform, channel, schedule, now=at - timedelta(minutes=10)
    )
    return made.id


def test_the_thread_sends_a_due_reminder_once_and_stops(store: Store) -> None:
    slack = FakePlatform()
    reminder_id = due_soon(store)
    scheduler = Scheduler(store, platforms(slack), clock=fixed_clock, interval=0.02)
    scheduler.start()
    deadline = time.monotonic() + 5
    while not slack.reminders and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)  # a few more polls: nothing is sent twice
    scheduler.stop()
    assert [(d.tenant, d.reminder.id) for d in slack.reminders] == [("slack:T1", reminder_id)]
    assert scheduler._thread is None


def test_failures_are_retried_and_give_ups_skip_the_week(store: Store) -> None:
    def flaky(due: DueReminder) -> Delivery:
        if due.reminder.channel_id == "C-lost":
            return Delivery.GIVE_UP
        if len(slack.reminders) == 1:
            raise RuntimeError("Slack is down")
        return Delivery.SENT

    slack = FakePlatform(reply=flaky)
    due_soon(store, channel="C-flaky")
    scheduler = Scheduler(store, platforms(slack), clock=fixed_clock)
    assert scheduler.run("reminders") == 0  # failed: released for the next poll
    assert scheduler.run("reminders") == 1
    due_soon(store, channel="C-lost")
    assert scheduler.run("reminders") == 0
    assert scheduler.run("reminders") == 0  # skipped to next week, not retried
    assert [d.reminder.channel_id for d in slack.reminders] == ["C-flaky", "C-flaky", "C-lost"]


def test_nothing_to_send_is_done_but_not_counted(store: Store) -> None:
    slack = FakePlatform(reply=lambda due: Delivery.NOTHING)
    reminder_id = due_soon(store)
    scheduler = Scheduler(store, platforms(slack), clock=fixed_clock)
    assert scheduler.run_all() == {"reminders": 0, "reviews": 0, "meetings": 0, "digests": 0}
    assert scheduler.run("reminders") == 0
    assert len(slack.reminders) == 1
    assert (
        reminders.get_reminder(store, "slack:T1", reminder_id).next_run_at > FIXED_NOW.isoformat()
    )


def test_reminders_of_other_platforms_are_left_for_their_process(store: Store) -> None:
    due_soon(store, platform="teams")
    slack_only = Scheduler(store, platforms(FakePlatform()), clock=fixed_clock)
    assert slack_only.run("reminders") == 0
    teams = FakePlatform(name="teams")
    assert Scheduler(store, platforms(teams), clock=fixed_clock).run("reminders") == 1
    assert len(teams.reminders) == 1


def test_run_due_runs_every_job_at_start_then_waits_for_its_interval(store: Store) -> None:
    slack = FakePlatform()
    scheduler = Scheduler(store, platforms(slack), clock=fixed_clock, interval=3600)
    assert scheduler.run_due() == {"reminders": 0, "reviews": 0, "meetings": 0, "digests": 0}
    due_soon(store)
    assert scheduler.run_due() == {}  # not yet: the interval has not passed
    assert slack.reminders == []


def test_reviews_and_forgotten_meetings_are_handed_to_their_platform(store: Store) -> None:
    from bot.config import Settings
    from bot.models import DecisionDraft, Place
    from bot.workspace import Workspace

    ws = Workspace(store, "slack:T1", Settings(clock=fixed_clock))
    decision = ws.record_decision(
        DecisionDraft(
            "Keep free returns",
            "Returns stay free",
            "Consumers keep free returns",
            owner="U1",
            review_on="2026-11-22",
            place=Place("slack", "C1"),
        )
    )
    session = ws.start_session("slack", "C2").card.session
    slack = FakePlatform(review_reply=Delivery.RECIPIENT_GONE)
    scheduler = Scheduler(store, platforms(slack), clock=fixed_clock)
    later = FIXED_NOW + timedelta(days=6)
    assert scheduler.run_all(later) == {"reminders": 0, "reviews": 0, "meetings": 1, "digests": 0}
    assert [d.decision.id for d in slack.reviews] == [decision.id]
    assert [s.id for s in slack.summaries] == [session.id]
    [item] = ws.review_queue(later.date()).reviews_due
    assert (item.owner_status, item.days_overdue) == ("gone", 6)
    assert scheduler.run_all(later) == {"reminders": 0, "reviews": 0, "meetings": 0, "digests": 0}
    assert len(slack.reviews) == 1
