"""Bringing an existing decision log in: CSV or JSON Lines with the export's columns.

History keeps its dates: a decision comes in with its original `created_at`, owner,
status, review date (past ones too), outcome and evidence. The whole file is checked
before anything is written, and written in one transaction (all or nothing); a problem
is reported with its line number. Importing the same file again adds nothing: each row
is known by its date, title and decision.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.decisions import (
    NEXT_STEPS,
    RESULTS,
    STATUSES,
    _add_evidence,
    _append_history,
    _search_text,
    validate,
)
from bot.errors import ImportFailed, InvalidInput
from bot.importing import Record, read_records
from bot.models import DecisionDraft
from bot.store import Store

REQUIRED = ("title", "decision", "customer_impact")
IMPORT_STATUSES = tuple(dict.fromkeys((*STATUSES, "withdrawn")))
MAX_ROWS = 200_000
OUTCOME_RESULTS = tuple(RESULTS)
_UNNEUTRALISE = ("'=", "'+", "'-", "'@", "'\t", "'\r")


@dataclass(frozen=True)
class DecisionImport:
    """What an import did: decisions added and rows already in the log."""

    imported: int
    skipped: int
    ids: tuple[int, ...]


@dataclass
class _Row:
    line: int
    source_id: int | None
    key: str
    values: dict[str, Any]
    status: str
    superseded_by: int | None
    cites: list[int]
    outcome: str | None
    outcome_result: str | None
    outcome_next: str | None
    outcome_at: str | None
    platform: str
    channel: str | None
    permalink: str | None
    created_by: str | None
    created_at: str
    updated_at: str


def _cell(value: Any) -> str:
    """A cell as text, undoing the export's apostrophe before formula characters."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    return text[1:] if text.startswith(_UNNEUTRALISE) else text


def _list(value: Any, sep: str = ";") -> list[str]:
    if isinstance(value, list):
        return [_cell(v) for v in value]
    return [part.strip() for part in _cell(value).split(sep) if part.strip()]


def _id_list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return _cell(value).replace(",", " ").split()


