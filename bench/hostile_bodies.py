"""Memory of a real `emptychair serve` while hostile bodies arrive on every route.

Starts `emptychair serve --workers 1` (Slack against the local stand-in, Teams, the
feedback webhook) and sends each route 256 MB chunked, a Content-Length that is 100
bytes while 64 MB follow, a declared 256 MB body, and a 29-digit Content-Length. Prints
the status line of each answer, how much the client got to send, and the server's
resident memory (VmRSS) before and after, against the baseline taken after start-up in
the same run. The machine is shared: the figures are noisy, the growth should be ~0.

    python -m bench.hostile_bodies
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1 << 20
ROUTES = (
    "/slack/events", "/api/messages", "/hooks/feedback", "/slack/install", "/healthz",
    "/no-such-page",
)  # fmt: skip


def rss_mb(pid: int) -> float:
    """The resident memory of process `pid` in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def send(port: int, path: str, headers: str, chunks: Iterable[bytes]) -> tuple[str, int]:
    """POST raw bytes; returns the status line and how many body bytes went out."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=30) as conn:
        conn.sendall(f"POST {path} HTTP/1.1\r\nHost: bench\r\n{headers}\r\n".encode())
        try:
            for chunk in chunks:
                conn.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the server closed the connection: it stopped reading
        try:
            answer = conn.recv(4096).split(b"\r\n")[0].decode("latin-1")
        except OSError as exc:
            answer = type(exc).__name__
    return answer, sent


def chunked(total_mb: int) -> Iterator[bytes]:
    """`total_mb` MB in chunked transfer encoding."""
    block = b"a" * MB
    for _ in range(total_mb):
        yield b"100000\r\n" + block + b"\r\n"
    yield b"0\r\n\r\n"


def raw(total_mb: int) -> Iterator[bytes]:
    """`total_mb` MB of body bytes."""
    block = b"a" * MB
    for _ in range(total_mb):
        yield block


def main() -> None:
    """Run every case on every route and print the figures."""
    from tests.slack_standin import SlackStandIn  # answers auth.test at start-up

    standin = SlackStandIn().start()
    folder = Path(tempfile.mkdtemp(prefix="emptychair-hostile-"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ)
    env |= {
        "EMPTYCHAIR_DB": str(folder / "bench.db"),
        "SLACK_SIGNING_SECRET": "bench-signing-secret",
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_API_URL": standin.api_url,
        "CLIENT_ID": "00000000-0000-0000-0000-000000000001",
    }
    command = [sys.executable, "-m", "handlers.cli", "serve", "--port", str(port), "--workers", "1"]
    server = subprocess.Popen(command, env=env, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        baseline = rss_mb(server.pid)
        print(f"server RSS after start-up: {baseline:.0f} MB")
        cases = (
            ("256 MB chunked", "Transfer-Encoding: chunked\r\n", lambda: chunked(256)),
            ("CL 100, 64 MB sent", "Content-Length: 100\r\n", lambda: raw(64)),
            ("CL 256 MB declared", f"Content-Length: {256 * MB}\r\n", lambda: raw(256)),
            ("CL of 29 digits", "Content-Length: " + "9" * 29 + "\r\n", lambda: raw(1)),
        )
        for path in ROUTES:
            for name, headers, body in cases:
                before = rss_mb(server.pid)
                kind = "Content-Type: application/json\r\n"
                status, sent = send(port, path, kind + headers, body())
                after = rss_mb(server.pid)
                print(
                    f"{path:16} {name:20} {status:40} sent {sent / MB:6.1f} MB"
                    f"  RSS {before:.0f} -> {after:.0f} MB"
                )
        final = rss_mb(server.pid)
        print(f"server RSS at the end: {final:.0f} MB (growth {final - baseline:+.0f} MB)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        standin.stop()


if __name__ == "__main__":
    main()
