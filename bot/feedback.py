"""Customer feedback snippets: capture, idempotent import, multilingual search."""

from __future__ import annotations

import functools
import hashlib
import operator
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, NamedTuple, cast

from sqlite_utils import Database

from bot.answer.language import guess_language
from bot.bounds import check_unicode
from bot.errors import ImportFailed, InvalidInput
from bot.i18n import N_
from bot.importing import Progress, Record, read_records
from bot.masking import find_emails, mask_personal_data
from bot.models import Feedback, ScoredFeedback, Sentiment
from bot.search import SearchIndex, query_terms, tokenize
from bot.search.staged import Tokens, token_list
from bot.sentiment import guess_sentiment, parse_sentiment
from bot.staging import VISIBLE_SQL
from bot.store import Store, utcnow
from bot.text import MAX_FEEDBACK_CHARS, clean, one_line, require_text

KIND = "feedback"
MAX_SHORT_FIELD = 200
MAX_URL = 2_000
COLUMNS = ("text", "customer", "segment", "source", "url", "sentiment", "created_at", "external_id")
#: Fields an import file may fill: COLUMNS, plus the customer's e-mail address, which is
#: never stored, only hashed so that `feedback forget --email` finds the snippet.
IMPORT_FIELDS = (*COLUMNS, "email")


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
    #: The customer's e-mail address: only its hash is kept (for forgetting).
    email: str | None = None
    #: Where the row came from (a file's line number), for error messages.
    line: int | None = None


@dataclass(frozen=True)
class FeedbackImport:
    """What a feedback import did."""

    rows: int
    added: int
    skipped: int
    #: Rows refused as invalid (only when the import was asked to skip them).
    invalid: int = 0
    #: The import run (0 when nothing was written, e.g. a dry run).
    import_id: int = 0
    #: Ids of the new snippets, in order, when at most 1,000 were added (else empty).
    new_ids: tuple[int, ...] = ()


def _short(value: object, field: str, limit: int = MAX_SHORT_FIELD) -> str | None:
    if value is None:
        return None
    text = str(value)
    # Most values are short and printable: skip the regular expressions for them.
    text = text.strip() if text.isprintable() and "  " not in text else one_line(clean(text))
    if not text:
        return None
    if len(text) > limit:
        raise InvalidInput(
            N_("{name} is longer than {limit} characters"), field=field, name=field, limit=limit
        )
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
            N_("created_at {value!r} is not a date (use YYYY-MM-DD or ISO 8601)"),
            field="created_at",
            value=text,
        ) from None


def _url(value: object) -> str | None:
    text = _short(value, "url", MAX_URL)
    if text is None:
        return None
    if not text.lower().startswith(("https://", "http://")):
        raise InvalidInput(
            N_("url {value!r} must start with https:// or http://"), field="url", value=text
        )
    return text


class PreparedFeedback(NamedTuple):
    """A validated snippet: its column values (in `_COLUMNS` order) and its search terms."""

    values: tuple[Any, ...]
    #: Search terms: strings, or coded by a worker process (`bot.search.staged.TermCodes`).
    terms: Tokens
    email_hashes: tuple[str, ...] = ()

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


class KeyedFeedback(NamedTuple):
    """A snippet after the cheap first step: its de-duplication key, little else.

    Imports look the key up before the costly second step (masking, tokenising,
    guessing), so rows already stored cost almost nothing on a re-import. Rows with an
    external id are keyed by it alone; others by their cleaned, masked text, which is
    then kept (`text`, `customer`, `email_hashes`) for the second step.
    """

    item: FeedbackInput
    source: str | None
    external_id: str | None
    dedupe_key: str
    text: str | None = None
    customer: str | None = None
    email_hashes: tuple[str, ...] = ()


_SPACE_RE = re.compile(r"\s+")


def dedupe_hash(text: str) -> str:
    """A stable hash of the normalised text, for de-duplicating imports."""
    norm = _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def email_hash(address: str) -> str:
    """The stored stand-in for an e-mail address (forgetting matches on it)."""
    return hashlib.sha256(b"emptychair-email:" + address.strip().casefold().encode()).hexdigest()


def _text_and_customer(item: FeedbackInput, mask: bool) -> tuple[str, str | None, tuple[str, ...]]:
    text = require_text(item.text, "text", max_chars=MAX_FEEDBACK_CHARS)
    customer = _short(item.customer, "customer")
    hashes: tuple[str, ...] = ()
    if "@" in text or (customer and "@" in customer) or item.email:
        found = find_emails(f"{text} {customer or ''} {item.email or ''}")
        hashes = tuple(sorted({email_hash(e) for e in found}))
    if mask:
        text = mask_personal_data(text)
        customer = mask_personal_data(customer) if customer else None
    return text, customer, hashes


