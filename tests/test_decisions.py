"""The decision log: validation, idempotency, history, supersede/reverse, review, tenancy."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from bot.errors import Conflict, InvalidInput, NotFound
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from bot.workspace import Workspace
from tests.helpers import db_digest


def draft(**overrides: object) -> DecisionDraft:
    values: dict[str, object] = {
        "title": "Keep free returns",
        "decision": "Returns stay free for every order",
        "customer_impact": "Consumers keep free returns; we absorb about $2 per order",
        "context": "Finance asked whether we should charge for returns",
        "options": ["Charge $3 per return", "Keep returns free"],
        "door": "two-way",
        "owner": "ana",
        "participants": ["ana", "bo"],
        "review_on": "2027-01-15",
        "created_by": "U1",
    }
    values.update(overrides)
    return DecisionDraft(**values)  # type: ignore[arg-type]


@pytest.fixture
def evidence(ws: Workspace) -> tuple[int, int]:
    snippet, _ = ws.add_feedback(FeedbackInput("Free returns are why I buy here", customer="A"))
    principle = ws.principles()[0]
    return principle.id, snippet.id


def test_record_and_show_with_evidence_and_history(
    ws: Workspace, evidence: tuple[int, int]
) -> None:
    p, f = evidence
    d = ws.record_decision(
        draft(
            principle_ids=[p], feedback_ids=[f], place=Place("slack", "C1", "general", False, None)
        )
    )
    shown = ws.get_decision(d.id)
    assert (shown.title, shown.status, shown.door, shown.owner) == (
        "Keep free returns",
        "decided",
        "two-way",
        "ana",
    )
    assert shown.options == ("Charge $3 per return", "Keep returns free")
    assert (shown.principle_ids, shown.feedback_ids) == ((p,), (f,))
    assert shown.place == Place("slack", "C1", "general", False, None)
    assert [h.action for h in shown.history] == ["created"]
    assert shown.history[0].actor == "U1"
    assert shown.history[0].changes["title"] == "Keep free returns"
    assert shown.has_customer_evidence


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": "  "}, "title", "needs title"),
        ({"decision": ""}, "decision", "needs decision"),
        ({"customer_impact": ""}, "customer_impact", "needs customer impact"),
        ({"title": "t" * 201}, "title", "longer than 200"),
        ({"door": "revolving"}, "door", "one-way or a two-way door"),
        ({"review_on": "next friday"}, "review_on", "is not a date"),
        ({"review_on": "2026-02-30"}, "review_on", "is not a date"),
        ({"feedback_ids": [424242]}, "feedback_ids", "no feedback snippet with id 424242"),
        ({"principle_ids": ["abc"]}, "principle_ids", "'abc' is not an id"),
        ({"decision_ids": [9]}, "decision_ids", "no decision with id 9"),
        ({"options": ["x"] * 21}, "options", "at most 20"),
    ],
)
def test_invalid_drafts_name_the_field_and_write_nothing(
    ws: Workspace, db_path: Path, overrides: dict[str, object], field: str, message: str
) -> None:
    ws.principles()
    before = db_digest(db_path)
    with pytest.raises(InvalidInput) as excinfo:
        ws.record_decision(draft(**overrides))
    assert excinfo.value.field == field
    assert message in excinfo.value.message
    assert db_digest(db_path) == before


def test_idempotency_key_returns_the_first_decision(ws: Workspace) -> None:
    first = ws.record_decision(draft(idempotency_key="view-123"))
    again = ws.record_decision(draft(idempotency_key="view-123", title="Changed"))
    assert again == first
    assert len(ws.list_decisions()) == 1


def test_updates_append_history_and_never_rewrite_it(
    ws: Workspace, evidence: tuple[int, int]
) -> None:
    d = ws.record_decision(draft())
    updated = ws.update_decision(
        d.id,
        "U2",
        owner="bo",
        review_on="2027-03-01",
        feedback_ids=[evidence[1]],
        outcome="Churn fell 2%",
    )
    assert (updated.owner, updated.review_on, updated.outcome) == (
        "bo",
        "2027-03-01",
        "Churn fell 2%",
    )
    assert updated.feedback_ids == (evidence[1],)
    assert [h.action for h in updated.history] == ["created", "updated"]
    change = updated.history[1]
    assert change.actor == "U2"
    assert change.changes["owner"] == ["ana", "bo"]
    assert change.changes["review_on"] == ["2027-01-15", "2027-03-01"]
    assert change.changes["added_feedback_ids"] == [evidence[1]]
    # the same values again change nothing and add no history
    assert ws.update_decision(d.id, "U2", owner="bo").history == updated.history
    with pytest.raises(InvalidInput):
        ws.update_decision(d.id, "U2", title="sneaky rename")


def test_history_rows_cannot_be_edited_even_directly(ws: Workspace) -> None:
    d = ws.record_decision(draft())
    with pytest.raises(sqlite3.DatabaseError), ws.store.write():
        ws.store.db.execute(
            "UPDATE decision_history SET actor = 'mallory' WHERE decision_id = ?", [d.id]
        )
    assert ws.get_decision(d.id).history[0].actor == "U1"


def test_supersede_and_reverse_rules(ws: Workspace) -> None:
    old = ws.record_decision(draft())
    new = ws.supersede_decision(old.id, draft(title="Free returns over $20"), "U3")
    old_now = ws.get_decision(old.id)
    assert (old_now.status, old_now.superseded_by) == ("superseded", new.id)
    assert old_now.history[-1].action == "superseded"
    assert new.history[-1].changes == {"supersedes": old.id}
    with pytest.raises(Conflict):
        ws.supersede_decision(old.id, draft(), "U3")
    other = ws.record_decision(draft(title="Another"))
    with pytest.raises(Conflict):
        ws.supersede_decision(other.id, other.id, "U3")
    reversed_ = ws.reverse_decision(other.id, "U4", "Customers hated it")
    assert (reversed_.status, reversed_.outcome) == ("reversed", "Customers hated it")
    with pytest.raises(Conflict):
        ws.reverse_decision(other.id, "U4", "again")
    with pytest.raises(InvalidInput):
        ws.reverse_decision(new.id, "U4", "  ")


def test_review_queue(ws: Workspace, evidence: tuple[int, int]) -> None:
    no_evidence = ws.record_decision(draft(title="No evidence", review_on=None))
    due = ws.record_decision(draft(title="Due", feedback_ids=[evidence[1]], review_on="2027-01-01"))
    old = ws.record_decision(draft(title="Old", feedback_ids=[evidence[1]], review_on=None))
    successor = ws.supersede_decision(
        old.id, draft(title="New", feedback_ids=[evidence[1]], review_on=None), "U1"
    )
    ws.record_decision(
        draft(title="Cites old", feedback_ids=[evidence[1]], review_on=None, decision_ids=[old.id])
    )
    queue = ws.review_queue(date(2027, 6, 1))
    assert [d.id for d in queue.without_evidence] == [no_evidence.id]
    assert [i.decision.id for i in queue.reviews_due] == [due.id]
    assert [d.id for d in queue.superseded_still_cited] == [old.id]
    assert successor.id not in [d.id for d in queue.without_evidence]


def test_list_filters(ws: Workspace) -> None:
    a = ws.record_decision(draft(title="Refund policy", owner="Ana"))
    b = ws.record_decision(draft(title="Dark mode", owner="Bo", decision="Ship dark mode"))
    ws.reverse_decision(b.id, "U1", "No")
    assert [d.id for d in ws.list_decisions()] == [b.id, a.id]
    assert [d.id for d in ws.list_decisions(owner="ana")] == [a.id]
    assert [d.id for d in ws.list_decisions(status="reversed")] == [b.id]
    assert ws.list_decisions(since="2999-01-01") == []
    with pytest.raises(InvalidInput):
        ws.list_decisions(since="yesterday")
    with pytest.raises(InvalidInput):
        ws.list_decisions(status="maybe")


@pytest.mark.parametrize(
    ("title", "query"),
    [
        ("We keep free returns", "returning"),
        ("Zwroty pozostają bezpłatne", "zwrotów"),
        ("退货继续免费", "退货"),
        ("返品は無料のまま", "返品"),
        ("คืนสินค้าฟรีต่อไป", "คืนสินค้า"),
    ],
)
def test_search_in_many_languages(ws: Workspace, title: str, query: str) -> None:
    ws.record_decision(
        draft(
            title="Unrelated pricing page",
            decision="New layout",
            customer_impact="Clearer prices",
            context="",
            options=[],
        )
    )
    wanted = ws.record_decision(draft(title=title, context="", options=[]))
    assert [d.id for d in ws.list_decisions(search=query)] == [wanted.id]


@pytest.mark.parametrize(
    "query", ['"', "*", "-", "NEAR", "AND", "OR", "((", "returns)", 'a" OR "b']
)
def test_fts_syntax_in_search_is_harmless(ws: Workspace, query: str) -> None:
    ws.record_decision(draft())
    assert isinstance(ws.list_decisions(search=query), list)


def test_tenants_and_private_channels(store, ws: Workspace) -> None:  # type: ignore[no-untyped-def]
    public = ws.record_decision(draft(title="Public", place=Place("slack", "C1", "general")))
    private = ws.record_decision(draft(title="Secret", place=Place("slack", "G9", "leads", True)))
    assert [d.id for d in ws.list_decisions(visible_channels={"C1"})] == [public.id]
    assert [d.id for d in ws.list_decisions(visible_channels={"G9"})] == [private.id, public.id]
    other = Workspace(store, "slack:OTHER")
    assert other.list_decisions() == []
    with pytest.raises(NotFound, match=f"no decision with id {public.id}"):
        other.get_decision(public.id)
    with pytest.raises(NotFound):
        other.supersede_decision(public.id, draft(), "U9")
    with pytest.raises(InvalidInput):
        other.record_decision(draft(decision_ids=[public.id]))


def test_decisions_in_channel_since(ws: Workspace) -> None:
    early = ws.record_decision(draft(place=Place("slack", "C1")))
    ws.record_decision(draft(title="elsewhere", place=Place("slack", "C2")))
    found = ws.decisions_in_channel("slack", "C1", "2000-01-01")
    assert [d.id for d in found] == [early.id]
    assert ws.decisions_in_channel("slack", "C1", "2999-01-01") == []


def test_permalink_is_recorded_in_history(ws: Workspace) -> None:
    d = ws.record_decision(draft())
    linked = ws.set_decision_permalink(d.id, "https://x.slack.com/archives/C1/p1", "U1")
    assert linked.place.permalink == "https://x.slack.com/archives/C1/p1"
    assert linked.history[-1].changes == {"permalink": [None, "https://x.slack.com/archives/C1/p1"]}
