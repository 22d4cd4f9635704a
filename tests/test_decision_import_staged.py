"""`decisions import` in short transactions: invisible until done, then all at once.

Readers on another connection never see part of an import (list, search, get, report,
digest, tenants, export, review queue and review jobs); a process killed with SIGKILL
leaves nothing visible and the next import cleans up; another writer logs a decision
while an import runs without waiting for it; a decision in two imports at once is
stored once.
"""

from __future__ import annotations

import functools
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bot import staging
from bot.config import Settings
from bot.decision_import import import_decisions
from bot.decisions import get_decision, iter_decisions, list_decisions, review_queue
from bot.digest import build_digest
from bot.errors import NotFound
from bot.models import DecisionDraft
from bot.report import build_report
from bot.reviews import claim_due_reviews
from bot.search import tokenize
from bot.store import Store
from bot.tenants import list_tenants
from bot.workspace import Workspace
from tests.helpers import FIXED_NOW, fixed_clock

TENANT = "default"
ROOT = Path(__file__).resolve().parents[1]


def decision_rows(n: int, prefix: str = "Import") -> list[dict[str, Any]]:
    """`n` decisions of 2026-11-20 (inside the digest's and the report's week), linked."""
    rows: list[dict[str, Any]] = []
    for i in range(1, n + 1):
        row: dict[str, Any] = {
            "id": i,
            "title": f"{prefix} {i} refund policy",
            "decision": f"Refunds within {i} days",
            "customer_impact": "Customers get money back sooner",
            "owner": "ana",
            "platform": "slack",
            "review_on": "2026-11-21",
            "created_at": f"2026-11-20T{i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d}+00:00",
        }
        if i % 10 == 0:
            row["decision_ids"] = str(i - 1)  # cites the row before it, by its id in the file
        if i % 10 == 1 and i + 1 <= n:
            row["status"] = "superseded"
            row["superseded_by"] = i + 1
        if i % 7 == 0:
            row["outcome_result"] = "worked"
            row["outcome_at"] = "2026-11-21T09:00:00+00:00"
        rows.append(row)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def seen_by_users(store: Store) -> dict[str, int]:
    """How many decisions each view shows (all read on `store`'s own connection)."""
    report = build_report(store, TENANT, today=FIXED_NOW.date())
    digest = build_digest(store, TENANT, now=FIXED_NOW)
    queue = review_queue(store, TENANT, FIXED_NOW.date())
    counts = {t.tenant: t.decisions for t in list_tenants(store)}
    return {
        "list": len(list_decisions(store, TENANT, limit=1_000)),
        "search": len(list_decisions(store, TENANT, search="refund policy", limit=1_000)),
        "export": sum(1 for _ in iter_decisions(store, TENANT)),
        "report": report.total.decisions,
        "report_worked": report.total.outcomes_worked,
        "digest": digest.decision_count,
        "digest_overdue": digest.overdue_count,
        "tenants": counts.get(TENANT, 0),
        "queue": len(queue.reviews_due) + len(queue.without_evidence),
    }


