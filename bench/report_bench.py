"""The manager's report over 100,000 decisions, and one workspace's weekly digest.

A database with `--decisions` decisions spread over two years (evidence, principles,
review dates, outcomes in the history, meetings, a week of new feedback) is written
straight into a fresh store, then, each `--runs` times:

- report figures: `build_report` over the whole two years (per week and in total);
- report HTML: the figures rendered with the four SVG charts (matplotlib);
- digest: `build_digest` for the workspace (the last seven days);
- baseline: one plain `SELECT` of every decision's date, door and status, the least any
  report over the log must read; measured in the same run, on the same database.

    python -m bench.report_bench [--decisions 100000] [--runs 5]

Targets (issue 11): report under 5 s, digest under 1 s. The machine is shared: figures
are noisy, compare them with the baseline of the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository root importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.digest import build_digest
from bot.principles import ensure_seeded
from bot.report import build_report
from bot.report_render import render_report
from bot.store import Store

TENANT = "bench"
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
REPORT_TARGET_S = 5.0
DIGEST_TARGET_S = 1.0
WORDS = "returns delivery invoices checkout refund pricing support onboarding export".split()


def populate(store: Store, decisions: int, seed: int = 11) -> None:
    """Write the bench tenant's log: decisions, evidence, history, meetings, feedback."""
    rng = random.Random(seed)
    ensure_seeded(store, TENANT)
    principles = [int(r[0]) for r in store.db.execute(
        "SELECT id FROM principles WHERE tenant = ?", [TENANT])]  # fmt: skip
    start = NOW - timedelta(days=730)
    db = store.db
    with store.write():
        feedback = []
        for i in range(5_000):
            added = (NOW - timedelta(days=rng.uniform(0, 60 if i < 4_000 else 7))).isoformat()
            text = f"{rng.choice(WORDS)} {rng.choice(WORDS)} is slow, snippet {i}"
            feedback.append((TENANT, text, f"C{i % 700}", rng.choice(["smb", "enterprise"]),
                             rng.choice(["positive", "negative", "neutral"]), added, added,
                             f"k{i}"))  # fmt: skip
        db.conn.executemany(
            "INSERT INTO feedback (tenant, text, customer, segment, sentiment, created_at,"
            " added_at, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            feedback,
        )
        first_feedback = int(db.execute("SELECT MIN(id) FROM feedback").fetchone()[0])
        rows, evidence, history = [], [], []
        for i in range(1, decisions + 1):
            created = start + timedelta(seconds=rng.uniform(0, 730 * 86_400))
            review = (created + timedelta(days=rng.choice([14, 30, 60, 90]))).date()
            status = "withdrawn" if i % 97 == 0 else "decided"
            door = rng.choice(["one-way", "two-way"])
            when = created.isoformat()
            rows.append((i, TENANT, f"Decision {i}", "d", "c", door, review.isoformat(), status,
                         when, when))  # fmt: skip
            if rng.random() < 0.6:
                evidence.append((i, "feedback", first_feedback + rng.randrange(5_000)))
            if rng.random() < 0.7:
                evidence.append((i, "principle", rng.choice(principles)))
            answered = datetime.combine(review, created.timetz()) + timedelta(
                days=rng.uniform(-3, 20)
            )
            if answered < NOW and rng.random() < 0.6:
                result = rng.choice(["worked", "did-not"])
                changes = {"result": result, "note": "n", "review_on": [review.isoformat(), None]}
                history.append((i, answered.isoformat(), "outcome", json.dumps(changes)))
        db.conn.executemany(
            "INSERT INTO decisions (id, tenant, title, decision, customer_impact, door,"
            " review_on, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany(
            "INSERT OR IGNORE INTO decision_evidence (decision_id, kind, ref_id) VALUES (?, ?, ?)",
            evidence,
        )
        db.conn.executemany(
            "INSERT INTO decision_history (decision_id, at, actor, action, changes)"
            " VALUES (?, ?, 'bench', ?, ?)",
            history,
        )
        # The review flow clears the review date it answered.
        db.conn.executemany(
            "UPDATE decisions SET review_on = NULL WHERE id = ?", [(h[0],) for h in history]
        )
        db.conn.executemany(
            "INSERT INTO sessions (tenant, platform, channel_id, started_at, customer_had_voice)"
            " VALUES (?, 'slack', 'C1', ?, ?)",
            [
                (TENANT, (start + timedelta(hours=6 * k)).isoformat(),
                 rng.choice(["yes", "partly", "no", None]))
                for k in range(2_000)
            ],
        )  # fmt: skip
    store.refresh_statistics()


def timed(work: Callable[[], object], runs: int) -> list[float]:
    """Seconds of each run of `work`."""
    found = []
    for _ in range(runs):
        began = time.perf_counter()
        work()
        found.append(time.perf_counter() - began)
    return found


def line(name: str, seconds: list[float], target: float | None = None) -> str:
    """`name  p50 … max …  (target …)`."""
    p50, worst = statistics.median(seconds), max(seconds)
    verdict = ""
    if target is not None:
        verdict = f"  target < {target:.1f} s: {'met' if worst < target else 'MISSED'}"
    return f"{name:<22} p50 {p50 * 1000:8.0f} ms   max {worst * 1000:8.0f} ms{verdict}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line per measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="emptychair-report-bench-") as folder:
        store = Store(Path(folder) / "bench.db")
        began = time.perf_counter()
        populate(store, args.decisions)
        print(f"{args.decisions:,} decisions written in {time.perf_counter() - began:.1f} s")
        since, until = (NOW - timedelta(days=730)).date().isoformat(), NOW.date().isoformat()

        def figures() -> object:
            return build_report(store, TENANT, since=since, until=until, today=NOW.date())

        report = build_report(store, TENANT, since=since, until=until, today=NOW.date())
        print(
            f"report: {report.total.decisions:,} decisions in {len(report.weeks)} weeks, "
            f"{report.total.reviews_due:,} reviews due, stage {report.stage.key}"
        )

        def baseline() -> object:
            return store.db.execute(
                "SELECT created_at, door, status FROM decisions WHERE tenant = ?", [TENANT]
            ).fetchall()

        def whole() -> object:
            return render_report(figures(), "html")  # type: ignore[arg-type]

        def digest() -> object:
            return build_digest(store, TENANT, now=NOW, timezone="Europe/Warsaw")

        render_report(report, "html")  # matplotlib's first import is not the report's cost
        print(line("baseline (one SELECT)", timed(baseline, args.runs)))
        print(line("report figures", timed(figures, args.runs), REPORT_TARGET_S))
        print(line("report HTML + charts", timed(whole, args.runs), REPORT_TARGET_S))
        print(line("digest (one workspace)", timed(digest, args.runs), DIGEST_TARGET_S))
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
