"""Import runs that never block other writers and that users see all at once, or not at all.

An import (a file, a sync, a webhook batch, `decisions import`) is a *run*: a row in
`imports`. Everything the run writes is tagged with its id and written in short
transactions (`write_in_chunks` sizes each chunk so that it holds the write lock for
about `TARGET_LOCK_S`), so a decision logged or a snippet captured meanwhile waits
milliseconds, not minutes. Readers only see a tagged row once its run is `done`
(`VISIBLE_SQL`), and `publish` flips that state in one tiny transaction: the whole import
appears at once. A run that fails is marked `failed`; a run whose process died (killed,
power cut) is noticed by the next run and its rows are removed in small steps
(`cleanup_dead_runs`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TypeVar

from sqlite_utils import Database

from bot.store import Store, utcnow

T = TypeVar("T")
R = TypeVar("R")

#: How long one chunk may hold the write lock (seconds); chunks adapt to stay under it.
TARGET_LOCK_S = 0.025
#: Bounds of a chunk (items).
MIN_CHUNK = 50
MAX_CHUNK = 20_000
FIRST_CHUNK = 500
#: A run whose process cannot be checked (another host) is dead after this silence.
STALE_AFTER_S = 600.0
#: Rows deleted per transaction when cleaning up.
CLEANUP_STEP = 2_000

#: SQL condition (on a table with an `import_id` column) for rows users may see.
VISIBLE_SQL = "(import_id IS NULL OR import_id IN (SELECT id FROM imports WHERE state = 'done'))"


def visible_sql(alias: str = "") -> str:
    """`VISIBLE_SQL` for a table referred to by `alias` in a join."""
    prefix = f"{alias}." if alias else ""
    return (
        f"({prefix}import_id IS NULL OR {prefix}import_id IN"
        " (SELECT id FROM imports WHERE state = 'done'))"
    )


@dataclass(frozen=True)
class ImportRun:
    """A started import run."""

    id: int
    tenant: str
    kind: str
    source: str


def _owner() -> str:
    return f"{_hostname()}:{os.getpid()}"


def begin_run(
    store: Store, tenant: str, kind: str, source: str, *, cleanup: bool = True
) -> ImportRun:
    """Start a run (after cleaning up runs whose process died, unless told not to)."""
    if cleanup:
        cleanup_dead_runs(store)
    with store.write(tenant) as db:
        cursor = db.execute(
            "INSERT INTO imports (tenant, kind, source, owner, started_at, heartbeat, first_id)"
            " VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) FROM sqlite_sequence"
            " WHERE name = ?))",
            [tenant, kind, source, _owner(), utcnow(), time.time(), kind],
        )
    return ImportRun(int(cursor.lastrowid or 0), tenant, kind, source)


def heartbeat(db: Database, run: ImportRun, rows: int, added: int) -> None:
    """Record progress; call inside a chunk's transaction."""
    db.execute(
        "UPDATE imports SET heartbeat = ?, rows = rows + ?, added = added + ? WHERE id = ?",
        [time.time(), rows, added, run.id],
    )


def finish_run(db: Database, run: ImportRun) -> None:
    """Make the run's rows visible; call inside the publishing transaction."""
    db.execute(
        "UPDATE imports SET state = 'done', finished_at = ?, heartbeat = ? WHERE id = ?",
        [utcnow(), time.time(), run.id],
    )


def fail_run(store: Store, run: ImportRun) -> None:
    """Mark a run failed and remove what it wrote (nothing of it was ever visible)."""
    with store.write(run.tenant) as db:
        db.execute(
            "UPDATE imports SET state = 'failed', finished_at = ?"
            " WHERE id = ? AND state = 'running'",
            [utcnow(), run.id],
        )
    _remove_run(store, run.id, run.tenant)


def dead_owner() -> str:
    """An owner string naming a process of this host that does not exist (for tests)."""
    pid = 2**22 + 1
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return f"{_hostname()}:{pid}"
        except PermissionError:
            pass
        pid += 1


def _alive(owner: str, beat: float, now: float) -> bool:
    host, _, pid = owner.rpartition(":")
    if host == _hostname() and pid.isdigit():
        if int(pid) == os.getpid():
            return True
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return now - beat < STALE_AFTER_S * 6
    return now - beat < STALE_AFTER_S


#: Cleaners for tables other modules stage rows in (run id -> rows removed this step).
_CLEANERS: list[Callable[[Database, int], int]] = []