def test_an_unfinished_import_is_invisible_and_appears_at_once(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    n = 900
    path = write_jsonl(tmp_path / "log.jsonl", decision_rows(n))
    # Small chunks: many moments in the middle of the import to look at.
    monkeypatch.setattr(
        staging, "ChunkSizer", functools.partial(staging.ChunkSizer, first=100, maximum=100)
    )
    reader = Store(db_path)
    during: list[dict[str, int]] = []
    staged_gets: list[bool] = []
    jobs: list[int] = []

    def look(rows_done: int) -> None:
        during.append(seen_by_users(reader))
        staged = reader.db.execute(
            "SELECT id FROM decisions WHERE import_id IS NOT NULL LIMIT 1"
        ).fetchone()
        try:
            get_decision(reader, TENANT, int(staged[0]))
            staged_gets.append(True)
        except NotFound:
            staged_gets.append(False)
        # Review jobs are created from decisions: never from a run still being written.
        jobs.append(len(claim_due_reviews(reader, "w1", {"slack"}, now=FIXED_NOW)))

    result = import_decisions(store, TENANT, path, now=FIXED_NOW, progress=look)
    assert (result.imported, result.skipped) == (n, 0)
    assert len(during) >= n // 100  # chunks shrink on a slow machine, never grow past 100
    nothing = dict.fromkeys(during[0], 0)
    assert during == [nothing] * len(during)
    assert staged_gets == [False] * len(during) and jobs == [0] * len(during)
    # Published: all of it at once, links included.
    after = seen_by_users(reader)
    assert after == {
        "list": n,
        "search": n,
        "export": n,
        "report": n,
        "report_worked": n // 7,
        "digest": n,
        "digest_overdue": after["digest_overdue"],
        "tenants": n,
        "queue": after["queue"],
    }
    assert after["digest_overdue"] > 0 and after["queue"] > 0
    first = get_decision(reader, TENANT, result.ids[0])
    assert (first.status, first.superseded_by) == ("superseded", result.ids[1])
    assert get_decision(reader, TENANT, result.ids[9]).decision_ids == (result.ids[8],)
    assert len(claim_due_reviews(reader, "w1", {"slack"}, now=FIXED_NOW)) == 50
    reader.close()


def test_a_failed_import_leaves_nothing_and_history_stays_append_only(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        staging, "ChunkSizer", functools.partial(staging.ChunkSizer, first=50, maximum=50)
    )

    def boom(rows_done: int) -> None:
        if rows_done >= 150:
            raise KeyboardInterrupt

    path = write_jsonl(tmp_path / "log.jsonl", decision_rows(300))
    with pytest.raises(KeyboardInterrupt):
        import_decisions(store, TENANT, path, now=FIXED_NOW, progress=boom)
    left = store.db.execute(
        "SELECT (SELECT count(*) FROM decisions), (SELECT count(*) FROM decision_history),"
        " (SELECT count(*) FROM decision_evidence), (SELECT count(*) FROM imports)"
    ).fetchone()
    assert tuple(left) == (0, 0, 0, 0)
    # Run again: everything, once.
    result = import_decisions(store, TENANT, path, now=FIXED_NOW)
    assert (result.imported, result.skipped) == (300, 0)
    # A published decision's history still cannot be deleted.
    with pytest.raises(Exception, match="append-only"), store.write(TENANT) as db:
        db.execute("DELETE FROM decision_history WHERE decision_id = ?", [result.ids[0]])


def test_a_decision_in_two_imports_at_once_is_stored_once(
    store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        staging, "ChunkSizer", functools.partial(staging.ChunkSizer, first=100, maximum=100)
    )
    rows = decision_rows(400)
    big = write_jsonl(tmp_path / "big.jsonl", rows)
    # One row the first import has written (staged) already, one it has not reached yet.
    other = write_jsonl(tmp_path / "other.jsonl", [rows[12], rows[352]])
    second = Store(db_path)
    results = []

    def meanwhile(rows_done: int) -> None:
        if rows_done == 100:
            results.append(import_decisions(second, TENANT, other, now=FIXED_NOW))

    first = import_decisions(store, TENANT, big, now=FIXED_NOW, progress=meanwhile)
    [during] = results
    assert (during.imported, during.skipped) == (1, 1)  # row 13 was staged: known
    assert (first.imported, first.skipped) == (399, 1)  # row 353 was taken meanwhile
    titles = [d.title for d in iter_decisions(store, TENANT)]
    assert len(titles) == len(set(titles)) == 400
    second.close()


KILL_ROWS = 20_000

CHILD = """
import sys
from datetime import datetime
from pathlib import Path
import bot.staging
from bot.decision_import import import_decisions
from bot.store import Store
store = Store(sys.argv[1])
print("started", flush=True)
import_decisions(
    store, "default", Path(sys.argv[2]), now=datetime.fromisoformat(sys.argv[3]),
    progress=lambda n: print(n, flush=True),
)
print("done", flush=True)
"""


def start_child(db: Path, path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db), str(path), FIXED_NOW.isoformat()],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "started"
    return child


