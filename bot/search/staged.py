"""Index segments written in short transactions, invisible until their import is published.

A segment tagged `staged_by = <run id>` is ignored by searches and by the foreground
merges; `publish_segments` makes a run's segments live and adds their documents to the
tenant's statistics in one small transaction. Big merges read from a snapshot without
the write lock and write the merged segment's postings a few megabytes at a time, then
swap it in atomically (`compact`). Segments marked `staged_by = -1` are garbage and are
deleted in small steps (`collect_garbage`).
"""

from __future__ import annotations

import heapq
import itertools
from array import array
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from sqlite_utils import Database

from bot.errors import SearchIndexDamaged
from bot.i18n import N_
from bot.search.segments import (
    DOC_DTYPE,
    IMPACT_DTYPE,
    LEN_DTYPE,
    MAX_SEGMENTS,
    POS_DTYPE,
    InvertedBatch,
    _new_segment,
    _write_stats,
    impact,
    inverted_rows,
    read_stats,
    segment_sizes,
    tf_from_impact,
)
from bot.store import Store

if TYPE_CHECKING:  # numpy.typing is for annotations only; it is not loaded at run time
    from numpy.typing import NDArray

GARBAGE = -1


class StaleMerge(Exception):
    """The segments picked for a merge changed before it started; nothing was written."""


#: Postings written per transaction while building a merged segment (bytes, rows).
STEP_BYTES = 1024 * 1024
STEP_ROWS = 1_000
#: Postings rows (and bytes) deleted per transaction when dropping a segment.
DROP_ROWS = 2_000
DROP_BYTES = 4 * 1024 * 1024
#: An import's staged segments are merged into one when there are more than this.
RUN_SEGMENTS = 1


_SERIALS = itertools.count(1)


class TermTable:
    """The distinct terms of a batch of documents and every document's terms as numbers.

    Worker processes that tokenise for an import send this instead of one string per
    token: the importing process then maps each distinct term once per batch, not once
    per occurrence (`TermCodes`).
    """

    __slots__ = ("_lut", "_lut_for", "names", "numbers")

    def __init__(self, names: list[str], numbers: NDArray[np.int32]) -> None:
        self.names = names
        self.numbers = numbers
        self._lut: NDArray[np.int32] | None = None
        self._lut_for = 0

    @classmethod
    def of(cls, documents: Sequence[Sequence[str]]) -> tuple[TermTable, list[TermCodes]]:
        """Code `documents` (lists of tokens): the table and each document's codes."""
        vocab: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        numbers = array("i")
        bounds = [0]
        for tokens in documents:
            numbers.extend(map(vocab.__getitem__, tokens))
            bounds.append(len(numbers))
        table = cls(list(vocab), np.frombuffer(numbers, dtype=np.int32))
        return table, [TermCodes(table, a, b) for a, b in itertools.pairwise(bounds)]

    def __reduce__(self) -> tuple[object, ...]:
        return (TermTable, (self.names, self.numbers))

    def lut(self, acc: Accumulator) -> NDArray[np.int32]:
        """Term numbers of this table in `acc`'s vocabulary (computed once per accumulator)."""
        if self._lut is None or self._lut_for != acc.serial:
            vocab = acc.vocab
            self._lut = np.fromiter(
                (vocab[name] for name in self.names), dtype=np.int32, count=len(self.names)
            )
            self._lut_for = acc.serial
        return self._lut


class TermCodes(NamedTuple):
    """One document's tokens, as a slice of a `TermTable`."""

    table: TermTable
    start: int
    end: int

    def tokens(self) -> list[str]:
        """The tokens as strings."""
        names = self.table.names
        return [names[i] for i in self.table.numbers[self.start : self.end].tolist()]


Tokens = Sequence[str] | TermCodes


def token_list(tokens: Tokens) -> Sequence[str]:
    """`tokens` as strings, whichever form they come in."""
    return tokens.tokens() if isinstance(tokens, TermCodes) else tokens


