"""The background scheduler: claims due work in the core and hands it to its platform.

The path of a weekly reminder, end to end:

1. `/emptychair remind monday 09:30` (Slack) or `remind monday 09:30` (Teams) calls
   `Workspace.add_reminder`; the core (`bot.reminders`) validates the schedule and stores
   the reminder with its first `next_run_at` (`next_run`, in the reminder's time zone).
2. The server starts one `Scheduler` thread per process (`handlers.server.create_app`);
   every `POLL_SECONDS` its `ReminderJob` asks the core to `claim_due` reminders. A claim
   is one write transaction with a lease, so two processes never take the same reminder,
   and a claim of a process that died expires.
3. The job hands each claimed reminder to its platform's `send_reminder`
   (`handlers.slack.app.SlackBot`, `handlers.teams.bot.TeamsBot`, both implementing
   `handlers.platform.Platform`), which starts the empty chair in the channel and answers
   with a `Delivery`.
4. The job `finish_run`s the reminder (its next week) whatever the delivery, or
   `release`s the claim when the sender raised, so the next poll retries it. A reminder
   claimed more than an hour late is skipped, not sent.

Other job kinds follow the same claim → send → finish/release shape: `ReviewJob` (a
decision's review date has come: `bot.reviews.claim_due_reviews`, then the platform's
`send_review` DMs the owner) and `MeetingTimeoutJob` (an empty chair running for 12
hours is ended by `bot.sessions.end_forgotten`, then `end_meeting` posts its summary).
Each runs at its own interval, and all of them run once when the scheduler starts.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import partial
from typing import Protocol, TypeVar

from bot import digest_schedule, handled_requests, reminders, reviews, sessions
from bot.config import system_clock
from bot.store import Store
from handlers.platform import Delivery, Platform

logger = logging.getLogger(__name__)

T = TypeVar("T")

POLL_SECONDS = 30.0
#: Reviews and forgotten meetings are checked this often (and when the server starts).
REVIEW_SECONDS = 180.0
CLEANUP_SECONDS = 3600.0


class Job(Protocol):
    """One kind of scheduled work (reminders, reviews, ...)."""

    @property
    def name(self) -> str:
        """A short name for logs and counts."""
        ...

    @property
    def every(self) -> float:
        """Seconds between two runs."""
        ...

    def run(self, platforms: Mapping[str, Platform], worker: str, now: datetime) -> int:
        """Claim and send what is due at `now`; returns how many messages were sent."""
        ...


def attempt(what: str, send: Callable[[T], Delivery], item: T) -> Delivery | None:
    """`send(item)`; None when it raised (logged), so the caller releases the claim."""
    try:
        delivery = send(item)
    except Exception:
        logger.exception("%s failed; it will be retried", what)
        return None
    if delivery is Delivery.GIVE_UP:
        logger.warning("%s could not be delivered; not retried", what)
    elif delivery is Delivery.RECIPIENT_GONE:
        logger.warning("%s: the recipient has left", what)
    return delivery


class ReminderJob:
    """Weekly reminders that start the empty chair (see the module docstring)."""

    name = "reminders"

    def __init__(self, store: Store, every: float = POLL_SECONDS) -> None:
        self.store = store
        self.every = every

    def run(self, platforms: Mapping[str, Platform], worker: str, now: datetime) -> int:
        """Claim due reminders, send each through its platform, advance or release it."""
        sent = 0
        for due in reminders.claim_due(self.store, worker, now=now):
            reminder = due.reminder
            platform = platforms.get(reminder.platform)
            if platform is None:  # another process serves that platform
                reminders.release(self.store, reminder.id, worker)
                continue
            if due.stale:
                logger.warning("reminder %s is more than an hour late; skipped", reminder.id)
                reminders.finish_run(self.store, reminder.id, worker, now=now)
                continue
            delivery = attempt(f"reminder {reminder.id}", platform.send_reminder, due)
            if delivery is None:
                reminders.release(self.store, reminder.id, worker)
                continue
            sent += delivery is Delivery.SENT
            reminders.finish_run(self.store, reminder.id, worker, now=now)
        return sent


#: What a review's delivery means for its row in the core.
_REVIEW_STATE: dict[Delivery, reviews.FinalState] = {
    Delivery.SENT: "sent",
    Delivery.NOTHING: "nothing",
    Delivery.GIVE_UP: "undeliverable",
    Delivery.RECIPIENT_GONE: "owner-gone",
}


class ReviewJob:
    """Decisions whose review date has come: their owners get a direct message, once."""

    name = "reviews"

    def __init__(self, store: Store, every: float = REVIEW_SECONDS) -> None:
        self.store = store
        self.every = every

    def run(self, platforms: Mapping[str, Platform], worker: str, now: datetime) -> int:
        """Claim due reviews, send each to its owner, and record how it went."""
        sent = 0
        for due in reviews.claim_due_reviews(self.store, worker, list(platforms), now=now):
            platform = platforms[due.platform]
            what = f"review of decision {due.decision.id}"
            delivery = attempt(what, platform.send_review, due)
            if delivery is None:
                reviews.release_review(self.store, due, worker)
                continue
            reviews.finish_review(self.store, due, worker, _REVIEW_STATE[delivery], now=now)
            sent += delivery is Delivery.SENT
        return sent


class MeetingTimeoutJob:
    """An empty chair left running for 12 hours is ended, and its summary posted."""

    name = "meetings"

    def __init__(self, store: Store, every: float = REVIEW_SECONDS) -> None:
        self.store = store
        self.every = every

    def run(self, platforms: Mapping[str, Platform], worker: str, now: datetime) -> int:
        """End forgotten sessions of the platforms served here; post each summary."""
        sent = 0
        for tenant, session in sessions.end_forgotten(self.store, list(platforms), now=now):
            platform = platforms[session.platform]
            what = f"summary of empty-chair session {session.id}"
            delivery = attempt(what, partial(platform.end_meeting, tenant), session)
            sent += delivery is Delivery.SENT
        return sent


class DigestJob:
    """The weekly digest: every Monday morning in each workspace's time zone.

    `/emptychair digest here` (Slack) or `digest here` (Teams) stores the channel with its
    first Monday (`bot.digest_schedule`); this job claims due digests, has the platform's
    `send_digest` post them, and moves each to next Monday (or releases the claim when
    the send raised, so the next poll retries). One more than 12 hours late is skipped.
    """

    name = "digests"

    def __init__(self, store: Store, every: float = POLL_SECONDS) -> None:
        self.store = store
        self.every = every

    def run(self, platforms: Mapping[str, Platform], worker: str, now: datetime) -> int:
        """Claim due digests of the platforms served here, send, advance or release."""
        sent = 0
        for due in digest_schedule.claim_due(self.store, worker, now=now, platforms=set(platforms)):
            channel = due.channel
            what = f"digest of {channel.tenant} on {channel.platform}"
            if due.stale:
                logger.warning("%s is more than 12 hours late; skipped", what)
                digest_schedule.finish(self.store, channel, worker, now=now, sent=False)
                continue
            delivery = attempt(what, platforms[channel.platform].send_digest, due)
            if delivery is None:
                digest_schedule.release(self.store, channel, worker)
                continue
            sent += delivery is Delivery.SENT
            digest_schedule.finish(
                self.store, channel, worker, now=now, sent=delivery is Delivery.SENT
            )
        return sent


def default_jobs(store: Store, interval: float = POLL_SECONDS) -> list[Job]:
    """Every job kind the server runs."""
    return [
        ReminderJob(store, interval),
        ReviewJob(store),
        MeetingTimeoutJob(store),
        DigestJob(store, interval),
    ]


class Scheduler:
    """Runs every job kind in a daemon thread; two processes never send one thing twice."""

    def __init__(
        self,
        store: Store,
        platforms: Mapping[str, Platform],
        jobs: Sequence[Job] | None = None,
        *,
        interval: float = POLL_SECONDS,
        worker: str | None = None,
        clock: Callable[[], datetime] = system_clock,
    ) -> None:
        self.store = store
        self.platforms = dict(platforms)
        self.jobs = {job.name: job for job in (jobs or default_jobs(store, interval))}
        self.interval = interval
        self.clock = clock
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._last_run: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run(self, job: str, now: datetime | None = None) -> int:
        """Run one job kind now; returns how many messages it sent."""
        return self.jobs[job].run(self.platforms, self.worker, now or self.clock())

    def run_all(self, now: datetime | None = None) -> dict[str, int]:
        """Run every job kind now; returns what each sent."""
        at = now or self.clock()
        return {name: self.run(name, at) for name in self.jobs}

    def run_due(self, now: datetime | None = None) -> dict[str, int]:
        """Run the job kinds whose interval has passed (all of them the first time)."""
        at = now or self.clock()
        counts: dict[str, int] = {}
        for name, job in self.jobs.items():
            last = self._last_run.get(name)
            if last is not None and time.monotonic() - last < job.every:
                continue
            self._last_run[name] = time.monotonic()
            try:
                counts[name] = self.run(name, at)
            except Exception:  # the scheduler must outlive a busy or broken database
                logger.exception("scheduled job %s failed", name)
        return counts

    def _loop(self) -> None:
        last_cleanup = 0.0
        while not self._stop.is_set():
            self.run_due()
            if time.monotonic() - last_cleanup > CLEANUP_SECONDS:
                try:
                    # Keys of handled requests (event retries, double clicks) expire.
                    handled_requests.forget_old(self.store, now=self.clock())
                    last_cleanup = time.monotonic()
                except Exception:
                    logger.exception("expiring request keys failed")
            self._stop.wait(min([self.interval, *(job.every for job in self.jobs.values())]))

    def start(self) -> None:
        """Start running jobs in a daemon thread."""
        if self._thread is None and self.platforms:
            self._stop.clear()
            self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
