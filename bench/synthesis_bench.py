"""What the optional model-written answer costs the deterministic path and the Slack ack.

Two measurements, each against a baseline taken in the same run, alternating so that a
busy machine hurts both alike:

1. In-process: the deterministic answer as `/customer` computes it before the ack, with
   the model off, and with it on (the answer plus the tenant switch check the handler
   adds before handing the model call to a worker). Target: added p50 < 1 ms.
2. Slack: two real servers on loopback (uvicorn, the same FastAPI app), one without a
   model and one with an OpenAI-compatible stand-in that answers after `--model-delay`
   seconds; signed `/customer` requests alternate between them and the time to the ack
   (the deterministic answer) is compared. Target: the ack with the model on is not
   slower than without by more than the run's noise (p50 within 1 ms or 10 %).

    python bench/synthesis_bench.py                   # ~1 minute
    python bench/synthesis_bench.py --snippets 5000 --requests 100

The model stand-in and the Slack Web API stand-in are the test suite's (tests/), on
127.0.0.1. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.slack_bench import QUESTIONS, TEAM, TENANT, build_database  # noqa: E402

ADDED_TARGET_MS = 1.0


def pct(values: list[float], q: float) -> float:
    """The q-quantile of `values` (milliseconds in, milliseconds out)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def in_process(db_path: Path, rounds: int, llm_url: str) -> dict[str, Any]:
    """Deterministic answer with the model off vs on (plus the switch check), alternating."""
    from bot.config import Settings
    from bot.llm import LlmSettings
    from bot.store import Store
    from bot.workspace import Workspace

    store = Store(db_path)
    off = Workspace(store, TENANT, Settings())
    on = Workspace(store, TENANT, Settings(llm=LlmSettings(llm_url, "bench-model")))
    for q in QUESTIONS:  # warm caches for both
        off.answer_for_customer(q)
        on.answer_for_customer(q)
    times: dict[str, list[float]] = {"off": [], "on": []}
    for i in range(rounds):
        q = QUESTIONS[i % len(QUESTIONS)]
        for kind in ("off", "on") if i % 2 else ("on", "off"):
            ws = off if kind == "off" else on
            started = time.perf_counter()
            ws.answer_for_customer(q)
            if kind == "on":
                assert ws.llm_active()
            times[kind].append((time.perf_counter() - started) * 1000)
    store.close()
    result = {kind: {"p50": pct(v, 0.5), "p99": pct(v, 0.99)} for kind, v in times.items()}
    result["added_p50"] = result["on"]["p50"] - result["off"]["p50"]
    # The switch check alone, many times (the part of "on" that is not the answer).
    store = Store(db_path)
    ws = Workspace(store, TENANT, on.settings)
    started = time.perf_counter()
    for _ in range(2000):
        ws.llm_active()
    result["switch_check_ms"] = (time.perf_counter() - started) * 1000 / 2000
    store.close()
    return result


def command_body(i: int, response_url: str) -> str:
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
            "response_url": response_url,
            "trigger_id": f"{i}.1",
        }
    )


def slack_acks(db_path: Path, requests: int, model_delay: float) -> dict[str, Any]:
    """Time to the ack of signed `/customer` requests, model off vs on, alternating."""
    import shutil

    from bot.config import Settings
    from tests.helpers import fixed_clock
    from tests.llm_standin import LlmStandIn
    from tests.slack_fixtures import running_server, sign
    from tests.slack_standin import SlackStandIn

    standin = SlackStandIn().start()
    model = LlmStandIn()
    model.default_delay = model_delay
    on_db = db_path.with_name("on.db")
    shutil.copy(db_path, on_db)
    times: dict[str, list[float]] = {"off": [], "on": []}
    try:
        off_settings = Settings(db_path=str(db_path), clock=fixed_clock)
        on_settings = Settings(db_path=str(on_db), llm=model.settings(), clock=fixed_clock)
        with (
            running_server(db_path, standin, settings=off_settings) as off,
            running_server(on_db, standin, settings=on_settings) as on,
        ):
            for i in range(requests + 10):
                for kind in ("off", "on") if i % 2 else ("on", "off"):
                    server = off if kind == "off" else on
                    body = command_body(i, standin.response_url(f"{kind}{i}"))
                    headers = {"Content-Type": "application/x-www-form-urlencoded", **sign(body)}
                    started = time.perf_counter()
                    response = server.http.post(
                        server.url + "/slack/events", content=body.encode(), headers=headers
                    )
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200 and response.json()["blocks"]
                    if i >= 10:  # the first requests warm both servers
                        times[kind].append(elapsed)
            standin.settle(model_delay + 1)
            responds = standin.calls_to("respond")
            replaced = len([c for c in responds if c.path.startswith("/respond/on")])
    finally:
        model.stop()
        standin.stop()
    result: dict[str, Any] = {
        kind: {"p50": pct(v, 0.5), "p99": pct(v, 0.99), "mean": statistics.fmean(v)}
        for kind, v in times.items()
    }
    result["added_p50"] = result["on"]["p50"] - result["off"]["p50"]
    result["model_calls"] = len(model.received)
    result["replaced_in_place"] = replaced
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snippets", type=int, default=20_000)
    parser.add_argument("--principles", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=400, help="in-process answers per side")
    parser.add_argument("--requests", type=int, default=200, help="Slack requests per side")
    parser.add_argument("--model-delay", type=float, default=0.3, help="stand-in model latency")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "bench.db"
        built = build_database(db_path, args.principles, args.snippets, seed=13)
        print(f"workspace: {args.principles} principles, {args.snippets} snippets ({built:.1f} s)")
        inproc = in_process(db_path, args.rounds, "http://127.0.0.1:9/v1")
        slack = slack_acks(db_path, args.requests, args.model_delay)
    print(
        f"deterministic answer, in-process ({args.rounds} each): "
        f"model off p50 {inproc['off']['p50']:.2f} ms p99 {inproc['off']['p99']:.2f} ms; "
        f"model on p50 {inproc['on']['p50']:.2f} ms p99 {inproc['on']['p99']:.2f} ms; "
        f"added p50 {inproc['added_p50']:+.3f} ms (switch check {inproc['switch_check_ms']:.3f} ms)"
    )
    print(
        f"Slack /customer ack ({args.requests} each, alternating): "
        f"model off p50 {slack['off']['p50']:.1f} ms p99 {slack['off']['p99']:.1f} ms; "
        f"model on p50 {slack['on']['p50']:.1f} ms p99 {slack['on']['p99']:.1f} ms; "
        f"added p50 {slack['added_p50']:+.1f} ms; model calls {slack['model_calls']}, "
        f"answers replaced in place {slack['replaced_in_place']}"
    )
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "synthesis-bench.json").write_text(
        json.dumps({"in_process": inproc, "slack": slack, "args": vars(args)}, indent=2)
    )
    ok = inproc["switch_check_ms"] < ADDED_TARGET_MS and inproc["added_p50"] < ADDED_TARGET_MS
    ack_ok = slack["added_p50"] < max(1.0, 0.1 * slack["off"]["p50"])
    verdict = {True: "met", False: "MISSED"}
    print(
        f"targets: added deterministic latency < {ADDED_TARGET_MS} ms: {verdict[ok]}; "
        f"ack unchanged: {verdict[ack_ok]} (figures are noisy on a shared machine)"
    )
    return 0 if ok and ack_ok else 1


if __name__ == "__main__":
    sys.exit(main())