class Accumulator:
    """Tokenised documents gathered for one staged segment, stored compactly.

    Tokens become int32 term numbers as they arrive (4 bytes each instead of a string
    object), so a segment can hold many documents in little memory. Documents must be
    added in increasing id order.
    """

    def __init__(self) -> None:
        self.serial = next(_SERIALS)
        self.vocab: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self.doc_ids = array("q")
        self.lens = array("q")
        self.term_ids = array("i")

    def __len__(self) -> int:
        return len(self.doc_ids)

    def add(self, doc_id: int, tokens: Tokens) -> None:
        """Add one document (documents without tokens are not indexed)."""
        if isinstance(tokens, TermCodes):
            if tokens.end > tokens.start:
                self.doc_ids.append(doc_id)
                self.lens.append(tokens.end - tokens.start)
                table = tokens.table
                coded = table.lut(self)[table.numbers[tokens.start : tokens.end]]
                self.term_ids.frombytes(coded.tobytes())
        elif tokens:
            self.doc_ids.append(doc_id)
            self.lens.append(len(tokens))
            self.term_ids.extend(map(self.vocab.__getitem__, tokens))

    def invert(self) -> tuple[NDArray[np.int64], NDArray[np.int64], InvertedBatch]:
        """The documents as a segment's docmap, lengths and postings (sorted by term)."""
        n = len(self.doc_ids)
        docmap = np.frombuffer(self.doc_ids, dtype=np.int64).copy()
        lens = np.frombuffer(self.lens, dtype=np.int64).copy()
        term_ids = np.frombuffer(self.term_ids, dtype=np.int32)
        # Only terms that occur: the vocabulary may know more (a `TermTable` maps all of
        # its batch's terms, some of whose documents went to the previous segment), and
        # every name must own a run of postings.
        used = np.zeros(len(self.vocab), dtype=bool)
        used[term_ids] = True
        names = sorted(name for name, i in self.vocab.items() if used[i])
        rank = np.zeros(len(self.vocab), dtype=np.int64)
        rank[[self.vocab[name] for name in names]] = np.arange(len(names))
        keys = rank[term_ids] * n
        self.term_ids = array("i")
        keys += np.repeat(np.arange(n, dtype=np.int64), lens)
        keys.sort()
        uniq, counts = np.unique(keys, return_counts=True)
        del keys
        terms_of = uniq // n
        starts = np.concatenate(([0], np.flatnonzero(np.diff(terms_of)) + 1, [len(uniq)]))
        return docmap, lens, InvertedBatch(names, starts.astype(np.int64), uniq % n, counts)


def add_staged(
    store: Store, tenant: str, kind: str, run_id: int, docs: Accumulator, avgdl: float
) -> tuple[int, int]:
    """Write documents as a segment of the run (invisible); returns (documents, tokens).

    Inverting happens without the lock; the postings are written a few megabytes per
    transaction.
    """
    if not len(docs):
        return 0, 0
    docmap, lens, inverted = docs.invert()
    with store.write(tenant) as db:
        segment_id = _new_segment(db, tenant, kind, docmap, lens, staged_by=run_id, avgdl=avgdl)
    _write_rows(store, inverted_rows(segment_id, lens, inverted, avgdl), tenant)
    return len(docmap), int(lens.sum())


def publish_segments(
    db: Database, tenant: str, kind: str, run_id: int, n_docs: int, total_len: int, avgdl: float
) -> None:
    """Make a run's segments live and count their documents; inside the publishing transaction."""
    db.execute(
        "UPDATE search_segments SET staged_by = NULL WHERE staged_by = ? AND tenant = ?"
        " AND kind = ?",
        [run_id, tenant, kind],
    )
    stats = read_stats(db, tenant, kind)
    stats.n_docs += n_docs
    stats.total_len += total_len
    if stats.avgdl <= 0 and n_docs:
        stats.avgdl = avgdl
    _write_stats(db, tenant, kind, stats)


