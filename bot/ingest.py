"""The one way feedback rows enter the store in bulk: files, syncs and the webhook.

`import_feedback_rows(store, tenant, rows, source=...)` is the entry point. It writes in
short transactions (other writers wait milliseconds), shows users nothing until the whole
import is done and then everything at once, and leaves nothing behind if it fails or its
process is killed (the next import cleans up). See `bot.staging` for the mechanism.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sqlite_utils import Database

from bot import staging
from bot.errors import ImportFailed, InvalidInput
from bot.feedback import (
    _COLUMNS,
    KIND,
    FeedbackImport,
    FeedbackInput,
    KeyedFeedback,
    PreparedFeedback,
    finish_feedback,
    key_feedback,
    store_email_hashes,
)
from bot.ingest_pool import Bad, Convert, can_fork, prepared_in_workers
from bot.principles import ensure_seeded
from bot.search import SearchIndex
from bot.search.segments import read_stats
from bot.search.staged import (
    Accumulator,
    Tokens,
    add_staged,
    collect_garbage,
    compact,
    merge_run,
    publish_segments,
    token_list,
)
from bot.store import Store, utcnow

#: Rows whose keys are looked up together (before the costly preparation).
LOOKUP_BATCH = 500
#: Documents gathered into one staged index segment (bounded memory).
SEGMENT_DOCS = 100_000
#: Runs adding at most this many rows are indexed on publishing and report their ids.
SMALL_RUN = 1_000

RowProgress = Callable[[int], None]
OnInvalid = Literal["fail", "skip"]

_INSERT_STAGED = (
    f"INSERT OR IGNORE INTO feedback (tenant, added_at, import_id, {', '.join(_COLUMNS)})"
    f" VALUES ({', '.join('?' * (len(_COLUMNS) + 3))})"
)


@dataclass
class _Counts:
    rows: int = 0
    added: int = 0
    skipped: int = 0
    invalid: int = 0


def _where(item: FeedbackInput, position: int) -> int:
    return item.line if item.line is not None else position


def _keyed(
    rows: Iterable[FeedbackInput], mask: bool, on_invalid: OnInvalid, counts: _Counts
) -> Iterator[KeyedFeedback]:
    for position, item in enumerate(rows, start=1):
        counts.rows += 1
        try:
            yield key_feedback(item, mask=mask)
        except InvalidInput as exc:
            if on_invalid == "skip":
                counts.invalid += 1
                continue
            raise ImportFailed.at(exc, line=_where(item, position), column=exc.field) from exc


def _new_only(
    store: Store, tenant: str, keyed: Iterator[KeyedFeedback], counts: _Counts
) -> Iterator[KeyedFeedback]:
    """Drop rows whose key is already stored (or staged by a run still going)."""
    while batch := list(itertools.islice(keyed, LOOKUP_BATCH)):
        keys = list({k.dedupe_key for k in batch})
        marks = ",".join("?" * len(keys))
        found = {
            r[0]
            for r in store.db.execute(
                f"SELECT dedupe_key FROM feedback WHERE tenant = ? AND dedupe_key IN ({marks})",
                [tenant, *keys],
            )
        }
        for k in batch:
            if k.dedupe_key in found:
                counts.skipped += 1
            else:
                yield k


def _from_workers(
    store: Store,
    tenant: str,
    rows: Iterable[Any],
    convert: Convert | None,
    mask: bool,
    on_invalid: OnInvalid,
    counts: _Counts,
    workers: int,
) -> Iterator[PreparedFeedback]:
    """The serial path's `_keyed`, `_new_only` and `_prepared`, run by worker processes."""
    outcomes = prepared_in_workers(
        store.path, tenant, rows, mask=mask, workers=workers, convert=convert
    )
    for position, (item, outcome) in enumerate(outcomes, start=1):
        counts.rows += 1
        if isinstance(outcome, PreparedFeedback):
            yield outcome
        elif isinstance(outcome, Bad):
            if on_invalid == "skip":
                counts.invalid += 1
                continue
            line = outcome.line or getattr(item, "line", None) or position
            params = outcome.params or {}
            raise ImportFailed(outcome.message, line=line, column=outcome.field, **params)
        else:
            counts.skipped += 1


def _prepared(
    keyed: Iterator[KeyedFeedback], mask: bool, on_invalid: OnInvalid, counts: _Counts
) -> Iterator[PreparedFeedback]:
    for position, k in enumerate(keyed, start=1):
        try:
            yield finish_feedback(k, mask=mask)
        except InvalidInput as exc:
            if on_invalid == "skip":
                counts.invalid += 1
                continue
            raise ImportFailed.at(exc, line=_where(k.item, position), column=exc.field) from exc


