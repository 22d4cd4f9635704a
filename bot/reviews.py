"""Reviews that fire: on a decision's review date its owner is asked how it worked out.

The scheduler claims due reviews here, one row per decision and review date in
`review_jobs`, in one write transaction with a lease (as reminders are claimed), so a
review is sent once even with several server processes or a restart in the middle.
The claimed review carries what the message shows: the decision and the customer
feedback that arrived since it was logged and matches its topic. The owner's answer
is recorded by `decisions.record_outcome`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Literal

from bot.advisor import RELATIVE_CUTOFF
from bot.answer.question import understand
from bot.answer.stance import stance_of
from bot.answer.verdict import customer_stances, decide
from bot.decisions import get_decision
from bot.feedback import search_feedback
from bot.models import Decision, Feedback
from bot.staging import VISIBLE_SQL
from bot.store import Store

DEFAULT_LEASE = timedelta(minutes=5)
#: At most this many quotes go into a review message.
MAX_QUOTES = 3
#: How many matching snippets are weighed.
SEARCH_LIMIT = 50
Side = Literal["for", "against", "mixed", "unknown"]
#: How a claimed review ended.
FinalState = Literal["sent", "owner-gone", "undeliverable", "nothing"]


@dataclass(frozen=True)
class ReviewEvidence:
    """Customer feedback that arrived since a decision and matches its topic.

    `side` is where customers stand on the decision (for / against / mixed / unknown),
    from each snippet's stance on it, counted by distinct customer like an answer's
    verdict (`for_count` / `against_count` customers).
    """

    count: int
    for_count: int
    against_count: int
    side: Side
    quotes: tuple[Feedback, ...]


@dataclass(frozen=True)
class DueReview:
    """A claimed review, ready for its platform to send to the decision's owner."""

    tenant: str
    platform: str
    review_on: str
    decision: Decision
    evidence: ReviewEvidence


def review_evidence(store: Store, tenant: str, decision: Decision) -> ReviewEvidence:
    """What customers said since the decision was logged, on its topic (search, then date)."""
    query = f"{decision.title} {decision.decision}"
    hits = search_feedback(store, tenant, query, SEARCH_LIMIT)
    best = hits[0].score if hits else 0.0
    since = decision.created_at
    floor = best * RELATIVE_CUTOFF
    arrived = _arrival(store, tenant, [h.feedback.id for h in hits if h.score >= floor])
    found = [h for h in hits if arrived.get(h.feedback.id, "") >= since]
    # The decision is the proposal: is each snippet for or against what was decided?
    proposal = understand(f"{decision.title}. {decision.decision}")
    judged = [replace(h, stance=stance_of(h.feedback.text, proposal)) for h in found]
    stances = customer_stances(judged)
    n_for = sum(1 for s in stances.values() if s == "for")
    n_against = sum(1 for s in stances.values() if s == "against")
    # Quotes from both sides first, so the owner sees the disagreement.
    quotes = [h for h in judged if h.stance != "neutral"] + [
        h for h in judged if h.stance == "neutral"
    ]
    return ReviewEvidence(
        count=len(found),
        for_count=n_for,
        against_count=n_against,
        side=decide(n_for, n_against),
        quotes=tuple(h.feedback for h in quotes[:MAX_QUOTES]),
    )


def _arrival(store: Store, tenant: str, ids: list[int]) -> dict[int, str]:
    """When each snippet arrived: its own date when it has one, else when it was stored."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.db.execute(
        f"SELECT id, coalesce(created_at, added_at) FROM feedback WHERE id IN ({marks})"
        " AND tenant = ?",
        [*ids, tenant],
    )
    return {int(i): str(at or "") for i, at in rows}


def _iso(at: datetime) -> str:
    return at.astimezone(UTC).replace(microsecond=0).isoformat()


def claim_due_reviews(
    store: Store,
    worker: str,
    platforms: Collection[str],
    *,
    now: datetime,
    lease: timedelta = DEFAULT_LEASE,
    limit: int = 50,
) -> list[DueReview]:
    """Claim the reviews due by `now` (all tenants) of decisions logged on `platforms`."""
    if not platforms:
        return []
    at = _iso(now)
    today = now.astimezone(UTC).date().isoformat()
    marks = ",".join("?" * len(platforms))
    with store.write():
        store.db.execute(
            "INSERT OR IGNORE INTO review_jobs (tenant, decision_id, review_on, platform, state,"
            " created_at) SELECT tenant, id, review_on, platform, 'pending', ? FROM decisions"
            " WHERE status = 'decided' AND review_on IS NOT NULL AND review_on <= ?"
            f" AND {VISIBLE_SQL}"
            f" AND owner IS NOT NULL AND owner != '' AND platform IN ({marks})",
            [at, today, *sorted(platforms)],
        )
        # A review answered, moved or withdrawn before it was sent is no longer due.
        store.db.execute(
            "UPDATE review_jobs SET state = 'nothing', finished_at = ? WHERE state = 'pending'"
            " AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.id = review_jobs.decision_id"
            " AND d.status = 'decided' AND d.review_on = review_jobs.review_on)",
            [at],
        )
        rows = store.query(
            "SELECT tenant, decision_id, review_on, platform FROM review_jobs"
            f" WHERE state = 'pending' AND platform IN ({marks})"
            " AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY review_on LIMIT ?",
            [*sorted(platforms), at, limit],
        )
        for row in rows:
            store.db.execute(
                "UPDATE review_jobs SET claimed_by = ?, claimed_until = ?"
                " WHERE decision_id = ? AND review_on = ?",
                [worker, _iso(now + lease), row["decision_id"], row["review_on"]],
            )
    due = []
    for row in rows:
        decision = get_decision(store, row["tenant"], int(row["decision_id"]))
        evidence = review_evidence(store, row["tenant"], decision)
        due.append(DueReview(row["tenant"], row["platform"], row["review_on"], decision, evidence))
    return due


def finish_review(
    store: Store, due: DueReview, worker: str, state: FinalState, *, now: datetime
) -> bool:
    """Mark a claimed review as done (sent, owner gone, ...); False if the claim was lost."""
    with store.write():
        cursor = store.db.execute(
            "UPDATE review_jobs SET state = ?, finished_at = ?, claimed_by = NULL,"
            " claimed_until = NULL WHERE decision_id = ? AND review_on = ? AND claimed_by = ?",
            [state, _iso(now), due.decision.id, due.review_on, worker],
        )
    return bool(cursor.rowcount)


def release_review(store: Store, due: DueReview, worker: str) -> None:
    """Give a claim back after a failed send, so the next run retries it."""
    with store.write():
        store.db.execute(
            "UPDATE review_jobs SET claimed_by = NULL, claimed_until = NULL"
            " WHERE decision_id = ? AND review_on = ? AND claimed_by = ?",
            [due.decision.id, due.review_on, worker],
        )
