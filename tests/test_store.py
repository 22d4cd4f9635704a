"""The store: migrations, pragmas, refusing newer or corrupt databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot import migrations
from bot.errors import SchemaTooNew, StoreError
from bot.store import Store


def test_new_database_is_migrated_with_wal_and_foreign_keys(db_path: Path) -> None:
    store = Store(db_path)
    assert store.schema_version == len(migrations.known_names())
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert {"principles", "feedback", "decisions", "decision_history"} <= set(
        store.db.table_names()
    )
    store.close()


def test_reopening_does_not_migrate_twice(db_path: Path) -> None:
    Store(db_path).close()
    store = Store(db_path)
    rows = store.db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()[0]
    assert rows == len(migrations.known_names())
    store.close()


def test_database_from_a_newer_version_is_refused_and_untouched(db_path: Path) -> None:
    Store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
        " VALUES ('emptychair', 'm999_future', 'x')"
    )
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer version of Empty Chair"):
        Store(db_path)
    assert db_path.read_bytes() == before


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope" / "x.db")


def test_corrupt_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an Empty Chair database"):
        Store(path)
    assert path.read_bytes() == before


def test_history_is_append_only_in_the_database_itself(db_path: Path) -> None:
    store = Store(db_path)
    with store.write():
        store.db.execute(
            "INSERT INTO decisions (tenant, title, decision, customer_impact, created_at,"
            " updated_at) VALUES ('t', 'x', 'y', 'z', 'now', 'now')"
        )
        store.db.execute(
            "INSERT INTO decision_history (decision_id, at, action) VALUES (1, 'now', 'created')"
        )
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.write():
        store.db.execute("UPDATE decision_history SET action = 'forged'")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"), store.write():
        store.db.execute("DELETE FROM decision_history")
    assert store.query("SELECT action FROM decision_history") == [{"action": "created"}]
    store.close()


def test_a_writer_gets_in_between_back_to_back_short_transactions(tmp_path: Path) -> None:
    """An import's chunks leave gaps of a few ms; a waiting writer must find one quickly.

    SQLite's own busy handler sleeps up to 100 ms between tries and kept missing them
    (five chunks or more went by). Counted in the importer's chunks, not in seconds, so
    a slow or busy machine slows both sides alike.
    """
    import statistics
    import threading
    import time

    path = tmp_path / "db.sqlite"
    Store(path).close()
    stop = threading.Event()
    chunks = [0]

    def importer() -> None:
        store = Store(path)
        while not stop.is_set():
            with store.write("a") as db:
                db.execute("CREATE TABLE IF NOT EXISTS t (x)")
                db.execute("INSERT INTO t VALUES (1)")
                time.sleep(0.02)  # a chunk holds the lock about 20 ms
            chunks[0] += 1
            time.sleep(0.002)  # then leaves a short gap
        store.close()

    thread = threading.Thread(target=importer)
    thread.start()
    passed = []
    try:
        while chunks[0] < 2:
            time.sleep(0.001)
        other = Store(path)
        for _ in range(15):
            before = chunks[0]
            with other.write("b") as db:
                db.execute("SELECT 1")
                passed.append(chunks[0] - before)  # chunks that went by while we waited
            time.sleep(0.01)
        other.close()
    finally:
        stop.set()
        thread.join()
    assert statistics.median(passed) <= 1, passed
    assert max(passed) <= 3, passed
