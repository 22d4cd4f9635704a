"""A chunked import killed with SIGKILL at random points shows nothing and leaves nothing.

Also: a reader running beside an import sees either none of it or all of it.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.feedback import FeedbackInput, count_feedback, search_feedback
from bot.ingest import import_feedback_rows
from bot.search import SearchIndex
from bot.store import Store

TENANT = "acme"
ROWS = 6_000
ROOT = Path(__file__).resolve().parents[1]

CHILD = f"""
import sys
import bot.ingest, bot.staging
from bot.feedback import FeedbackInput
from bot.store import Store
bot.ingest.SEGMENT_DOCS = 1_500       # several staged segments, then a merge
bot.staging.TARGET_LOCK_S = 0.002     # many small chunks
store = Store(sys.argv[1])
rows = (
    FeedbackInput(text=f"refund {{i}} took weeks, dark mode please", external_id=str(i),
                  source="zendesk")
    for i in range({ROWS})
)
print("started", flush=True)
bot.ingest.import_feedback_rows(
    store, "{TENANT}", rows, source="kill-test", progress=lambda n: print(n, flush=True)
)
print("done", flush=True)
"""


def index_docs(store: Store) -> int:
    """Documents the live index holds: segments plus pending minus tombstones."""
    q = store.db.execute
    live = q(
        "SELECT coalesce(sum(n_docs), 0) FROM search_segments"
        " WHERE tenant = ? AND kind = 'feedback' AND staged_by IS NULL",
        [TENANT],
    ).fetchone()[0]
    pending = q(
        "SELECT count(DISTINCT doc) FROM search_pending WHERE tenant = ? AND kind = 'feedback'",
        [TENANT],
    ).fetchone()[0]
    gone = q(
        "SELECT count(*) FROM search_deleted WHERE tenant = ? AND kind = 'feedback'", [TENANT]
    ).fetchone()[0]
    return int(live + pending - gone)


def visible_state(store: Store) -> tuple[int, int, int, int]:
    """(visible rows, index documents, index statistics, search hits) as users see them."""
    stats = store.db.execute(
        "SELECT coalesce(max(n_docs), 0) FROM search_stats WHERE tenant = ? AND kind = 'feedback'",
        [TENANT],
    ).fetchone()[0]
    hits = len(SearchIndex(store, TENANT, "feedback").search("refund weeks", 50))
    return count_feedback(store, TENANT), index_docs(store), int(stats), hits


def test_kill_9_at_random_points_leaves_nothing_visible_and_a_consistent_index(
    tmp_path: Path,
) -> None:
    rng = random.Random(14)
    outcomes = []
    for attempt in range(10):
        db = tmp_path / f"kill-{attempt}.db"
        Store(db).close()  # migrated before the clock starts
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "started"
        # Kill after a random number of rows, or (target past the end) while the
        # index is merged and published, or after the end.
        target = rng.randint(0, ROWS + ROWS // 3)
        line = ""
        while target <= ROWS and (line := child.stdout.readline().strip()).isdigit():
            if int(line) >= target:
                break
        if target > ROWS:
            while (line := child.stdout.readline().strip()).isdigit() and int(line) < ROWS:
                pass
            time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        store = Store(db)
        state = visible_state(store)
        finished = state[0] == ROWS
        # Either the whole import (it finished before the kill) or none of it.
        assert state in {(0, 0, 0, 0), (ROWS, ROWS, ROWS, 50)}, (attempt, state)
        # The next import cleans up whatever the dead one wrote, and works.
        result = import_feedback_rows(
            store, TENANT, [FeedbackInput(text="refund weeks again")], source="next"
        )
        assert result.added == 1
        leftovers = store.db.execute(
            "SELECT (SELECT count(*) FROM imports WHERE state != 'done'),"
            " (SELECT count(*) FROM search_segments WHERE staged_by IS NOT NULL),"
            " (SELECT count(*) FROM feedback WHERE import_id NOT IN"
            "  (SELECT id FROM imports WHERE state = 'done'))"
        ).fetchone()
        assert tuple(leftovers) == (0, 0, 0), attempt
        after = visible_state(store)
        expected = ROWS + 1 if finished else 1
        assert after[:3] == (expected, expected, expected), (attempt, after)
        outcomes.append(finished)
        store.close()
    # The random points must have hit imports in the middle, not only finished ones.
    assert outcomes.count(False) >= 6, outcomes


def test_a_reader_never_sees_part_of_an_import(store: Store, db_path: Path) -> None:
    import bot.staging

    seen: set[tuple[int, int]] = set()
    stop = threading.Event()

    def read() -> None:
        reader = Store(db_path)
        while not stop.is_set():
            # One snapshot for both reads, as one request would see the database.
            reader.db.conn.execute("BEGIN")
            count = count_feedback(reader, TENANT)
            hits = len(search_feedback(reader, TENANT, "refund", 50))
            reader.db.conn.execute("COMMIT")
            seen.add((count, hits))
        reader.close()

    thread = threading.Thread(target=read)
    old = bot.staging.TARGET_LOCK_S
    bot.staging.TARGET_LOCK_S = 0.002
    try:
        thread.start()
        rows = (FeedbackInput(text=f"refund {i} please", external_id=str(i)) for i in range(4_000))
        import_feedback_rows(store, TENANT, rows, source="test")
        time.sleep(0.2)
    finally:
        bot.staging.TARGET_LOCK_S = old
        stop.set()
        thread.join()
    assert seen <= {(0, 0), (4_000, 50)}
    assert (4_000, 50) in seen
