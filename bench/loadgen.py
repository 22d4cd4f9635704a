"""A cheap HTTP/1.1 load generator for the benchmarks, run in a process of its own.

On a 2-core machine the load generator competes with the server for the cores, so it
must cost as little as possible per request: requests are built and signed before the
clock starts (raw bytes), every client is one keep-alive connection over asyncio
streams, and a response is read by its Content-Length with no HTTP library in between.
`LoadGenerator` runs the clients in a separate (spawned) process, so they never share
a GIL with the benchmark's own bookkeeping.
"""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field


@dataclass
class Load:
    """What the clients saw: every response's status and latency, and connection failures."""

    latencies: list[float] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    unexpected: int = 0  # 200 without the expected text in the body
    failures: int = 0  # connection reset or refused, or a response cut short
    elapsed: float = 0.0
    cpu: float = 0.0  # CPU seconds the load generator itself used

    def of_status(self, status: int) -> list[float]:
        """Latencies of the responses with `status`, in the order they came."""
        return [lat for lat, st in zip(self.latencies, self.statuses, strict=True) if st == status]


def http_request(host: str, port: int, path: str, headers: dict[str, str], body: bytes) -> bytes:
    """One keep-alive HTTP/1.1 POST as raw bytes."""
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes, bool, float]:
    """Send one request; its status, body, whether the server keeps the connection, and
    the seconds of its Retry-After header (0 without one)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = -1
    keep = True
    retry_after = 0.0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"connection" and value.strip().lower() == b"close":
            keep = False
        elif name == b"retry-after":
            retry_after = float(value)
    body = await reader.readexactly(length) if length >= 0 else await reader.read()
    return status, body, keep and length >= 0, retry_after


async def _run(
    host: str,
    port: int,
    requests: list[bytes],
    clients: int,
    expect: bytes,
    count: int | None,
    duration: float | None,
    timeout: float,
    honour_retry_after: bool,
) -> Load:
    load = Load()
    supply: Iterator[bytes] = (
        iter(requests[:count]) if count is not None else itertools.cycle(requests)
    )
    deadline = time.perf_counter() + duration if duration is not None else float("inf")

    async def client() -> None:
        reader: asyncio.StreamReader | None = None
        writer: asyncio.StreamWriter | None = None
        for request in supply:
            if time.perf_counter() >= deadline:
                break
            started = time.perf_counter()
            try:
                if writer is None or reader is None:
                    reader, writer = await asyncio.open_connection(host, port)
                status, body, keep, retry_after = await asyncio.wait_for(
                    _exchange(reader, writer, request), timeout
                )
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                load.failures += 1
                if writer is not None:
                    writer.close()
                reader = writer = None
                continue
            load.latencies.append(time.perf_counter() - started)
            load.statuses.append(status)
            if status == 200 and expect not in body:
                load.unexpected += 1
            if not keep:
                writer.close()
                reader = writer = None
            if status == 503 and honour_retry_after:  # as Slack does: its retry comes later
                await asyncio.sleep(min(retry_after, max(0.0, deadline - time.perf_counter())))
        if writer is not None:
            writer.close()

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(client() for _ in range(clients)))
    load.elapsed = time.perf_counter() - started
    load.cpu = time.process_time() - cpu
    return load


def run_load(
    host: str,
    port: int,
    requests: list[bytes],
    clients: int,
    expect: bytes = b"",
    *,
    count: int | None = None,
    duration: float | None = None,
    timeout: float = 30.0,
    honour_retry_after: bool = False,
) -> Load:
    """`clients` concurrent keep-alive clients sending `requests` (the first `count`, or
    round and round for `duration` seconds); a response slower than `timeout` is a failure.

    With `honour_retry_after`, a client told 503 waits the Retry-After seconds before its
    next request (as Slack, whose retry of a refused request comes later); without it,
    it sends the next one at once (a retry storm).
    """
    return asyncio.run(
        _run(host, port, requests, clients, expect, count, duration, timeout, honour_retry_after)
    )


class LoadGenerator:
    """`run_load` in a spawned process of its own (kept for every round)."""

    def __init__(self) -> None:
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))

    def run(
        self,
        host: str,
        port: int,
        requests: list[bytes],
        clients: int,
        expect: bytes = b"",
        **options: float | int | bool | None,
    ) -> Load:
        """Run the load in the generator's process and return what the clients saw."""
        return self.pool.submit(run_load, host, port, requests, clients, expect, **options).result()

    def close(self) -> None:
        """Stop the generator's process."""
        self.pool.shutdown()
