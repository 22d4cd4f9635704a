"""Exports of the decision log: JSON for tools, CSV that opens cleanly in a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from bot.models import Decision

CSV_COLUMNS = (
    "id", "title", "status", "decision", "customer_impact", "context", "options", "door",
    "owner", "participants", "review_on", "principle_ids", "feedback_ids", "decision_ids",
    "superseded_by", "outcome", "platform", "channel", "permalink", "created_by", "created_at",
)  # fmt: skip
#: Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _cells(d: Decision) -> list[str]:
    values: list[object] = [
        d.id, d.title, d.status, d.decision, d.customer_impact, d.context, "; ".join(d.options),
        d.door, d.owner or "", "; ".join(d.participants), d.review_on or "",
        " ".join(map(str, d.principle_ids)), " ".join(map(str, d.feedback_ids)),
        " ".join(map(str, d.decision_ids)), d.superseded_by or "", d.outcome or "",
        d.place.platform, d.place.channel_name or d.place.channel_id or "",
        d.place.permalink or "", d.created_by or "", d.created_at,
    ]  # fmt: skip
    return [neutralise(str(v)) for v in values]


def export_decisions(decisions: Sequence[Decision], fmt: str) -> str:
    """The decisions as `json` (full records with history) or `csv` (UTF-8 with a BOM)."""
    if fmt == "json":
        return json.dumps([d.to_json() for d in decisions], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # the BOM makes Excel read UTF-8 (Polish, Chinese...) correctly
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(_cells(d) for d in decisions)
        return out.getvalue()
    raise ValueError(f"unknown export format {fmt!r}")
