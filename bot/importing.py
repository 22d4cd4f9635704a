"""Readers for import files (CSV and JSON Lines) that report problems by line and column.

Memory stays bounded whatever the file holds: only regular files are read (never a
device or a pipe such as /dev/zero), a line may hold at most `MAX_LINE_BYTES`, a CSV
row spanning several lines at most `MAX_RECORD_BYTES`, a CSV field at most `MAX_FIELD`
characters. The encoding (UTF-8 with or without a BOM, UTF-16 with a BOM or plainly
little- or big-endian) and the CSV delimiter (`,` `;` or tab) are detected.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from bot.errors import ImportFailed, InvalidInput
from bot.i18n import N_

Progress = Callable[[int], None]
#: Longest line of an import file (bytes as stored).
MAX_LINE_BYTES = 1024 * 1024
#: Longest CSV row, which quoted newlines may spread over several lines (bytes).
MAX_RECORD_BYTES = 4 * 1024 * 1024
#: Largest single field in a CSV file (characters).
MAX_FIELD = 1_000_000
#: Deepest JSON nesting accepted in a JSON Lines row.
MAX_JSON_DEPTH = 64
DELIMITERS = (",", ";", "\t")


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
        head = handle.read(256)
    encoding, bom = detect_encoding(head)
    text = head[bom:].decode(encoding, "ignore").lstrip()
    return "jsonl" if text.startswith("{") else "csv"


def detect_encoding(head: bytes) -> tuple[str, int]:
    """(codec, BOM length) from the first bytes of a file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    # UTF-16 without a BOM: ASCII text has a zero byte in every other place.
    sample = head[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4 and 0 not in sample[::2]:
        return "utf-16-le", 0
    if len(sample) >= 4 and sample[0::2].count(0) > len(sample) // 4 and 0 not in sample[1::2]:
        return "utf-16-be", 0
    return "utf-8", 0


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; devices, pipes and directories are refused.

    Opened without blocking first, so that a FIFO with no writer cannot hang us.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InvalidInput(N_("no such file: {path}"), path=str(path)) from None
    except IsADirectoryError:
        raise InvalidInput(N_("{path} is a directory, not a file"), path=str(path)) from None
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read {path}: {reason}"), path=str(path), reason=exc.strerror
        ) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise InvalidInput(N_("{path} is a directory; import a regular file"), path=str(path))
        raise InvalidInput(
            N_("{path} is not a regular file (a device or a pipe); import a regular file"),
            path=str(path),
        )
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


class _Lines:
    """Decoded lines of a file, each at most `MAX_LINE_BYTES`, numbered from 1."""

    def __init__(self, handle: BinaryIO, progress: Progress | None) -> None:
        head = handle.read(4096)
        handle.seek(0)
        self.encoding, bom = detect_encoding(head)
        handle.seek(bom)
        self.handle = handle
        self.progress = progress
        self.number = 0
        #: Bytes read since the consumer last reset it (the size of a CSV row so far).
        self.since_record = 0

    def __iter__(self) -> Iterator[str]:
        if self.encoding == "utf-8":
            return self._utf8()
        return self._other()

    def _too_long(self) -> ImportFailed:
        return ImportFailed(
            N_("the line is longer than {limit} KiB (the limit for one line)"),
            line=self.number,
            limit=f"{MAX_LINE_BYTES // 1024:,}",
        )

    def _count(self, size: int) -> None:
        self.since_record += size
        if self.progress is not None:
            self.progress(size)
        if self.since_record > MAX_RECORD_BYTES:
            raise ImportFailed(
                N_("a row longer than {limit} MiB (an unclosed quote?)"),
                line=self.number,
                limit=MAX_RECORD_BYTES // (1024 * 1024),
            )

    def _utf8(self) -> Iterator[str]:
        readline = self.handle.readline
        while raw := readline(MAX_LINE_BYTES + 1):
            self.number += 1
            if len(raw) > MAX_LINE_BYTES:
                raise self._too_long()
            self._count(len(raw))
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ImportFailed(
                    N_("not valid UTF-8 (byte {byte} of the line); save the file as UTF-8"),
                    line=self.number,
                    byte=exc.start + 1,
                ) from None

    def _other(self) -> Iterator[str]:
        text = io.TextIOWrapper(self.handle, encoding=self.encoding, newline="")
        limit = MAX_LINE_BYTES // 2
        while True:
            try:
                line = text.readline(limit + 1)
            except UnicodeDecodeError:
                raise ImportFailed(
                    N_("not valid {encoding} text"),
                    line=self.number + 1,
                    encoding=self.encoding.upper(),
                ) from None
            if not line:
                return
            self.number += 1
            if len(line) > limit:
                raise self._too_long()
            self._count(len(line) * 2)
            yield line


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most: `,` `;` or tab (`,` when none)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_records(
    path: Path,
    *,
    required: Sequence[str] = (),
    format: str | None = None,
    progress: Progress | None = None,
    mapping: Mapping[str, str] | None = None,
) -> Iterator[Record]:
    """Yield the records of a CSV or JSON Lines file, checking required columns.

    `mapping` renames source columns to ours ({our field: their column}, matched
    without regard to case or surrounding spaces).
    """
    handle = open_regular(path)
    kind = format or detect_format(path)
    wanted = {k: v.strip().lower() for k, v in (mapping or {}).items()}
    with handle:
        lines = _Lines(handle, progress)
        if kind == "jsonl":
            yield from _jsonl(lines, required, wanted)
        else:
            yield from _csv(lines, required, wanted)


