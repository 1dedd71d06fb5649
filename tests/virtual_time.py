"""An event loop on a virtual clock, for tests of code that waits (asyncio.sleep, wait_for).

When nothing is ready, the loop does not block: its clock jumps to the next timer. A test
of pacing then runs in no real time and is exact on a busy machine.

Real work is waited for in real time, with the clock standing still: a query on an
aiosqlite connection's thread, a ``run_in_executor`` job. So the virtual clock measures
only the waits the code asked for, never how long the machine took to compute, and what
a test asserts about time cannot depend on the load of the machine. Sockets on 127.0.0.1
(the fake Bot API served in the same loop) need no such care: what one end writes can be
read by the other before the loop looks again.
"""

from __future__ import annotations

import asyncio
import math
import selectors
import sys
from collections.abc import Callable, Coroutine
from concurrent.futures import Executor
from typing import Any, TypeVar

T = TypeVar("T")

# Real seconds a thread may take to answer before the test is stopped rather than hung.
THREAD_ANSWER_LIMIT = 60.0


class _Selector(selectors.DefaultSelector):
    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        events = super().select(0)
        if events or timeout == 0:
            if not events and timeout == 0:
                self._step(0.0)
            return events
        if self._loop.threads_working or timeout is None:
            # A thread computes for us, or only real I/O can wake the loop (no timer): wait
            # for it in real time, the clock stopped.
            events = super().select(THREAD_ANSWER_LIMIT)
            if not events:
                raise RuntimeError(f"nothing happened in {THREAD_ANSWER_LIMIT} real seconds")
            return events
        self._step(timeout)
        return events

    def _step(self, timeout: float) -> None:
        # At least one step of the float: a wait shorter than that (code that waits until
        # ``start`` when ``start - now`` is below the clock's precision) must end too.
        self._loop.now = max(self._loop.now + timeout, math.nextafter(self._loop.now, math.inf))


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """``time()`` starts at 0 and moves only when the loop would otherwise wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.threads_working = 0  # answers awaited from other threads
        super().__init__(_Selector(self))

    def time(self) -> float:
        return self.now

    def create_future(self) -> asyncio.Future[Any]:
        future = super().create_future()
        # aiosqlite runs each call on its connection's thread and answers through a future
        # it creates here (Connection._execute); counting those keeps the clock still
        # while a query runs. tests/delivery/test_virtual_time.py checks that it does.
        if sys._getframe(1).f_globals.get("__name__", "").startswith("aiosqlite."):
            self._count(future)
        return future

    def run_in_executor(
        self, executor: Executor | None, func: Callable[..., T], *args: Any
    ) -> asyncio.Future[T]:
        future = super().run_in_executor(executor, func, *args)
        self._count(future)
        return future

    def _count(self, future: asyncio.Future[Any]) -> None:
        self.threads_working += 1
        future.add_done_callback(self._answered)

    def _answered(self, _: asyncio.Future[Any]) -> None:
        self.threads_working -= 1


def on_virtual_clock(test: Callable[[], Coroutine[Any, Any, None]]) -> Callable[[], None]:
    """A synchronous test that runs the coroutine function ``test`` on a VirtualTimeLoop."""

    def run() -> None:
        with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
            runner.run(test())

    run.__name__ = test.__name__
    run.__doc__ = test.__doc__
    return run


def clock() -> Callable[[], float]:
    """The running loop's clock, for the ``clock`` argument of the code under test."""
    return asyncio.get_running_loop().time
