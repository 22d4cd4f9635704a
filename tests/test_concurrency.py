"""Readers and a writer at once: processes answer questions while another imports.

A small, real version of the concurrency part of bench/retrieval.py: four processes
answer in a loop while `emptychair feedback import` adds 3,000 rows to the same SQLite
database. Nobody may see an error (in particular no "database is locked"), and every
imported row must land.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.feedback import count_feedback
from bot.search import ranking
from bot.store import Store
from bot.workspace import Workspace

ANSWERERS = 4
BASE_ROWS = 1_000
IMPORT_ROWS = 3_000
TOPICS = ("refund", "delivery", "checkout", "invoice", "login", "dark mode", "support", "price")
QUESTIONS = [
    "Should we charge for returns?",
    "Is faster delivery worth the cost?",
    "Should we drop guest checkout?",
    "Do customers want invoices by email?",
    "Czy powinniśmy skrócić czas dostawy?",
    "我们应该提高价格吗？",
    "ダークモードを追加すべきですか？",
]


@pytest.fixture(autouse=True)
def _fresh_search_cache() -> Iterator[None]:
    """bot.search.ranking caches postings by segment id, not by database; databases of
    other tests in this process reuse segment ids, so start and end with an empty cache."""
    ranking._cache = ranking._LRU(ranking.CACHE_BYTES)
    yield
    ranking._cache = ranking._LRU(ranking.CACHE_BYTES)


# Each answering process: warm up, say it is ready, answer until told to stop, report.
ANSWERER = """
import json, sys, time
from pathlib import Path
from bot.store import Store
from bot.workspace import Workspace

db, ready, stop = sys.argv[1:4]
questions = json.loads(sys.argv[4])
store = Store(db)
ws = Workspace(store, "default")
for q in questions:
    ws.answer_for_customer(q)
Path(ready).touch()
answers, errors, spans = 0, [], []
i = 0
while not Path(stop).exists():
    q = questions[i % len(questions)]
    i += 1
    started = time.time()
    try:
        ws.answer_for_customer(q)
        answers += 1
        spans.append(started)
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
store.close()
print(json.dumps({"answers": answers, "errors": errors, "starts": spans}))
"""


def _write_csv(path: Path, rows: int, prefix: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["external_id", "customer", "source", "text"])
        for i in range(rows):
            topic = TOPICS[i % len(TOPICS)]
            writer.writerow(
                [
                    f"{prefix}-{i}",
                    f"Customer {i % 97}",
                    "survey",
                    f"Ticket {i}: the {topic} experience was {'great' if i % 3 else 'slow'}"
                    f" for order {1000 + i}, please look at {topic} again.",
                ]
            )


def _emptychair() -> list[str]:
    script = Path(sys.executable).parent / "emptychair"
    return [str(script)] if script.exists() else [sys.executable, "-m", "handlers.cli"]


def test_answers_and_an_import_at_the_same_time(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    base, fresh = tmp_path / "base.csv", tmp_path / "fresh.csv"
    _write_csv(base, BASE_ROWS, "base")
    _write_csv(fresh, IMPORT_ROWS, "fresh")
    store = Store(db)
    try:
        ws = Workspace(store, "default")
        ws.import_feedback(base)
        ws.answer_for_customer(QUESTIONS[0])  # the tenant's principles are loaded once
    finally:
        store.close()

    stop = tmp_path / "stop"
    readies = [tmp_path / f"ready-{i}" for i in range(ANSWERERS)]
    answerers = [
        subprocess.Popen(
            [sys.executable, "-c", ANSWERER, str(db), str(ready), str(stop), json.dumps(QUESTIONS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for ready in readies
    ]
    try:
        deadline = time.monotonic() + 60
        while not all(r.exists() for r in readies):
            assert all(p.poll() is None for p in answerers), "an answering process died"
            assert time.monotonic() < deadline, "answering processes did not start"
            time.sleep(0.02)
        started = time.time()
        importer = subprocess.run(
            [*_emptychair(), "--db", str(db), "feedback", "import", "--json", str(fresh)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        ended = time.time()
    finally:
        stop.touch()
        outputs = [p.communicate(timeout=60) for p in answerers]

    assert importer.returncode == 0, importer.stderr
    assert json.loads(importer.stdout) == {"rows": IMPORT_ROWS, "added": IMPORT_ROWS, "skipped": 0}
    reports = []
    for proc, (out, err) in zip(answerers, outputs, strict=True):
        assert proc.returncode == 0, err
        reports.append(json.loads(out))
    errors = [e for r in reports for e in r["errors"]]
    assert not [e for e in errors if "locked" in e.lower() or "busy" in e.lower()], errors
    assert errors == []
    # Every process kept answering while the import ran.
    for r in reports:
        assert any(started <= s <= ended for s in r["starts"]), r["answers"]

    store = Store(db)
    try:
        ws = Workspace(store, "default")
        assert count_feedback(store, "default") == BASE_ROWS + IMPORT_ROWS
        # The new rows are searchable.
        hits = ws.search_feedback("Ticket 2999", limit=3)
        assert hits and hits[0].feedback.external_id == f"fresh-{IMPORT_ROWS - 1}"
    finally:
        store.close()
