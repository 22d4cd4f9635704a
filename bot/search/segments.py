"""The write side of the search index: pending postings, immutable segments, merges.

Layout (in the tenant's SQLite database, written inside the caller's transaction):

- `search_pending` holds the postings of recently added documents, one row per
  (term, document): adding one snippet costs a few small inserts, never a reindex.
- `search_segments` holds immutable segments: the ids of their documents (sorted) and
  the documents' lengths. `search_postings` holds, per term and segment, the positions
  of the documents that contain the term and the term's BM25 weight in each
  (`impact`, the term-frequency part of BM25; the query multiplies it by the IDF).
- When enough documents are pending they become a segment; when there are too many
  segments the small ones are merged, so a query reads few rows per term.

Impacts use an average document length frozen in `search_stats.avgdl`; a merge of
every segment refreshes it, so weights never drift far from exact BM25.
"""

from __future__ import annotations

import itertools
import math
import uuid
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from sqlite_utils import Database

from bot.store import utcnow

if TYPE_CHECKING:  # numpy.typing is for annotations only; it is not loaded at run time
    from numpy.typing import NDArray

K1 = 1.2
B = 0.75
#: A batch of at least this many documents is written straight to a new segment.
BULK_DOCS = 1_000
#: Pending documents that trigger a flush into a segment.
FLUSH_DOCS = 2_000
#: More segments than this trigger a merge.
MAX_SEGMENTS = 6
#: Largest merge done inside a caller's transaction (documents); bigger ones are
#: compacted in short transactions by the next import.
FOREGROUND_MERGE_DOCS = 20_000

DOC_DTYPE = np.int64
POS_DTYPE = np.int32
IMPACT_DTYPE = np.float32
LEN_DTYPE = np.uint32


def impact(
    tfs: NDArray[np.generic], lens: NDArray[np.generic], avgdl: float
) -> NDArray[np.float32]:
    """The term-frequency part of BM25 (k1 = 1.2, b = 0.75), without the IDF."""
    tf = tfs.astype(np.float64)
    norm = K1 * (1.0 - B) + (K1 * B / avgdl) * lens.astype(np.float64)
    return (tf * (K1 + 1.0) / (tf + norm)).astype(IMPACT_DTYPE)


def tf_from_impact(
    impacts: NDArray[np.float32], lens: NDArray[np.generic], avgdl: float
) -> NDArray[np.int64]:
    """Invert `impact` for a merge that changes the average length."""
    imp = impacts.astype(np.float64)
    norm = K1 * (1.0 - B) + (K1 * B / avgdl) * lens.astype(np.float64)
    return np.maximum(np.rint(imp * norm / (K1 + 1.0 - imp)), 1).astype(np.int64)


def idf(n_docs: int, df: int) -> float:
    """BM25's inverse document frequency in its never-negative (Lucene) form."""
    return math.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))


@dataclass
class Stats:
    """Collection statistics of one (tenant, kind) index."""

    n_docs: int = 0
    total_len: int = 0
    pending_docs: int = 0
    avgdl: float = 0.0
    generation: int = 0


def read_stats(db: Database, tenant: str, kind: str) -> Stats:
    """The current statistics (all zero for an empty index)."""
    row = db.execute(
        "SELECT n_docs, total_len, pending_docs, avgdl, generation FROM search_stats"
        " WHERE tenant = ? AND kind = ?",
        [tenant, kind],
    ).fetchone()
    return Stats(*row) if row else Stats()


def _write_stats(db: Database, tenant: str, kind: str, stats: Stats) -> None:
    db.execute(
        "INSERT INTO search_stats (tenant, kind, n_docs, total_len, pending_docs, avgdl,"
        " generation) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant, kind) DO UPDATE SET"
        " n_docs = excluded.n_docs, total_len = excluded.total_len,"
        " pending_docs = excluded.pending_docs, avgdl = excluded.avgdl,"
        " generation = excluded.generation",
        [
            tenant,
            kind,
            stats.n_docs,
            stats.total_len,
            stats.pending_docs,
            stats.avgdl,
            stats.generation + 1,
        ],
    )