def _timestamp(value: Any, column: str, line: int, now: datetime) -> str | None:
    text = _cell(value).strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ImportFailed(
            f"{text!r} is not a date or time (use YYYY-MM-DD or ISO 8601)", line=line, column=column
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    if moment > now:
        raise ImportFailed(f"{text} is in the future", line=line, column=column)
    return moment.isoformat()


def _optional_int(value: Any, column: str, line: int) -> int | None:
    text = _cell(value).strip().lstrip("Dd#")
    if not text:
        return None
    if not text.isdigit() or int(text) <= 0:
        raise ImportFailed(f"{_cell(value)!r} is not an id", line=line, column=column)
    return int(text)


def _parse(store: Store, tenant: str, record: Record, now: datetime) -> _Row:
    v = record.values
    line = record.line
    raw_place = v.get("place")
    place: dict[str, Any] = raw_place if isinstance(raw_place, dict) else {}
    draft = DecisionDraft(
        title=_cell(v.get("title")),
        decision=_cell(v.get("decision")),
        customer_impact=_cell(v.get("customer_impact")),
        context=_cell(v.get("context")),
        options=_list(v.get("options")),
        door=_cell(v.get("door")) or "two-way",
        owner=_cell(v.get("owner")) or None,
        participants=_list(v.get("participants")),
        review_on=_cell(v.get("review_on")) or None,
        principle_ids=_id_list(v.get("principle_ids")),  # type: ignore[arg-type]
        feedback_ids=_id_list(v.get("feedback_ids")),  # type: ignore[arg-type]
    )
    try:
        values = validate(store, tenant, draft)
    except InvalidInput as exc:
        raise ImportFailed(exc.message, line=line, column=exc.field) from None
    status = (_cell(v.get("status")) or "decided").strip().lower()
    if status not in IMPORT_STATUSES:
        raise ImportFailed(
            f"status must be one of {', '.join(IMPORT_STATUSES)}", line=line, column="status"
        )
    created_at = _timestamp(v.get("created_at"), "created_at", line, now) or now.isoformat()
    updated_at = _timestamp(v.get("updated_at"), "updated_at", line, now) or created_at
    cites = [
        n
        for n in (_optional_int(x, "decision_ids", line) for x in _id_list(v.get("decision_ids")))
        if n is not None
    ]
    digest = hashlib.sha256(
        "\x1f".join([created_at, values["title"], values["decision"]]).encode()
    ).hexdigest()[:32]
    outcome = _cell(v.get("outcome")).strip() or None
    if outcome and len(outcome) > 4_000:
        raise ImportFailed(
            "the outcome is longer than 4,000 characters", line=line, column="outcome"
        )
    result = _cell(v.get("outcome_result")).strip().lower() or None
    if result is not None and result not in OUTCOME_RESULTS:
        raise ImportFailed(
            f"outcome_result must be one of {', '.join(OUTCOME_RESULTS)}",
            line=line,
            column="outcome_result",
        )
    next_step = _cell(v.get("outcome_next")).strip().lower() or None
    if next_step is not None and next_step not in NEXT_STEPS:
        raise ImportFailed(
            f"outcome_next must be one of {', '.join(NEXT_STEPS)}", line=line, column="outcome_next"
        )
    return _Row(
        line=line,
        source_id=_optional_int(v.get("id"), "id", line),
        key=f"import:{digest}",
        values=values,
        status=status,
        superseded_by=_optional_int(v.get("superseded_by"), "superseded_by", line),
        cites=cites,
        outcome=outcome,
        outcome_result=result,
        outcome_next=next_step,
        outcome_at=_timestamp(v.get("outcome_at"), "outcome_at", line, now)
        or (updated_at if result else None),
        platform=(_cell(v.get("platform") or place.get("platform")) or "import")[:40],
        channel=(_cell(v.get("channel") or place.get("channel_name") or place.get("channel_id")))[
            :200
        ]
        or None,
        permalink=_cell(v.get("permalink") or place.get("permalink"))[:2_000] or None,
        created_by=_cell(v.get("created_by"))[:200] or None,
        created_at=created_at,
        updated_at=updated_at,
    )


def _known(store: Store, tenant: str, row: _Row) -> bool:
    found = store.db.execute(
        "SELECT 1 FROM decisions WHERE tenant = ? AND (idempotency_key = ?"
        " OR (created_at = ? AND title = ? AND decision = ?)) LIMIT 1",
        [tenant, row.key, row.created_at, row.values["title"], row.values["decision"]],
    ).fetchone()
    return found is not None


def _resolve(
    store: Store, tenant: str, ref: int, mapping: dict[int, int], line: int, column: str
) -> int:
    if ref in mapping:
        return mapping[ref]
    exists = store.db.execute(
        "SELECT 1 FROM decisions WHERE id = ? AND tenant = ?", [ref, tenant]
    ).fetchone()
    if exists is None:
        raise ImportFailed(
            f"decision {ref} is neither in the file nor in the log", line=line, column=column
        )
    return ref


def import_decisions(
    store: Store, tenant: str, path: Path, *, now: datetime, actor: str | None = None
) -> DecisionImport:
    """Import decisions from CSV or JSON Lines, all or nothing, idempotently."""
    rows: list[_Row] = []
    for record in read_records(path, required=REQUIRED):
        if len(rows) >= MAX_ROWS:
            raise ImportFailed(f"at most {MAX_ROWS:,} decisions per file", line=record.line)
        rows.append(_parse(store, tenant, record, now))
    seen: set[str] = set()
    fresh: list[_Row] = []
    for row in rows:
        if row.key in seen or _known(store, tenant, row):
            continue
        seen.add(row.key)
        fresh.append(row)
    # Oldest first, so the new ids keep the log's order (an export lists newest first).
    fresh.sort(key=lambda r: (r.created_at, r.source_id or 0, r.line))
    mapping: dict[int, int] = {}
    ids: list[int] = []
    with store.write(tenant):
        for row in fresh:
            new_id = _insert(store, tenant, row, actor)
            ids.append(new_id)
            if row.source_id is not None:
                mapping[row.source_id] = new_id
        _link(store, tenant, fresh, ids, mapping)
    if fresh:
        store.refresh_statistics()
    return DecisionImport(imported=len(fresh), skipped=len(rows) - len(fresh), ids=tuple(ids))


def _insert(store: Store, tenant: str, row: _Row, actor: str | None) -> int:
    values = row.values
    cursor = store.db.execute(
        "INSERT INTO decisions (tenant, title, context, options, decision, customer_impact,"
        " door, owner, participants, review_on, status, outcome, outcome_result, outcome_next,"
        " outcome_at, platform, channel_name, permalink, created_by, created_at, updated_at,"
        " idempotency_key, search_text)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            tenant,
            values["title"],
            values["context"],
            json.dumps(values["options"], ensure_ascii=False),
            values["decision"],
            values["customer_impact"],
            values["door"],
            values["owner"],
            json.dumps(values["participants"], ensure_ascii=False),
            values["review_on"],
            row.status,
            row.outcome,
            row.outcome_result,
            row.outcome_next,
            row.outcome_at,
            row.platform,
            row.channel,
            row.permalink,
            row.created_by,
            row.created_at,
            row.updated_at,
            row.key,
            _search_text(values),
        ],
    )
    decision_id = int(cursor.lastrowid or 0)
    _add_evidence(store, decision_id, values)
    changes: dict[str, Any] = {
        "line": row.line,
        "source_id": row.source_id,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "status": row.status,
    }
    if row.outcome:
        changes["outcome"] = row.outcome
    if row.outcome_result:
        changes.update(outcome_result=row.outcome_result, outcome_at=row.outcome_at)
    _append_history(store, decision_id, actor, "imported", changes)
    return decision_id


def _link(
    store: Store, tenant: str, rows: Iterable[_Row], ids: list[int], mapping: dict[int, int]
) -> None:
    """Cited decisions and successors, by their ids in the file or in the log."""
    for row, decision_id in zip(rows, ids, strict=True):
        cited = [
            _resolve(store, tenant, ref, mapping, row.line, "decision_ids") for ref in row.cites
        ]
        if cited:
            _add_evidence(store, decision_id, {"decision_ids": cited})
        if row.superseded_by is not None:
            successor = _resolve(
                store, tenant, row.superseded_by, mapping, row.line, "superseded_by"
            )
            store.db.execute(
                "UPDATE decisions SET superseded_by = ? WHERE id = ?", [successor, decision_id]
            )
