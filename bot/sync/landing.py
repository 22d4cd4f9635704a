"""Where synced and webhook snippets land in the store.

A sync page is a bulk import: it goes through the import's one entry point,
`bot.ingest.import_feedback_rows` (short transactions, nothing visible until the page is
complete). A webhook request is a capture of a few snippets, like `/feedback`: it is
written in one short transaction with the capture path (`bot.feedback`), so concurrent
requests never run the import's index compaction side by side. Both are idempotent on
(source, external id).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot import feedback, forget
from bot.errors import ImportFailed, InvalidInput
from bot.feedback import FeedbackInput
from bot.ingest import import_feedback_rows
from bot.principles import ensure_seeded
from bot.store import Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Landed:
    """What a batch did: ids of new snippets, ids already stored, rows refused."""

    new_ids: list[int]
    existing_ids: list[int]
    invalid: int


def land(
    store: Store,
    tenant: str,
    items: Iterable[FeedbackInput],
    *,
    source: str,
    mask: bool,
    strict: bool = False,
) -> Landed:
    """Store snippets idempotently (same source and external id: stored once).

    `source` names the import run ("zendesk", "webhook", ...). A snippet that fails
    validation is skipped and counted, or with `strict` stops the batch (`InvalidInput`
    naming it, "snippet N: ...") before anything becomes visible; `strict` batches
    also report the ids of snippets that were already stored.
    """
    rows = list(items)
    if not rows:
        return Landed([], [], 0)
    if strict:
        return _capture(store, tenant, rows, mask=mask)
    try:
        result = import_feedback_rows(
            store, tenant, rows, source=source, mask=mask, on_invalid="skip"
        )
    except ImportFailed as exc:  # not expected with on_invalid="skip"; named all the same
        raise InvalidInput(exc.message, field=exc.column) from exc
    if result.invalid:
        logger.warning("%s: %d snippets refused as invalid", source, result.invalid)
    new_ids: list[int] = []
    if result.import_id:
        new_ids = [
            int(r[0])
            for r in store.db.execute(
                "SELECT id FROM feedback WHERE import_id = ? AND tenant = ? ORDER BY id",
                [result.import_id, tenant],
            )
        ]
    return Landed(new_ids, [], result.invalid)


def _capture(store: Store, tenant: str, rows: list[FeedbackInput], *, mask: bool) -> Landed:
    """All or nothing, in one transaction: the ids stored and those already there."""
    prepared = []
    for number, item in enumerate(rows, start=1):
        try:
            prepared.append(feedback.prepare(item, mask=mask))
        except InvalidInput as exc:
            raise InvalidInput(f"snippet {number}: {exc.message}", field=exc.field) from exc
    ensure_seeded(store, tenant)
    with store.write(tenant):
        new_ids = feedback._write_batch(store, tenant, prepared, merge=True)
        known = _ids_of(store, tenant, [p.dedupe_key for p in prepared])
    fresh = set(new_ids)
    return Landed(new_ids, [i for i in known if i not in fresh], 0)


def _ids_of(store: Store, tenant: str, keys: Sequence[str]) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(keys), 500):
        chunk = list(dict.fromkeys(keys[start : start + 500]))
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT id FROM feedback WHERE tenant = ? AND dedupe_key IN ({marks}) ORDER BY id",
            [tenant, *chunk],
        ).fetchall()
        ids.extend(int(r[0]) for r in rows)
    return ids


def remove(
    store: Store, tenant: str, source: str, external_ids: Sequence[str], now: datetime
) -> int:
    """Delete snippets a source deleted (by external id), through the forgetting path.

    Like a deletion on request, it leaves a record (when, how many, why; never what), and
    decisions that cited a removed snippet say its evidence was removed.
    """
    if not external_ids:
        return 0
    keys = [f"ext:{source}:{e}" for e in dict.fromkeys(external_ids)]
    ids = _ids_of(store, tenant, keys)
    if not ids:
        return 0
    return forget.delete_from_source(store, tenant, ids, source=source, now=now).count