def test_kill_9_during_a_big_import_leaves_nothing_visible_and_the_next_cleans_up(
    tmp_path: Path,
) -> None:
    big = write_jsonl(tmp_path / "big.jsonl", decision_rows(KILL_ROWS))
    small = write_jsonl(tmp_path / "small.jsonl", decision_rows(1, prefix="Next"))
    # Rows written before the kill (a share of the file); None: after the last chunk,
    # while the links are written and the run is published.
    points: list[float | None] = [0.0, 0.1, 0.45, 0.8, 0.99, None]
    middle = 0
    for attempt, share in enumerate(points):
        db = tmp_path / f"kill-{attempt}.db"
        Store(db).close()
        child = start_child(db, big)
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if share is None:
            while line.isdigit() and int(line) < KILL_ROWS:
                line = child.stdout.readline().strip()
        else:
            while line.isdigit() and int(line) < share * KILL_ROWS:
                line = child.stdout.readline().strip()
        child.send_signal(signal.SIGKILL)
        child.wait()
        store = Store(db)
        visible = len(list_decisions(store, TENANT, search="refund policy", limit=1_000))
        total = sum(1 for _ in iter_decisions(store, TENANT, page=5_000))
        finished = total == KILL_ROWS
        middle += not finished
        # All of it (it finished before the kill) or none of it.
        assert (total, visible) in {(0, 0), (KILL_ROWS, 1_000)}, (attempt, total, visible)
        # The next import removes what the dead one wrote, and works.
        assert import_decisions(store, TENANT, small, now=FIXED_NOW).imported == 1
        leftovers = store.db.execute(
            "SELECT (SELECT count(*) FROM imports WHERE state != 'done'),"
            " (SELECT count(*) FROM decisions WHERE import_id NOT IN"
            "  (SELECT id FROM imports WHERE state = 'done')),"
            " (SELECT count(*) FROM decision_history WHERE decision_id NOT IN"
            "  (SELECT id FROM decisions)),"
            " (SELECT count(*) FROM decision_evidence WHERE decision_id NOT IN"
            "  (SELECT id FROM decisions))"
        ).fetchone()
        assert tuple(leftovers) == (0, 0, 0, 0), attempt
        expected = KILL_ROWS + 1 if finished else 1
        assert store.db.execute("SELECT count(*) FROM decisions").fetchone()[0] == expected
        # The search index matches the table (FTS5 raises on a mismatch).
        with store.write(TENANT) as conn:
            conn.execute("INSERT INTO decisions_fts(decisions_fts) VALUES ('integrity-check')")
        hits = store.db.execute(
            "SELECT count(*) FROM decisions_fts WHERE decisions_fts MATCH ?",
            [f'"{tokenize("refund")[0]}"'],
        ).fetchone()[0]
        assert hits == expected
        store.close()
    assert middle >= 5


def test_another_writer_logs_a_decision_during_an_import_without_waiting(
    tmp_path: Path, db_path: Path
) -> None:
    big = write_jsonl(tmp_path / "big.jsonl", decision_rows(KILL_ROWS))
    store = Store(db_path)
    ws = Workspace(store, TENANT, Settings(clock=fixed_clock))
    # Warm up first (imports, the tokeniser's tables): only waiting for the lock is timed.
    ws.record_decision(DecisionDraft(title="Warm", decision="Up", customer_impact="None"))
    child = start_child(db_path, big)
    assert child.stdout is not None
    assert child.stdout.readline().strip().isdigit()  # the first chunk is written
    waits: list[float] = []
    during = 0
    # One decision every 20 ms for as long as the import writes (not back to back: the
    # lock must be found free between chunks, not only right after this one's commit).
    for i in range(10_000):
        time.sleep(0.02)
        started = time.perf_counter()
        ws.record_decision(
            DecisionDraft(title=f"Live {i}", decision="Ship it", customer_impact="Faster")
        )
        waits.append(time.perf_counter() - started)
        running = store.db.execute(
            "SELECT count(*) FROM imports WHERE state = 'running'"
        ).fetchone()[0]
        during += running
        if not running:
            break
    assert child.wait(timeout=600) == 0
    assert child.stdout.read().strip().endswith("done")
    assert during >= 3, waits  # logged while the import was still being written
    # Generous bound on a shared machine: one decision never waits for the whole import.
    assert max(waits) < 1.0, waits
    assert sum(1 for _ in iter_decisions(store, TENANT, page=5_000)) == KILL_ROWS + len(waits) + 1
    store.close()