def drop_segment_step(db: Database, staged_by: int) -> int:
    """Delete some rows of a segment tagged `staged_by`; returns rows deleted.

    A step stops at `DROP_ROWS` rows or `DROP_BYTES` of postings, whichever comes
    first: freeing a big term's pages is most of the work, and the lock is held meanwhile.
    """
    seg = db.execute(
        "SELECT id FROM search_segments WHERE staged_by = ? LIMIT 1", [staged_by]
    ).fetchone()
    if seg is None:
        return 0
    rowids: list[int] = []
    size = 0
    for rowid, length in db.execute(
        "SELECT rowid, length(positions) + length(impacts) FROM search_postings"
        " WHERE segment_id = ? LIMIT ?",
        [seg[0], DROP_ROWS],
    ):
        rowids.append(int(rowid))
        size += int(length)
        if size >= DROP_BYTES:
            break
    if not rowids:
        db.execute("DELETE FROM search_segments WHERE id = ?", [seg[0]])
        return 1
    db.execute(
        f"DELETE FROM search_postings WHERE rowid IN ({','.join('?' * len(rowids))})", rowids
    )
    return len(rowids)


def collect_garbage(store: Store) -> None:
    """Delete retired segments in small transactions."""
    while True:
        with store.write() as db:
            if not drop_segment_step(db, GARBAGE):
                return


def _read_sources(
    db: Database, ids: Sequence[int], fallback_avgdl: float
) -> dict[int, tuple[NDArray[np.int64], NDArray[np.int64], float]]:
    marks = ",".join("?" * len(ids))
    found = {}
    for sid, docmap_blob, lens_blob, own in db.execute(
        f"SELECT id, docmap, lens, avgdl FROM search_segments WHERE id IN ({marks})", list(ids)
    ).fetchall():
        found[int(sid)] = (
            np.frombuffer(docmap_blob, DOC_DTYPE).astype(np.int64),
            np.frombuffer(lens_blob, LEN_DTYPE).astype(np.int64),
            float(own) if own else fallback_avgdl,
        )
    return found


def build_merged(
    store: Store,
    tenant: str,
    kind: str,
    ids: Sequence[int],
    staged_by: int,
    avgdl: float,
    drop: NDArray[np.int64] | None = None,
) -> tuple[int, NDArray[np.int64]]:
    """Merge segments into a new one tagged `staged_by`, in short transactions.

    Reads the sources from a snapshot (no lock held while merging); `drop` lists
    document ids to leave out. Returns the new segment's id and the ids it dropped.
    """
    with store.reader() as snap:
        fallback = read_stats(snap, tenant, kind).avgdl or avgdl
        old = _read_sources(snap, ids, fallback)
        if len(old) != len(ids):
            # Another process merged (and deleted) some of them since they were picked.
            raise StaleMerge
        all_docs = np.concatenate([d for d, _, _ in old.values()])
        all_lens = np.concatenate([ln for _, ln, _ in old.values()])
        keep = (
            ~np.isin(all_docs, drop)
            if drop is not None and len(drop)
            else np.ones(len(all_docs), bool)
        )
        order = np.argsort(all_docs[keep], kind="stable")
        dropped = all_docs[~keep]
        docmap = all_docs[keep][order]
        lens = all_lens[keep][order]
        del all_docs, all_lens, keep, order
        remap: dict[int, NDArray[np.int64]] = {}
        for sid, (seg_docs, _, _) in old.items():
            pos = np.searchsorted(docmap, seg_docs)
            np.minimum(pos, max(len(docmap) - 1, 0), out=pos)
            alive = docmap[pos] == seg_docs if len(docmap) else np.zeros(len(seg_docs), bool)
            remap[sid] = np.where(alive, pos, -1)
        with store.write(tenant) as db:
            new_id = _new_segment(db, tenant, kind, docmap, lens, staged_by=staged_by, avgdl=avgdl)
        marks = ",".join("?" * len(ids))
        cursor = snap.execute(
            "SELECT term, segment_id, positions, impacts FROM search_postings"
            f" WHERE segment_id IN ({marks}) ORDER BY term, segment_id",
            list(ids),
        )

        def rows() -> Iterator[tuple[object, ...]]:
            for term, group in itertools.groupby(cursor, key=lambda r: r[0]):
                pos_parts, tf_parts = [], []
                for _, sid, pos_blob, imp_blob in group:
                    positions = np.frombuffer(pos_blob, POS_DTYPE).astype(np.int64)
                    _seg_docs, seg_lens, seg_avgdl = old[sid]
                    tfs = tf_from_impact(
                        np.frombuffer(imp_blob, IMPACT_DTYPE), seg_lens[positions], seg_avgdl
                    )
                    new_pos = remap[sid][positions]
                    alive = new_pos >= 0
                    pos_parts.append(new_pos[alive])
                    tf_parts.append(tfs[alive])
                merged = np.concatenate(pos_parts)
                if not len(merged):
                    continue
                tfs = np.concatenate(tf_parts)
                order = np.argsort(merged, kind="stable")
                merged, tfs = merged[order], tfs[order]
                weights = impact(tfs, lens[merged], avgdl)
                yield (
                    new_id, term, len(merged), float(weights.max()),
                    merged.astype(POS_DTYPE).tobytes(), weights.tobytes(),
                )  # fmt: skip

        _write_rows(store, rows(), tenant)
    return new_id, dropped


