"""Run one connector for one tenant: page by page, cursor saved after each page is stored."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import SyncBusy
from bot.i18n import N_
from bot.principles import ensure_seeded
from bot.store import Store
from bot.sync import landing, state
from bot.sync.base import Connector

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncResult:
    """What one sync did."""

    source: str
    pages: int
    fetched: int
    added: int
    removed: int
    invalid: int


def run_sync(
    store: Store,
    tenant: str,
    connector: Connector,
    *,
    clock: Callable[[], datetime],
    since: datetime | None = None,
    mask: bool = True,
    progress: Callable[[int], None] | None = None,
    worker: str | None = None,
) -> SyncResult:
    """Fetch what is new since the stored cursor and store it, one page at a time.

    Each page's snippets are committed before the cursor moves past them, and snippets
    are idempotent on (source, external id): a sync killed at any point resumes at the
    first page not yet committed, losing nothing and storing nothing twice.
    `since` applies only to the first sync of a source. Raises `SyncBusy` when another
    process is syncing the tenant.
    """
    worker = worker or state.worker_id()
    if not state.claim(store, tenant, worker, clock()):
        raise SyncBusy(
            N_("another sync of this workspace is running ({holder}); try again later"),
            holder=state.holder(store, tenant) or "?",
        )
    ensure_seeded(store, tenant)
    pages = fetched = added = removed = invalid = 0
    finished = False
    try:
        cursor = state.load_cursor(store, tenant, connector.source)
        for page in connector.pages(cursor, since if cursor is None else None):
            landed = landing.land(store, tenant, page.items, source=connector.source, mask=mask)
            removed += landing.remove(store, tenant, connector.source, page.removed, clock())
            state.save_cursor(store, tenant, connector.source, page.cursor, clock())
            state.renew(store, tenant, worker, clock())
            pages += 1
            fetched += page.fetched
            added += len(landed.new_ids)
            invalid += landed.invalid
            logger.debug(
                "%s page %d: %d fetched, %d new",
                connector.source,
                pages,
                page.fetched,
                len(landed.new_ids),
            )
            if progress is not None:
                progress(page.fetched)
        finished = True
    finally:
        state.release(store, tenant, worker, clock(), finished=finished)
    return SyncResult(connector.source, pages, fetched, added, removed, invalid)
