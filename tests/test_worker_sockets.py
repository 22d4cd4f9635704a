"""The listening sockets of `serve --workers N` answer without Nagle's delay.

A response goes out in two writes (head, then body). With Nagle's algorithm on, the
second waits for the client's delayed ACK (40 ms on Linux), so every keep-alive client
waited 40 ms per request and two workers served fewer requests than one. These tests
check the option on the connections the worker sockets accept, both as the kernel hands
them over and as the event loop uvicorn runs on sees them.
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from handlers.workers import listening_socket, reuse_port_supported

pytestmark = pytest.mark.skipif(not reuse_port_supported(), reason="needs SO_REUSEPORT")


def nodelay(sock: socket.socket) -> bool:
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


def test_an_accepted_connection_has_nagle_off() -> None:
    server = listening_socket("127.0.0.1", 0)
    port = server.getsockname()[1]
    server.setblocking(True)
    try:
        with socket.create_connection(("127.0.0.1", port)):
            accepted, _ = server.accept()
            with accepted:
                assert nodelay(accepted)
    finally:
        server.close()


def test_the_event_loop_serving_a_worker_socket_sends_without_delay() -> None:
    """uvicorn serves a worker's socket with `loop.create_server(sock=...)`."""
    seen: list[bool] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            seen.append(nodelay(transport.get_extra_info("socket")))
            transport.close()

    async def main() -> None:
        sock = listening_socket("127.0.0.1", 0)
        port = sock.getsockname()[1]
        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        async with server:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            await reader.read()  # the probe closes the connection once it has looked
            writer.close()

    asyncio.run(main())
    assert seen == [True]


def test_two_worker_sockets_share_one_port() -> None:
    first = listening_socket("127.0.0.1", 0)
    try:
        second = listening_socket("127.0.0.1", first.getsockname()[1])
        second.close()
    finally:
        first.close()