_TEXT_FIELDS = (
    "text", "customer", "segment", "source", "url", "sentiment", "created_at", "external_id",
    "captured_by", "email",
)  # fmt: skip
#: The values of `_TEXT_FIELDS` of an item, in that order (one C call).
_text_values = operator.attrgetter(*_TEXT_FIELDS)


def key_feedback(item: FeedbackInput, *, mask: bool = True) -> KeyedFeedback:
    """The cheap first step: validate the ids and compute the de-duplication key."""
    # A lone surrogate cannot be stored (it was a 500 from the webhook). Only text that is
    # not ASCII can hold one, and `isascii` is a flag lookup: most fields cost nothing.
    for name, value in zip(_TEXT_FIELDS, _text_values(item), strict=True):
        if value.__class__ is str and not value.isascii():
            check_unicode(value, name)
    source = _short(item.source, "source")
    external_id = _short(item.external_id, "external_id")
    if external_id:
        return KeyedFeedback(item, source, external_id, f"ext:{source or ''}:{external_id}")
    text, customer, hashes = _text_and_customer(item, mask)
    return KeyedFeedback(item, source, None, f"txt:{dedupe_hash(text)}", text, customer, hashes)


def finish_feedback(keyed: KeyedFeedback, *, mask: bool = True) -> PreparedFeedback:
    """The costly second step: text, remaining fields, tokens, sentiment and language."""
    item = keyed.item
    if keyed.text is None:
        text, customer, hashes = _text_and_customer(item, mask)
    else:
        text, customer, hashes = keyed.text, keyed.customer, keyed.email_hashes
    try:
        given = parse_sentiment(item.sentiment)
    except ValueError:
        raise InvalidInput(
            N_("unknown sentiment {value!r} (use positive, negative, neutral or mixed)"),
            field="sentiment",
            value=item.sentiment,
        ) from None
    terms = tokenize(text)
    values = (
        text, customer, _short(item.segment, "segment"), keyed.source, _url(item.url),
        given or guess_sentiment(text, terms), int(given is not None), guess_language(text),
        _short(item.captured_by, "captured_by"), _created_at(item.created_at), keyed.external_id,
        keyed.dedupe_key,
    )  # fmt: skip
    return PreparedFeedback(values, terms, hashes)


def prepare(item: FeedbackInput, *, mask: bool = True) -> PreparedFeedback:
    """Validate and normalise a snippet; `InvalidInput` names the bad field."""
    return finish_feedback(key_feedback(item, mask=mask), mask=mask)


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
    terms: dict[str, Tokens] = {}
    for p in batch:
        terms.setdefault(p.dedupe_key, p.terms)
    SearchIndex(store, tenant, KIND).add(
        [(int(i), token_list(terms[k])) for i, k in new], maintain=merge
    )
    store_email_hashes(store.db, tenant, batch, new)
    return [int(i) for i, _ in new]


def store_email_hashes(
    db: Database, tenant: str, batch: list[PreparedFeedback], new: list[tuple[int, str]]
) -> None:
    """Remember hashed e-mail addresses of new snippets; call inside the write."""
    hashes = {p.dedupe_key: p.email_hashes for p in batch if p.email_hashes}
    if hashes:
        db.conn.executemany(
            "INSERT OR IGNORE INTO feedback_emails (tenant, email_hash, feedback_id)"
            " VALUES (?, ?, ?)",
            [(tenant, h, int(i)) for i, key in new for h in hashes.get(key, ())],
        )


def add_feedback(
    store: Store, tenant: str, item: FeedbackInput, *, mask: bool = True
) -> tuple[Feedback, bool]:
    """Store one snippet; returns it and whether it was new (a duplicate is not re-added)."""
    row = prepare(item, mask=mask)
    with store.write(tenant):
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


def record_to_input(
    record: Record, captured_by: str | None = None, date_format: str | None = None
) -> FeedbackInput:
    """A file record (columns already mapped to our field names) as a `FeedbackInput`.

    `date_format` (strftime codes, e.g. "%d/%m/%Y") reads `created_at` when ISO 8601
    does not.
    """
    values = record.values
    created_at = _as_text(values.get("created_at"), "created_at", record.line)
    if date_format and created_at and created_at.strip():
        created_at = _by_format(created_at.strip(), date_format, record.line)
    return FeedbackInput(
        text=_as_text(values.get("text"), "text", record.line) or "",
        customer=_as_text(values.get("customer"), "customer", record.line),
        segment=_as_text(values.get("segment"), "segment", record.line),
        source=_as_text(values.get("source"), "source", record.line),
        url=_as_text(values.get("url"), "url", record.line),
        sentiment=_as_text(values.get("sentiment"), "sentiment", record.line),
        created_at=created_at,
        external_id=_as_text(values.get("external_id"), "external_id", record.line),
        captured_by=captured_by,
        email=_as_text(values.get("email"), "email", record.line),
        line=record.line,
    )