@dataclass
class TermRun:
    """One term's postings in a segment being written: positions and term frequencies."""

    positions: NDArray[np.int64]
    tfs: NDArray[np.int64]


_INSERT_POSTINGS = (
    "INSERT INTO search_postings (segment_id, term, df, max_impact, positions, impacts)"
    " VALUES (?, ?, ?, ?, ?, ?)"
)


def _new_segment(
    db: Database,
    tenant: str,
    kind: str,
    docmap: NDArray[np.int64],
    lens: NDArray[np.int64],
    *,
    staged_by: int | None = None,
    avgdl: float | None = None,
) -> int:
    cursor = db.execute(
        "INSERT INTO search_segments (tenant, kind, n_docs, created_at, uid, docmap, lens,"
        " staged_by, avgdl) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            tenant,
            kind,
            len(docmap),
            utcnow(),
            uuid.uuid4().hex,
            docmap.astype(DOC_DTYPE).tobytes(),
            lens.astype(LEN_DTYPE).tobytes(),
            staged_by,
            avgdl,
        ],
    )
    return int(cursor.lastrowid or 0)


def _insert_segment(
    db: Database,
    tenant: str,
    kind: str,
    docmap: NDArray[np.int64],
    lens: NDArray[np.int64],
    terms: Iterable[tuple[str, TermRun]],
    avgdl: float,
) -> int:
    """Write a segment term by term (flushes and merges stream their runs)."""
    segment_id = _new_segment(db, tenant, kind, docmap, lens)

    def rows() -> Iterator[tuple[object, ...]]:
        for term, run in terms:
            weights = impact(run.tfs, lens[run.positions], avgdl)
            yield (
                segment_id,
                term,
                len(run.positions),
                float(weights.max()),
                run.positions.astype(POS_DTYPE).tobytes(),
                weights.tobytes(),
            )

    db.conn.executemany(_INSERT_POSTINGS, rows())
    return segment_id


@dataclass
class InvertedBatch:
    """Postings of a batch of documents, every term's run in one set of arrays.

    Term `names[i]` has positions `positions[starts[i]:starts[i + 1]]` (sorted) and the
    matching term frequencies; keeping runs in shared arrays lets a segment be written
    with a handful of numpy operations instead of several per term.
    """

    names: list[str]
    starts: NDArray[np.int64]
    positions: NDArray[np.int64]
    tfs: NDArray[np.int64]


def _insert_inverted(
    db: Database,
    tenant: str,
    kind: str,
    docmap: NDArray[np.int64],
    lens: NDArray[np.int64],
    batch: InvertedBatch,
    avgdl: float,
    *,
    staged_by: int | None = None,
) -> int:
    """Write a segment from an inverted batch (the bulk-import path)."""
    segment_id = _new_segment(
        db, tenant, kind, docmap, lens, staged_by=staged_by,
        avgdl=avgdl if staged_by is not None else None,
    )  # fmt: skip
    db.conn.executemany(_INSERT_POSTINGS, inverted_rows(segment_id, lens, batch, avgdl))
    return segment_id


def inverted_rows(
    segment_id: int, lens: NDArray[np.int64], batch: InvertedBatch, avgdl: float
) -> Iterator[tuple[object, ...]]:
    """The postings rows of an inverted batch, term by term."""
    weights = impact(batch.tfs, lens[batch.positions], avgdl)
    starts = batch.starts
    maxima = np.maximum.reduceat(weights, starts[:-1]).tolist() if len(weights) else []
    pos_bytes = batch.positions.astype(POS_DTYPE).tobytes()
    imp_bytes = weights.tobytes()
    bounds = starts.tolist()
    return (
        (segment_id, name, end - start, maxima[i], pos_bytes[4 * start : 4 * end],
         imp_bytes[4 * start : 4 * end])
        for i, (name, start, end) in enumerate(zip(batch.names, bounds, bounds[1:], strict=False))
    )  # fmt: skip


