"""The limiter's pace, on a virtual clock: exact, and no real waiting (tests/virtual_time)."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

from bot.delivery.limiter import Limiter
from tests.virtual_time import clock, on_virtual_clock


def _limiter(rate: float | None, **kwargs: Any) -> Limiter:
    return Limiter(rate, clock=clock(), **kwargs)


async def _times(limiter: Limiter, chats: list[int], *, priority: bool = False) -> list[float]:
    start = clock()()
    stamps: list[float] = []

    async def one(chat: int) -> None:
        await limiter.acquire(chat, priority=priority)
        stamps.append(clock()() - start)

    await asyncio.gather(*(one(c) for c in chats))
    return sorted(stamps)


@on_virtual_clock
async def test_overall_rate_is_kept_evenly() -> None:
    limiter = _limiter(50)
    stamps = await _times(limiter, list(range(1, 51)))
    # 50 slots at 50/s: about one second, and never more than ~rate in any second.
    assert 0.9 <= stamps[-1] <= 1.4
    gaps = [b - a for a, b in itertools.pairwise(stamps)]
    assert min(gaps) > 0.005  # no burst: slots are spaced


@on_virtual_clock
async def test_private_chat_one_per_interval_and_groups_per_window() -> None:
    limiter = _limiter(1000, private_interval=0.2, group_per_window=3, group_window=0.5)
    stamps = await _times(limiter, [7, 7, 7])
    assert stamps[1] - stamps[0] >= 0.19
    assert stamps[2] - stamps[1] >= 0.19
    group = await _times(limiter, [-9] * 4)
    assert group[2] - group[0] < 0.1  # three at once are allowed
    assert group[3] - group[0] >= 0.49  # the fourth waits for the window


@on_virtual_clock
async def test_priority_goes_first() -> None:
    limiter = _limiter(20)
    order: list[str] = []

    async def one(chat: int, label: str, priority: bool) -> None:
        await limiter.acquire(chat, priority=priority)
        order.append(label)

    background = [asyncio.create_task(one(c, "bg", False)) for c in range(1, 11)]
    await asyncio.sleep(0.06)  # the pump is busy with the background queue
    await one(999, "reply", True)
    await asyncio.gather(*background)
    assert order.index("reply") <= 3  # not behind the nine waiting background slots


@on_virtual_clock
async def test_pauses() -> None:
    limiter = _limiter(1000, private_interval=0.01)
    limiter.pause_chat(5, 0.3)
    stamps = await _times(limiter, [5])
    assert stamps[0] >= 0.29
    limiter.pause_all(0.3)
    stamps = await _times(limiter, [6])
    assert stamps[0] >= 0.29


@on_virtual_clock
async def test_no_rate_means_no_waiting_and_no_state() -> None:
    limiter = _limiter(None)
    stamps = await _times(limiter, [1] * 100)
    assert stamps[-1] < 0.1
    assert limiter.chat_wait(1) == 0


@on_virtual_clock
async def test_idle_chats_are_forgotten() -> None:
    limiter = _limiter(1000, private_interval=0.01)
    await _times(limiter, list(range(1, 200)))
    await asyncio.sleep(0.02)
    for chat in range(1, 200):
        limiter.chat_wait(chat)
    assert not limiter._chats


@on_virtual_clock
async def test_replies_do_not_wait_for_a_fanout_and_the_second_stays_under_30() -> None:
    limiter = _limiter(25)
    sent: list[float] = []
    start = clock()()

    async def background(chat: int) -> None:
        await limiter.acquire(chat)
        sent.append(clock()() - start)

    fanout = [asyncio.create_task(background(c)) for c in range(1, 76)]  # three seconds' worth
    waits = []
    for n in range(12):  # a reply every 150 ms during the fan-out
        await asyncio.sleep(0.15)
        asked = clock()()
        await limiter.acquire(10_000 + n, priority=True)
        waits.append(clock()() - asked)
        sent.append(clock()() - start)
    await asyncio.gather(*fanout)
    assert max(waits) < 0.02  # at once: the fan-out leaves the second room
    sent.sort()
    busiest = max(sum(1 for t in sent if s <= t < s + 1.0) for s in sent)
    assert busiest <= limiter.reply_cap  # 27: under Telegram's 30
    assert len(sent) == 75 + 12
    assert sent[-1] >= 2.9  # the fan-out itself kept to 25 a second
