"""Small helpers shared by tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bot.cli import run


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