class _Run:
    """State of one feedback import run while its chunks are written."""

    def __init__(self, store: Store, tenant: str, run: staging.ImportRun, avgdl: float) -> None:
        self.store = store
        self.tenant = tenant
        self.run = run
        self.avgdl = avgdl
        self.docs = Accumulator()
        self.n_docs = 0
        self.total_len = 0
        # A small run (a webhook post, a sync page) is indexed in the publishing
        # transaction like a captured snippet, instead of as a segment of its own.
        self.small: list[tuple[int, Sequence[str]]] | None = []
        #: The last chunk written and its new (id, key) pairs, to index after its commit.
        self.written: tuple[list[PreparedFeedback], list[tuple[int, str]]] = ([], [])

    def write(self, db: Database, chunk: list[PreparedFeedback]) -> int:
        """Insert one chunk (inside its short transaction); returns rows added."""
        seq = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'feedback'").fetchone()
        before = int(seq[0]) if seq else 0
        now = utcnow()
        db.conn.executemany(
            _INSERT_STAGED, [(self.tenant, now, self.run.id, *p.values) for p in chunk]
        )
        new = [
            (int(r[0]), str(r[1]))
            for r in db.execute(
                "SELECT id, dedupe_key FROM feedback WHERE id > ? AND +tenant = ? ORDER BY id",
                [before, self.tenant],
            )
        ]
        store_email_hashes(db, self.tenant, chunk, new)
        staging.heartbeat(db, self.run, len(chunk), len(new))
        self.written = (chunk, new)
        return len(new)

    def index_written(self) -> None:
        """Gather the last chunk's new documents for the index, after its commit.

        Outside the transaction: the lock is free meanwhile for other writers.
        """
        chunk, new = self.written
        self.written = ([], [])
        terms: dict[str, Tokens] = {}
        for p in chunk:
            terms.setdefault(p.dedupe_key, p.terms)
        for i, k in new:
            self.docs.add(i, terms[k])
        if self.small is not None:
            self.small.extend((i, token_list(terms[k])) for i, k in new)
            if len(self.small) > SMALL_RUN:
                self.small = None

    def flush_index(self, last: bool = False) -> None:
        """Write gathered documents as a staged segment (its own short transactions)."""
        if not len(self.docs) or (last and self.small is not None):
            return
        self.small = None
        if self.avgdl <= 0:
            # From exactly the first SEGMENT_DOCS documents: chunk sizes follow the
            # machine's speed, so "what the first flush holds" made the frozen average,
            # and with it every score, depend on timing.
            first = self.docs.lens[:SEGMENT_DOCS]
            self.avgdl = sum(first) / len(first)
        docs, self.docs = self.docs, Accumulator()
        n, total = add_staged(self.store, self.tenant, KIND, self.run.id, docs, self.avgdl)
        self.n_docs += n
        self.total_len += total

    def publish(self) -> None:
        """Make the run's rows and index visible at once."""
        merge_run(self.store, self.tenant, KIND, self.run.id, self.avgdl)
        with self.store.write(self.tenant) as db:
            if self.small:
                SearchIndex(self.store, self.tenant, KIND).add(self.small, maintain=True)
            publish_segments(
                db, self.tenant, KIND, self.run.id, self.n_docs, self.total_len, self.avgdl
            )
            db.execute(
                "UPDATE imports SET n_docs = ?, total_len = ?, avgdl = ? WHERE id = ?",
                [self.n_docs, self.total_len, self.avgdl, self.run.id],
            )
            staging.finish_run(db, self.run)


