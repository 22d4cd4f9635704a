"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handlers.cli import run

#: "Now" for every test that needs one: a Sunday noon in UTC, so weekly schedules have a
#: fixed order. No test reads the wall clock.
FIXED_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    """The clock of the tests: always FIXED_NOW."""
    return FIXED_NOW


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the real CLI in-process; returns (exit code, stdout, stderr)."""
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def db_digest(path: Path) -> str:
    """A digest of every row of every table: equal digests mean nothing was written."""
    import sqlite3

    conn = sqlite3.connect(path)
    h = hashlib.sha256()
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'"
            " AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):
            h.update(repr((table, row)).encode())
    conn.close()
    return h.hexdigest()