def _by_format(value: str, date_format: str, line: int) -> str:
    try:
        parsed = datetime.strptime(value, date_format)
    except ValueError:
        raise ImportFailed(
            N_("created_at {value!r} does not match the date format {format!r}"),
            line=line,
            column="created_at",
            value=value,
            format=date_format,
        ) from None
    has_time = any(code in date_format for code in ("%H", "%I", "%M", "%S", "%X", "%c"))
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def check_mapping(mapping: dict[str, str]) -> dict[str, str]:
    """Validate `--map field=Column` pairs: known fields, non-empty column names."""
    for field, column in mapping.items():
        if field not in IMPORT_FIELDS:
            raise InvalidInput(
                N_("unknown field {name!r} in --map; fields are: {fields}"),
                field="map",
                name=field,
                fields=", ".join(IMPORT_FIELDS),
            )
        if not column.strip():
            raise InvalidInput(N_("--map {name}= names no column"), field="map", name=field)
    return mapping


def file_rows(
    path: Path,
    *,
    captured_by: str | None = None,
    progress: Progress | None = None,
    mapping: dict[str, str] | None = None,
    date_format: str | None = None,
) -> Iterator[FeedbackInput]:
    """The rows of a CSV or JSON Lines file as `FeedbackInput`s (read lazily)."""
    records = read_records(
        path, required=("text",), progress=progress, mapping=check_mapping(mapping or {})
    )
    return (record_to_input(r, captured_by, date_format) for r in records)


def _size(path: Path) -> int:
    """The size of a regular file, else 0 (`read_records` says what is wrong with it)."""
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:  # a name too long, a loop of links: is_file() raises those
        return 0


def import_feedback(
    store: Store,
    tenant: str,
    path: Path,
    *,
    mask: bool = True,
    captured_by: str | None = None,
    progress: Progress | None = None,
    mapping: dict[str, str] | None = None,
    date_format: str | None = None,
    workers: int | None = None,
) -> FeedbackImport:
    """Import a CSV or JSON Lines file: all or nothing, and idempotent.

    A bad row stops the import with its line number and column and nothing becomes
    visible. Rows already stored (same source and external id, or else the same
    text) are skipped, so importing a file twice adds nothing the second time. The
    rows go through `bot.ingest.import_feedback_rows` (short transactions). `workers`:
    processes that prepare rows (None: one per core but one, for files over 8 MB).
    """
    from bot.ingest import import_feedback_rows
    from bot.ingest_pool import default_workers

    if workers is None:
        workers = default_workers(_size(path))

    records = read_records(
        path, required=("text",), progress=progress, mapping=check_mapping(mapping or {})
    )
    return import_feedback_rows(
        store,
        tenant,
        records,
        source=f"file:{path.name}",
        mask=mask,
        workers=workers,
        convert=functools.partial(
            record_to_input, captured_by=captured_by, date_format=date_format
        ),
    )


def _as_text(value: object, field: str, line: int | None = None) -> str | None:
    if value is None or type(value) is str:
        return value
    if isinstance(value, (dict, list)):
        raise ImportFailed("expected text, found a JSON object or list", line=line, column=field)
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
        f"SELECT * FROM feedback WHERE id IN ({marks}) AND +tenant = ? AND {VISIBLE_SQL}",
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
    budget: int | None = None,
) -> list[ScoredFeedback]:
    """The snippets that best match already tokenized terms, best first (`budget`:
    see `SearchIndex.search_terms`)."""
    hits = SearchIndex(store, tenant, KIND).search_terms(terms, limit, boosts=boosts, budget=budget)
    found = get_feedback(store, tenant, [doc for doc, _ in hits])
    return [
        ScoredFeedback(
            found[doc], score, found[doc].sentiment or "neutral", language=found[doc].language
        )
        for doc, score in hits
        if doc in found
    ]


def count_feedback(store: Store, tenant: str) -> int:
    """How many snippets the tenant has (rows of unfinished imports do not count)."""
    row = store.db.execute(
        f"SELECT COUNT(*) FROM feedback WHERE tenant = ? AND {VISIBLE_SQL}", [tenant]
    ).fetchone()
    return int(row[0])