def register_cleaner(cleaner: Callable[[Database, int], int]) -> None:
    """Let a module remove its staged rows of a dead run, a bounded number per call."""
    if cleaner not in _CLEANERS:
        _CLEANERS.append(cleaner)


def first_id(db: Database, run_id: int) -> int:
    """Rows a run wrote have ids above this."""
    row = db.execute("SELECT first_id FROM imports WHERE id = ?", [run_id]).fetchone()
    return int(row[0]) if row else 0


def _clean_feedback(db: Database, run_id: int) -> int:
    ids = [
        r[0]
        for r in db.execute(
            # The primary key from the run's first id: no index on import_id is needed.
            "SELECT id FROM feedback WHERE id > ? AND import_id = ? LIMIT ?",
            [first_id(db, run_id), run_id, CLEANUP_STEP],
        )
    ]
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM feedback_emails WHERE feedback_id IN ({marks})", ids)
    db.execute(f"DELETE FROM feedback WHERE id IN ({marks})", ids)
    return len(ids)


def _clean_segments(db: Database, run_id: int) -> int:
    from bot.search.staged import drop_segment_step

    return drop_segment_step(db, run_id)


def _clean_decisions(db: Database, run_id: int) -> int:
    from bot.decision_import import clean_step

    return clean_step(db, run_id)


register_cleaner(_clean_feedback)
register_cleaner(_clean_segments)
register_cleaner(_clean_decisions)


def _remove_run(store: Store, run_id: int, tenant: str) -> None:
    while True:
        with store.write(tenant) as db:
            removed = sum(cleaner(db, run_id) for cleaner in _CLEANERS)
            if not removed:
                # Nothing of the run is left and nothing of it was ever visible: forget it.
                db.execute("DELETE FROM imports WHERE id = ? AND state = 'failed'", [run_id])
                return


def cleanup_dead_runs(store: Store) -> list[int]:
    """Mark runs whose process died as failed and delete their rows; returns their ids."""
    now = time.time()
    rows = store.db.execute(
        "SELECT id, owner, heartbeat, state, tenant FROM imports"
        " WHERE state IN ('running', 'failed')"
    ).fetchall()
    dead = [
        (int(r[0]), str(r[4]))
        for r in rows
        if r[3] == "failed" or not _alive(str(r[1]), float(r[2]), now)
    ]
    for run_id, tenant in dead:
        with store.write(tenant) as db:
            db.execute(
                "UPDATE imports SET state = 'failed', finished_at = coalesce(finished_at, ?)"
                " WHERE id = ? AND state IN ('running', 'failed')",
                [utcnow(), run_id],
            )
        _remove_run(store, run_id, tenant)
    from bot.search.staged import collect_garbage

    collect_garbage(store)
    return [run_id for run_id, _ in dead]


class ChunkSizer:
    """Picks how many items the next chunk holds so that it takes about `target_s`."""

    def __init__(
        self, target_s: float = TARGET_LOCK_S, first: int = FIRST_CHUNK, maximum: int = MAX_CHUNK
    ) -> None:
        self.target_s = target_s
        self.size = first
        self.maximum = maximum

    def observe(self, items: int, seconds: float) -> None:
        """Adapt to how long `items` items took under the lock."""
        if items <= 0:
            return
        per_item = max(seconds, 1e-6) / items
        wanted = int(self.target_s / per_item)
        # Grow slowly, shrink at once: a busy machine must not stretch the lock.
        self.size = max(MIN_CHUNK, min(self.maximum, wanted, self.size * 2))


def chunks(items: Iterable[T], sizer: ChunkSizer) -> Iterator[list[T]]:
    """Cut items into lists of the sizer's current size."""
    iterator = iter(items)
    while True:
        chunk = list(islice(iterator, sizer.size))
        if not chunk:
            return
        yield chunk


def write_in_chunks(
    store: Store,
    chunks_of_items: Iterable[list[T]],
    write: Callable[[Database, list[T]], R],
    sizer: ChunkSizer,
    *,
    tenant: str | None = None,
) -> Iterator[R]:
    """Write each chunk in its own short transaction, timing it for the sizer.

    Prepare items (parse, validate, tokenise) before they reach this function: only
    `write` runs under the lock. Generic: feedback imports and `decisions import` use it.
    """
    for chunk in chunks_of_items:
        with store.write(tenant) as db:
            started = time.perf_counter()
            result = write(db, chunk)
        sizer.observe(len(chunk), time.perf_counter() - started)
        yield result


def _hostname() -> str:
    # socket (and selectors) load only when an import run is named or checked, not on
    # every start of the command line.
    import socket

    return socket.gethostname()
