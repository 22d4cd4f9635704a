"""Multilingual full-text search with exact BM25 ranking, stored in the tenant's database."""

from __future__ import annotations

from collections.abc import Sequence

from bot.search import ranking, segments
from bot.search.tokenize import query_terms, tokenize
from bot.store import Store

__all__ = ["SearchIndex", "query_terms", "tokenize"]


class SearchIndex:
    """The index of one kind of document (feedback, principles) of one tenant."""

    def __init__(self, store: Store, tenant: str, kind: str) -> None:
        self.store = store
        self.tenant = tenant
        self.kind = kind

    def add(self, docs: Sequence[tuple[int, Sequence[str]]], *, maintain: bool = True) -> None:
        """Index tokenized documents; call inside `store.write()` with the rows they index."""
        segments.add_documents(self.store.db, self.tenant, self.kind, docs, merge=maintain)

    def maintain(self) -> None:
        """Flush pending postings and merge segments if thresholds are crossed."""
        segments.maintain(self.store.db, self.tenant, self.kind)

    def delete(self, doc_lengths: dict[int, int]) -> None:
        """Drop documents (id -> token count); call inside `store.write()`."""
        segments.delete_documents(self.store.db, self.tenant, self.kind, doc_lengths)

    def optimize(self) -> None:
        """Merge everything into one segment; call inside `store.write()`."""
        segments.optimize(self.store.db, self.tenant, self.kind)

    def search(
        self, text: str, k: int = 10, *, exhaustive: bool = False
    ) -> list[tuple[int, float]]:
        """The k best (id, score) for a free-text query, best first."""
        return self.search_terms(query_terms(text), k, exhaustive=exhaustive)

    def search_terms(
        self,
        terms: list[str],
        k: int = 10,
        *,
        exhaustive: bool = False,
        boosts: dict[str, float] | None = None,
        budget: int | None = None,
    ) -> list[tuple[int, float]]:
        """The k best (id, score) for already tokenized query terms (`boosts` scale some;
        `budget` bounds the postings read in full, see `ranking.search`)."""
        return ranking.search(
            self.store.db,
            self.tenant,
            self.kind,
            terms,
            k,
            exhaustive=exhaustive,
            boosts=boosts,
            budget=budget,
        )
