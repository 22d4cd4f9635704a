"""`serve --workers N`: N server processes on one port, each with a listening socket of its own.

uvicorn's own `--workers` shares one listening socket between its processes, and
asyncio accepts every pending connection in one go: the first process to wake takes
them all, so Slack's few keep-alive connections (and a benchmark's 16) ended up on one
process while the other idled — two workers served 0.91x of one. Here every process
listens on its own socket bound with `SO_REUSEPORT`, and the kernel spreads new
connections over them by their addresses. The parent only binds the sockets (so a port
in use fails at once, in the foreground), starts the processes and starts a new one
when one dies; the sockets stay open in the parent, so connections the kernel gave a
dead process's socket wait for its successor instead of being refused.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import socket
import threading
import time
from multiprocessing.process import BaseProcess
from types import FrameType

from bot.errors import ConfigError
from bot.i18n import N_

logger = logging.getLogger(__name__)

#: Connections the kernel queues per socket before the process accepts them.
BACKLOG = 2048
#: A worker that dies this often within a minute is broken, not unlucky: give up.
MAX_RESTARTS_PER_MINUTE = 5
#: Seconds a worker has to finish its requests when the server stops.
STOP_SECONDS = 10.0


def reuse_port_supported() -> bool:
    """Whether this platform lets several sockets listen on one port (Linux, BSD, macOS)."""
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket bound to `host:port` with `SO_REUSEPORT`, listening (one per worker)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: asyncio turns Nagle's algorithm off only on sockets
    # that say they are TCP. With it on, a response written in two parts (head, then
    # body) waited for the client's delayed ACK, 40 ms on Linux, after every request,
    # and two workers served fewer requests than one. TCP_NODELAY on the listening
    # socket is inherited by the connections it accepts, whatever the event loop does.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def run_worker(sock: socket.socket, log_level: str, proxy_headers: bool) -> None:
    """One worker process: uvicorn serving the app from the environment on `sock`."""
    import uvicorn

    config = uvicorn.Config(
        "handlers.server:app_from_env",
        factory=True,
        log_level=log_level,
        proxy_headers=proxy_headers,
        access_log=False,
    )
    uvicorn.Server(config).run(sockets=[sock])


class Workers:
    """The parent of the worker processes: starts them, replaces dead ones, stops them."""

    def __init__(
        self, sockets: list[socket.socket], *, log_level: str, proxy_headers: bool
    ) -> None:
        self.sockets = sockets
        self.log_level = log_level
        self.proxy_headers = proxy_headers
        self.context = multiprocessing.get_context("spawn")
        self.processes: list[BaseProcess] = []
        self.restarts: list[float] = []
        self.stopping = threading.Event()

    def _start(self, index: int) -> BaseProcess:
        process = self.context.Process(
            target=run_worker,
            args=(self.sockets[index], self.log_level, self.proxy_headers),
            name=f"emptychair-worker-{index}",
        )
        process.start()
        return process

    def run(self) -> None:
        """Start every worker and watch them until `stop()` (or SIGINT/SIGTERM)."""
        self.processes = [self._start(i) for i in range(len(self.sockets))]
        try:
            while not self.stopping.wait(0.5):
                self._replace_dead()
        finally:
            self._stop_all()

    def _replace_dead(self) -> None:
        for index, process in enumerate(self.processes):
            if process.is_alive() or self.stopping.is_set():
                continue
            now = time.monotonic()
            self.restarts = [t for t in self.restarts if now - t < 60] + [now]
            if len(self.restarts) > MAX_RESTARTS_PER_MINUTE:
                raise ConfigError(
                    N_("the server processes keep exiting (exit code {code}); see the log above"),
                    code=process.exitcode,
                )
            logger.warning(
                "worker %d (pid %s) exited with code %s; starting another",
                index,
                process.pid,
                process.exitcode,
            )
            self.processes[index] = self._start(index)

    def stop(self) -> None:
        """Ask `run()` to stop every worker and return."""
        self.stopping.set()

    def _stop_all(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests in progress
        deadline = time.monotonic() + STOP_SECONDS
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()
        for sock in self.sockets:
            sock.close()


def serve_workers(
    host: str, port: int, workers: int, *, log_level: str = "warning", proxy_headers: bool = True
) -> None:
    """Serve the app from the environment in `workers` processes on `host:port`."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(workers):
            sockets.append(listening_socket(host, port))
    except OSError as exc:
        for sock in sockets:
            sock.close()
        raise ConfigError(
            N_("cannot listen on {host}:{port}: {reason}"),
            host=host,
            port=port,
            reason=exc.strerror,
        ) from exc
    supervisor = Workers(sockets, log_level=log_level, proxy_headers=proxy_headers)

    def on_signal(signum: int, frame: FrameType | None) -> None:
        supervisor.stop()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        supervisor.run()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
