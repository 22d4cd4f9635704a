"""Slack `/customer` under load: Empty Chair's server next to a bare Bolt app that only acks.

Builds a workspace of 1,000 principles and 100,000 feedback snippets, starts each server
in its own process on loopback (uvicorn, one worker), and fires signed `/customer`
requests from 16 concurrent clients (httpx), in alternating rounds so that a busy machine
hurts both alike. The bare app runs on the same endpoint and Bolt settings as ours; only
its listener's work differs. Reports p50/p99 latency and requests per second for both.
Targets: p99 < 200 ms, and at least half the bare app's throughput. The answer travels
in the ack's body (response_type ephemeral), as Slack recommends for fast replies, so no
Web API call is made per request.

    python bench/slack_bench.py                       # full size, ~1 minute
    python bench/slack_bench.py --snippets 10000 --requests 1000

Results are printed and written to bench/out/slack-bench.json. Exit status 1 when a
target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import multiprocessing
import os
import random
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
TEAM = "T111"
TENANT = f"slack:{TEAM}"
P99_TARGET_MS = 200.0
THROUGHPUT_TARGET = 0.5

TOPICS = {
    "returns": "return returns refund refunds label exchange parcel restocking fee",
    "delivery": "delivery shipping courier late tracking package arrived days week",
    "checkout": "checkout cart payment card coupon discount address form step",
    "billing": "invoice billing charge charged subscription plan price pricing renewal",
    "account": "login password account reset email verification locked profile",
    "app": "app mobile crash update version screen slow loading notification",
    "support": "support agent chat ticket answer waited hours phone callback",
    "features": "export report dashboard filter integration api search feature",
}
TONE = {
    "negative": "terrible slow broken annoying confusing frustrated angry worst hate",
    "positive": "great fast easy love helpful smooth quick happy recommend",
    "neutral": "okay fine usual expected average normal",
}
FILLER = "the a my our it was is and but so then when after before again really very".split()
SEGMENTS = ("enterprise", "mid-market", "smb", "consumer")
SOURCES = ("zendesk", "survey", "app-review", "sales-call", "nps")
QUESTIONS = [
    "Should we start charging for returns?",
    "Should we drop free shipping for small orders?",
    "Is checkout too long for new customers?",
    "Should we raise the subscription price?",
    "Do customers want a dark mode in the app?",
    "Should we close phone support on weekends?",
    "Is the password reset flow confusing?",
    "Should we add a restocking fee to exchanges?",
    "Do enterprise customers need an export API?",
    "Should we send fewer notifications?",
    "Is delivery tracking good enough?",
    "Should invoices show every charge?",
    "Czy powinniśmy skrócić czas dostawy?",
    "我们应该取消免费退货吗?",
    "返品を有料にすべきですか?",
    "เราควรเก็บค่าส่งคืนสินค้าไหม",
]


def generate(folder: Path, principles: int, snippets: int, seed: int) -> tuple[Path, Path]:
    """CSV files of principles and feedback snippets (deterministic for a seed)."""
    rng = random.Random(seed)
    topics = {k: v.split() for k, v in TOPICS.items()}
    tones = {k: v.split() for k, v in TONE.items()}
    customers = [f"Customer {i:04d}" for i in range(3000)]
    names = list(topics)
    p_path, f_path = folder / "principles.csv", folder / "feedback.csv"
    with p_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["title", "body", "tags"])
        for i in range(principles):
            topic = rng.choice(names)
            words = rng.sample(topics[topic], 4)
            writer.writerow(
                [
                    f"Principle {i}: {' '.join(words[:2])}",
                    f"When deciding about {topic}, {' '.join(words)} matter to the customer.",
                    topic,
                ]
            )
    with f_path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["external_id", "text", "customer", "segment", "source", "sentiment"])
        for i in range(snippets):
            topic = rng.choice(names)
            sentiment = rng.choice(("negative", "negative", "positive", "neutral"))
            words = [rng.choice(topics[topic]) for _ in range(rng.randint(3, 12))]
            words += [rng.choice(tones[sentiment]) for _ in range(rng.randint(1, 3))]
            words += rng.sample(FILLER, rng.randint(2, 8))
            rng.shuffle(words)
            writer.writerow(
                [
                    f"b{i}",
                    " ".join(words).capitalize() + ".",
                    rng.choice(customers),
                    rng.choice(SEGMENTS),
                    rng.choice(SOURCES),
                    sentiment,
                ]
            )
    return p_path, f_path


def build_database(db_path: Path, principles: int, snippets: int, seed: int) -> float:
    """The bench workspace; returns how long generating and importing took."""
    from bot.store import Store
    from bot.workspace import Workspace

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        p_path, f_path = generate(Path(folder), principles, snippets, seed)
        store = Store(db_path)
        ws = Workspace(store, TENANT)
        ws.import_principles(p_path)
        ws.import_feedback(f_path)
        store.close()
    return time.perf_counter() - started


def run_server(kind: str, db_path: str, port: int, api_url: str) -> None:
    """A server process: Empty Chair's app, or a bare Bolt app with the same endpoint."""
    for key in [k for k in os.environ if k.startswith("SLACK_")]:
        del os.environ[key]
    import logging
    import warnings

    warnings.simplefilter("ignore")  # the Teams SDK's preview notices, printed at import

    import uvicorn
    from fastapi import FastAPI
    from slack_bolt import App

    from bot.config import Settings
    from bot.store import Store
    from handlers.server import create_app, platforms_from_env, slack_endpoint
    from handlers.slack.app import web_client
    from handlers.slack.config import SlackSettings

    logging.disable(logging.WARNING)
    slack = SlackSettings(signing_secret=SECRET, bot_token=TOKEN, api_url=api_url)
    if kind.startswith("workers-"):  # `serve --workers N`: the factory, N processes
        os.environ.update(
            EMPTYCHAIR_DB=db_path,
            SLACK_SIGNING_SECRET=SECRET,
            SLACK_BOT_TOKEN=TOKEN,
            SLACK_API_URL=api_url,
        )
        uvicorn.run(
            "handlers.server:app_from_env",
            factory=True,
            workers=int(kind.removeprefix("workers-")),
            host="127.0.0.1",
            port=port,
            log_level="error",
            access_log=False,
        )
        return
    if kind == "emptychair":
        store, settings = Store(db_path), Settings(db_path=db_path)
        platforms = platforms_from_env(store, settings, slack)
        app = create_app(store, settings, platforms, poll_interval=None)
    else:
        # The same stack as ours (same endpoint, listener answered when it returns);
        # only the listener's work differs.
        bare = App(
            signing_secret=SECRET, client=web_client(slack, TOKEN), process_before_response=True
        )
        bare.command("/customer")(lambda ack: ack())
        app = FastAPI()
        app.add_api_route("/slack/events", slack_endpoint(bare, SECRET), methods=["POST"])
        app.add_api_route("/healthz", lambda: {"ok": True}, methods=["GET"])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", access_log=False)