def _write_rows(store: Store, rows: Iterator[tuple[object, ...]], tenant: str) -> None:
    batch: list[tuple[object, ...]] = []
    size = 0
    for row in rows:
        batch.append(row)
        size += len(row[4]) + len(row[5])  # type: ignore[arg-type]
        if size >= STEP_BYTES or len(batch) >= STEP_ROWS:
            _insert_postings(store, batch, tenant)
            batch, size = [], 0
    if batch:
        _insert_postings(store, batch, tenant)


def _insert_postings(store: Store, batch: list[tuple[object, ...]], tenant: str) -> None:
    with store.write(tenant) as db:
        db.conn.executemany(
            "INSERT INTO search_postings (segment_id, term, df, max_impact, positions, impacts)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            batch,
        )


def merge_run(store: Store, tenant: str, kind: str, run_id: int, avgdl: float) -> None:
    """Merge a run's staged segments into one (still staged) before it is published.

    The run wrote its segments in id order with one average length, so merging is
    concatenation: positions shift by the documents before them, weights stay.
    """
    with store.reader() as snap:
        sources = snap.execute(
            "SELECT id, n_docs, docmap, lens FROM search_segments"
            " WHERE staged_by = ? AND tenant = ? AND kind = ? ORDER BY id",
            [run_id, tenant, kind],
        ).fetchall()
        if len(sources) <= RUN_SEGMENTS:
            return
        ids = [int(r[0]) for r in sources]
        offsets = dict(
            zip(ids, itertools.accumulate([0, *(int(r[1]) for r in sources)]), strict=False)
        )
        docmap = np.concatenate([np.frombuffer(r[2], DOC_DTYPE) for r in sources])
        lens = np.concatenate([np.frombuffer(r[3], LEN_DTYPE) for r in sources])
        del sources
        with store.write(tenant) as db:
            new_id = _new_segment(
                db, tenant, kind, docmap.astype(np.int64), lens.astype(np.int64),
                staged_by=run_id, avgdl=avgdl,
            )  # fmt: skip
    marks = ",".join("?" * len(ids))
    # Read in pages, each its own short read: a snapshot held for the whole merge would
    # pin the WAL, which then grows by the merged segment and is copied in one go later
    # by whichever writer commits next (waits of 0.4 s measured). The run's staged
    # segments change for nobody else, so pages read at different times agree.
    cursor = _postings_in_order(store.db, ids)

    def rows() -> Iterator[tuple[object, ...]]:
        for term, group in itertools.groupby(cursor, key=lambda r: r[0]):
            parts = list(group)
            if len(parts) == 1:
                _, sid, df, top, pos_blob, imp_blob = parts[0]
                positions = np.frombuffer(pos_blob, POS_DTYPE) + np.int32(offsets[sid])
                yield new_id, term, df, top, positions.tobytes(), imp_blob
                continue
            positions = np.concatenate(
                [np.frombuffer(p[4], POS_DTYPE) + np.int32(offsets[p[1]]) for p in parts]
            )
            yield (
                new_id, term, sum(p[2] for p in parts), max(p[3] for p in parts),
                positions.tobytes(), b"".join(p[5] for p in parts),
            )  # fmt: skip

    _write_rows(store, rows(), tenant)
    # The new segment holds everything; retire the sources in one small transaction.
    with store.write(tenant) as db:
        db.execute(
            f"UPDATE search_segments SET staged_by = ? WHERE id IN ({marks})", [GARBAGE, *ids]
        )


