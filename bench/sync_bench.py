"""Feedback in from outside: a Zendesk sync of 100,000 tickets and a signed webhook burst.

1. Sync. The Zendesk stand-in of the tests (`tests/sync_standins.py`, real HTTP on
   loopback) runs in its own process with N tickets (1,000 per export page, one
   comments request per ticket, as the real API needs) and a page of rating comments.
   `emptychair feedback sync zendesk` runs as a subprocess against a fresh database:
   wall time, records/s and its own peak RSS (wait4). Baseline in the same run: the
   same N snippets imported from a JSON Lines file with `emptychair feedback import`
   (the path every sync row takes, without HTTP). Then an incremental re-run.
2. Webhook burst. `emptychair serve` (uvicorn, one process) with a webhook secret; 16
   client threads (httpx, keep-alive) send 1,000 signed POST /hooks/feedback of one
   snippet each: p50/p99 latency, requests/s, and a count of stored rows (no loss); a
   replay of every request must store nothing. Baseline in the same run: the same 16
   clients sending 1,000 GET /healthz to the same server.

    python bench/sync_bench.py                          # 100,000 tickets, ~minutes
    python bench/sync_bench.py --tickets 5000 --posts 300

The machine is shared (2 cores, other jobs running): figures are noisy; compare each
with its baseline from the same run. Results go to bench/out/sync-bench.json.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.retrieval import run_tracked  # noqa: E402
from bench.slack_bench import FILLER, TONE, TOPICS  # noqa: E402

CLIENTS = 16
TENANT = "default"


def ticket_text(rng: random.Random) -> tuple[str, str]:
    topic = rng.choice(list(TOPICS))
    words = [rng.choice(TOPICS[topic].split()) for _ in range(rng.randint(3, 12))]
    words += [rng.choice(TONE[rng.choice(list(TONE))].split()) for _ in range(rng.randint(1, 3))]
    words += rng.sample(FILLER, rng.randint(2, 8))
    rng.shuffle(words)
    return f"About {topic}", " ".join(words).capitalize() + "."


def standin_process(tickets: int, ready: Any, stop: Any) -> None:
    """Child process: build the Zendesk stand-in's data and serve it until told to stop."""
    from tests.sync_standins import StandinState, serve

    rng = random.Random(7)
    data = StandinState(page_size=1000)
    for org in range(1, 201):
        data.add_organization(org, f"Customer {org:03d}", plan=rng.choice(["smb", "enterprise"]))
    for n in range(1, tickets + 1):
        subject, body = ticket_text(rng)
        data.add_ticket(
            n,
            subject,
            body,
            org_id=rng.randint(1, 200),
            score=rng.choice(["good", "bad", "unoffered", "offered"]),
        )
    for r in range(1, min(tickets, 1000) + 1):
        data.add_rating(r, r, rng.choice(["good", "bad"]), ticket_text(rng)[1])
    with serve(data) as url:
        ready.put(url)
        stop.wait()


def write_jsonl(path: Path, tickets: int) -> None:
    """The same snippets as the stand-in's tickets, as an import file (the baseline)."""
    rng = random.Random(7)
    plans = [rng.choice(["smb", "enterprise"]) for _ in range(200)]
    with path.open("w", encoding="utf-8") as out:
        for n in range(1, tickets + 1):
            subject, body = ticket_text(rng)
            org = rng.randint(1, 200)
            rng.choice(["good", "bad", "unoffered", "offered"])
            row = {
                "text": f"{subject}\n\n{body}",
                "customer": f"Customer {org:03d}",
                "segment": plans[org - 1],
                "source": "zendesk-file",
                "external_id": str(n),
                "url": f"https://acme.zendesk.com/agent/tickets/{n}",
            }
            out.write(json.dumps(row) + "\n")


def emptychair(*args: str) -> list[str]:
    return [sys.executable, "-m", "handlers.cli", *args]


