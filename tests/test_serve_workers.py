"""`emptychair serve --workers N`: N processes on one port over the one database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_two_workers_serve_one_port_over_one_database(tmp_path: Path) -> None:
    port = free_port()
    db = tmp_path / "workers.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "EMPTYCHAIR_"))} | {
        "EMPTYCHAIR_TEAMS_DANGEROUSLY_ALLOW_UNAUTHENTICATED": "true"
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "handlers.cli",
            "--db",
            str(db),
            "serve",
            "--port",
            str(port),
            "--workers",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        workers: list[psutil.Process] = []
        while time.monotonic() < deadline:
            workers = [
                p
                for p in psutil.Process(server.pid).children(recursive=True)
                if "multiprocessing.resource_tracker" not in " ".join(p.cmdline())
            ]
            try:
                ok = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200
            except httpx.TransportError:
                ok = False
            if ok and len(workers) >= 2:
                break
            time.sleep(0.2)
        assert len(workers) == 2, [p.cmdline() for p in workers]
        # Every process is guarded and configured alike (the factory reads the environment).
        url = f"http://127.0.0.1:{port}"
        for _ in range(6):  # new connections: the kernel spreads them over the processes
            with httpx.Client(timeout=10) as http:
                assert http.get(url + "/healthz").json()["teams"] is True
                deep = b"[" * 100_000 + b"]" * 100_000
                refused = http.post(url + "/api/messages", content=deep)
                assert refused.status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=20)
