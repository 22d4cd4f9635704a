"""Readers for import files (CSV and JSON Lines) that report problems by line and column."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from bot.errors import ImportFailed, InvalidInput

Progress = Callable[[int], None]
#: Largest single field in a CSV file (characters).
MAX_FIELD = 1_000_000


@dataclass(frozen=True)
class Record:
    """One row of an import file: its line number and its values by column name."""

    line: int
    values: dict[str, Any]


def detect_format(path: Path) -> str:
    """'jsonl' or 'csv', from the extension, else from the first character."""
    suffix = path.suffix.lower()
    if suffix in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    if suffix in {".csv", ".tsv", ".txt"}:
        return "csv"
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if head.startswith(b"{") else "csv"


def _decoded_lines(handle: BinaryIO, progress: Progress | None) -> Iterator[str]:
    for number, raw in enumerate(handle, start=1):
        if progress is not None:
            progress(len(raw))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportFailed(
                f"not valid UTF-8 (byte {exc.start + 1} of the line); save the file as UTF-8",
                line=number,
            ) from None
        if number == 1:
            text = text.removeprefix("\ufeff")
        yield text


def read_records(
    path: Path,
    *,
    required: Sequence[str] = (),
    format: str | None = None,
    progress: Progress | None = None,
) -> Iterator[Record]:
    """Yield the records of a CSV or JSON Lines file, checking required columns."""
    if not path.exists():
        raise InvalidInput(f"no such file: {path}")
    if path.is_dir():
        raise InvalidInput(f"{path} is a directory, not a file")
    kind = format or detect_format(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror}") from exc
    with handle:
        if kind == "jsonl":
            yield from _jsonl(_decoded_lines(handle, progress), required)
        else:
            yield from _csv(_decoded_lines(handle, progress), required)


def _csv(lines: Iterator[str], required: Sequence[str]) -> Iterator[Record]:
    csv.field_size_limit(MAX_FIELD)
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ImportFailed(f"malformed CSV header: {exc}", line=1) from None
    if header is None:
        raise ImportFailed("the file is empty; expected a header row", line=1)
    columns = [h.strip().lower() for h in header]
    missing = [name for name in required if name not in columns]
    if missing:
        found = ", ".join(c for c in columns if c) or "none"
        raise ImportFailed(
            f"no '{missing[0]}' column in the header (found: {found})", line=1, column=missing[0]
        )
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed(f"malformed CSV: {exc}", line=start) from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            raise ImportFailed(
                f"{len(row)} cells but the header has {len(columns)} columns", line=start
            )
        yield Record(start, {columns[i]: cell for i, cell in enumerate(row) if columns[i]})


def _jsonl(lines: Iterator[str], required: Sequence[str]) -> Iterator[Record]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(
                f"not valid JSON ({exc.msg} at column {exc.colno})", line=number
            ) from None
        if not isinstance(value, dict):
            raise ImportFailed("each line must be a JSON object", line=number)
        values = {str(k).strip().lower(): v for k, v in value.items()}
        for name in required:
            if values.get(name) in (None, ""):
                raise ImportFailed(f"'{name}' is missing or empty", line=number, column=name)
        yield Record(number, values)