def bench_sync(tickets: int, folder: Path) -> dict[str, Any]:
    from tests.sync_standins import EMAIL, ZENDESK_TOKEN

    ctx = multiprocessing.get_context("spawn")
    ready, stop = ctx.Queue(), ctx.Event()
    child = ctx.Process(target=standin_process, args=(tickets, ready, stop), daemon=True)
    child.start()
    try:
        url = ready.get(timeout=600)
        jsonl = folder / "tickets.jsonl"
        write_jsonl(jsonl, tickets)
        base = run_tracked(
            emptychair(
                "--db", str(folder / "import.db"), "feedback", "import", "--json", str(jsonl)
            )
        )
        db = folder / "sync.db"
        env_args = ("--url", url, "--email", EMAIL, "--token", ZENDESK_TOKEN, "--json")
        first = run_tracked(emptychair("--db", str(db), "feedback", "sync", "zendesk", *env_args))
        again = run_tracked(emptychair("--db", str(db), "feedback", "sync", "zendesk", *env_args))
    finally:
        stop.set()
        child.join(10)
    for run in (base, first, again):
        if run["returncode"] != 0:
            raise SystemExit(f"command failed: {run['stderr'].strip()}")
    summary, rerun, imported = (json.loads(r["stdout"]) for r in (first, again, base))
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT COUNT(*), COUNT(DISTINCT external_id) FROM feedback").fetchone()
    conn.close()
    return {
        "tickets": tickets,
        "sync": {
            "seconds": round(first["seconds"], 1),
            "records_per_s": round(summary["fetched"] / first["seconds"]),
            "peak_rss_mb": round(first["peak_rss_mb"]),
            **summary,
        },
        "rerun": {"seconds": round(again["seconds"], 1), **rerun},
        "import_baseline": {
            "seconds": round(base["seconds"], 1),
            "rows_per_s": round(imported["rows"] / base["seconds"]),
            "peak_rss_mb": round(base["peak_rss_mb"]),
            **imported,
        },
        "stored_rows": stored[0],
        "distinct_external_ids": stored[1],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def burst(url: str, requests: list[tuple[str, bytes | None, dict[str, str]]]) -> dict[str, Any]:
    """Send the requests from CLIENTS threads; latency percentiles and status counts."""
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    queue = list(enumerate(requests))

    def client() -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while True:
                with lock:
                    if not queue:
                        return
                    _, (path, body, headers) = queue.pop()
                started = time.perf_counter()
                if body is None:
                    response = http.get(path)
                else:
                    response = http.post(path, content=body, headers=headers)
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1),
        "per_s": round(len(ordered) / wall),
        "statuses": statuses,
    }


def bench_webhook(posts: int, folder: Path) -> dict[str, Any]:
    from bot.webhook import sign

    db = folder / "webhook.db"
    made = subprocess.run(
        emptychair("--db", str(db), "webhook", "secret", "--tenant", TENANT, "--json"),
        capture_output=True,
        text=True,
        check=True,
    )
    secret = json.loads(made.stdout)["secret"]
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "EMPTYCHAIR_"))}
    server = subprocess.Popen(
        emptychair("--db", str(db), "serve", "--port", str(port)),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        import httpx

        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        rng = random.Random(11)
        signed = []
        for n in range(posts):
            body = json.dumps(
                {
                    "text": ticket_text(rng)[1],
                    "customer": f"Survey {n % 50}",
                    "source": "survey",
                    "external_id": f"resp-{n}",
                }
            ).encode()
            signed.append(
                (
                    "/hooks/feedback",
                    body,
                    {
                        "Content-Type": "application/json",
                        "X-EmptyChair-Tenant": TENANT,
                        "X-EmptyChair-Signature": sign(secret, body),
                    },
                )
            )
        health = burst(url, [("/healthz", None, {})] * posts)
        hooks = burst(url, signed)
        replay = burst(url, signed)
    finally:
        server.terminate()
        server.wait(10)
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT COUNT(*) FROM feedback WHERE source = 'survey'").fetchone()[0]
    conn.close()
    return {
        "posts": posts,
        "clients": CLIENTS,
        "webhook": hooks,
        "replay": replay,
        "healthz_baseline": health,
        "stored_rows": stored,
        "lost": posts - stored,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1_000)
    parser.add_argument("--skip-sync", action="store_true")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine": f"{os.cpu_count()} cores, shared with other jobs"}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if not args.skip_sync:
            results["sync"] = bench_sync(args.tickets, folder)
            s = results["sync"]
            print(
                f"sync {s['tickets']:,} tickets: {s['sync']['seconds']} s, "
                f"{s['sync']['records_per_s']:,} records/s, peak RSS {s['sync']['peak_rss_mb']} MB;"
                f" stored {s['stored_rows']:,} ({s['distinct_external_ids']:,} distinct ids)"
            )
            print(
                f"  baseline import of the same rows from JSON Lines: "
                f"{s['import_baseline']['seconds']} s, "
                f"{s['import_baseline']['rows_per_s']:,} rows/s, "
                f"peak RSS {s['import_baseline']['peak_rss_mb']} MB"
            )
            print(
                f"  incremental re-run: {s['rerun']['seconds']} s, {s['rerun']['fetched']} records,"
                f" {s['rerun']['added']} new"
            )
        results["webhook"] = bench_webhook(args.posts, folder)
        w = results["webhook"]
        print(
            f"webhook burst {w['posts']:,} posts, {w['clients']} clients: "
            f"p50 {w['webhook']['p50_ms']} ms, p99 {w['webhook']['p99_ms']} ms, "
            f"{w['webhook']['per_s']}/s, statuses {w['webhook']['statuses']}; "
            f"stored {w['stored_rows']:,}, lost {w['lost']}"
        )
        print(
            f"  replay of every post: statuses {w['replay']['statuses']}, "
            f"p99 {w['replay']['p99_ms']} ms"
        )
        print(
            f"  baseline GET /healthz, same clients: p50 {w['healthz_baseline']['p50_ms']} ms, "
            f"p99 {w['healthz_baseline']['p99_ms']} ms, {w['healthz_baseline']['per_s']}/s"
        )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "sync-bench.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