def _invert(
    docs: Sequence[tuple[int, Sequence[str]]],
) -> tuple[NDArray[np.int64], NDArray[np.int64], InvertedBatch]:
    """Invert tokenized documents with one numpy sort of (term, position) keys."""
    docs = sorted(docs, key=lambda d: d[0])
    n = len(docs)
    docmap = np.fromiter((d for d, _ in docs), dtype=np.int64, count=n)
    lens = np.fromiter((len(t) for _, t in docs), dtype=np.int64, count=n)
    # A dict that numbers unseen terms as they come: mapping tokens to ids stays in C.
    vocab: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    term_ids = array("q", map(vocab.__getitem__, itertools.chain.from_iterable(t for _, t in docs)))
    n_terms = len(vocab)
    # Number terms alphabetically so runs come out sorted by term, as merges expect.
    names = sorted(vocab)
    rank = np.empty(n_terms, dtype=np.int64)
    rank[[vocab[name] for name in names]] = np.arange(n_terms)
    keys = rank[np.frombuffer(term_ids, dtype=np.int64)] * n
    del term_ids
    keys += np.repeat(np.arange(n, dtype=np.int64), lens)
    keys.sort()
    uniq, counts = np.unique(keys, return_counts=True)
    del keys
    terms_of = uniq // n
    starts = np.concatenate(([0], np.flatnonzero(np.diff(terms_of)) + 1, [len(uniq)]))
    return docmap, lens, InvertedBatch(names, starts.astype(np.int64), uniq % n, counts)


