"""Bringing an existing decision log in: CSV or JSON Lines with the export's columns.

History keeps its dates: a decision comes in with its original `created_at`, owner,
status, review date (past ones too), outcome and evidence. The whole file is checked
before anything is written (a problem is reported with its line number), then written
in short transactions as one import run (`bot.staging`): users see all of it at once
when it is done, or nothing. Importing the same file again adds nothing: each row
is known by its date, title and decision.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot import staging
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
from bot.i18n import N_
from bot.importing import Record, read_records
from bot.models import DecisionDraft
from bot.staging import VISIBLE_SQL
from bot.store import Store

REQUIRED = ("title", "decision", "customer_impact")
IMPORT_STATUSES = tuple(dict.fromkeys((*STATUSES, "withdrawn")))
MAX_ROWS = 200_000
#: Memory a file's rows may take while they are checked and written (measured: a row
#: costs twice its strings' size and about 3 KB besides); keeps the peak under 300 MB.
MAX_HELD_BYTES = 230_000_000
ROW_OVERHEAD_BYTES = 3_000
#: How long the lock is left free between two chunks (seconds).
GAP_S = 0.003
#: The run kind in the `imports` table.
KIND = "decisions"
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
            N_("{value!r} is not a date or time (use YYYY-MM-DD or ISO 8601)"),
            line=line,
            column=column,
            value=text,
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC).replace(microsecond=0)
    if moment > now:
        raise ImportFailed(N_("{value} is in the future"), line=line, column=column, value=text)
    return moment.isoformat()


def _optional_int(value: Any, column: str, line: int) -> int | None:
    text = _cell(value).strip().lstrip("Dd#")
    if not text:
        return None
    if not text.isdigit() or int(text) <= 0:
        raise ImportFailed(
            N_("{value!r} is not an id"), line=line, column=column, value=_cell(value)
        )
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
        raise ImportFailed.at(exc, line=line, column=exc.field) from None
    status = (_cell(v.get("status")) or "decided").strip().lower()
    if status not in IMPORT_STATUSES:
        raise ImportFailed(
            N_("status must be one of {choices}"),
            line=line,
            column="status",
            choices=", ".join(IMPORT_STATUSES),
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
            N_("outcome_result must be one of {choices}"),
            line=line,
            column="outcome_result",
            choices=", ".join(OUTCOME_RESULTS),
        )
    next_step = _cell(v.get("outcome_next")).strip().lower() or None
    if next_step is not None and next_step not in NEXT_STEPS:
        raise ImportFailed(
            N_("outcome_next must be one of {choices}"),
            line=line,
            column="outcome_next",
            choices=", ".join(NEXT_STEPS),
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
    # Unfiltered on purpose: a row another import is still writing counts as known.
    found = store.db.execute(
        "SELECT 1 FROM decisions WHERE tenant = ? AND (idempotency_key = ?"
        " OR (created_at = ? AND title = ? AND decision = ?)) LIMIT 1",
        [tenant, row.key, row.created_at, row.values["title"], row.values["decision"]],
    ).fetchone()
    return found is not None


def _in_log(db: Database, tenant: str, ref: int) -> bool:
    found = db.execute(
        f"SELECT 1 FROM decisions WHERE id = ? AND tenant = ? AND {VISIBLE_SQL}", [ref, tenant]
    ).fetchone()
    return found is not None


def _check_refs(store: Store, tenant: str, fresh: list[_Row]) -> None:
    """Every cited or successor id is in the file or in the log, checked before writing."""
    in_file = {row.source_id for row in fresh if row.source_id is not None}
    for row in fresh:
        refs = [(ref, "decision_ids") for ref in row.cites]
        if row.superseded_by is not None:
            refs.append((row.superseded_by, "superseded_by"))
        for ref, column in refs:
            if ref not in in_file and not _in_log(store.db, tenant, ref):
                raise ImportFailed(
                    N_("decision {ref} is neither in the file nor in the log"),
                    line=row.line,
                    column=column,
                    ref=ref,
                )


class _Writer:
    """Writes one decisions import run, a chunk per short transaction."""

    def __init__(
        self, store: Store, tenant: str, run: staging.ImportRun, actor: str | None
    ) -> None:
        self.store = store
        self.tenant = tenant
        self.run = run
        self.actor = actor
        self.mapping: dict[int, int] = {}
        self.written: list[tuple[_Row, int]] = []
        self.rows_done = 0
        self.held_s = 0.0

    def pause(self) -> None:
        """Leave the lock free for a moment between chunks.

        Rows are parsed before writing starts, so without this the chunks follow each
        other at once. Other writers try for the lock every millisecond or so
        (`Store._begin`), so a gap of a few milliseconds lets the next one in.
        """
        time.sleep(min(self.held_s, GAP_S))

    def insert(self, db: Database, chunk: list[_Row]) -> int:
        """Insert a chunk of decisions with their evidence and history; returns rows added."""
        started = time.perf_counter()
        added = 0
        for row in chunk:
            new_id = _insert(self.store, self.tenant, row, self.actor, self.run.id)
            if new_id is None:
                continue  # another import running at the same time holds it
            added += 1
            self.written.append((row, new_id))
            if row.source_id is not None:
                self.mapping[row.source_id] = new_id
        self.rows_done += len(chunk)
        staging.heartbeat(db, self.run, len(chunk), added)
        self.held_s = time.perf_counter() - started
        return added

    def link(self, db: Database, chunk: list[tuple[_Row, int]]) -> int:
        """Cited decisions and successors, by their ids in the file or in the log."""
        started = time.perf_counter()
        for row, decision_id in chunk:
            cited = [c for c in (self._resolve(db, ref) for ref in row.cites) if c is not None]
            if cited:
                _add_evidence(self.store, decision_id, {"decision_ids": cited})
            if row.superseded_by is not None:
                successor = self._resolve(db, row.superseded_by)
                if successor is not None:
                    db.execute(
                        "UPDATE decisions SET superseded_by = ? WHERE id = ?",
                        [successor, decision_id],
                    )
        staging.heartbeat(db, self.run, 0, 0)
        self.held_s = time.perf_counter() - started
        return len(chunk)

    def _resolve(self, db: Database, ref: int) -> int | None:
        if ref in self.mapping:
            return self.mapping[ref]
        # Checked before writing; gone only if another import running meanwhile took the row.
        return ref if _in_log(db, self.tenant, ref) else None


def import_decisions(
    store: Store,
    tenant: str,
    path: Path,
    *,
    now: datetime,
    actor: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> DecisionImport:
    """Import decisions from CSV or JSON Lines, all or nothing, idempotently.

    The whole file is checked first. Rows are then written in short transactions (other
    writers wait milliseconds) as one run of `bot.staging`: users see none of them until
    the last is written, then all at once; if this raises or the process dies, nothing
    is visible and the next import removes what was written. `progress(rows_written)`
    is called after each chunk.
    """
    rows: list[_Row] = []
    held = 0
    for record in read_records(path, required=REQUIRED):
        if len(rows) >= MAX_ROWS:
            raise ImportFailed(
                N_("at most {limit} decisions per file"), line=record.line, limit=f"{MAX_ROWS:,}"
            )
        # The whole file is held to be checked first: cap what that costs, not only the
        # rows (200,000 long rows, 1.2 GB, peaked at 1.7 GB; 100,000 short ones at 320 MB).
        text = sum(sys.getsizeof(v) for v in record.values.values() if isinstance(v, str))
        held += 2 * text + ROW_OVERHEAD_BYTES
        if held > MAX_HELD_BYTES:
            raise ImportFailed(
                N_("the file is too large to import at once (more than {limit} MB to check); "
                   "split it into smaller files"),
                line=record.line,
                limit=f"{MAX_HELD_BYTES // 1_000_000:,}",
            )  # fmt: skip
        rows.append(_parse(store, tenant, record, now))
    # Rows of a dead run must be gone before keys are looked up, or they would be skipped.
    staging.cleanup_dead_runs(store)
    seen: set[str] = set()
    fresh: list[_Row] = []
    for row in rows:
        if row.key in seen or _known(store, tenant, row):
            continue
        seen.add(row.key)
        fresh.append(row)
    # Oldest first, so the new ids keep the log's order (an export lists newest first).
    fresh.sort(key=lambda r: (r.created_at, r.source_id or 0, r.line))
    _check_refs(store, tenant, fresh)
    if not fresh:
        return DecisionImport(imported=0, skipped=len(rows), ids=())
    # This connection checkpoints the WAL itself: other writers never pay for its pages.
    with store.bulk_writes():
        run = staging.begin_run(store, tenant, KIND, f"file:{path.name}", cleanup=False)
        writer = _Writer(store, tenant, run, actor)
        try:
            sizer = staging.ChunkSizer()
            for _ in staging.write_in_chunks(
                store, staging.chunks(fresh, sizer), writer.insert, sizer, tenant=tenant
            ):
                if progress is not None:
                    progress(writer.rows_done)
                writer.pause()
            linked = [(row, i) for row, i in writer.written if row.cites or row.superseded_by]
            sizer = staging.ChunkSizer()
            for _ in staging.write_in_chunks(
                store, staging.chunks(linked, sizer), writer.link, sizer, tenant=tenant
            ):
                writer.pause()
            with store.write(tenant) as db:
                staging.finish_run(db, run)
        except BaseException:
            staging.fail_run(store, run)
            raise
    ids = [i for _, i in writer.written]
    store.refresh_statistics()
    return DecisionImport(imported=len(ids), skipped=len(rows) - len(ids), ids=tuple(ids))


def clean_step(db: Database, run_id: int) -> int:
    """Remove up to `CLEANUP_STEP` decisions of a dead run (history, evidence, index too)."""
    first = staging.first_id(db, run_id)
    # Successor links inside the run go first: a linked decision cannot be deleted.
    unlinked = db.execute(
        "UPDATE decisions SET superseded_by = NULL WHERE id IN (SELECT id FROM decisions"
        " WHERE id > ? AND import_id = ? AND superseded_by IS NOT NULL LIMIT ?)",
        [first, run_id, staging.CLEANUP_STEP],
    ).rowcount
    if unlinked:
        return int(unlinked)
    ids = [
        r[0]
        for r in db.execute(
            "SELECT id FROM decisions WHERE id > ? AND import_id = ? LIMIT ?",
            [first, run_id, staging.CLEANUP_STEP],
        )
    ]
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    db.execute(f"DELETE FROM decision_evidence WHERE decision_id IN ({marks})", ids)
    db.execute(f"DELETE FROM decision_history WHERE decision_id IN ({marks})", ids)
    db.execute(f"DELETE FROM decisions WHERE id IN ({marks})", ids)  # FTS triggers follow
    return len(ids)


def _insert(store: Store, tenant: str, row: _Row, actor: str | None, run_id: int) -> int | None:
    """Insert one staged decision; None if the same decision is already stored or staged."""
    values = row.values
    cursor = store.db.execute(
        "INSERT OR IGNORE INTO decisions (tenant, title, context, options, decision,"
        " customer_impact, door, owner, participants, review_on, status, outcome,"
        " outcome_result, outcome_next, outcome_at, platform, channel_name, permalink,"
        " created_by, created_at, updated_at, idempotency_key, search_text, import_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            run_id,
        ],
    )
    if not cursor.rowcount:
        return None
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
