"""Prototypes, for fanout.py only (not the bot's code): what would lift two of its figures.

``GroupCommit``: the outbox's per-row writes grouped into commits.

The worker writes each row twice around its request (``outbox.start_sending`` before,
``outbox.mark_sent`` after), each a transaction of its own: SAVEPOINT, UPDATE, RELEASE,
three trips to aiosqlite's thread under the connection's write lock. With the limits off,
those serialized trips, not Telegram or the network, cap the fan-out (see fanout.py's
scenario 2). Here, while one commit is being written, the rows that arrive meanwhile wait
and go together into the next one (``UPDATE ... WHERE id IN (...) RETURNING id`` and an
``executemany``), inside ``transaction()`` as before. Every caller still returns only once
its row is committed, so what a crash can lose or duplicate is unchanged.

``install()`` replaces ``bot.storage.outbox.start_sending`` and ``mark_sent`` (the worker
calls them through the module); ``uninstall()`` puts the originals back.

``BorrowingLimiter``: replies do not wait for the next evenly spaced slot (see the class).
"""

from __future__ import annotations

import asyncio
import contextvars
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite

from bot.delivery.limiter import Limiter
from bot.storage import outbox
from bot.storage.db import transaction

Flush = Callable[[aiosqlite.Connection, list[Any]], Awaitable[list[Any]]]


class GroupCommit:
    """Calls that arrive while a commit is written wait for the next one, all together."""

    def __init__(self, flush: Flush) -> None:
        self.flush = flush
        self.items: list[tuple[Any, asyncio.Future[Any]]] = []
        self.task: asyncio.Task[None] | None = None
        self.commits = 0

    async def __call__(self, conn: aiosqlite.Connection, item: Any) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.items.append((item, future))
        if self.task is None:
            # A fresh context: the writer must not inherit a caller's open transaction.
            self.task = asyncio.create_task(self._run(conn), context=contextvars.Context())
        return await future

    async def _run(self, conn: aiosqlite.Connection) -> None:
        try:
            while self.items:
                items, self.items = self.items, []
                try:
                    results = await self.flush(conn, [item for item, _ in items])
                except Exception as exc:
                    for _, future in items:
                        future.set_exception(exc)
                else:
                    self.commits += 1
                    for (_, future), result in zip(items, results, strict=True):
                        future.set_result(result)
        finally:
            self.task = None


async def _start_many(conn: aiosqlite.Connection, ids: list[int]) -> list[bool]:
    marks = ",".join("?" * len(ids))
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1 "  # noqa: S608
            f"WHERE id IN ({marks}) AND status = 'queued' RETURNING id",
            ids,
        ) as cur,
    ):
        started = {row[0] for row in await cur.fetchall()}
    return [row_id in started for row_id in ids]


async def _sent_many(conn: aiosqlite.Connection, items: list[tuple[int, int]]) -> list[None]:
    async with transaction(conn):
        await conn.executemany(
            "UPDATE outbox SET status = 'sent', telegram_message_id = ?, last_error = NULL "
            "WHERE id = ?",
            [(message_id, row_id) for row_id, message_id in items],
        )
    return [None] * len(items)


_ORIGINAL = (outbox.start_sending, outbox.mark_sent)


def install() -> tuple[GroupCommit, GroupCommit]:
    starts, sents = GroupCommit(_start_many), GroupCommit(_sent_many)

    async def start_sending(conn: aiosqlite.Connection, *, row_id: int) -> bool:
        result: bool = await starts(conn, row_id)
        return result

    async def mark_sent(conn: aiosqlite.Connection, *, row_id: int, message_id: int) -> None:
        await sents(conn, (row_id, message_id))

    outbox.start_sending = start_sending  # type: ignore[assignment]
    outbox.mark_sent = mark_sent  # type: ignore[assignment]
    return starts, sents


def uninstall() -> None:
    outbox.start_sending, outbox.mark_sent = _ORIGINAL  # type: ignore[assignment]


class BorrowingLimiter(Limiter):
    """The limiter, except that a reply (priority) goes at once instead of waiting for the
    next evenly spaced slot, and pushes the background's next slot back by one interval: the
    average stays ``rate``. It goes at once only while fewer than ``cap`` messages went out
    in the last second (Telegram allows 30) and no other reply waits; else it waits for the
    next slot with priority, as in the limiter."""

    def __init__(self, rate: float | None, *, cap: int = 28, **options: Any) -> None:
        super().__init__(rate, **options)
        self.cap = cap
        self.borrowed = 0
        self._recent: deque[float] = deque()

    def _last_second(self, now: float) -> int:
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        return len(self._recent)

    async def _slot(self, priority: bool) -> None:
        if priority and self.rate is not None:
            now = self.clock()
            waiting = any(p == 0 and not f.done() for p, _, f in self._waiters)
            if now >= self._paused_until and not waiting and self._last_second(now) < self.cap:
                self._next_slot = max(self._next_slot, now) + 1.0 / self.rate
                self._recent.append(now)
                self.borrowed += 1
                return
        await super()._slot(priority)
        self._recent.append(self.clock())