def add_documents(
    db: Database,
    tenant: str,
    kind: str,
    docs: Sequence[tuple[int, Sequence[str]]],
    *,
    merge: bool = True,
) -> None:
    """Index documents (id, tokens) inside the caller's transaction.

    `merge=False` defers flushing and merging (a bulk import merges once at the end).
    """
    docs = [(doc_id, tokens) for doc_id, tokens in docs if tokens]
    if not docs:
        return
    stats = read_stats(db, tenant, kind)
    stats.n_docs += len(docs)
    stats.total_len += sum(len(tokens) for _, tokens in docs)
    if stats.avgdl <= 0:
        stats.avgdl = stats.total_len / stats.n_docs
    if len(docs) >= BULK_DOCS:
        docmap, lens, inverted = _invert(docs)
        _insert_inverted(db, tenant, kind, docmap, lens, inverted, stats.avgdl)
    else:
        rows: list[tuple[str, str, str, int, int, int]] = []
        for doc_id, tokens in docs:
            length = len(tokens)
            rows.extend(
                (tenant, kind, term, doc_id, tf, length) for term, tf in Counter(tokens).items()
            )
        db.conn.executemany(
            "INSERT INTO search_pending (tenant, kind, term, doc, tf, len)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
        stats.pending_docs += len(docs)
    _write_stats(db, tenant, kind, stats)
    if merge:
        maintain(db, tenant, kind)


def delete_documents(db: Database, tenant: str, kind: str, doc_lengths: dict[int, int]) -> None:
    """Remove documents (id -> token count) inside the caller's transaction."""
    if not doc_lengths:
        return
    stats = read_stats(db, tenant, kind)
    for doc_id, length in doc_lengths.items():
        removed = db.execute(
            "DELETE FROM search_pending WHERE tenant = ? AND kind = ? AND doc = ?",
            [tenant, kind, doc_id],
        ).rowcount
        if removed:
            stats.pending_docs = max(0, stats.pending_docs - 1)
        else:
            db.execute(
                "INSERT OR IGNORE INTO search_deleted (tenant, kind, doc) VALUES (?, ?, ?)",
                [tenant, kind, doc_id],
            )
        stats.n_docs = max(0, stats.n_docs - 1)
        stats.total_len = max(0, stats.total_len - length)
    _write_stats(db, tenant, kind, stats)


def segment_sizes(db: Database, tenant: str, kind: str) -> list[tuple[int, int]]:
    """(segment id, documents) of every live segment, oldest first."""
    return [
        (int(r[0]), int(r[1]))
        for r in db.execute(
            "SELECT id, n_docs FROM search_segments WHERE tenant = ? AND kind = ?"
            " AND staged_by IS NULL ORDER BY id",
            [tenant, kind],
        ).fetchall()
    ]


def maintain(db: Database, tenant: str, kind: str) -> None:
    """Flush pending postings and merge small segments when thresholds are crossed."""
    if read_stats(db, tenant, kind).pending_docs >= FLUSH_DOCS:
        flush_pending(db, tenant, kind)
    sizes = segment_sizes(db, tenant, kind)
    if len(sizes) > MAX_SEGMENTS:
        picked = pick_merge(sizes)
        # A big merge would hold the write lock too long: imports compact big segments
        # in short transactions instead (bot.search.staged.compact).
        if sum(n for sid, n in sizes if sid in picked) <= FOREGROUND_MERGE_DOCS:
            merge_segments(db, tenant, kind, picked)


def pick_merge(sizes: Sequence[tuple[int, int]]) -> list[int]:
    """Which segments to merge: the smallest ones, plus any next one no bigger than them.

    Merging similar sizes keeps the cost of a merge proportional to what it merges, so
    a million-document segment is not rewritten because a few small ones piled up.
    """
    ordered = sorted(sizes, key=lambda s: (s[1], s[0]))
    count = max(2, len(sizes) - MAX_SEGMENTS + 1)
    chosen = ordered[:count]
    total = sum(n for _, n in chosen)
    for sid, n in ordered[count:]:
        if n > total:
            break
        chosen.append((sid, n))
        total += n
    return [sid for sid, _ in chosen]


def flush_pending(db: Database, tenant: str, kind: str) -> None:
    """Turn every pending posting into one new segment."""
    stats = read_stats(db, tenant, kind)
    rows = db.execute(
        "SELECT term, doc, tf, len FROM search_pending WHERE tenant = ? AND kind = ?"
        " ORDER BY term, doc",
        [tenant, kind],
    ).fetchall()
    if not rows:
        return
    lengths = {doc: length for _, doc, _, length in rows}
    docmap = np.array(sorted(lengths), dtype=np.int64)
    lens = np.array([lengths[d] for d in docmap.tolist()], dtype=np.int64)

    def runs() -> Iterator[tuple[str, TermRun]]:
        for term, group in itertools.groupby(rows, key=lambda r: r[0]):
            block = np.array([(r[1], r[2]) for r in group], dtype=np.int64)
            yield term, TermRun(np.searchsorted(docmap, block[:, 0]), block[:, 1])

    _insert_segment(db, tenant, kind, docmap, lens, runs(), stats.avgdl)
    db.execute("DELETE FROM search_pending WHERE tenant = ? AND kind = ?", [tenant, kind])
    stats.pending_docs = 0
    _write_stats(db, tenant, kind, stats)


def merge_segments(db: Database, tenant: str, kind: str, ids: Sequence[int]) -> None:
    """Merge segments into one, dropping deleted documents.

    A merge of every segment also refreshes the frozen average document length.
    """
    all_ids = [sid for sid, _ in segment_sizes(db, tenant, kind)]
    if not ids:
        return
    stats = read_stats(db, tenant, kind)
    old_avgdl = stats.avgdl
    full = set(ids) == set(all_ids)
    if full and stats.n_docs:
        stats.avgdl = stats.total_len / stats.n_docs
    deleted = np.array(
        [
            r[0]
            for r in db.execute(
                "SELECT doc FROM search_deleted WHERE tenant = ? AND kind = ?", [tenant, kind]
            )
        ],
        dtype=np.int64,
    )
    marks = ",".join("?" * len(ids))
    # New positions: all surviving documents of the merged segments, sorted by id.
    old: dict[int, tuple[NDArray[np.int64], NDArray[np.int64]]] = {}
    seg_avgdl: dict[int, float] = {}
    for sid, docmap_blob, lens_blob, own_avgdl in db.execute(
        f"SELECT id, docmap, lens, avgdl FROM search_segments WHERE id IN ({marks})", list(ids)
    ).fetchall():
        old[sid] = (
            np.frombuffer(docmap_blob, DOC_DTYPE).astype(np.int64),
            np.frombuffer(lens_blob, LEN_DTYPE).astype(np.int64),
        )
        seg_avgdl[sid] = float(own_avgdl) if own_avgdl else old_avgdl
    all_docs = np.concatenate([d for d, _ in old.values()])
    all_lens = np.concatenate([ln for _, ln in old.values()])
    keep = ~np.isin(all_docs, deleted) if len(deleted) else np.ones(len(all_docs), dtype=bool)
    order = np.argsort(all_docs[keep], kind="stable")
    docmap = all_docs[keep][order]
    lens = all_lens[keep][order]
    remap: dict[int, NDArray[np.int64]] = {}
    for sid, (seg_docs, _) in old.items():
        new_pos = np.searchsorted(docmap, seg_docs)
        np.minimum(new_pos, max(len(docmap) - 1, 0), out=new_pos)
        alive = docmap[new_pos] == seg_docs if len(docmap) else np.zeros(len(seg_docs), bool)
        remap[sid] = np.where(alive, new_pos, -1)

    cursor = db.execute(
        "SELECT term, segment_id, positions, impacts FROM search_postings"
        f" WHERE segment_id IN ({marks}) ORDER BY term, segment_id",
        list(ids),
    )

    def runs() -> Iterator[tuple[str, TermRun]]:
        for term, group in itertools.groupby(cursor, key=lambda r: r[0]):
            pos_parts, tf_parts = [], []
            for _, sid, pos_blob, imp_blob in group:
                positions = np.frombuffer(pos_blob, POS_DTYPE).astype(np.int64)
                seg_lens = old[sid][1][positions]
                tfs = tf_from_impact(
                    np.frombuffer(imp_blob, IMPACT_DTYPE), seg_lens, seg_avgdl[sid]
                )
                new_pos = remap[sid][positions]
                alive = new_pos >= 0
                pos_parts.append(new_pos[alive])
                tf_parts.append(tfs[alive])
            positions = np.concatenate(pos_parts)
            if not len(positions):
                continue
            tfs = np.concatenate(tf_parts)
            order = np.argsort(positions, kind="stable")
            yield term, TermRun(positions[order], tfs[order])

    if len(docmap):
        _insert_segment(db, tenant, kind, docmap, lens, runs(), stats.avgdl)
    db.execute(f"DELETE FROM search_postings WHERE segment_id IN ({marks})", list(ids))
    db.execute(f"DELETE FROM search_segments WHERE id IN ({marks})", list(ids))
    if full:
        db.execute("DELETE FROM search_deleted WHERE tenant = ? AND kind = ?", [tenant, kind])
    # Pending rows keep raw tf and length, so a new average needs no rewrite there.
    _write_stats(db, tenant, kind, stats)


def optimize(db: Database, tenant: str, kind: str) -> None:
    """Flush and merge everything into one segment (after a bulk import)."""
    flush_pending(db, tenant, kind)
    sizes = segment_sizes(db, tenant, kind)
    has_deleted = db.execute(
        "SELECT 1 FROM search_deleted WHERE tenant = ? AND kind = ? LIMIT 1", [tenant, kind]
    ).fetchone()
    if len(sizes) > 1 or (sizes and has_deleted):
        merge_segments(db, tenant, kind, [sid for sid, _ in sizes])
