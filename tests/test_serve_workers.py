"""`emptychair serve --workers N`: N processes on one port over the one database.

Each process listens on a socket of its own (SO_REUSEPORT), so connections are spread
over them; a process that dies is replaced; SIGTERM stops them all.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
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
        assert_connections_spread(port, workers)
        # Every process is guarded and configured alike (the factory reads the environment).
        url = f"http://127.0.0.1:{port}"
        for _ in range(6):  # new connections: the kernel spreads them over the processes
            with httpx.Client(timeout=10) as http:
                assert http.get(url + "/healthz").json()["teams"] is True
                deep = b"[" * 100_000 + b"]" * 100_000
                refused = http.post(url + "/api/messages", content=deep)
                assert refused.status_code == 400
        # A worker that dies is replaced; the port keeps answering meanwhile.
        workers[0].kill()
        replaced = wait_for_workers(server, 2, lambda ws: workers[0].pid not in {w.pid for w in ws})
        assert len(replaced) == 2 and workers[1].pid in {w.pid for w in replaced}
        assert httpx.get(url + "/healthz", timeout=10).status_code == 200
    finally:
        server.terminate()
        assert server.wait(timeout=20) == 0
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in workers[1:])


def wait_for_workers(
    server: subprocess.Popen[bytes], count: int, ready: Callable[[list[psutil.Process]], bool]
) -> list[psutil.Process]:
    """The server's worker processes once there are `count` of them and `ready` holds."""
    deadline = time.monotonic() + 60
    found: list[psutil.Process] = []
    while time.monotonic() < deadline:
        found = []
        for process in psutil.Process(server.pid).children(recursive=True):
            try:  # a killed worker stays a zombie until the parent notices
                if process.status() == psutil.STATUS_ZOMBIE:
                    continue
                if "multiprocessing.resource_tracker" in " ".join(process.cmdline()):
                    continue
            except psutil.Error:
                continue
            found.append(process)
        if len(found) == count and ready(found):
            return found
        time.sleep(0.2)
    return found


def assert_connections_spread(port: int, workers: list[psutil.Process]) -> None:
    """16 keep-alive connections opened at once land on both processes, not all on one.

    uvicorn's shared socket gave all of them to whichever process woke first (0.91x the
    throughput of one worker); with a socket per process the kernel spreads them (all 16
    on one of two sockets by chance: 1 in 32,768).
    """
    conns = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(16)]
    try:
        for conn in conns:
            conn.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        for conn in conns:
            assert conn.recv(4096).startswith(b"HTTP/1.1 200")
        served = [
            sum(c.status == psutil.CONN_ESTABLISHED for c in w.net_connections("tcp"))
            for w in workers
        ]
        assert sum(served) == 16 and min(served) >= 1, served
    finally:
        for conn in conns:
            conn.close()
