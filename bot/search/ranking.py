"""The read side of the search index: exact BM25 top-k without scoring every match.

A plain `OR` query ranked by BM25 (SQLite FTS5's `bm25()`) scores every document that
contains any query word, and for words like "the" or "customer" that is most of the
collection. We use the MaxScore rule instead (Turtle & Flood, 1995): terms are taken
from the highest possible contribution (rare words) to the lowest. Once the best
score a document could still collect from the remaining, common terms is below the
k-th best score already found, no document that lacks every word read so far can
enter the top k, so the common terms' long lists are only probed, by binary search,
for the few candidates still in the race. The result is the exact BM25 top k.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import numpy as np
from sqlite_utils import Database

from bot.search.segments import (
    DOC_DTYPE,
    IMPACT_DTYPE,
    POS_DTYPE,
    idf,
    impact,
    read_stats,
)

if TYPE_CHECKING:  # numpy.typing is for annotations only; it is not loaded at run time
    from numpy.typing import NDArray

IntT = TypeVar("IntT", bound=np.integer)

CACHE_BYTES = 384 * 1024 * 1024
#: A boosted (added) term found in more documents than both of these is left out.
BOOSTED_MAX_DF = 1_000
BOOSTED_MAX_SHARE = 0.05
#: The work budget of the answer's search (postings read in full per segment).
ANSWER_BUDGET = 150_000
Hits = list[tuple[int, float]]


@dataclass(frozen=True)
class Postings:
    """One term's postings in one segment: positions and impacts, sorted by position."""

    positions: NDArray[np.int32]
    impacts: NDArray[np.float32]
    max_impact: float

    @property
    def nbytes(self) -> int:
        return int(self.positions.nbytes + self.impacts.nbytes)