def _rename(columns: list[str], wanted: dict[str, str]) -> list[str]:
    """Our field name for each column ('' for columns whose name we drop)."""
    if not wanted:
        return columns
    missing = [their for their in wanted.values() if their not in columns]
    if missing:
        found = ", ".join(c for c in columns if c)
        if not found:
            raise ImportFailed(
                N_("no column '{name}' in the header (found: none)"), line=1, name=missing[0]
            )
        raise ImportFailed(
            N_("no column '{name}' in the header (found: {found})"),
            line=1,
            name=missing[0],
            found=found,
        )
    theirs = {their: ours for ours, their in wanted.items()}
    taken = set(wanted)
    return [theirs.get(c, "" if c in taken else c) for c in columns]


def _csv(lines: _Lines, required: Sequence[str], wanted: dict[str, str]) -> Iterator[Record]:
    csv.field_size_limit(MAX_FIELD)
    source = iter(lines)
    first = next(source, None)
    if first is None:
        raise ImportFailed("the file is empty; expected a header row", line=1)
    delimiter = sniff_delimiter(first)

    def all_lines() -> Iterator[str]:
        yield first
        yield from source

    reader = csv.reader(all_lines(), strict=True, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problem = str(exc)
        raise ImportFailed(N_("malformed CSV header: {problem}"), line=1, problem=problem) from None
    if header is None:
        raise ImportFailed("the file is empty; expected a header row", line=1)
    columns = _rename([h.strip().lower() for h in header], wanted)
    missing = [name for name in required if name not in columns]
    if missing:
        found = ", ".join(c for c in columns if c)
        if not found:
            raise ImportFailed(
                N_("no '{name}' column in the header (found: none)"),
                line=1,
                column=missing[0],
                name=missing[0],
            )
        raise ImportFailed(
            N_("no '{name}' column in the header (found: {found})"),
            line=1,
            column=missing[0],
            name=missing[0],
            found=found,
        )
    while True:
        start = reader.line_num + 1
        lines.since_record = 0
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise ImportFailed(
                    N_("malformed CSV: a field longer than {limit} characters"),
                    line=start,
                    limit=f"{MAX_FIELD:,}",
                ) from None
            reason = N_("malformed CSV: {problem}")
            raise ImportFailed(reason, line=start, problem=str(exc)) from None
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(columns):
            raise ImportFailed(
                N_("{cells} cells but the header has {columns} columns"),
                line=start,
                cells=len(row),
                columns=len(columns),
            )
        yield Record(start, {columns[i]: cell for i, cell in enumerate(row) if columns[i]})


def _check_depth(text: str, line: int) -> None:
    """Refuse deep nesting before parsing (the parser would recurse that deep)."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise ImportFailed(
                    N_("JSON nested deeper than {limit} levels"), line=line, limit=MAX_JSON_DEPTH
                )
        elif char in "]}":
            depth -= 1


def _check_text(value: object, line: int, key: str) -> None:
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ImportFailed(
                "text with a lone surrogate (\\ud800-\\udfff) is not valid Unicode",
                line=line,
                column=key,
            ) from None


def _parse_json(text: str, line: int) -> Any:
    _check_depth(text, line)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFailed(
            N_("not valid JSON ({problem} at column {position})"),
            line=line,
            problem=exc.msg,
            position=exc.colno,
        ) from None
    except RecursionError:
        raise ImportFailed("JSON nested too deeply", line=line) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        if "digits" in str(exc):
            raise ImportFailed(N_("not valid JSON (a number too long)"), line=line) from None
        raise ImportFailed(N_("not valid JSON (a value it cannot read)"), line=line) from None


def _jsonl(lines: _Lines, required: Sequence[str], wanted: dict[str, str]) -> Iterator[Record]:
    theirs = {their: ours for ours, their in wanted.items()}
    taken = set(wanted)
    seen_mapped: set[str] = set()
    for text in lines:
        number = lines.number
        lines.since_record = 0
        if not text.strip():
            continue
        value = _parse_json(text, number)
        if not isinstance(value, dict):
            raise ImportFailed("each line must be a JSON object", line=number)
        values: dict[str, Any] = {}
        for k, v in value.items():
            key = str(k).strip().lower()
            _check_text(v, number, key)
            if key in theirs:
                seen_mapped.add(key)
                values[theirs[key]] = v
            elif key not in taken:
                values[key] = v
        for name in required:
            if values.get(name) in (None, ""):
                column = wanted.get(name, name)
                raise ImportFailed(
                    N_("'{name}' is missing or empty"), line=number, column=name, name=column
                )
        yield Record(number, values)
