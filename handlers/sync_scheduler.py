"""The server's background sync thread: runs the configured syncs every N minutes."""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import timedelta

from bot.config import Settings
from bot.store import Store
from bot.sync import state
from bot.sync.config import SyncConfig
from bot.sync.schedule import run_due_syncs

logger = logging.getLogger(__name__)

#: How often the thread checks whether a sync is due (seconds).
TICK_SECONDS = 60.0


class SyncScheduler:
    """Runs `run_due_syncs` for the settings' tenant in a daemon thread."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        configs: Sequence[SyncConfig],
        *,
        minutes: int,
        tick: float = TICK_SECONDS,
    ) -> None:
        self.store = store
        self.settings = settings
        self.configs = list(configs)
        self.every = timedelta(minutes=minutes)
        self.tick = tick
        self.worker = state.worker_id()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> int:
        """Run the syncs if due; returns how many ran."""
        return len(
            run_due_syncs(
                self.store,
                self.settings.tenant,
                self.configs,
                clock=self.settings.clock,
                every=self.every,
                worker=self.worker,
                mask=self.settings.mask_personal_data,
            )
        )

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.run_once()
            except Exception:  # the thread must outlive a busy database or a bad answer
                logger.exception("scheduled sync failed")
            self._stop.wait(self.tick)

    def start(self) -> None:
        """Start the thread (nothing to do without configured syncs)."""
        if self._thread is None and self.configs:
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the thread and wait for it (a running page finishes first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)
            self._thread = None
