"""Forgetting a customer: their snippets leave the table and the search index for good.

What remains is a record that a deletion happened (who asked for it through whom, when,
how many snippets, by what kind of match), never what was deleted, and the ids of the
deleted snippets, so that decisions that cited them can say the evidence was removed at
the customer's request instead of silently losing it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.errors import InvalidInput, NotFound
from bot.feedback import KIND, email_hash
from bot.i18n import N_
from bot.search import SearchIndex, tokenize
from bot.staging import VISIBLE_SQL
from bot.store import Store

#: Snippets deleted per transaction (other writers wait for one step, not the whole).
STEP = 500
#: What decisions show in place of a snippet deleted on request (an English msgid).
REMOVED_NOTE = N_("evidence removed at the customer's request")


@dataclass(frozen=True)
class Forgotten:
    """What a deletion did: how many snippets went, and the id of its record."""

    count: int
    deletion_id: int
    ids: tuple[int, ...]


def _delete(
    store: Store, tenant: str, ids: list[int], *, actor: str | None, reason: str, now: datetime
) -> Forgotten:
    with store.write(tenant) as db:
        cursor = db.execute(
            "INSERT INTO feedback_deletions (tenant, at, actor, reason, count)"
            " VALUES (?, ?, ?, ?, 0)",
            [tenant, now.isoformat(), actor, reason],
        )
        deletion_id = int(cursor.lastrowid or 0)
    done: list[int] = []
    for start in range(0, len(ids), STEP):
        step = ids[start : start + STEP]
        marks = ",".join("?" * len(step))
        with store.write(tenant) as db:
            rows = db.execute(
                f"SELECT id, text FROM feedback WHERE id IN ({marks}) AND +tenant = ?",
                [*step, tenant],
            ).fetchall()
            if not rows:
                continue
            found = [int(r[0]) for r in rows]
            SearchIndex(store, tenant, KIND).delete({int(i): len(tokenize(t)) for i, t in rows})
            fmarks = ",".join("?" * len(found))
            db.execute(f"DELETE FROM feedback_emails WHERE feedback_id IN ({fmarks})", found)
            db.execute(f"DELETE FROM feedback WHERE id IN ({fmarks})", found)
            db.conn.executemany(
                "INSERT OR IGNORE INTO feedback_removed (tenant, feedback_id, deletion_id)"
                " VALUES (?, ?, ?)",
                [(tenant, i, deletion_id) for i in found],
            )
            db.execute(
                "UPDATE feedback_deletions SET count = count + ? WHERE id = ?",
                [len(found), deletion_id],
            )
            done.extend(found)
    return Forgotten(len(done), deletion_id, tuple(done))


def forget_customer(
    store: Store,
    tenant: str,
    *,
    customer: str | None = None,
    email: str | None = None,
    actor: str | None = None,
    now: datetime,
) -> Forgotten:
    """Delete every snippet of a customer, named (any case) or by an e-mail address.

    The address matches snippets that contained it (or were imported with it) before
    it was masked; only its hash was stored.
    """
    name = (customer or "").strip()
    address = (email or "").strip()
    if not name and not address:
        raise InvalidInput("name the customer (--customer) or an e-mail address (--email)")
    ids: set[int] = set()
    if name:
        ids.update(
            int(r[0])
            for r in store.db.execute(
                f"SELECT id FROM feedback WHERE tenant = ? AND customer = ? COLLATE NOCASE"
                f" AND {VISIBLE_SQL}",
                [tenant, name],
            )
        )
    if address:
        if "@" not in address:
            raise InvalidInput(
                N_("{address!r} is not an e-mail address"), address=address, field="email"
            )
        ids.update(
            int(r[0])
            for r in store.db.execute(
                "SELECT feedback_id FROM feedback_emails WHERE tenant = ? AND email_hash = ?",
                [tenant, email_hash(address)],
            )
        )
    reason = "+".join(kind for kind, given in (("customer", name), ("email", address)) if given)
    return _delete(store, tenant, sorted(ids), actor=actor, reason=reason, now=now)


def delete_feedback(
    store: Store, tenant: str, feedback_id: int, *, actor: str | None = None, now: datetime
) -> Forgotten:
    """Delete one snippet (`NotFound` when the tenant has no such snippet)."""
    row = store.db.execute(
        f"SELECT id FROM feedback WHERE id = ? AND +tenant = ? AND {VISIBLE_SQL}",
        [feedback_id, tenant],
    ).fetchone()
    if row is None:
        raise NotFound(N_("no feedback snippet F{feedback_id}"), feedback_id=feedback_id)
    return _delete(store, tenant, [feedback_id], actor=actor, reason="id", now=now)


def delete_from_source(
    store: Store, tenant: str, ids: list[int], *, source: str, now: datetime
) -> Forgotten:
    """Delete snippets their source deleted (a sync saw them go), on record like the rest."""
    return _delete(
        store, tenant, ids, actor=f"sync:{source}", reason=f"deleted in {source}", now=now
    )


def removed_feedback(store: Store, tenant: str, ids: Iterable[int]) -> set[int]:
    """Which of these snippet ids were deleted at a customer's request."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return set()
    marks = ",".join("?" * len(wanted))
    return {
        int(r[0])
        for r in store.db.execute(
            "SELECT feedback_id FROM feedback_removed"
            f" WHERE tenant = ? AND feedback_id IN ({marks})",
            [tenant, *wanted],
        )
    }


def deletions(store: Store, tenant: str) -> list[dict[str, object]]:
    """The record of deletions, newest first: when, who, how many, by what match."""
    return store.query(
        "SELECT id, at, actor, reason, count FROM feedback_deletions WHERE tenant = ?"
        " ORDER BY id DESC",
        [tenant],
    )
