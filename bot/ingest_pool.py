"""Big imports prepare their rows in worker processes while the importing process writes.

Preparing a snippet (validating, masking, tokenising, guessing its language) is pure
Python and costs more than writing it, so a file import of many rows runs it in
`workers` processes: the importing process reads the file, sends batches of rows out,
and writes the prepared rows it gets back, in the file's order. The workers only read
the database (to skip rows already stored before preparing them, as the serial path
does); the importing process stays the only writer, so every guarantee of
`bot.ingest` (short transactions, all or nothing, stored once) is unchanged.

A worker never raises for a bad row: it answers `Bad(message, field)` and the importing
process decides (fail with the row's line, or skip it), exactly as for the serial path.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

from bot.errors import ImportFailed, InvalidInput
from bot.feedback import (
    FeedbackInput,
    KeyedFeedback,
    PreparedFeedback,
    finish_feedback,
    key_feedback,
)
from bot.importing import Record
from bot.search.staged import TermTable, token_list

#: Rows sent to a worker at a time, and at most this much text (a file's fields may be
#: long: memory stays bounded whatever the file holds).
BATCH = 1_000
BATCH_CHARS = 2_000_000
#: Batches in flight per worker (bounds memory; keeps every worker busy).
IN_FLIGHT = 3
#: Files at least this big are prepared in workers (smaller ones finish before they start).
MIN_BYTES = 8 * 1024 * 1024
#: At most this many workers, whatever the machine.
MAX_WORKERS = 4


class Bad(NamedTuple):
    """A row refused while preparing it (`line`: where a file said it was)."""

    message: str
    field: str | None
    line: int | None = None
    #: The parameters of `message` (a message id, translated where the error is shown).
    params: dict[str, Any] | None = None


class Stored(NamedTuple):
    """A row whose key is already stored: skipped before the costly preparation."""


STORED = Stored()
#: Turns a raw row (e.g. a file's `Record`) into a `FeedbackInput`, in the worker.
Convert = Callable[[Any], FeedbackInput]
Outcome = PreparedFeedback | Bad | Stored


def default_workers(size_bytes: int, cpus: int | None = None) -> int:
    """Workers for a file of `size_bytes`: 0 (prepare in-process) for small files.

    One core stays with the importing process, which reads and writes.
    """
    cpus = cpus if cpus is not None else (os.cpu_count() or 1)
    if size_bytes < MIN_BYTES or cpus < 2:
        return 0
    return max(1, min(MAX_WORKERS, cpus - 1))


def can_fork() -> bool:
    """Whether workers may be forked here: only from a process running one thread.

    Forking copies locks held by other threads; a server's import stays serial.
    """
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


# --- in the worker -----------------------------------------------------------------

_conn: sqlite3.Connection | None = None


#: How often a worker checks that the importing process is still there (seconds).
PARENT_CHECK_S = 0.5


def _start(path: str, parent: int) -> None:
    global _conn
    _conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=15.0)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed importer leaves no worker behind (nothing of a worker needs saving)."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(1)


def _stored_keys(tenant: str, keys: list[str]) -> set[str]:
    if _conn is None or not keys:
        return set()
    marks = ",".join("?" * len(keys))
    return {
        str(r[0])
        for r in _conn.execute(
            f"SELECT dedupe_key FROM feedback WHERE tenant = ? AND dedupe_key IN ({marks})",
            [tenant, *keys],
        )
    }


def prepare_batch(
    tenant: str, mask: bool, convert: Convert | None, items: list[Any]
) -> list[Outcome]:
    """Key every row, skip those already stored, prepare the rest (runs in a worker)."""
    out: list[Outcome] = [STORED] * len(items)
    keyed: list[tuple[int, KeyedFeedback]] = []
    for i, raw in enumerate(items):
        try:
            item = convert(raw) if convert is not None else raw
            keyed.append((i, key_feedback(item, mask=mask)))
        except ImportFailed as exc:
            out[i] = Bad(exc.template, exc.column, exc.line, exc.params)
        except InvalidInput as exc:
            out[i] = Bad(exc.template or exc.message, exc.field, None, exc.params)
    found = _stored_keys(tenant, list({k.dedupe_key for _, k in keyed}))
    for i, k in keyed:
        if k.dedupe_key in found:
            continue
        try:
            out[i] = finish_feedback(k, mask=mask)
        except InvalidInput as exc:
            out[i] = Bad(exc.template or exc.message, exc.field, None, exc.params)
    # Terms travel coded (each distinct term once per batch), see TermTable.
    done = [(i, o) for i, o in enumerate(out) if isinstance(o, PreparedFeedback)]
    _, codes = TermTable.of([token_list(o.terms) for _, o in done])
    for (i, o), code in zip(done, codes, strict=True):
        out[i] = o._replace(terms=code)
    return out


# --- in the importing process ------------------------------------------------------


def _chars(item: Any) -> int:
    """Characters of text a raw row holds (a `Record`'s cells or a snippet's fields)."""
    values = item.values if isinstance(item, Record) else vars(item)
    return sum(len(v) for v in values.values() if isinstance(v, str))


def _batch(rows: Iterator[Any]) -> list[Any]:
    """The next rows for a worker: up to `BATCH` rows or `BATCH_CHARS` of text."""
    batch: list[Any] = []
    chars = 0
    for item in rows:
        batch.append(item)
        chars += _chars(item)
        if len(batch) >= BATCH or chars >= BATCH_CHARS:
            break
    return batch


def prepared_in_workers(
    db_path: Path,
    tenant: str,
    rows: Iterable[Any],
    *,
    mask: bool,
    workers: int,
    convert: Convert | None = None,
) -> Iterator[tuple[Any, Outcome]]:
    """Each row with its outcome, in the rows' order, prepared by `workers` processes.

    `rows` are `FeedbackInput`s, or anything `convert` (a picklable function, e.g. a
    module-level one or a `functools.partial` of one) turns into one in the worker.

    Workers are forked (a spawned worker would re-run the caller's `__main__`, which a
    script need not guard) and open their own read-only connection; they are stopped
    when the iteration ends, however it ends. Call `can_fork()` first.
    """
    context = multiprocessing.get_context("fork")
    iterator = iter(rows)
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start, initargs=(str(db_path), os.getpid())
    )
    pending: deque[tuple[list[Any], Future[list[Outcome]]]] = deque()
    try:
        while True:
            while len(pending) < workers * IN_FLIGHT:
                batch = _batch(iterator)
                if not batch:
                    break
                pending.append((batch, pool.submit(prepare_batch, tenant, mask, convert, batch)))
            if not pending:
                return
            batch, future = pending.popleft()
            yield from zip(batch, future.result(), strict=True)
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
