"""Exports: CSV that spreadsheets open safely, JSON that round-trips."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.export import export_decisions, neutralise
from bot.models import DecisionDraft
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
    assert data == [ws.get_decision(d.id).to_json()]


def test_unknown_format() -> None:
    with pytest.raises(ValueError):
        export_decisions([], "xlsx")