#: Postings rows read per page when merging a run's segments.
PAGE_ROWS = 1_000


def _postings_in_order(db: Database, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
    """Postings of segments `ids`, by term then segment, read a page at a time.

    A staged segment's postings were written in term order, so each segment is read in
    the order it was written (sequential pages) and the segments are merged by term.
    """

    def one(segment: int) -> Iterator[tuple[Any, ...]]:
        last_rowid, last_term = -1, ""
        while True:
            page = db.execute(
                "SELECT rowid, term, segment_id, df, max_impact, positions, impacts"
                " FROM search_postings WHERE segment_id = ? AND rowid > ?"
                " ORDER BY rowid LIMIT ?",
                [segment, last_rowid, PAGE_ROWS],
            ).fetchall()
            for row in page:
                if row[1] < last_term:
                    raise SearchIndexDamaged(
                        N_("the search index is damaged: segment {segment} is out of term order"),
                        segment=segment,
                    )
                last_term = row[1]
                yield row[1:]
            if len(page) < PAGE_ROWS:
                return
            last_rowid = page[-1][0]

    # Equal terms come out in the order of `ids` (heapq.merge is stable).
    return heapq.merge(*(one(segment) for segment in sorted(ids)), key=lambda r: r[0])


def compact(store: Store, tenant: str, kind: str, run_id: int) -> bool:
    """Merge live segments when there are too many, without holding the lock long.

    The merged segment is built tagged with `run_id` (a compaction run, cleaned up like
    an import if the process dies) and swapped in atomically. Returns whether it merged.
    """
    from bot.search.segments import pick_merge

    with store.reader() as snap:
        sizes = segment_sizes(snap, tenant, kind)
        if len(sizes) <= MAX_SEGMENTS:
            return False
        ids = pick_merge(sizes)
        deleted = np.array(
            [
                r[0]
                for r in snap.execute(
                    "SELECT doc FROM search_deleted WHERE tenant = ? AND kind = ?", [tenant, kind]
                )
            ],
            dtype=np.int64,
        )
        avgdl = read_stats(snap, tenant, kind).avgdl
    try:
        _, dropped = build_merged(store, tenant, kind, ids, run_id, avgdl, drop=deleted)
    except StaleMerge:
        return False
    with store.write(tenant) as db:
        marks = ",".join("?" * len(ids))
        live = db.execute(
            f"SELECT count(*) FROM search_segments WHERE id IN ({marks}) AND staged_by IS NULL",
            list(ids),
        ).fetchone()[0]
        if live != len(ids):  # someone else merged them meanwhile: ours is garbage
            db.execute(
                "UPDATE search_segments SET staged_by = ? WHERE staged_by = ?", [GARBAGE, run_id]
            )
            return False
        db.execute(
            f"UPDATE search_segments SET staged_by = ? WHERE id IN ({marks})", [GARBAGE, *ids]
        )
        db.execute("UPDATE search_segments SET staged_by = NULL WHERE staged_by = ?", [run_id])
        if len(dropped):
            # Documents dropped by the merge no longer need their tombstone.
            for start in range(0, len(dropped), 500):
                part = dropped[start : start + 500].tolist()
                db.execute(
                    "DELETE FROM search_deleted WHERE tenant = ? AND kind = ? AND doc IN"
                    f" ({','.join('?' * len(part))})",
                    [tenant, kind, *part],
                )
    return True
