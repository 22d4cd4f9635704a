"""Where synced and webhook snippets land in the store.

Every page of a sync and every webhook request goes through the one bulk entry point of
the feedback import, `bot.ingest.import_feedback_rows`: short transactions, nothing
visible until the batch is complete, idempotent on (source, external id).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot import feedback
from bot.errors import ImportFailed, InvalidInput
from bot.feedback import FeedbackInput, key_feedback
from bot.ingest import import_feedback_rows
from bot.search import SearchIndex, tokenize
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
    try:
        result = import_feedback_rows(
            store, tenant, rows, source=source, mask=mask, on_invalid="fail" if strict else "skip"
        )
    except ImportFailed as exc:
        cause = exc.__cause__
        message = cause.message if isinstance(cause, InvalidInput) else exc.message
        raise InvalidInput(f"snippet {exc.line}: {message}", field=exc.column) from exc
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
    existing: list[int] = []
    if strict:
        keys = [key_feedback(item, mask=mask).dedupe_key for item in rows]
        fresh = set(new_ids)
        existing = [i for i in _ids_of(store, tenant, keys) if i not in fresh]
    return Landed(new_ids, existing, result.invalid)


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


def remove(store: Store, tenant: str, source: str, external_ids: Sequence[str]) -> int:
    """Delete snippets a source deleted (by external id) from the table and the index."""
    if not external_ids:
        return 0
    keys = [f"ext:{source}:{e}" for e in dict.fromkeys(external_ids)]
    removed = 0
    with store.write():
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = store.db.execute(
                f"SELECT id, text FROM feedback WHERE tenant = ? AND dedupe_key IN ({marks})",
                [tenant, *chunk],
            ).fetchall()
            if not rows:
                continue
            SearchIndex(store, tenant, feedback.KIND).delete(
                {int(i): len(tokenize(text)) for i, text in rows}
            )
            store.db.execute(
                f"DELETE FROM feedback WHERE id IN ({','.join('?' * len(rows))})",
                [int(i) for i, _ in rows],
            )
            removed += len(rows)
    return removed
