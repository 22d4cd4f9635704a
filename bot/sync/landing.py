"""Where synced and webhook snippets land in the store.

A seam over the feedback import: today it validates and writes each page in one short
transaction through `bot.feedback`; it will call the import path's single "import these
rows from source S for tenant T" function once that exists.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot import feedback
from bot.errors import InvalidInput
from bot.feedback import FeedbackInput, PreparedFeedback
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
    store: Store, tenant: str, items: Iterable[FeedbackInput], *, mask: bool, strict: bool = False
) -> Landed:
    """Store snippets idempotently (same source and external id: stored once).

    A snippet that fails validation is skipped and counted, or with `strict` stops the
    batch (`InvalidInput` naming it) before anything is written.
    """
    prepared: list[PreparedFeedback] = []
    invalid = 0
    for number, item in enumerate(items, start=1):
        try:
            prepared.append(feedback.prepare(item, mask=mask))
        except InvalidInput as exc:
            if strict:
                raise InvalidInput(f"snippet {number}: {exc.message}", field=exc.field) from exc
            invalid += 1
            logger.warning("skipped a %s snippet (%s): %s", item.source, item.external_id, exc)
    if not prepared:
        return Landed([], [], invalid)
    with store.write():
        new_ids = feedback._write_batch(store, tenant, prepared, merge=True)
        existing = _ids_of(store, tenant, [p.dedupe_key for p in prepared])
    fresh = set(new_ids)
    return Landed(new_ids, [i for i in existing if i not in fresh], invalid)


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
