"""The segmented index: fast path equals exhaustive BM25, incremental writes, merges."""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from bot.search import SearchIndex
from bot.search import segments as seg
from bot.store import Store

VOCAB = ["the", "a", "to", "for", "is", "we", "order", "return", "refund", "app", "slow"]
VOCAB += [f"w{i}" for i in range(400)]


def corpus(n: int, seed: int = 3) -> list[tuple[int, list[str]]]:
    rnd = random.Random(seed)
    weights = [1 / (i + 1) for i in range(len(VOCAB))]
    return [(i + 1, rnd.choices(VOCAB, weights, k=rnd.randint(3, 40))) for i in range(n)]


def reference_bm25(docs: list[tuple[int, list[str]]], terms: list[str], k: int) -> list[int]:
    """Textbook BM25 (k1 = 1.2, b = 0.75), written independently of the index."""
    n = len(docs)
    avgdl = sum(len(t) for _, t in docs) / n
    df = Counter(term for _, toks in docs for term in set(toks))
    scores = {}
    for doc, toks in docs:
        tf = Counter(toks)
        s = 0.0
        for term in set(terms):
            if tf[term]:
                idf = math.log(1 + (n - df[term] + 0.5) / (df[term] + 0.5))
                s += idf * tf[term] * 2.2 / (tf[term] + 1.2 * (0.25 + 0.75 * len(toks) / avgdl))
        if s > 0:
            scores[doc] = s
    return [d for d, _ in sorted(scores.items(), key=lambda x: (-x[1], -x[0]))[:k]]


def build(store: Store, docs: list[tuple[int, list[str]]], batch: int) -> SearchIndex:
    index = SearchIndex(store, "t", "feedback")
    for start in range(0, len(docs), batch):
        with store.write():
            index.add(docs[start : start + batch])
    return index


QUERIES = [["the", "refund"], ["a", "to", "for", "is"], ["w7", "order", "slow"], ["w399"], ["x"]]


@pytest.mark.parametrize("batch", [1, 250, 3000])
def test_results_match_reference_bm25(store: Store, batch: int) -> None:
    docs = corpus(3000)
    index = build(store, docs, batch)
    with store.write():
        index.optimize()  # one segment: weights use the exact average length
    for terms in QUERIES:
        got = [d for d, _ in index.search_terms(terms, 10)]
        assert set(got) == set(reference_bm25(docs, terms, 10)), terms
        assert got == [d for d, _ in index.search_terms(terms, 10, exhaustive=True)]


BOOSTS = {"w1": 0.35, "w2": 0.2, "w50": 0.35}


@pytest.mark.parametrize("batch", [250, 3000])
def test_a_budget_that_covers_every_list_changes_nothing(store: Store, batch: int) -> None:
    index = build(store, corpus(3000), batch)
    for terms in [*QUERIES, ["refund", "w7", *BOOSTS]]:
        exact = index.search_terms(terms, 24, exhaustive=True, boosts=BOOSTS)
        assert index.search_terms(terms, 24, boosts=BOOSTS, budget=10**9) == exact, terms


def test_a_small_budget_keeps_exact_scores_and_the_rare_words_best(store: Store) -> None:
    docs = corpus(3000)
    index = build(store, docs, 3000)
    terms = ["the", "a", "to", "for", "is", "we", "w90", "w7"]
    full = dict(index.search_terms(terms, 3000, exhaustive=True))
    got = index.search_terms(terms, 10, budget=200)
    assert len(got) == 10
    # Every hit is scored on every term, whichever lists were read in full...
    assert all(math.isclose(score, full[doc], rel_tol=1e-5) for doc, score in got)
    assert [s for _, s in got] == sorted((s for _, s in got), reverse=True)
    # ...and the best document with the rarest word is found, though the common
    # words' long lists were only probed.
    rare = [d for d, toks in docs if "w90" in toks]
    assert max(rare, key=lambda d: full[d]) in {d for d, _ in got}
    assert len(rare) < 200 < sum(1 for _, toks in docs if "the" in toks)


def test_pending_documents_are_found_before_any_flush(store: Store) -> None:
    index = build(store, corpus(50), 1)
    assert seg.segment_sizes(store.db, "t", "feedback") == []
    assert index.search_terms(["w399"], 5) or index.search_terms(["the"], 5)


