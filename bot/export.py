"""Exports of the decision log: JSON for tools, CSV that opens cleanly in a spreadsheet.

Exports are streamed: decisions are read a page at a time and written as they come, so
the whole log goes out however long it is. Cited principles and feedback appear with
their titles (a snippet's text, shortened) next to their ids.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bot.i18n import t
from bot.models import Decision
from bot.store import Store

CSV_COLUMNS = (
    "id", "title", "status", "decision", "customer_impact", "context", "options", "door",
    "owner", "participants", "review_on", "principle_ids", "principle_titles",
    "feedback_ids", "feedback_titles", "decision_ids", "superseded_by", "outcome",
    "outcome_result", "outcome_next", "outcome_at", "platform", "channel", "permalink",
    "created_by", "created_at", "updated_at",
)  # fmt: skip
FORMATS = ("csv", "json", "jsonl")
#: Characters that make a spreadsheet treat a cell as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A feedback snippet's "title" in an export: its first characters.
SNIPPET_TITLE_CHARS = 120
#: Decisions per written chunk (and per page read from the database).
CHUNK = 500


def neutralise(cell: str) -> str:
    """Prefix a cell that a spreadsheet would run as a formula with an apostrophe."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


@dataclass(frozen=True)
class Titles:
    """Titles of the principles and feedback snippets a batch of decisions cites."""

    principles: dict[int, str]
    feedback: dict[int, str]

    @classmethod
    def none(cls) -> Titles:
        """No titles known (ids only)."""
        return cls({}, {})


def titles_for(store: Store, tenant: str, decisions: Sequence[Decision]) -> Titles:
    """The titles of everything the decisions cite, in two reads."""

    def read(table: str, column: str, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = store.db.execute(
            f"SELECT id, {column} FROM {table} WHERE tenant = ? AND id IN ({marks})",
            [tenant, *sorted(ids)],
        )
        return {int(i): _short(str(text)) for i, text in rows}

    return Titles(
        read("principles", "title", {i for d in decisions for i in d.principle_ids}),
        read("feedback", "text", {i for d in decisions for i in d.feedback_ids}),
    )


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_TITLE_CHARS else text[: SNIPPET_TITLE_CHARS - 1] + "…"


def _feedback_title(d: Decision, feedback_id: int, titles: Titles) -> str | None:
    if feedback_id in d.feedback_removed:
        return "(" + t("en", "evidence removed at the customer's request") + ")"
    return titles.feedback.get(feedback_id)


def _cells(d: Decision, titles: Titles) -> list[str]:
    values: list[object] = [
        d.id, d.title, d.status, d.decision, d.customer_impact, d.context, "; ".join(d.options),
        d.door, d.owner or "", "; ".join(d.participants), d.review_on or "",
        " ".join(map(str, d.principle_ids)),
        "; ".join(titles.principles.get(i, "") for i in d.principle_ids),
        " ".join(map(str, d.feedback_ids)),
        "; ".join(_feedback_title(d, i, titles) or "" for i in d.feedback_ids),
        " ".join(map(str, d.decision_ids)), d.superseded_by or "", d.outcome or "",
        d.outcome_result or "", d.outcome_next or "", d.outcome_at or "", d.place.platform,
        d.place.channel_name or d.place.channel_id or "",
        d.place.permalink or "", d.created_by or "", d.created_at, d.updated_at,
    ]  # fmt: skip
    return [neutralise(str(v)) for v in values]


def record(d: Decision, titles: Titles) -> dict[str, Any]:
    """A decision's JSON record, with the titles of what it cites."""
    data = d.to_json()
    data["principles"] = [{"id": i, "title": titles.principles.get(i)} for i in d.principle_ids]
    data["feedback"] = [{"id": i, "title": _feedback_title(d, i, titles)} for i in d.feedback_ids]
    return data


def _batches(
    decisions: Iterable[Decision], titles: Any, size: int = CHUNK
) -> Iterator[tuple[list[Decision], Titles]]:
    batch: list[Decision] = []
    for decision in decisions:
        batch.append(decision)
        if len(batch) >= size:
            yield batch, titles(batch)
            batch = []
    if batch:
        yield batch, titles(batch)


def stream_export(
    decisions: Iterable[Decision],
    fmt: str,
    titles: Any = None,
) -> Iterator[str]:
    """The decisions as text chunks: `csv` (UTF-8 with a BOM), `json` (an array) or `jsonl`.

    `titles(batch) -> Titles` looks up what a batch cites (default: ids only).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    lookup = titles or (lambda _batch: Titles.none())
    if fmt == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # the BOM makes Excel read UTF-8 (Polish, Chinese...) correctly
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        yield out.getvalue()
        for batch, known in _batches(decisions, lookup):
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerows(_cells(d, known) for d in batch)
            yield out.getvalue()
        return
    if fmt == "jsonl":
        for batch, known in _batches(decisions, lookup):
            yield "".join(json.dumps(record(d, known), ensure_ascii=False) + "\n" for d in batch)
        return
    first = True
    yield "["
    for batch, known in _batches(decisions, lookup):
        for d in batch:
            text = json.dumps(record(d, known), ensure_ascii=False, indent=2)
            yield ("\n" if first else ",\n") + _indent(text)
            first = False
    yield "\n]\n" if not first else "]\n"


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


class Export:
    """A streamed export: iterate for text chunks; `count` says how many decisions went out."""

    def __init__(self, decisions: Iterable[Decision], fmt: str, titles: Any = None) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown export format {fmt!r}")
        self.count = 0
        self._decisions = decisions
        self._fmt = fmt
        self._titles = titles

    def _counted(self) -> Iterator[Decision]:
        for decision in self._decisions:
            self.count += 1
            yield decision

    def __iter__(self) -> Iterator[str]:
        return stream_export(self._counted(), self._fmt, self._titles)


def export_decisions(decisions: Sequence[Decision], fmt: str) -> str:
    """The decisions as one string (see `stream_export`), ids without titles."""
    return "".join(stream_export(decisions, fmt))
