"""The decision log: decisions with their customer impact, evidence and full history.

Nothing is overwritten silently: every change appends to `decision_history` (who, when,
what changed), and the database refuses edits to that history. Nothing is deleted: a
decision is superseded or reversed, and keeps its record.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast, get_args

from bot.errors import Conflict, InvalidInput, NotFound
from bot.i18n import N_
from bot.ids import parse_ids
from bot.models import (
    Decision,
    DecisionDraft,
    DecisionStatus,
    Door,
    HistoryEntry,
    NextStep,
    OutcomeResult,
    Place,
)
from bot.principles import ensure_seeded
from bot.search import tokenize
from bot.staging import VISIBLE_SQL, visible_sql
from bot.store import Store, utcnow
from bot.text import clean, one_line

LIMITS = {
    "title": 200,
    "decision": 4_000,
    "customer_impact": 4_000,
    "context": 10_000,
    "owner": 200,
    "outcome": 4_000,
}
MAX_OPTIONS = 20
MAX_OPTION_CHARS = 500
MAX_PARTICIPANTS = 50
MAX_EVIDENCE = 50
STATUSES: tuple[DecisionStatus, ...] = get_args(DecisionStatus)
DOORS: tuple[Door, ...] = get_args(Door)
RESULTS: tuple[OutcomeResult, ...] = get_args(OutcomeResult)
NEXT_STEPS: tuple[NextStep, ...] = get_args(NextStep)
#: "Too early to tell" asks the owner again after this long.
ASK_AGAIN_AFTER = timedelta(days=14)
#: Fields `update_decision` may change; the rest only change through supersede/reverse.
EDITABLE = ("context", "customer_impact", "owner", "participants", "review_on", "outcome")


@dataclass(frozen=True)
class DueReviewItem:
    """A decision whose review date has come: how late, whose, and what is missing."""

    decision: Decision
    review_on: str
    days_overdue: int
    #: "ok", "gone" (left the workspace), "unreachable" (no way to message them) or
    #: "missing" (the decision has no owner).
    owner_status: str
    #: What the decision still lacks: "outcome", "owner", "customer evidence", "principle".
    missing: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The decision's JSON with the review facts next to it."""
        return {
            **self.decision.to_json(),
            "days_overdue": self.days_overdue,
            "owner_status": self.owner_status,
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class ReviewQueue:
    """What a manager should look at."""

    without_evidence: list[Decision]
    reviews_due: list[DueReviewItem]
    superseded_still_cited: list[Decision]


def parse_date(value: str | None, field: str) -> str | None:
    """YYYY-MM-DD, or None when blank; `InvalidInput` for anything else."""
    text = (value or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise InvalidInput(
            N_("{name} {value} is not a date (use YYYY-MM-DD)"),
            field=field,
            name=field,
            value=repr(text[:40]),
        ) from None


def _text(value: str | None, field: str, *, required: bool = False) -> str:
    text = clean(value or "")
    if field in ("title", "owner"):
        text = one_line(text)
    if required and not text:
        raise InvalidInput(
            N_("the decision needs {what}"), field=field, what=field.replace("_", " ")
        )
    if len(text) > LIMITS[field]:
        raise InvalidInput(
            N_("{name} is longer than {limit} characters"),
            field=field,
            name=field.replace("_", " "),
            limit=f"{LIMITS[field]:,}",
        )
    return text


def _items(values: Iterable[str], field: str, max_items: int, max_chars: int) -> list[str]:
    items = [one_line(clean(v)) for v in values]
    items = [v for v in items if v]
    if len(items) > max_items:
        raise InvalidInput(N_("list at most {n} {what}"), field=field, n=max_items, what=field)
    for item in items:
        if len(item) > max_chars:
            raise InvalidInput(
                N_("each of the {what} must be at most {limit} characters"),
                field=field,
                what=field,
                limit=max_chars,
            )
    return items


def _ids(values: Iterable[object], field: str) -> list[int]:
    ids = parse_ids(values, field)
    if len(ids) > MAX_EVIDENCE:
        raise InvalidInput(N_("at most {n} ids here"), field=field, n=MAX_EVIDENCE)
    return ids


def _check_exist(store: Store, tenant: str, table: str, ids: list[int], field: str) -> None:
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    found = {
        int(r[0])
        for r in store.db.execute(
            f"SELECT id FROM {table} WHERE id IN ({marks}) AND +tenant = ?"
            + (f" AND {VISIBLE_SQL}" if table == "decisions" else ""),
            [*ids, tenant],
        )
    }
    missing = [i for i in ids if i not in found]
    if missing:
        message = {
            "principles": N_("no principle with id {id}"),
            "feedback": N_("no feedback snippet with id {id}"),
            "decisions": N_("no decision with id {id}"),
        }[table]
        raise InvalidInput(message, field=field, id=missing[0])


def validate(store: Store, tenant: str, draft: DecisionDraft) -> dict[str, Any]:
    """The decision's column values, or `InvalidInput` naming the first bad field."""
    door = (draft.door or "two-way").strip().lower()
    if door not in DOORS:
        raise InvalidInput(N_("choose a one-way or a two-way door"), field="door")
    values: dict[str, Any] = {
        "title": _text(draft.title, "title", required=True),
        "decision": _text(draft.decision, "decision", required=True),
        "customer_impact": _text(draft.customer_impact, "customer_impact", required=True),
        "context": _text(draft.context, "context"),
        "options": _items(draft.options, "options", MAX_OPTIONS, MAX_OPTION_CHARS),
        "door": door,
        "owner": _text(draft.owner, "owner") or None,
        "participants": _items(draft.participants, "participants", MAX_PARTICIPANTS, 200),
        "review_on": parse_date(draft.review_on, "review_on"),
        "principle_ids": _ids(draft.principle_ids, "principle_ids"),
        "feedback_ids": _ids(draft.feedback_ids, "feedback_ids"),
        "decision_ids": _ids(draft.decision_ids, "decision_ids"),
    }
    if values["principle_ids"]:
        ensure_seeded(store, tenant)  # built-in principles can be cited before first use
    _check_exist(store, tenant, "principles", values["principle_ids"], "principle_ids")
    _check_exist(store, tenant, "feedback", values["feedback_ids"], "feedback_ids")
    _check_exist(store, tenant, "decisions", values["decision_ids"], "decision_ids")
    return values


def _search_text(values: dict[str, Any]) -> str:
    parts = [
        values["title"],
        values["context"],
        values["decision"],
        values["customer_impact"],
        values["owner"] or "",
        *values["options"],
        *values["participants"],
    ]
    return " ".join(tokenize(" ".join(parts)))


def _values_of(decision: Decision) -> dict[str, Any]:
    return {
        "title": decision.title,
        "context": decision.context,
        "decision": decision.decision,
        "customer_impact": decision.customer_impact,
        "owner": decision.owner,
        "options": list(decision.options),
        "participants": list(decision.participants),
    }


def _append_history(
    store: Store, decision_id: int, actor: str | None, action: str, changes: dict[str, Any]
) -> None:
    store.db.execute(
        "INSERT INTO decision_history (decision_id, at, actor, action, changes)"
        " VALUES (?, ?, ?, ?, ?)",
        [decision_id, utcnow(), actor, action, json.dumps(changes, ensure_ascii=False)],
    )


def check_review_date(review_on: str | None, today: date) -> None:
    """A new decision's review date must not be before `today` (imported history may be)."""
    if review_on and review_on < today.isoformat():
        raise InvalidInput(
            N_("the review date {day} is in the past; pick {today} or later"),
            field="review_on",
            day=review_on,
            today=today.isoformat(),
        )


def record_decision(
    store: Store, tenant: str, draft: DecisionDraft, *, today: date | None = None
) -> Decision:
    """Log a decision. With an idempotency key, a repeat returns the first decision.

    With `today`, a review date before it is refused (a new decision is reviewed later).
    """
    key = (draft.idempotency_key or "").strip()[:200] or None
    if key:
        existing = _by_key(store, tenant, key)
        if existing is not None:
            return existing
    values = validate(store, tenant, draft)
    if today is not None:
        check_review_date(values["review_on"], today)
    place = draft.place
    now = utcnow()
    with store.write(tenant):
        if key and (existing := _by_key(store, tenant, key)) is not None:
            return existing  # a concurrent duplicate won the race
        cursor = store.db.execute(
            "INSERT INTO decisions (tenant, title, context, options, decision, customer_impact,"
            " door, owner, participants, review_on, status, platform, channel_id, channel_name,"
            " channel_private, permalink, session_id, created_by, created_at, updated_at,"
            " idempotency_key, search_text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'decided', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                place.platform,
                place.channel_id,
                place.channel_name,
                int(place.private),
                place.permalink,
                draft.session_id,
                draft.created_by,
                now,
                now,
                key,
                _search_text(values),
            ],
        )
        decision_id = int(cursor.lastrowid or 0)
        _add_evidence(store, decision_id, values)
        created = {k: v for k, v in values.items() if v not in (None, "", [])}
        created.update(
            {"platform": place.platform, "channel": place.channel_name or place.channel_id}
        )
        _append_history(
            store,
            decision_id,
            draft.created_by,
            "created",
            {k: v for k, v in created.items() if v is not None},
        )
    return get_decision(store, tenant, decision_id)


def _add_evidence(store: Store, decision_id: int, values: dict[str, Any]) -> None:
    rows = [
        (decision_id, kind, ref)
        for kind, key in (
            ("principle", "principle_ids"),
            ("feedback", "feedback_ids"),
            ("decision", "decision_ids"),
        )
        for ref in values.get(key, [])
    ]
    store.db.conn.executemany(
        "INSERT OR IGNORE INTO decision_evidence (decision_id, kind, ref_id) VALUES (?, ?, ?)",
        rows,
    )


def _by_key(store: Store, tenant: str, key: str) -> Decision | None:
    row = store.db.execute(
        "SELECT id FROM decisions WHERE tenant = ? AND idempotency_key = ?", [tenant, key]
    ).fetchone()
    return get_decision(store, tenant, int(row[0])) if row else None


def _rows_to_decisions(
    store: Store, rows: Sequence[dict[str, Any]], *, with_history: bool
) -> list[Decision]:
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    marks = ",".join("?" * len(ids))
    evidence: dict[int, dict[str, list[int]]] = {i: {} for i in ids}
    for decision_id, kind, ref in store.db.execute(
        f"SELECT decision_id, kind, ref_id FROM decision_evidence WHERE decision_id IN ({marks})"
        " ORDER BY rowid",
        ids,
    ):
        evidence[decision_id].setdefault(kind, []).append(int(ref))
    history: dict[int, list[HistoryEntry]] = {i: [] for i in ids}
    if with_history:
        for decision_id, at, actor, action, changes in store.db.execute(
            "SELECT decision_id, at, actor, action, changes FROM decision_history"
            f" WHERE decision_id IN ({marks}) ORDER BY id",
            ids,
        ):
            history[decision_id].append(HistoryEntry(at, actor, action, json.loads(changes)))
    removed = _removed(store, rows, evidence)
    return [
        _row_to_decision(r, evidence[int(r["id"])], history[int(r["id"])], removed) for r in rows
    ]


def _removed(
    store: Store, rows: Sequence[dict[str, Any]], evidence: dict[int, dict[str, list[int]]]
) -> set[int]:
    """Which cited snippets were deleted at a customer's request (`bot.forget`)."""
    tenant = rows[0]["tenant"]
    cited = sorted({i for refs in evidence.values() for i in refs.get("feedback", [])})
    found: set[int] = set()
    for start in range(0, len(cited), 500):
        step = cited[start : start + 500]
        marks = ",".join("?" * len(step))
        found.update(
            int(r[0])
            for r in store.db.execute(
                "SELECT feedback_id FROM feedback_removed"
                f" WHERE tenant = ? AND feedback_id IN ({marks})",
                [tenant, *step],
            )
        )
    return found


def _row_to_decision(
    row: dict[str, Any],
    evidence: dict[str, list[int]],
    history: list[HistoryEntry],
    removed: set[int],
) -> Decision:
    feedback_ids = tuple(evidence.get("feedback", []))
    return Decision(
        id=int(row["id"]),
        title=row["title"],
        context=row["context"],
        options=tuple(json.loads(row["options"] or "[]")),
        decision=row["decision"],
        customer_impact=row["customer_impact"],
        door=cast(Door, row["door"]),
        owner=row["owner"],
        participants=tuple(json.loads(row["participants"] or "[]")),
        review_on=row["review_on"],
        status=cast(DecisionStatus, row["status"]),
        superseded_by=row["superseded_by"],
        outcome=row["outcome"],
        place=Place(
            platform=row["platform"],
            channel_id=row["channel_id"],
            channel_name=row["channel_name"],
            private=bool(row["channel_private"]),
            permalink=row["permalink"],
        ),
        created_by=row["created_by"],
        created_at=row["created_at"],
        principle_ids=tuple(evidence.get("principle", [])),
        feedback_ids=feedback_ids,
        feedback_removed=tuple(i for i in feedback_ids if i in removed),
        decision_ids=tuple(evidence.get("decision", [])),
        history=tuple(history),
        session_id=row["session_id"],
        updated_at=row["updated_at"],
        outcome_result=row.get("outcome_result"),
        outcome_next=row.get("outcome_next"),
        outcome_at=row.get("outcome_at"),
    )


_VISIBLE_D = visible_sql("d")


def get_decision(store: Store, tenant: str, decision_id: int) -> Decision:
    """A decision with its evidence and history; `NotFound` also for other tenants' ids."""
    rows = store.query(
        f"SELECT * FROM decisions WHERE id = ? AND tenant = ? AND {VISIBLE_SQL}",
        [decision_id, tenant],
    )
    if not rows:
        raise NotFound(N_("no decision with id {id}"), id=decision_id)
    return _rows_to_decisions(store, rows, with_history=True)[0]


def list_decisions(
    store: Store,
    tenant: str,
    *,
    search: str | None = None,
    status: str | None = None,
    owner: str | None = None,
    since: str | None = None,
    limit: int = 100,
    visible_channels: set[str] | None = None,
    platform: str | None = None,
    channel_id: str | None = None,
    with_history: bool = False,
) -> list[Decision]:
    """Decisions newest first, filtered; `visible_channels` hides other private channels."""
    where = ["d.tenant = ?", visible_sql("d")]
    params: list[Any] = [tenant]
    if status:
        if status not in STATUSES:
            raise InvalidInput(
                N_("status must be one of {choices}"), field="status", choices=", ".join(STATUSES)
            )
        where.append("d.status = ?")
        params.append(status)
    else:  # a decision logged by mistake is kept, but only shown when asked for
        where.append("d.status != 'withdrawn'")
    if owner:
        where.append("lower(d.owner) = lower(?)")
        params.append(owner.strip())
    if since:
        where.append("d.created_at >= ?")
        params.append(parse_date(since, "since"))
    if platform:
        where.append("d.platform = ?")
        params.append(platform)
    if channel_id:
        where.append("d.channel_id = ?")
        params.append(channel_id)
    if visible_channels is not None:
        marks = ",".join("?" * len(visible_channels))
        where.append(f"(d.channel_private = 0 OR d.channel_id IN ({marks or 'NULL'}))")
        params.extend(sorted(visible_channels))
    source = "decisions d"
    if search is not None:
        terms = list(dict.fromkeys(tokenize(search)))
        if not terms:
            return []
        # Each term quoted: user text never reaches FTS5's query syntax.
        source = "decisions_fts f JOIN decisions d ON d.id = f.rowid"
        where.append("decisions_fts MATCH ?")
        params.append(" ".join(f'"{t}"' for t in terms))
    limit = max(1, min(int(limit), 1_000))
    rows = store.query(
        f"SELECT d.* FROM {source} WHERE {' AND '.join(where)}"
        f" ORDER BY d.created_at DESC, d.id DESC LIMIT {limit}",
        params,
    )
    return _rows_to_decisions(store, rows, with_history=with_history)


def iter_decisions(
    store: Store,
    tenant: str,
    *,
    visible_channels: set[str] | None = None,
    with_history: bool = False,
    page: int = 500,
) -> Iterator[Decision]:
    """Every decision of the tenant, newest first, read a page at a time (no cap)."""
    where = f"tenant = ? AND {VISIBLE_SQL}"
    params: list[Any] = [tenant]
    if visible_channels is not None:
        marks = ",".join("?" * len(visible_channels)) or "NULL"
        where += f" AND (channel_private = 0 OR channel_id IN ({marks}))"
        params.extend(sorted(visible_channels))
    after: tuple[str, int] | None = None
    while True:
        keyset = " AND (created_at, id) < (?, ?)" if after else ""
        rows = store.query(
            f"SELECT * FROM decisions WHERE {where}{keyset}"
            f" ORDER BY created_at DESC, id DESC LIMIT {int(page)}",
            [*params, *(after or ())],
        )
        if not rows:
            return
        yield from _rows_to_decisions(store, rows, with_history=with_history)
        after = (rows[-1]["created_at"], int(rows[-1]["id"]))


def update_decision(
    store: Store, tenant: str, decision_id: int, actor: str | None, **changes: Any
) -> Decision:
    """Change editable fields (and add evidence); each change is appended to the history."""
    unknown = set(changes) - set(EDITABLE) - {"principle_ids", "feedback_ids", "decision_ids"}
    if unknown:
        raise InvalidInput(
            N_("cannot change {fields}"),
            field=sorted(unknown)[0],
            fields=", ".join(sorted(unknown)),
        )
    current = get_decision(store, tenant, decision_id)
    new: dict[str, Any] = {}
    for field, value in changes.items():
        if field in ("context", "customer_impact", "owner", "outcome"):
            new[field] = _text(value, field, required=field == "customer_impact") or None
            if field == "context":
                new[field] = new[field] or ""
        elif field == "participants":
            new[field] = _items(value or [], "participants", MAX_PARTICIPANTS, 200)
        elif field == "review_on":
            new[field] = parse_date(value, "review_on")
    evidence = {
        k: _ids(changes.get(k) or [], k) for k in ("principle_ids", "feedback_ids", "decision_ids")
    }
    _check_exist(store, tenant, "principles", evidence["principle_ids"], "principle_ids")
    _check_exist(store, tenant, "feedback", evidence["feedback_ids"], "feedback_ids")
    _check_exist(store, tenant, "decisions", evidence["decision_ids"], "decision_ids")
    diff: dict[str, Any] = {}
    for field, value in new.items():
        old = getattr(current, field)
        old = list(old) if isinstance(old, tuple) else old
        if value != old:
            diff[field] = [old, value]
    for key, ids in evidence.items():
        added = [i for i in ids if i not in getattr(current, key)]
        if added:
            diff[f"added_{key}"] = added
    if not diff:
        return current
    with store.write(tenant):
        assignments = {k: v[1] for k, v in diff.items() if not k.startswith("added_")}
        if assignments:
            encoded = {
                k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                for k, v in assignments.items()
            }
            sets = ", ".join(f"{k} = ?" for k in encoded)
            store.db.execute(
                f"UPDATE decisions SET {sets}, updated_at = ? WHERE id = ?",
                [*encoded.values(), utcnow(), decision_id],
            )
            updated = get_decision(store, tenant, decision_id)
            store.db.execute(
                "UPDATE decisions SET search_text = ? WHERE id = ?",
                [_search_text(_values_of(updated)), decision_id],
            )
        _add_evidence(store, decision_id, evidence)
        _append_history(store, decision_id, actor, "updated", diff)
    return get_decision(store, tenant, decision_id)


def set_permalink(
    store: Store, tenant: str, decision_id: int, permalink: str, actor: str | None = None
) -> Decision:
    """Remember where the decision card was posted (history records it)."""
    current = get_decision(store, tenant, decision_id)
    if current.place.permalink == permalink:
        return current
    with store.write(tenant):
        store.db.execute(
            "UPDATE decisions SET permalink = ?, updated_at = ? WHERE id = ?",
            [permalink, utcnow(), decision_id],
        )
        _append_history(
            store, decision_id, actor, "posted", {"permalink": [current.place.permalink, permalink]}
        )
    return get_decision(store, tenant, decision_id)


def supersede_decision(
    store: Store,
    tenant: str,
    old_id: int,
    new: DecisionDraft | int,
    actor: str | None,
    *,
    today: date | None = None,
) -> Decision:
    """Replace a decision by a new (or already logged) one; the old one is kept."""
    old = get_decision(store, tenant, old_id)
    if old.status != "decided":
        raise Conflict(
            N_("decision {old_id} is already {status}; only a decision in force can be superseded"),
            old_id=old_id,
            status=old.status,
        )
    if isinstance(new, int):
        successor = get_decision(store, tenant, new)
        if successor.id == old.id:
            raise Conflict("a decision cannot supersede itself")
        if successor.status != "decided":
            raise Conflict(
                N_("decision {id} is {status}; it cannot replace another one"),
                id=successor.id,
                status=successor.status,
            )
    with store.write(tenant):
        if not isinstance(new, int):
            successor = record_decision(store, tenant, new, today=today)
        row = store.db.execute("SELECT status FROM decisions WHERE id = ?", [old_id]).fetchone()
        if row[0] != "decided":
            raise Conflict(N_("decision {old_id} was changed meanwhile; try again"), old_id=old_id)
        store.db.execute(
            "UPDATE decisions SET status = 'superseded', superseded_by = ?, updated_at = ?"
            " WHERE id = ?",
            [successor.id, utcnow(), old_id],
        )
        _append_history(
            store,
            old_id,
            actor,
            "superseded",
            {"status": ["decided", "superseded"], "superseded_by": successor.id},
        )
        _append_history(store, successor.id, actor, "supersedes", {"supersedes": old_id})
    return get_decision(store, tenant, successor.id)


def reverse_decision(
    store: Store, tenant: str, decision_id: int, actor: str | None, reason: str
) -> Decision:
    """Mark a decision as reversed, with the reason; it stays in the log."""
    why = _text(reason, "outcome", required=False)
    if not why:
        raise InvalidInput("say why the decision is reversed", field="reason")
    current = get_decision(store, tenant, decision_id)
    if current.status != "decided":
        raise Conflict(
            N_("decision {decision_id} is already {status}"),
            decision_id=decision_id,
            status=current.status,
        )
    with store.write(tenant):
        store.db.execute(
            "UPDATE decisions SET status = 'reversed', outcome = ?, updated_at = ?"
            " WHERE id = ? AND status = 'decided'",
            [why, utcnow(), decision_id],
        )
        _append_history(
            store,
            decision_id,
            actor,
            "reversed",
            {"status": ["decided", "reversed"], "reason": why},
        )
    return get_decision(store, tenant, decision_id)


def review_queue(
    store: Store,
    tenant: str,
    today: date | None = None,
    *,
    visible_channels: set[str] | None = None,
) -> ReviewQueue:
    """Decisions without customer evidence, reviews due, superseded ones an active one cites."""
    day = today or datetime.now(UTC).date()
    visible = ""
    params: list[Any] = []
    if visible_channels is not None:
        marks = ",".join("?" * len(visible_channels)) or "NULL"
        visible = f" AND (d.channel_private = 0 OR d.channel_id IN ({marks}))"
        params = sorted(visible_channels)

    def fetch(condition: str, extra: list[Any], order: str = "d.created_at DESC") -> list[Decision]:
        rows = store.query(
            f"SELECT d.* FROM decisions d WHERE d.tenant = ? AND {_VISIBLE_D}"
            f" AND {condition}{visible}"
            f" ORDER BY {order}, d.id DESC LIMIT 200",
            [tenant, *extra, *params],
        )
        return _rows_to_decisions(store, rows, with_history=False)

    due = fetch(
        "d.status = 'decided' AND d.review_on IS NOT NULL AND d.review_on <= ?",
        [day.isoformat()],
        order="d.review_on",
    )
    return ReviewQueue(
        without_evidence=fetch(
            "d.status = 'decided' AND NOT EXISTS (SELECT 1 FROM decision_evidence e"
            " WHERE e.decision_id = d.id AND e.kind = 'feedback')",
            [],
        ),
        reviews_due=_review_items(store, due, day),
        # A successor citing what it replaced is history, not a stale citation.
        superseded_still_cited=fetch(
            "d.status = 'superseded' AND EXISTS (SELECT 1 FROM decision_evidence e"
            " JOIN decisions c ON c.id = e.decision_id WHERE e.kind = 'decision'"
            f" AND {visible_sql('c')}"
            " AND e.ref_id = d.id AND c.status = 'decided'"
            " AND c.id IS NOT d.superseded_by)",
            [],
        ),
    )


#: A review job's final state -> how the owner shows in the queue.
_OWNER_STATUS = {"owner-gone": "gone", "undeliverable": "unreachable"}


def _review_items(store: Store, due: list[Decision], today: date) -> list[DueReviewItem]:
    states: dict[tuple[int, str], str] = {}
    if due:
        marks = ",".join("?" * len(due))
        for decision_id, review_on, state in store.db.execute(
            f"SELECT decision_id, review_on, state FROM review_jobs WHERE decision_id IN ({marks})",
            [d.id for d in due],
        ):
            states[(int(decision_id), review_on)] = state
    items = []
    for d in due:
        review_on = d.review_on or today.isoformat()
        missing = ["outcome"]
        if not d.owner:
            missing.append("owner")
        if not d.has_customer_evidence:
            missing.append("customer evidence")
        if not d.principle_ids:
            missing.append("principle")
        state = states.get((d.id, review_on), "")
        owner_status = "missing" if not d.owner else _OWNER_STATUS.get(state, "ok")
        days = (today - date.fromisoformat(review_on)).days
        items.append(DueReviewItem(d, review_on, days, owner_status, tuple(missing)))
    return items


def record_outcome(
    store: Store,
    tenant: str,
    decision_id: int,
    actor: str | None,
    result: str,
    *,
    note: str | None = None,
    next_step: str | None = None,
    today: date,
) -> Decision:
    """Record how a decision worked out for customers; this answers (clears) its review.

    *Too early* keeps the decision under review and asks again in 14 days from `today`;
    *worked* / *did not* need the customer result in a sentence, clear the review date,
    and *reverse* as the next step reverses the decision. Recording again changes the
    outcome; every answer is kept in the history.
    """
    result = (result or "").strip().lower()
    if result not in RESULTS:
        raise InvalidInput("the result must be worked, did-not or too-early", field="result")
    text = _text(note, "outcome") or None
    step = (next_step or "").strip().lower() or None
    if step is not None and step not in NEXT_STEPS:
        raise InvalidInput("the next step must be keep, revise or reverse", field="next_step")
    current = get_decision(store, tenant, decision_id)
    if current.status != "decided":
        raise Conflict(
            "decision {id} is {status}; outcomes are recorded for decisions in force",
            id=decision_id,
            status=current.status,
        )
    changes: dict[str, Any] = {"result": result}
    values: dict[str, Any] = {"outcome_result": result, "outcome_at": utcnow()}
    if result == "too-early":
        again = (today + ASK_AGAIN_AFTER).isoformat()
        values["review_on"] = again
        values["outcome_next"] = None
        changes["review_on"] = [current.review_on, again]
        if text:
            changes["note"] = text
    else:
        if not text:
            raise InvalidInput("say in a sentence what the result was for customers", field="note")
        step = step or "keep"
        values.update(outcome=text, outcome_next=step, review_on=None)
        changes.update(note=text, next_step=step)
        if current.review_on:
            changes["review_on"] = [current.review_on, None]
        if step == "reverse" and current.status == "decided":
            values["status"] = "reversed"
            changes["status"] = ["decided", "reversed"]
    unchanged = all(
        getattr(current, k) == v for k, v in values.items() if k not in ("outcome_at", "status")
    )
    if unchanged and current.outcome_result == result:
        return current  # the same answer again (a double click, a retried request)
    with store.write(tenant):
        sets = ", ".join(f"{k} = ?" for k in values)
        cursor = store.db.execute(
            f"UPDATE decisions SET {sets}, updated_at = ? WHERE id = ? AND status = ?",
            [*values.values(), utcnow(), decision_id, current.status],
        )
        if not cursor.rowcount:
            raise Conflict(
                N_("decision {decision_id} was changed meanwhile; try again"),
                decision_id=decision_id,
            )
        _append_history(store, decision_id, actor, "outcome", changes)
    return get_decision(store, tenant, decision_id)


def withdraw_decision(
    store: Store, tenant: str, decision_id: int, actor: str | None, reason: str
) -> Decision:
    """Withdraw a decision logged by mistake: kept with its history, gone from lists."""
    why = _text(reason, "outcome")
    if not why:
        raise InvalidInput("say why the decision is withdrawn", field="reason")
    current = get_decision(store, tenant, decision_id)
    if current.status == "withdrawn":
        raise Conflict(N_("decision {decision_id} is already withdrawn"), decision_id=decision_id)
    with store.write(tenant):
        cursor = store.db.execute(
            "UPDATE decisions SET status = 'withdrawn', review_on = NULL, updated_at = ?"
            " WHERE id = ? AND status = ?",
            [utcnow(), decision_id, current.status],
        )
        if not cursor.rowcount:
            raise Conflict(
                N_("decision {decision_id} was changed meanwhile; try again"),
                decision_id=decision_id,
            )
        _append_history(
            store,
            decision_id,
            actor,
            "withdrawn",
            {"status": [current.status, "withdrawn"], "reason": why},
        )
    return get_decision(store, tenant, decision_id)


def decisions_in_channel(
    store: Store, tenant: str, platform: str, channel_id: str, since: str
) -> list[Decision]:
    """Decisions logged in a channel since a moment (the meeting summary), oldest first."""
    rows = store.query(
        "SELECT * FROM decisions WHERE tenant = ? AND platform = ? AND channel_id = ?"
        f" AND created_at >= ? AND {VISIBLE_SQL} ORDER BY created_at, id",
        [tenant, platform, channel_id, since],
    )
    return _rows_to_decisions(store, rows, with_history=False)
