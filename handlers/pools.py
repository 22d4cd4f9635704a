"""The bounded worker pools every platform runs core calls on (one concurrency model).

Core calls block: the answer search is CPU-bound and SQLite writes wait for the write
lock. They never run on the event loop that serves every connection. Answers take one
thread in arrival order (more threads only fight over the GIL and make latency unfair
under load); everything that may write shares a small pool of its own, so a busy
database never holds up answers. A core call that mostly waits on the network (the
model-written answer, up to its budget) has a third pool, so a slow model never holds
up writes. Slack's listeners run on these pools directly; Teams' async listeners
`await answer(...)`, `await request(...)` and `await slow(...)` (a test makes any SQLite
access from a Teams handler on the event loop fail: `tests/test_teams_event_loop.py`).
"""

from __future__ import annotations

import asyncio
import functools
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import ParamSpec, TypeVar

#: Threads for the quick part of requests that may write (and wait for the write lock).
REQUEST_THREADS = 4
#: Threads for core calls that wait on the network (the model-written answer).
SLOW_THREADS = 8
#: How long a thread may hold Python's lock while another waits for it (default 5 ms).
SWITCH_SECONDS = 0.001

P = ParamSpec("P")
R = TypeVar("R")

#: CPU-bound reads: answers and evidence searches, one at a time in arrival order.
ANSWERS = ThreadPoolExecutor(1, thread_name_prefix="core-answers")
#: Everything else that touches the database.
REQUESTS = ThreadPoolExecutor(REQUEST_THREADS, thread_name_prefix="core-requests")
#: Core calls that mostly wait on the network.
SLOW = ThreadPoolExecutor(SLOW_THREADS, thread_name_prefix="core-slow")


async def _on(pool: ThreadPoolExecutor, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, functools.partial(fn, *args, **kwargs))


async def answer(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run an answer or search on the answers pool, off the event loop."""
    return await _on(ANSWERS, fn, *args, **kwargs)


async def request(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a core call that may write on the requests pool, off the event loop."""
    return await _on(REQUESTS, fn, *args, **kwargs)


async def slow(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Run a core call that mostly waits on the network on its own pool, off the event loop."""
    return await _on(SLOW, fn, *args, **kwargs)


def share_the_gil() -> None:
    """Let the event loop take Python's lock back from a busy answer thread within 1 ms.

    An answer holds the lock for its whole CPU-bound search; by default a waiting thread
    gets it only after 5 ms, so under load every step of the event loop (accepting,
    parsing, answering 503 when shedding) waited that long. Servers call this once.
    """
    sys.setswitchinterval(SWITCH_SECONDS)