def signed(body: str) -> dict[str, str]:
    from slack_sdk.signature import SignatureVerifier

    ts = str(int(time.time()))
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body),
    }


def command_body(i: int) -> str:
    return urlencode(
        {
            "token": "x",
            "team_id": TEAM,
            "team_domain": "bench",
            "channel_id": "C111",
            "channel_name": "general",
            "user_id": f"U{i % 50:03d}",
            "user_name": "bench",
            "command": "/customer",
            "text": QUESTIONS[i % len(QUESTIONS)],
            "response_url": "http://127.0.0.1:9/unused",
            "trigger_id": f"{i}.1",
        }
    )


async def fire(
    url: str, requests: int, clients: int, expect: str
) -> tuple[list[float], float, int]:
    """`requests` signed /customer requests from `clients` concurrent clients."""
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(timeout=30, limits=limits) as http:

        async def client() -> None:
            nonlocal errors
            for i in counter:
                body = command_body(i)
                started = time.perf_counter()
                response = await http.post(url, content=body, headers=signed(body))
                latencies.append(time.perf_counter() - started)
                if response.status_code != 200 or expect not in response.text:
                    errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return latencies, elapsed, errors


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(port: int, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def start(kind: str, db_path: Path, api_url: str) -> tuple[Any, str]:
    """A server process and its /slack/events URL."""
    port = free_port()
    ctx = multiprocessing.get_context("spawn")
    process = ctx.Process(target=run_server, args=(kind, str(db_path), port, api_url))
    process.start()
    wait_healthy(port)
    return process, f"http://127.0.0.1:{port}/slack/events"


def summary(kind: str, latencies: list[float], elapsed: float, errors: int) -> dict[str, Any]:
    ordered = sorted(latencies)
    return {
        "server": kind,
        "requests": len(ordered),
        "errors": errors,
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 2),
        "rps": round(len(ordered) / elapsed, 1),
    }