class _LRU:
    """Decoded data of immutable segments, least recently used evicted first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[tuple[str, str], tuple[object, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> object | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: tuple[str, str], value: object, nbytes: int) -> None:
        with self._lock:
            if key in self._items or nbytes > self.max_bytes // 4:
                return
            self._items[key] = (value, nbytes)
            self.bytes += nbytes
            while self.bytes > self.max_bytes:
                _, (_, size) = self._items.popitem(last=False)
                self.bytes -= size


_cache = _LRU(CACHE_BYTES)
_ABSENT = object()
_DOCMAP = "\x00docmap"


def clear_cache() -> None:
    """Forget every decoded posting list (the next searches read them from the database)."""
    global _cache
    _cache = _LRU(CACHE_BYTES)


def _docmap(db: Database, segment_id: int, uid: str) -> NDArray[np.int64]:
    cached = _cache.get((uid, _DOCMAP))
    if isinstance(cached, np.ndarray):
        return cached
    row = db.execute("SELECT docmap FROM search_segments WHERE id = ?", [segment_id]).fetchone()
    docmap = np.frombuffer(row[0], DOC_DTYPE) if row else np.empty(0, DOC_DTYPE)
    _cache.put((uid, _DOCMAP), docmap, docmap.nbytes)
    return docmap


def _postings(db: Database, uids: dict[int, str], term: str) -> dict[int, Postings]:
    """A term's postings per segment id; cached under the segment's unique id, which no
    other segment (of this or any other database) shares."""
    found: dict[int, Postings] = {}
    missing: list[int] = []
    for sid, uid in uids.items():
        cached = _cache.get((uid, term))
        if cached is None:
            missing.append(sid)
        elif isinstance(cached, Postings):
            found[sid] = cached
    if missing:
        marks = ",".join("?" * len(missing))
        rows = db.execute(
            "SELECT segment_id, max_impact, positions, impacts FROM search_postings"
            f" WHERE term = ? AND segment_id IN ({marks})",
            [term, *missing],
        ).fetchall()
        for sid, max_imp, pos_blob, imp_blob in rows:
            posting = Postings(
                np.frombuffer(pos_blob, POS_DTYPE),
                np.frombuffer(imp_blob, IMPACT_DTYPE),
                float(max_imp),
            )
            _cache.put((uids[sid], term), posting, posting.nbytes + 100)
            found[sid] = posting
        for sid in set(missing) - found.keys():
            _cache.put((uids[sid], term), _ABSENT, 100)
    return found


@dataclass
class _Slice:
    """A query term's postings within one segment, with the term's IDF."""

    weight: float
    postings: Postings

    @property
    def bound(self) -> float:
        return self.weight * self.postings.max_impact


def sorted_unique(values: NDArray[IntT]) -> NDArray[IntT]:
    """The distinct values of a 1-D integer array in ascending order, as `np.unique`.

    `np.unique` checks for a masked array first, which imports `numpy.ma` (a tenth of
    numpy's import time) in every process that searches; this does not.
    """
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=np.bool_)
    keep[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _pending(
    db: Database, tenant: str, kind: str, terms: list[str], avgdl: float
) -> tuple[NDArray[np.int64], dict[str, Postings]]:
    marks = ",".join("?" * len(terms))
    rows = db.execute(
        f"SELECT term, doc, tf, len FROM search_pending WHERE tenant = ? AND kind = ?"
        f" AND term IN ({marks}) ORDER BY term, doc",
        [tenant, kind, *terms],
    ).fetchall()
    if not rows:
        return np.empty(0, np.int64), {}
    docmap = sorted_unique(np.array([r[1] for r in rows], dtype=np.int64))
    by_term: dict[str, list[tuple[int, int, int]]] = {}
    for term, doc, tf, length in rows:
        by_term.setdefault(term, []).append((doc, tf, length))
    result = {}
    for term, items in by_term.items():
        block = np.array(items, dtype=np.int64)
        weights = impact(block[:, 1], block[:, 2], avgdl)
        result[term] = Postings(
            np.searchsorted(docmap, block[:, 0]).astype(POS_DTYPE), weights, float(weights.max())
        )
    return docmap, result


def _kth(values: NDArray[np.float32], k: int) -> float:
    """The k-th largest value, or 0 when there are fewer than k.

    Long arrays are sampled: the k-th largest of a subset is smaller than or equal to
    the k-th largest of the whole, so it is still a safe lower bound for pruning.
    """
    if len(values) > _SAMPLE:
        values = values[:: len(values) // _SAMPLE]
    if len(values) < k:
        return 0.0
    return float(np.partition(values, len(values) - k)[len(values) - k])


_SAMPLE = 32_768


def _top_positions(
    slices: list[_Slice], n: int, k: int, theta: float, exhaustive: bool, budget: int | None
) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
    """Best positions of one segment whose score can beat `theta`, with exact scores.

    With a `budget`, at most that many postings (and always the first list) are read
    in full; every other list is only probed for the `_CANDIDATES` documents with the
    best partial scores, so a document none of those lists names can be missed.
    """
    slices = sorted(slices, key=lambda s: s.bound, reverse=True)
    suffix = [*np.cumsum([s.bound for s in reversed(slices)])[::-1].tolist(), 0.0]
    acc = np.zeros(n, dtype=np.float32)
    return _scan(slices, suffix, acc, [], k, theta, exhaustive, budget)


def _scan(
    slices: list[_Slice],
    suffix: list[float],
    acc: NDArray[np.float32],
    touched: list[NDArray[np.int32]],
    k: int,
    theta: float,
    exhaustive: bool,
    budget: int | None,
) -> tuple[NDArray[np.int32], NDArray[np.float32]]:
    read = 0
    i = 0
    # Essential terms: a document may reach the top k through them alone; read in full.
    while i < len(slices) and (exhaustive or suffix[i] >= theta):
        posting = slices[i].postings
        if budget is not None and read and read + len(posting.positions) > budget:
            break
        scores = acc[posting.positions]
        scores += slices[i].weight * posting.impacts
        acc[posting.positions] = scores
        read += len(posting.positions)
        touched.append(posting.positions)
        theta = max(theta, _kth(scores, k))
        i += 1
    if not read:
        return np.empty(0, np.int32), np.empty(0, np.float32)
    floor = theta - suffix[i]
    # Candidates keep the postings' int32 type: `searchsorted` would otherwise convert a
    # whole list to theirs on every probe.
    if budget is not None and i < len(slices):
        cands = _best_read(acc, touched, max(k, _PROBES // (len(slices) - i)))
    elif read * 64 < len(acc):
        cands = sorted_unique(np.concatenate(touched))
    elif floor > 0 and read * 4 < len(acc):
        seen = touched[0] if len(touched) == 1 else np.concatenate(touched)
        cands = sorted_unique(seen[acc[seen] >= floor])
    else:
        # Every document read so far has a positive score; keep those still in the race.
        cands = np.flatnonzero((acc > 0) & (acc >= floor)).astype(POS_DTYPE)
    # Non-essential terms: only candidates still in the race are looked up.
    for j in range(i, len(slices)):
        cands = cands[acc[cands] + suffix[j] >= theta]
        if not len(cands):
            break
        posting = slices[j].postings
        if len(cands) * 4 > len(posting.positions):
            acc[posting.positions] += slices[j].weight * posting.impacts
            touched.append(posting.positions)
            continue
        idx = np.searchsorted(posting.positions, cands)
        np.minimum(idx, len(posting.positions) - 1, out=idx)
        hit = posting.positions[idx] == cands
        acc[cands[hit]] += slices[j].weight * posting.impacts[idx[hit]]
    scores = acc[cands]
    if len(cands) > k:
        # Keep everything tied with the k-th score, so ties break the same way (by id)
        # whichever path found them.
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        cands, scores = cands[keep], scores[keep]
    return cands, scores


#: With a work budget, the lists beyond it are probed this many times in all.
_PROBES = 32_768


def _best_read(
    acc: NDArray[np.float32], lists: list[NDArray[np.int32]], n: int
) -> NDArray[np.int32]:
    """About the `n` positions of the lists read so far with the best partial scores,
    sorted; linear in the postings read, never in the segment's size."""
    seen = lists[0] if len(lists) == 1 else np.concatenate(lists)
    if len(seen) > 2 * n:
        # A position appears once per list naming it: twice as many picks leave
        # room for repeats.
        seen = seen[np.argpartition(acc[seen], len(seen) - 2 * n)[len(seen) - 2 * n :]]
    return sorted_unique(seen)


def search(
    db: Database,
    tenant: str,
    kind: str,
    terms: list[str],
    k: int,
    *,
    exhaustive: bool = False,
    boosts: dict[str, float] | None = None,
    budget: int | None = None,
) -> Hits:
    """The k best (document id, BM25 score) for the query terms, best first.

    `exhaustive=True` reads every list in full (the reference the fast path must match).
    `boosts` scales some terms' weights (added synonyms count less than the asker's words).
    `budget` bounds the work: at most that many postings per segment are read in full
    (see `_top_positions`); the result is then close to, not always exactly, the top k.
    """
    if k <= 0 or not terms:
        return []
    stats = read_stats(db, tenant, kind)
    if stats.n_docs <= 0 or stats.avgdl <= 0:
        return []
    segments = {
        int(r[0]): str(r[1])
        for r in db.execute(
            "SELECT id, uid FROM search_segments WHERE tenant = ? AND kind = ?"
            " AND staged_by IS NULL ORDER BY n_docs DESC",
            [tenant, kind],
        )
    }
    per_term = {t: _postings(db, segments, t) for t in terms} if segments else {}
    pending_docmap, pending = (
        _pending(db, tenant, kind, terms, stats.avgdl)
        if stats.pending_docs
        else (np.empty(0, np.int64), {})
    )
    weights: dict[str, float] = {}
    for term in terms:
        df = sum(len(p.positions) for p in per_term.get(term, {}).values())
        df += len(pending[term].positions) if term in pending else 0
        if (
            df
            and boosts
            and term in boosts
            and df > max(BOOSTED_MAX_DF, BOOSTED_MAX_SHARE * stats.n_docs)
        ):
            continue  # an added synonym this common would cost much and tell little
        if df:
            weights[term] = idf(max(stats.n_docs, df), df) * (boosts or {}).get(term, 1.0)
    if not weights:
        return []
    deleted = {
        int(r[0])
        for r in db.execute(
            "SELECT doc FROM search_deleted WHERE tenant = ? AND kind = ?", [tenant, kind]
        )
    }
    want = k + len(deleted)

    best_docs: list[NDArray[np.int64]] = []
    best_scores: list[NDArray[np.float32]] = []
    theta = 0.0
    parts: list[tuple[NDArray[np.int64], list[_Slice]]] = [
        (
            _docmap(db, sid, uid),
            [_Slice(weights[t], per_term[t][sid]) for t in weights if sid in per_term.get(t, {})],
        )
        for sid, uid in segments.items()
    ]
    if len(pending_docmap):
        parts.append(
            (pending_docmap, [_Slice(weights[t], pending[t]) for t in weights if t in pending])
        )
    for docmap, slices in parts:
        if not slices:
            continue
        positions, scores = _top_positions(slices, len(docmap), want, theta, exhaustive, budget)
        best_docs.append(docmap[positions])
        best_scores.append(scores)
        merged = np.concatenate(best_scores)
        theta = max(theta, _kth(merged, want))
    if not best_docs:
        return []
    docs = np.concatenate(best_docs)
    scores = np.concatenate(best_scores)
    order = np.lexsort((-docs, -scores.astype(np.float64)))
    hits = [(int(docs[i]), float(scores[i])) for i in order if int(docs[i]) not in deleted]
    return hits[:k]
