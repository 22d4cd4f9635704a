"""Customer feedback snippets: capture, idempotent import, multilingual search."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from bot.errors import ImportFailed, InvalidInput
from bot.importing import Progress, Record, read_records
from bot.models import Feedback, ScoredFeedback, Sentiment
from bot.principles import ensure_seeded
from bot.search import SearchIndex, query_terms, tokenize
from bot.search.segments import MAX_SEGMENTS, segment_sizes
from bot.sentiment import guess_sentiment, parse_sentiment
from bot.store import Store, utcnow
from bot.text import (
    MAX_FEEDBACK_CHARS,
    clean,
    dedupe_hash,
    guess_language,
    mask_personal_data,
    one_line,
    require_text,
)

KIND = "feedback"
MAX_SHORT_FIELD = 200
MAX_URL = 2_000
IMPORT_BATCH = 50_000
COLUMNS = ("text", "customer", "segment", "source", "url", "sentiment", "created_at", "external_id")


@dataclass(frozen=True)
class FeedbackInput:
    """A feedback snippet as a user or a file gives it, before validation."""

    text: str
    customer: str | None = None
    segment: str | None = None
    source: str | None = None
    url: str | None = None
    sentiment: str | None = None
    created_at: str | None = None
    external_id: str | None = None
    captured_by: str | None = None


@dataclass(frozen=True)
class FeedbackImport:
    """What a feedback import did."""

    rows: int
    added: int
    skipped: int


def _short(value: object, field: str, limit: int = MAX_SHORT_FIELD) -> str | None:
    if value is None:
        return None
    text = str(value)
    # Most values are short and printable: skip the regular expressions for them.
    text = text.strip() if text.isprintable() and "  " not in text else one_line(clean(text))
    if not text:
        return None
    if len(text) > limit:
        raise InvalidInput(f"{field} is longer than {limit} characters", field=field)
    return text


def _created_at(value: object) -> str | None:
    text = _short(value, "created_at", 64)
    if text is None:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
        return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
    except ValueError:
        raise InvalidInput(
            f"created_at {text!r} is not a date (use YYYY-MM-DD or ISO 8601)", field="created_at"
        ) from None


def _url(value: object) -> str | None:
    text = _short(value, "url", MAX_URL)
    if text is None:
        return None
    if not text.lower().startswith(("https://", "http://")):
        raise InvalidInput(f"url {text!r} must start with https:// or http://", field="url")
    return text


class PreparedFeedback(NamedTuple):
    """A validated snippet: its column values (in `_COLUMNS` order) and its search terms."""

    values: tuple[Any, ...]
    terms: list[str]

    @property
    def dedupe_key(self) -> str:
        return str(self.values[-1])


_COLUMNS = (
    "text", "customer", "segment", "source", "url", "sentiment", "sentiment_given", "language",
    "captured_by", "created_at", "external_id", "dedupe_key",
)  # fmt: skip
_INSERT = (
    f"INSERT OR IGNORE INTO feedback (tenant, added_at, {', '.join(_COLUMNS)})"
    f" VALUES ({', '.join('?' * (len(_COLUMNS) + 2))})"
)


def prepare(item: FeedbackInput, *, mask: bool = True) -> PreparedFeedback:
    """Validate and normalise a snippet; `InvalidInput` names the bad field."""
    text = require_text(item.text, "text", max_chars=MAX_FEEDBACK_CHARS)
    customer = _short(item.customer, "customer")
    if mask:
        text = mask_personal_data(text)
        customer = mask_personal_data(customer) if customer else None
    try:
        given = parse_sentiment(item.sentiment)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="sentiment") from None
    source = _short(item.source, "source")
    external_id = _short(item.external_id, "external_id")
    dedupe_key = f"ext:{source or ''}:{external_id}" if external_id else f"txt:{dedupe_hash(text)}"
    terms = tokenize(text)
    values = (
        text, customer, _short(item.segment, "segment"), source, _url(item.url),
        given or guess_sentiment(text, terms), int(given is not None), guess_language(text),
        _short(item.captured_by, "captured_by"), _created_at(item.created_at), external_id,
        dedupe_key,
    )  # fmt: skip
    return PreparedFeedback(values, terms)


def _last_id(store: Store) -> int:
    row = store.db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'feedback'").fetchone()
    return int(row[0]) if row else 0


def _write_batch(
    store: Store, tenant: str, batch: list[PreparedFeedback], *, merge: bool
) -> list[int]:
    """Insert snippets (skipping duplicates) and index the new ones; returns the new ids."""
    before = _last_id(store)
    now = utcnow()
    store.db.conn.executemany(_INSERT, [(tenant, now, *p.values) for p in batch])
    new = store.db.execute(
        # "+tenant": walk the new ids by primary key, never the whole tenant's index.
        "SELECT id, dedupe_key FROM feedback WHERE id > ? AND +tenant = ? ORDER BY id",
        [before, tenant],
    ).fetchall()
    terms: dict[str, list[str]] = {}
    for p in batch:
        terms.setdefault(p.dedupe_key, p.terms)
    SearchIndex(store, tenant, KIND).add([(int(i), terms[k]) for i, k in new], maintain=merge)
    return [int(i) for i, _ in new]


def add_feedback(
    store: Store, tenant: str, item: FeedbackInput, *, mask: bool = True
) -> tuple[Feedback, bool]:
    """Store one snippet; returns it and whether it was new (a duplicate is not re-added)."""
    row = prepare(item, mask=mask)
    with store.write():
        new_ids = _write_batch(store, tenant, [row], merge=True)
        if new_ids:
            feedback_id = new_ids[0]
        else:
            found = store.db.execute(
                "SELECT id FROM feedback WHERE tenant = ? AND dedupe_key = ?",
                [tenant, row.dedupe_key],
            ).fetchone()
            feedback_id = int(found[0])
    return get_feedback(store, tenant, [feedback_id])[feedback_id], bool(new_ids)


def _prepare_record(record: Record, mask: bool, captured_by: str | None) -> PreparedFeedback:
    values = record.values
    item = FeedbackInput(
        text=_as_text(values.get("text"), "text") or "",
        customer=_as_text(values.get("customer"), "customer"),
        segment=_as_text(values.get("segment"), "segment"),
        source=_as_text(values.get("source"), "source"),
        url=_as_text(values.get("url"), "url"),
        sentiment=_as_text(values.get("sentiment"), "sentiment"),
        created_at=_as_text(values.get("created_at"), "created_at"),
        external_id=_as_text(values.get("external_id"), "external_id"),
        captured_by=captured_by,
    )
    return prepare(item, mask=mask)


def import_feedback(
    store: Store,
    tenant: str,
    path: Path,
    *,
    mask: bool = True,
    captured_by: str | None = None,
    progress: Progress | None = None,
) -> FeedbackImport:
    """Import a CSV or JSON Lines file: all or nothing, and idempotent.

    A bad row stops the import with its line number and column and nothing is
    written. Rows already stored (same source and external id, or else the same
    text) are skipped, so importing a file twice adds nothing the second time.
    """
    rows = added = 0
    batch: list[PreparedFeedback] = []
    index = SearchIndex(store, tenant, KIND)
    # Seed the principles first, in a short transaction of its own: people asking
    # questions while a long import runs must never wait for its write lock.
    ensure_seeded(store, tenant)
    with store.write():
        for record in read_records(path, required=("text",), progress=progress):
            try:
                batch.append(_prepare_record(record, mask, captured_by))
            except InvalidInput as exc:
                raise ImportFailed(exc.message, line=record.line, column=exc.field) from exc
            rows += 1
            if len(batch) >= IMPORT_BATCH:
                added += len(_write_batch(store, tenant, batch, merge=False))
                batch.clear()
        if batch:
            added += len(_write_batch(store, tenant, batch, merge=False))
        if len(segment_sizes(store.db, tenant, KIND)) > MAX_SEGMENTS:
            index.optimize()
        else:
            index.maintain()
    if added > 10_000:
        store.refresh_statistics()
    return FeedbackImport(rows=rows, added=added, skipped=rows - added)


def _as_text(value: object, field: str) -> str | None:
    if value is None or type(value) is str:
        return value
    if isinstance(value, (dict, list)):
        raise InvalidInput("expected text, found a JSON object or list", field=field)
    return str(value)


def _row_to_feedback(row: dict[str, Any]) -> Feedback:
    return Feedback(
        id=int(row["id"]),
        text=row["text"],
        customer=row["customer"],
        segment=row["segment"],
        source=row["source"],
        url=row["url"],
        sentiment=cast(Sentiment | None, row["sentiment"]),
        language=row["language"],
        created_at=row["created_at"],
        external_id=row["external_id"],
        captured_by=row["captured_by"],
    )


def get_feedback(store: Store, tenant: str, ids: Iterable[int]) -> dict[int, Feedback]:
    """Snippets by id (ids of other tenants or unknown ids are left out)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return {}
    marks = ",".join("?" * len(wanted))
    rows = store.query(
        # "+tenant": look rows up by id; an index on tenant would scan the whole tenant.
        f"SELECT * FROM feedback WHERE id IN ({marks}) AND +tenant = ?",
        [*wanted, tenant],
    )
    return {int(r["id"]): _row_to_feedback(r) for r in rows}


def search_feedback(store: Store, tenant: str, query: str, limit: int = 10) -> list[ScoredFeedback]:
    """The snippets that best match `query`, best first."""
    return search_feedback_terms(store, tenant, query_terms(query), limit)


def search_feedback_terms(
    store: Store,
    tenant: str,
    terms: list[str],
    limit: int = 10,
    boosts: dict[str, float] | None = None,
) -> list[ScoredFeedback]:
    """The snippets that best match already tokenized terms, best first."""
    hits = SearchIndex(store, tenant, KIND).search_terms(terms, limit, boosts=boosts)
    found = get_feedback(store, tenant, [doc for doc, _ in hits])
    return [
        ScoredFeedback(
            found[doc], score, found[doc].sentiment or "neutral", language=found[doc].language
        )
        for doc, score in hits
        if doc in found
    ]


def count_feedback(store: Store, tenant: str) -> int:
    """How many snippets the tenant has."""
    row = store.db.execute("SELECT COUNT(*) FROM feedback WHERE tenant = ?", [tenant]).fetchone()
    return int(row[0])
