"""Scheduled syncs: each configured source of a tenant, once per interval, across processes."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

import httpx

from bot.errors import EmptyChairError
from bot.store import Store
from bot.sync import state
from bot.sync.config import SyncConfig
from bot.sync.http import RetryPolicy
from bot.sync.runner import SyncResult, run_sync

logger = logging.getLogger(__name__)


def run_due_syncs(
    store: Store,
    tenant: str,
    configs: Sequence[SyncConfig],
    *,
    clock: Callable[[], datetime],
    every: timedelta,
    worker: str,
    mask: bool = True,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
) -> list[SyncResult]:
    """Run the tenant's syncs one after another if `every` has passed since the last run.

    The tenant is claimed in the database first, so of several server processes only
    one syncs, and only once per interval. A failing source is logged and skipped.
    """
    if not configs or not state.claim(store, tenant, worker, clock(), every=every):
        return []
    results: list[SyncResult] = []
    try:
        for config in configs:
            connector, client = config.connector(transport=transport, policy=policy)
            with client:
                try:
                    results.append(
                        run_sync(store, tenant, connector, clock=clock, mask=mask, worker=worker)
                    )
                except EmptyChairError as exc:
                    logger.error("scheduled %s sync failed: %s", connector.source, exc.message)
    finally:
        state.mark_run(store, tenant, worker, clock())
    return results