def test_flush_and_merge_keep_results(store: Store) -> None:
    docs = corpus(seg.FLUSH_DOCS * 2 + 10)
    index = build(store, docs, 1)  # one at a time: pending -> flushed segments
    assert len(seg.segment_sizes(store.db, "t", "feedback")) >= 2
    before = index.search_terms(["refund", "w3"], 10)
    with store.write():
        index.optimize()
    assert len(seg.segment_sizes(store.db, "t", "feedback")) == 1
    assert {d for d, _ in index.search_terms(["refund", "w3"], 10)} == {d for d, _ in before}


def test_deleted_documents_disappear_and_merge_drops_them(store: Store) -> None:
    docs = corpus(2000)
    index = build(store, docs, 2000)
    top = index.search_terms(["refund"], 3)
    gone = top[0][0]
    length = len(dict(docs)[gone])
    with store.write():
        index.delete({gone: length})
    assert gone not in [d for d, _ in index.search_terms(["refund"], 10)]
    with store.write():
        index.optimize()
    assert gone not in [d for d, _ in index.search_terms(["refund"], 10)]
    assert seg.read_stats(store.db, "t", "feedback").n_docs == 1999


def test_adding_one_document_to_a_large_index_does_not_rewrite_it(store: Store) -> None:
    index = build(store, corpus(5000), 5000)
    segments_before = seg.segment_sizes(store.db, "t", "feedback")
    with store.write():
        index.add([(99_999, ["brandnewword", "refund"])])
    assert seg.segment_sizes(store.db, "t", "feedback") == segments_before
    assert index.search_terms(["brandnewword"], 1)[0][0] == 99_999


def test_merges_pick_small_segments_not_the_big_one() -> None:
    big = [(1, 1_000_000)]
    small = [(i, 2_000) for i in range(2, 8)]
    assert seg.pick_merge(big + small) == [2, 3, 4, 5, 6, 7]
    mixed = [
        (1, 1_000_000),
        (2, 12_000),
        (3, 2_000),
        (4, 2_000),
        (5, 2_000),
        (6, 2_000),
        (7, 2_000),
    ]
    assert seg.pick_merge(mixed) == [3, 4, 5, 6, 7]
    assert seg.pick_merge([(1, 10), (2, 10), (3, 10), (4, 10), (5, 10), (6, 10), (7, 10)]) == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]


def test_the_postings_cache_never_mixes_two_databases(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # Regression: the in-process cache was keyed by segment id, which every database
    # numbers from 1, so the second database searched returned the first one's postings.
    first, second = Store(tmp_path / "a.db"), Store(tmp_path / "b.db")
    a = build(first, [(i, ["refund"] * (1 + i % 3) + ["x"] * i) for i in range(1, 1500)], 1500)
    b = build(second, [(i, ["refund", "y", "y"]) for i in range(1, 1200)], 1200)
    assert a.search_terms(["refund"], 3)
    got = b.search_terms(["refund"], 3)
    assert [d for d, _ in got] == [1199, 1198, 1197]
    assert len({round(s, 6) for _, s in got}) == 1
    first.close()
    second.close()


def test_a_segment_out_of_term_order_is_named_damage_not_a_wrong_merge(store: Store) -> None:
    """A staged merge relies on each segment's postings being stored in term order."""
    from bot.errors import SearchIndexDamaged, StoreError
    from bot.search.staged import _postings_in_order

    with store.write("t") as db:
        db.execute(
            "INSERT INTO search_segments (id, tenant, kind, n_docs, created_at, uid, docmap,"
            " lens) VALUES (1, 't', 'feedback', 2, '2026-11-22', 'u1', x'', x'')"
        )
        for term in ("returns", "delivery"):  # written out of order
            db.execute("INSERT INTO search_postings VALUES (1, ?, 1, 1.0, x'', x'')", [term])
    with pytest.raises(SearchIndexDamaged) as caught:
        list(_postings_in_order(store.db, [1]))
    assert isinstance(caught.value, StoreError)
    assert caught.value.message == ("the search index is damaged: segment 1 is out of term order")
