"""The background reminder poller: claims due reminders and hands each to its platform."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime

from bot import reminders, requests
from bot.config import system_clock
from bot.reminders import DueReminder
from bot.store import Store

logger = logging.getLogger(__name__)

POLL_SECONDS = 30.0
CLEANUP_SECONDS = 3600.0
#: Sends one due reminder; may return False when there was nothing to send (not an error).
Sender = Callable[[DueReminder], object]


class GiveUp(Exception):
    """A reminder cannot be sent this week (channel archived, app removed): skip to next week."""


class ReminderPoller:
    """Polls for due reminders in a daemon thread; two processes never send one twice."""

    def __init__(
        self,
        store: Store,
        senders: Mapping[str, Sender],
        *,
        interval: float = POLL_SECONDS,
        worker: str | None = None,
        clock: Callable[[], datetime] = system_clock,
    ) -> None:
        self.store = store
        self.senders = dict(senders)
        self.interval = interval
        self.clock = clock
        self.worker = worker or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll_once(self, now: datetime | None = None) -> int:
        """Claim and send what is due now; returns how many reminders were sent."""
        sent = 0
        now = now or self.clock()
        for due in reminders.claim_due(self.store, self.worker, now=now):
            reminder = due.reminder
            sender = self.senders.get(reminder.platform)
            if sender is None:  # another process serves that platform
                reminders.release(self.store, reminder.id, self.worker)
                continue
            if due.stale:
                logger.warning("reminder %s is more than an hour late; skipped", reminder.id)
                reminders.finish_run(self.store, reminder.id, self.worker, now=now)
                continue
            try:
                result = sender(due)
            except GiveUp as exc:
                logger.warning("reminder %s skipped this week: %s", reminder.id, exc)
            except Exception:
                logger.exception("reminder %s failed; it will be retried", reminder.id)
                reminders.release(self.store, reminder.id, self.worker)
                continue
            else:
                sent += result is not False
            reminders.finish_run(self.store, reminder.id, self.worker, now=now)
        return sent

    def _run(self) -> None:
        last_cleanup = 0.0
        while not self._stop.is_set():
            try:
                now = self.clock()
                self.poll_once(now)
                if time.monotonic() - last_cleanup > CLEANUP_SECONDS:
                    # Keys of handled requests (event retries, double clicks) expire.
                    requests.forget_old(self.store, now=now)
                    last_cleanup = time.monotonic()
            except Exception:  # the poller must outlive a busy or broken database
                logger.exception("reminder poll failed")
            self._stop.wait(self.interval)

    def start(self) -> None:
        """Start polling in a daemon thread."""
        if self._thread is None and self.senders:
            self._thread = threading.Thread(target=self._run, name="reminders", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop polling and wait for the thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
