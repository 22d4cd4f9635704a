"""Exports: CSV that spreadsheets open safely, JSON that round-trips."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.export import export_decisions, neutralise
from bot.feedback import FeedbackInput
from bot.models import DecisionDraft, Place
from bot.workspace import Workspace


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+x", "'+x"),
        ("-x", "'-x"),
        ("\tcmd", "'\tcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
    ],
)
def test_neutralise(cell: str, safe: str) -> None:
    assert neutralise(cell) == safe


def test_csv_has_bom_and_neutralised_cells(ws: Workspace) -> None:
    ws.record_decision(
        DecisionDraft(
            title='=HYPERLINK("http://evil")',
            decision="@SUM(1)",
            customer_impact="-2 days for Zażółć 客户",
            options=["+cmd", "safe"],
        )
    )
    text = export_decisions(ws.list_decisions(), "csv")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == '\'=HYPERLINK("http://evil")'
    assert row["decision"] == "'@SUM(1)"
    assert row["customer_impact"] == "'-2 days for Zażółć 客户"
    assert row["options"] == "'+cmd; safe"


def test_json_round_trips(ws: Workspace) -> None:
    d = ws.record_decision(DecisionDraft(title="T", decision="D", customer_impact="C"))
    data = json.loads(export_decisions(ws.list_decisions(with_history=True), "json"))
    assert data == [{**ws.get_decision(d.id).to_json(), "principles": [], "feedback": []}]


def test_streamed_export_has_no_cap_and_names_what_is_cited(ws: Workspace) -> None:
    """Pins the old bug: the export stopped silently at 1,000 decisions."""
    snippet, _ = ws.add_feedback(FeedbackInput("Returns = too slow " + "x" * 200, customer="A"))
    principle = ws.principles()[0]
    for n in range(1_203):
        ws.store.db.execute(
            "INSERT INTO decisions (tenant, title, decision, customer_impact, created_at,"
            " updated_at) VALUES ('default', ?, 'd', 'c', ?, ?)",
            [f"D{n}", f"2026-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}+00:00", "2026-02-01"],
        )
    ws.store.db.conn.commit()
    cited = ws.record_decision(
        DecisionDraft(
            title="Cites", decision="d", customer_impact="c",
            principle_ids=[principle.id], feedback_ids=[snippet.id],
        )
    )  # fmt: skip
    ws.update_decision(cited.id, "U1", outcome="Returns fell 4%")
    export = ws.stream_export("csv")
    chunks = list(export)
    assert export.count == 1_204 and len(chunks) > 3  # written a page at a time
    rows = list(csv.DictReader(io.StringIO("".join(chunks).removeprefix("\ufeff"))))
    assert len(rows) == 1_204 and len({r["id"] for r in rows}) == 1_204
    first = rows[0]
    assert (first["title"], first["outcome"]) == ("Cites", "Returns fell 4%")
    assert first["principle_ids"] == str(principle.id)
    assert first["principle_titles"] == principle.title
    assert first["feedback_titles"] == ("Returns = too slow " + "x" * 200)[:119] + "…"
    assert first["updated_at"] >= first["created_at"]
    records = [json.loads(line) for line in "".join(ws.stream_export("jsonl")).splitlines()]
    assert len(records) == 1_204
    assert records[0]["principles"] == [{"id": principle.id, "title": principle.title}]
    assert records[0]["history"][-1]["changes"] == {"outcome": [None, "Returns fell 4%"]}
    assert len(json.loads("".join(ws.stream_export("json")))) == 1_204


def test_export_hides_private_channels_the_user_cannot_see(ws: Workspace) -> None:
    for channel, private in (("C1", False), ("G1", True), ("G2", True)):
        ws.record_decision(
            DecisionDraft(
                title=channel, decision="d", customer_impact="c",
                place=Place("slack", channel, channel, private),
            )
        )  # fmt: skip
    text = "".join(ws.stream_export("csv", visible_channels={"G2"}))
    titles = [r["title"] for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))]
    assert titles == ["G2", "C1"]


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        export_decisions([], "xlsx")
