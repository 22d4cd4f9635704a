"""The feedback syncs as a job kind of the server's scheduler (`handlers.scheduler`).

A sync can take minutes, so the job starts it on a thread of its own and returns at
once: reminders never wait behind a long export. The core claims the tenant in the
database, so of several server processes one syncs, once per EMPTYCHAIR_SYNC_MINUTES.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from bot.config import Settings
from bot.store import Store
from bot.sync.config import SyncConfig, configured_syncs, sync_minutes
from bot.sync.schedule import run_due_syncs
from handlers.platform import Platform

logger = logging.getLogger(__name__)

#: How often the job looks whether a sync is due (seconds); the interval itself is in the DB.
CHECK_SECONDS = 60.0


class SyncJob:
    """Runs the configured syncs of the settings' tenant when they are due."""

    name = "sync"

    def __init__(
        self,
        store: Store,
        settings: Settings,
        configs: Sequence[SyncConfig],
        *,
        minutes: int,
        every: float = CHECK_SECONDS,
    ) -> None:
        self.store = store
        self.settings = settings
        self.configs = list(configs)
        self.interval = timedelta(minutes=minutes)
        self.every = every
        self._thread: threading.Thread | None = None

    def sync_now(self, worker: str) -> int:
        """Run the syncs if due, on this thread; returns how many sources were synced."""
        return len(
            run_due_syncs(
                self.store,
                self.settings.tenant,
                self.configs,
                clock=self.settings.clock,
                every=self.interval,
                worker=worker,
                mask=self.settings.mask_personal_data,
            )
        )

    def _background(self, worker: str) -> None:
        try:
            self.sync_now(worker)
        except Exception:  # logged, and retried at the next check
            logger.exception("scheduled feedback sync failed")

    def run(self, platforms: Mapping[str, Platform], worker: str, now: datetime) -> int:
        """Start a sync in the background unless one is running; returns 1 if started."""
        if self._thread is not None and self._thread.is_alive():
            return 0
        self._thread = threading.Thread(
            target=self._background, args=(worker,), name="feedback-sync", daemon=True
        )
        self._thread.start()
        return 1

    def join(self, timeout: float | None = None) -> None:
        """Wait for a running sync (tests, shutdown)."""
        if self._thread is not None:
            self._thread.join(timeout)


def sync_jobs_from_env(store: Store, settings: Settings) -> list[SyncJob]:
    """The sync job when the environment configures a source (EMPTYCHAIR_ZENDESK_*, ...)."""
    configs = configured_syncs()
    if not configs:
        return []
    return [SyncJob(store, settings, configs, minutes=sync_minutes())]