def import_feedback_rows(
    store: Store,
    tenant: str,
    rows: Iterable[Any],
    *,
    source: str,
    progress: RowProgress | None = None,
    mask: bool = True,
    on_invalid: OnInvalid = "fail",
    workers: int = 0,
    convert: Convert | None = None,
) -> FeedbackImport:
    """Import feedback rows from `source` for `tenant`: the entry point of every bulk path.

    - `rows`: any iterable of `FeedbackInput` (read lazily; memory stays bounded), or of
      anything `convert` turns into one (a file's `Record`s; with workers, `convert`
      runs in them and must be picklable). Set `FeedbackInput.line` to have errors name
      a file's line; otherwise the row's position (1-based) is named.
    - `source`: names the run in the `imports` table, e.g. "file:tickets.csv",
      "zendesk", "intercom", "webhook". It is not the snippets' `source` column.
    - `progress(rows_done)`: called after each chunk with the rows read so far.
    - `on_invalid`: "fail" (default: the first bad row raises `ImportFailed` with its
      line and column, and nothing becomes visible) or "skip" (bad rows are counted in
      `FeedbackImport.invalid` and left out; for syncs where one bad ticket must not
      stop the rest).
    - `workers`: processes that prepare rows (validate, mask, tokenise) while this one
      writes; 0 prepares them here. Worth it for big files only (`bot.ingest_pool`).

    Rows already stored (same source and external id, or else the same masked text) are
    skipped, also when another import running at the same time holds them, so a row is
    stored once. Writes are short transactions; nothing of the run is visible to
    search, answers, the chair card or exports until the run completes, and then all
    of it is. If this raises or the process dies, nothing is visible and the next
    run (of any import) removes what was written.
    """
    ensure_seeded(store, tenant)
    # Rows of a dead run must be gone before keys are looked up, or they would be skipped.
    staging.cleanup_dead_runs(store)
    counts = _Counts()
    prepared: Iterator[PreparedFeedback]
    if workers > 0 and store.path != Path(":memory:") and can_fork():
        prepared = _from_workers(store, tenant, rows, convert, mask, on_invalid, counts, workers)
    else:
        items: Iterable[FeedbackInput] = rows if convert is None else map(convert, rows)
        keyed = _keyed(items, mask, on_invalid, counts)
        prepared = _prepared(_new_only(store, tenant, keyed, counts), mask, on_invalid, counts)
    sizer = staging.ChunkSizer()
    pending = staging.chunks(prepared, sizer)
    first = next(pending, None)
    if first is None:  # nothing new: no run, nothing written
        return FeedbackImport(counts.rows, 0, counts.rows - counts.invalid, counts.invalid)
    # The import copies the WAL into the database itself, every 4 MB; other connections
    # only at 40 MB, so a decision logged meanwhile never pays for the import's pages.
    with store.bulk_writes():
        run = staging.begin_run(store, tenant, KIND, source, cleanup=False)
        state = _Run(store, tenant, run, read_stats(store.db, tenant, KIND).avgdl)
        try:
            for added in staging.write_in_chunks(
                store, itertools.chain([first], pending), state.write, sizer, tenant=tenant
            ):
                counts.added += added
                state.index_written()
                if len(state.docs) >= SEGMENT_DOCS:
                    state.flush_index()
                if progress is not None:
                    progress(counts.rows)
            state.flush_index(last=True)
            state.publish()
        except BaseException:
            staging.fail_run(store, run)
            raise
        _maintain_after(store, tenant, counts.added)
    return FeedbackImport(
        rows=counts.rows,
        added=counts.added,
        skipped=counts.rows - counts.added - counts.invalid,
        invalid=counts.invalid,
        import_id=run.id,
        new_ids=tuple(i for i, _ in state.small or ()),
    )


def _maintain_after(store: Store, tenant: str, added: int) -> None:
    """Compact the index if the import left too many segments (short transactions)."""
    if not added:
        return
    while True:
        run = staging.begin_run(store, tenant, "compact", "index")
        try:
            merged = compact(store, tenant, KIND, run.id)
            with store.write(tenant) as db:
                staging.finish_run(db, run)
        except BaseException:
            staging.fail_run(store, run)
            raise
        if not merged:
            break
    collect_garbage(store)
    if added > 10_000:
        store.refresh_statistics()


@dataclass(frozen=True)
class FeedbackPreview:
    """What an import would do (a dry run): counts and the first rows as they would be stored."""

    rows: int
    new: int
    duplicates: int
    first: list[dict[str, object]]


def preview_feedback_rows(
    store: Store, tenant: str, rows: Iterable[FeedbackInput], *, mask: bool = True, show: int = 5
) -> FeedbackPreview:
    """Validate every row as an import would, write nothing; `ImportFailed` names a bad row."""
    counts = _Counts()
    seen: set[str] = set()
    first: list[dict[str, object]] = []
    new = 0
    keyed = _new_only(store, tenant, _keyed(rows, mask, "fail", counts), counts)
    for prepared in _prepared(keyed, mask, "fail", counts):
        if prepared.dedupe_key in seen:
            continue
        seen.add(prepared.dedupe_key)
        new += 1
        if len(first) < show:
            values = dict(zip(_COLUMNS, prepared.values, strict=True))
            first.append({k: values[k] for k in _SHOWN})
    return FeedbackPreview(counts.rows, new, counts.rows - new, first)


_SHOWN = (
    "text", "customer", "segment", "source", "url", "sentiment", "language", "created_at",
    "external_id",
)  # fmt: skip
