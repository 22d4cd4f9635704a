"""Forgetting a customer: table, search index, a record without content, and decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.errors import InvalidInput, NotFound
from bot.feedback import FeedbackInput, count_feedback
from bot.models import DecisionDraft
from bot.search import SearchIndex
from bot.workspace import Workspace
from tests.helpers import FIXED_NOW, cli

ROWS = [
    FeedbackInput("Refunds take three weeks, write to anna@example.com", customer="Anna K."),
    FeedbackInput("Dark mode please, my eyes hurt at night", customer="anna k."),
    FeedbackInput("Keep free returns, they are why I buy here", customer="Bolek"),
    FeedbackInput("Invoices export to CSV is broken", customer="Cezary", email="C@Example.com"),
]


def texts(ws: Workspace, query: str) -> list[str]:
    return [h.feedback.text for h in ws.search_feedback(query, 10)]


def test_forget_by_name_and_email_removes_rows_and_index_and_keeps_a_record(
    ws: Workspace,
) -> None:
    ws.import_feedback_rows(ROWS, source="test")
    assert texts(ws, "refunds weeks") == ["Refunds take three weeks, write to [email]"]
    done = ws.forget_customer(customer="ANNA K.", actor="dpo")
    assert done.count == 2
    assert texts(ws, "refunds weeks") == []
    assert texts(ws, "dark mode eyes") == []
    assert count_feedback(ws.store, ws.tenant) == 2
    # By an address that was only ever stored as a hash (from the text or a column).
    assert ws.forget_customer(email="c@example.COM").count == 1
    assert texts(ws, "invoices csv") == []
    assert ws.forget_customer(email="nobody@example.com").count == 0
    records = ws.store.query(
        "SELECT actor, at, reason, count FROM feedback_deletions WHERE tenant = ? ORDER BY id",
        [ws.tenant],
    )
    assert records == [
        {"actor": "dpo", "at": FIXED_NOW.isoformat(), "reason": "customer", "count": 2},
        {"actor": None, "at": FIXED_NOW.isoformat(), "reason": "email", "count": 1},
        {"actor": None, "at": FIXED_NOW.isoformat(), "reason": "email", "count": 0},
    ]
    # Nothing of what was deleted survives anywhere in the database.
    dump = "\n".join(ws.store.db.conn.iterdump())
    for word in ("Refunds take", "Dark mode", "Invoices export", "Anna", "anna k", "Cezary"):
        assert word not in dump
    # The index agrees with the table: only Bolek's snippet is left.
    index = SearchIndex(ws.store, ws.tenant, "feedback")
    assert [d for d, _ in index.search("returns refunds dark invoices", 10)] == [3]


def test_forget_needs_a_customer_or_an_address(ws: Workspace) -> None:
    with pytest.raises(InvalidInput, match="name the customer"):
        ws.forget_customer()
    with pytest.raises(InvalidInput, match="is not an e-mail address"):
        ws.forget_customer(email="anna")


def test_decisions_that_cited_a_forgotten_snippet_say_so(
    ws: Workspace, capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    ws.import_feedback_rows(ROWS, source="test")
    decision = ws.record_decision(
        DecisionDraft(
            title="Keep free returns",
            decision="Returns stay free",
            customer_impact="Consumers keep free returns",
            feedback_ids=[1, 3],
        )
    )
    code, out, err = cli(capsys, "--db", str(db_path), "feedback", "delete", "F1")
    assert (code, out, err) == (
        0,
        "Deleted F1; the deletion is recorded (not its content).\n",
        "",
    )
    code, out, _ = cli(capsys, "--db", str(db_path), "decisions", "show", str(decision.id))
    assert "  Evidence: F1 (evidence removed at the customer's request), F3\n" in out
    code, out, _ = cli(
        capsys, "--db", str(db_path), "decisions", "show", str(decision.id), "--json"
    )
    assert json.loads(out)["feedback_removed"] == [1]
    code, out, err = cli(capsys, "--db", str(db_path), "feedback", "delete", "F1")
    assert (code, out, err) == (1, "", "error: no feedback snippet F1\n")
    code, out, err = cli(capsys, "--db", str(db_path), "feedback", "delete", "x")
    assert code == 2 and "expected a snippet id such as 12 or F12" in err


def test_the_cli_forgets_by_customer(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    db = str(db_path)
    cli(capsys, "--db", db, "feedback", "add", "Returns are slow", "--customer", "Dana")
    cli(capsys, "--db", db, "feedback", "add", "Returns are slower", "--customer", "Dana")
    code, out, _ = cli(capsys, "--db", db, "feedback", "forget", "--customer", "dana")
    assert (code, out) == (
        0,
        "Deleted 2 snippets; the deletion is recorded (not their content).\n",
    )
    code, out, _ = cli(capsys, "--db", db, "feedback", "search", "returns")
    assert out == "No matching feedback.\n"


def test_delete_of_another_tenants_snippet_is_not_found(ws: Workspace) -> None:
    ws.import_feedback_rows(ROWS[:1], source="test")
    other = Workspace(ws.store, "other", ws.settings)
    with pytest.raises(NotFound):
        other.delete_feedback(1)
    assert other.forget_customer(customer="Anna K.").count == 0
    assert count_feedback(ws.store, ws.tenant) == 1


def test_the_cli_lists_the_record_of_deletions_without_content(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    db = ["--db", str(db_path)]
    assert cli(capsys, *db, "feedback", "deletions") == (0, "No snippet has been deleted.\n", "")
    cli(capsys, *db, "feedback", "add", "Returns are slow, write to dana@example.com")
    cli(capsys, *db, "feedback", "add", "Dark mode please", "--customer", "Dana")
    cli(capsys, *db, "feedback", "forget", "--email", "DANA@example.com")
    cli(capsys, *db, "feedback", "delete", "F2")
    code, out, err = cli(capsys, *db, "feedback", "deletions", "--json")
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert [{k: r[k] for k in ("id", "actor", "reason", "count")} for r in record] == [
        {"id": 2, "actor": "cli", "reason": "id", "count": 1},
        {"id": 1, "actor": "cli", "reason": "email", "count": 1},
    ]
    code, out, _ = cli(capsys, *db, "feedback", "deletions")
    lines = out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["#2", "#1"]
    assert lines[1].endswith("  cli  email  1 snippet")
    assert "Dark mode" not in out and "dana" not in out.lower()
