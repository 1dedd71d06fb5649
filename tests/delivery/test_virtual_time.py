"""The virtual clock of tests/virtual_time.py: timers jump, real work stops the clock."""

from __future__ import annotations

import asyncio
import time

import aiosqlite
import pytest

from tests.virtual_time import VirtualTimeLoop

pytestmark = pytest.mark.asyncio(loop_factories=["virtual_time"])


async def test_waits_take_no_real_time_and_are_exact() -> None:
    loop = asyncio.get_running_loop()
    assert isinstance(loop, VirtualTimeLoop)
    real = time.monotonic()
    await asyncio.sleep(3600)
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(asyncio.Event().wait(), 60)
    assert loop.time() == pytest.approx(3660)
    assert time.monotonic() - real < 5  # an hour of waiting, in (much) less than 5 s


async def test_the_clock_stands_still_while_sqlite_works(db: aiosqlite.Connection) -> None:
    loop = asyncio.get_running_loop()
    timer = loop.call_later(100, lambda: None)  # where the clock would jump to
    start = loop.time()
    for _ in range(50):
        async with db.execute("SELECT count(*) FROM articles") as cursor:
            await cursor.fetchall()
    assert loop.time() - start < 1e-9  # the queries' real time is not virtual time
    timer.cancel()


async def test_the_clock_stands_still_while_a_thread_works() -> None:
    loop = asyncio.get_running_loop()
    timer = loop.call_later(100, lambda: None)
    start = loop.time()
    await asyncio.to_thread(time.sleep, 0.05)
    assert loop.time() - start < 1e-9
    timer.cancel()
