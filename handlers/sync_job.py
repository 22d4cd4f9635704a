"""The feedback syncs as a job kind of the server's scheduler (`handlers.scheduler`).

A sync can take minutes, so the job starts it on a thread of its own and returns at
once: reminders never wait behind a long export. It walks the tenants one after another;
the core claims each tenant in the database, so of several server processes one syncs a
tenant, once per EMPTYCHAIR_SYNC_MINUTES, and one tenant's syncs never run twice at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from bot.config import Settings
from bot.secrets import SECRET_KEY_ENV, Sealer, reseal_tokens
from bot.store import Store
from bot.sync.config import SyncConfig, configured_syncs, sync_minutes
from bot.sync.http import RetryPolicy
from bot.sync.saved import configs_by_tenant, has_saved_syncs, source_of
from bot.sync.schedule import run_due_syncs
from handlers.platform import Platform

logger = logging.getLogger(__name__)

#: How often the job looks whether a sync is due (seconds); the interval itself is in the DB.
CHECK_SECONDS = 60.0


class SyncJob:
    """Runs every tenant's configured syncs when they are due, one tenant after another.

    The syncs of a tenant are those saved for it (`feedback sync ... --save`), and for the
    settings' tenant (EMPTYCHAIR_TENANT) also those of the environment (a saved one of the
    same source wins). A tenant whose sync fails is logged and the next one runs.
    """

    name = "sync"

    def __init__(
        self,
        store: Store,
        settings: Settings,
        configs: Sequence[SyncConfig],
        *,
        minutes: int,
        every: float = CHECK_SECONDS,
        sealer: Sealer | None = None,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.configs = list(configs)
        self.interval = timedelta(minutes=minutes)
        self.every = every
        self.sealer = sealer
        self.policy = policy
        self._thread: threading.Thread | None = None

    def plan(self) -> dict[str, list[SyncConfig]]:
        """Each tenant's syncs, tenants in order (read anew each time: saves take effect)."""
        plan = configs_by_tenant(self.store, self.sealer)
        own = plan.setdefault(self.settings.tenant, [])
        saved = {source_of(c) for c in own}
        own += [c for c in self.configs if source_of(c) not in saved]
        return {tenant: configs for tenant, configs in sorted(plan.items()) if configs}

    def sync_now(self, worker: str) -> int:
        """Run each tenant's syncs if due, on this thread; returns how many sources synced."""
        synced = 0
        for tenant, configs in self.plan().items():
            try:
                synced += len(
                    run_due_syncs(
                        self.store,
                        tenant,
                        configs,
                        clock=self.settings.clock,
                        every=self.interval,
                        worker=worker,
                        mask=self.settings.mask_personal_data,
                        policy=self.policy,
                    )
                )
            except Exception:  # logged; the other tenants still sync, this one next time
                logger.exception("scheduled feedback sync of tenant %s failed", tenant)
        return synced

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
    """The sync job when the environment configures a source (EMPTYCHAIR_ZENDESK_*, ...),
    a secret key lets tenants save theirs, or some tenant saved one."""
    configs = configured_syncs()
    sealer = Sealer.from_env()
    saved = has_saved_syncs(store)
    if saved and sealer is None:
        logger.error(
            "saved feedback syncs will not run: set %s to the key that encrypted them",
            SECRET_KEY_ENV,
        )
    if sealer is not None:  # every stored secret moves to the newest key (README: rotation)
        resealed = reseal_tokens(store, sealer)
        if resealed:
            logger.warning("sealed %d stored secrets with the newest key", resealed)
    if not configs and sealer is None:
        return []
    return [SyncJob(store, settings, configs, minutes=sync_minutes(), sealer=sealer)]
