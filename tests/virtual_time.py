"""An event loop on a virtual clock, for tests of code that waits (asyncio.sleep, wait_for).

When nothing is ready and no I/O has arrived, the loop does not block: its clock jumps to
the next timer. A test of pacing then runs in no real time and is exact on a busy machine.
Only for code without real I/O to wait for (the loop never blocks on sockets).
"""

from __future__ import annotations

import asyncio
import math
import selectors
from collections.abc import Callable, Coroutine
from typing import Any


class _Selector(selectors.DefaultSelector):
    def __init__(self, loop: VirtualTimeLoop) -> None:
        super().__init__()
        self._loop = loop

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        events = super().select(0)
        if events:
            return events
        if timeout is None:
            raise RuntimeError("nothing scheduled and nothing to wait for: the test would hang")
        # At least one step of the float: a wait shorter than that (code that waits until
        # ``start`` when ``start - now`` is below the clock's precision) must end too.
        self._loop.now = max(self._loop.now + timeout, math.nextafter(self._loop.now, math.inf))
        return events


class VirtualTimeLoop(asyncio.SelectorEventLoop):
    """``time()`` starts at 0 and moves only when the loop would otherwise wait."""

    def __init__(self) -> None:
        self.now = 0.0
        super().__init__(_Selector(self))

    def time(self) -> float:
        return self.now


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