def measure(
    db_path: Path,
    api_url: str,
    args: argparse.Namespace,
    kinds: tuple[str, ...] = ("bare", "emptychair"),
) -> list[dict[str, Any]]:
    """The servers, measured in alternating rounds so that a busy machine hurts all alike."""
    servers = {kind: start(kind, db_path, api_url) for kind in kinds}
    totals: dict[str, tuple[list[float], float, int]] = {k: ([], 0.0, 0) for k in kinds}
    try:
        for kind in kinds:
            expect = "" if kind == "bare" else '"blocks"'
            asyncio.run(fire(servers[kind][1], args.warmup, args.clients, expect))
        per_round = max(args.requests // args.rounds, args.clients)
        for _ in range(args.rounds):
            for kind in kinds:
                expect = "" if kind == "bare" else '"blocks"'  # the bare ack is empty
                lat, elapsed, errors = asyncio.run(
                    fire(servers[kind][1], per_round, args.clients, expect)
                )
                before = totals[kind]
                totals[kind] = (before[0] + lat, before[1] + elapsed, before[2] + errors)
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.join(10)
    return [summary(kind, *totals[kind]) for kind in kinds]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--principles", type=int, default=1_000)
    parser.add_argument("--snippets", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=4_000)
    parser.add_argument("--warmup", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=4, help="alternating rounds per server")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "slack-bench.json")
    parser.add_argument(
        "--workers",
        action="store_true",
        help="compare `serve --workers 1` with `--workers 2` (target: 1.6x, p99 < 200 ms)",
    )
    args = parser.parse_args(argv)
    if args.workers:
        return compare_workers(args)

    from tests.slack_standin import SlackStandIn  # answers auth.test at start-up

    standin = SlackStandIn().start()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        built = build_database(db_path, args.principles, args.snippets, args.seed)
        print(
            f"workspace: {args.principles:,} principles, {args.snippets:,} snippets "
            f"(generated and imported in {built:.1f} s)"
        )
        results = measure(db_path, standin.api_url, args)
    standin.stop()
    bare, ours = results
    ratio = ours["rps"] / bare["rps"]
    print(f"{args.clients} concurrent clients, {args.requests:,} signed /customer requests each")
    print(f"{'server':<12} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'errors':>7}")
    for r in results:
        print(f"{r['server']:<12} {r['p50_ms']:>8} {r['p99_ms']:>8} {r['rps']:>8} {r['errors']:>7}")
    met_latency = ours["p99_ms"] < P99_TARGET_MS
    met_throughput = ratio >= THROUGHPUT_TARGET
    print(
        f"p99 {ours['p99_ms']} ms (target < {P99_TARGET_MS:.0f}): "
        f"{'met' if met_latency else 'MISSED'}; throughput {ratio:.2f} of bare "
        f"(target >= {THROUGHPUT_TARGET}): {'met' if met_throughput else 'MISSED'}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "principles": args.principles,
        "snippets": args.snippets,
        "clients": args.clients,
        "results": results,
        "throughput_ratio": round(ratio, 3),
        "targets_met": met_latency and met_throughput and not ours["errors"],
    }
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if report["targets_met"] else 1


WORKERS_TARGET = 1.6


def compare_workers(args: argparse.Namespace) -> int:
    """`serve --workers 1` against `--workers 2`, in alternating rounds on this machine."""
    from tests.slack_standin import SlackStandIn

    standin = SlackStandIn().start()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        built = build_database(db_path, args.principles, args.snippets, args.seed)
        print(f"workspace: {args.snippets:,} snippets (built in {built:.1f} s)")
        one, two = measure(db_path, standin.api_url, args, ("workers-1", "workers-2"))
    standin.stop()
    ratio = two["rps"] / one["rps"]
    print(f"{args.clients} concurrent clients; cores: {os.cpu_count()} (shared machine)")
    for r in (one, two):
        print(f"{r['server']:<10} p50 {r['p50_ms']} ms  p99 {r['p99_ms']} ms  {r['rps']} req/s")
    met = ratio >= WORKERS_TARGET and two["p99_ms"] < P99_TARGET_MS and not two["errors"]
    print(f"2 workers / 1 worker: {ratio:.2f}x (target >= {WORKERS_TARGET}): ", end="")
    print("met" if met else "MISSED")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
