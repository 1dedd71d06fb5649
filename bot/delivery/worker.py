"""The outbox worker: drains queued rows through the limiter to Telegram, one task per row.

Promises (see README, "Delivery"):

- Nothing queued is lost: a row leaves ``queued`` only for ``sent``, ``failed`` (with its
  reason, after ``max_attempts`` network or server errors, or when Telegram refuses the
  message itself) or ``dropped`` (the chat blocked the bot or is gone).
- A row is marked ``sending`` just before its request and ``sent`` just after the answer.
  A crash between the two leaves it ``sending``; at restart it is sent again. So a crash
  duplicates at most the messages that were in flight at that moment, and ``in_flight``
  (default 1) bounds those: by default a crash sends at most one message twice.
- A chat's messages go out in order, at Telegram's pace (see ``limiter``).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import random
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Generic, TypeVar

import aiosqlite
from aiogram import Bot

from bot.delivery.limiter import Limiter
from bot.delivery.send import (
    REQUEST_TIMEOUT,
    TOPIC_GONE,
    Gone,
    Migrated,
    Outcome,
    Refused,
    Sent,
    Throttled,
    Transient,
    send,
)
from bot.storage import outbox
from bot.storage.outbox import OutboxRow

log = logging.getLogger(__name__)

# Set in the worker's tasks: the reply middleware leaves their pacing to the worker.
IN_BACKGROUND: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "newsbrief_background_send", default=False
)

MAX_ATTEMPTS = 6  # network and server errors: 2 + 4 + 8 + 16 + 32 s of backoff, then failed
BACKOFF_BASE = 2.0
BACKOFF_CAP = 600.0
FETCH = 200  # rows read per query
IDLE_POLL = 1.0  # seconds between looks at the queue when nothing wakes the worker

Deactivate = Callable[[int, str], Awaitable[object]]
EndTopic = Callable[[int, int, str], Awaitable[object]]
T = TypeVar("T")
R = TypeVar("R")


class GroupCommit(Generic[T, R]):
    """Writes that arrive while a commit is being made wait for the next one, together.

    Each caller still waits for the commit holding its own item, so what the outbox
    promises after a crash is unchanged; with several requests in flight the marks of a
    whole round share one commit instead of three round trips each.
    """

    def __init__(
        self,
        db: aiosqlite.Connection,
        flush: Callable[[aiosqlite.Connection, list[T]], Awaitable[list[R]]],
    ) -> None:
        self.db = db
        self.flush = flush
        self._items: list[tuple[T, asyncio.Future[R]]] = []
        self._task: asyncio.Task[None] | None = None

    async def __call__(self, item: T) -> R:
        future: asyncio.Future[R] = asyncio.get_running_loop().create_future()
        self._items.append((item, future))
        if self._task is None:
            # A fresh context: the writer must not join a caller's open transaction.
            self._task = asyncio.create_task(self._run(), context=contextvars.Context())
        return await future

    async def _run(self) -> None:
        try:
            while self._items:
                items, self._items = self._items, []
                try:
                    results = await self.flush(self.db, [item for item, _ in items])
                except Exception as exc:  # every waiter of this commit gets the error
                    for _, future in items:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for (_, future), result in zip(items, results, strict=True):
                    if not future.done():
                        future.set_result(result)
        finally:
            self._task = None


async def _start_many(db: aiosqlite.Connection, ids: list[int]) -> list[bool]:
    started = await outbox.start_sending(db, row_ids=ids)
    return [row_id in started for row_id in ids]


async def _sent_many(db: aiosqlite.Connection, items: list[tuple[int, int]]) -> list[None]:
    await outbox.mark_sent(db, items)
    return [None] * len(items)


def _now() -> datetime:
    return datetime.now(tz=UTC)


class OutboxWorker:
    """Drains the outbox until stopped; ``wake()`` after queueing rows to start at once."""

    def __init__(
        self,
        db: aiosqlite.Connection,
        bot: Bot,
        limiter: Limiter,
        *,
        deactivate: Deactivate,
        end_topic: EndTopic | None = None,
        paid_broadcast: bool = False,
        concurrency: int = 8,
        in_flight: int = 1,
        max_attempts: int = MAX_ATTEMPTS,
        backoff_base: float = BACKOFF_BASE,
        backoff_cap: float = BACKOFF_CAP,
        request_timeout: int = REQUEST_TIMEOUT,
        now: Callable[[], datetime] = _now,
        rng: random.Random | None = None,
    ) -> None:
        """Args:
        deactivate: called with (chat_id, reason) when a chat blocked the bot or is gone.
        end_topic: called with (chat_id, thread_id, reason) when a post that is not the
            chat's digest went to a forum topic that is closed or deleted: that destination
            ends, the chat stays (its digest may go to another topic). None: as ``deactivate``.
        concurrency: rows being handled at once (waiting for a slot or in flight).
        in_flight: requests to Telegram at once; a crash may double at most this many.
        """
        self.db = db
        self.bot = bot
        self.limiter = limiter
        self.deactivate = deactivate
        self.end_topic = end_topic
        self.paid_broadcast = paid_broadcast
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.request_timeout = request_timeout
        self.now = now
        self.rng = rng or random.Random()  # noqa: S311 (jitter, not secrets)
        self._slots = asyncio.Semaphore(concurrency)
        self._start: GroupCommit[int, bool] = GroupCommit(db, _start_many)
        self._sent: GroupCommit[tuple[int, int], None] = GroupCommit(db, _sent_many)
        self._in_flight = asyncio.Semaphore(in_flight)
        self._wake = asyncio.Event()
        self._stopping = False
        self._busy_chats: set[int] = set()
        self._busy_rows: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.stats: dict[str, int] = dict.fromkeys(
            ("sent", "throttled", "migrated", "gone", "refused", "transient", "failed"), 0
        )

    @property
    def stopping(self) -> bool:
        """Whether ``stop()`` was called."""
        return self._stopping

    def wake(self) -> None:
        """New rows were queued: look at the queue now."""
        self._wake.set()

    def _topic_only(self, row: OutboxRow, reason: str) -> bool:
        """Whether the refusal ends one forum topic of the chat rather than the chat."""
        return (
            self.end_topic is not None
            and reason in TOPIC_GONE
            and row.kind != "digest"
            and row.payload.get("thread_id") is not None
        )

    async def run(self) -> None:
        """Recover rows a crash left ``sending``, then drain the queue until ``stop()``."""
        recovered = await outbox.recover(self.db)
        if recovered:
            log.warning("outbox: %d messages interrupted by a stop are queued again", recovered)
        backlog: deque[OutboxRow] = deque()
        while not self._stopping:
            if not backlog:
                rows = await outbox.due(self.db, now=self.now(), limit=FETCH)
                backlog.extend(r for r in rows if r.id not in self._busy_rows)
            if not backlog:
                await self._idle()
                continue
            row = backlog.popleft()
            if row.chat_id in self._busy_chats:
                continue  # its chat has a message in hand; the row comes back later
            await self._slots.acquire()
            if self.stopping:
                self._slots.release()
                break
            self._busy_chats.add(row.chat_id)
            self._busy_rows.add(row.id)
            task = asyncio.create_task(self._deliver(row), name=f"outbox-{row.id}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _idle(self) -> None:
        """Sleep until woken, the next row is due, or the idle poll."""
        timeout = IDLE_POLL
        upcoming = await outbox.next_attempt(self.db)
        if upcoming is not None:
            timeout = min(timeout, max(0.0, (upcoming - self.now()).total_seconds()))
        self._wake.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), max(timeout, 0.05))

    async def stop(self, grace: float = 10.0) -> None:
        """Stop taking rows; let those in flight finish for up to ``grace`` seconds."""
        self._stopping = True
        self._wake.set()
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _deliver(self, row: OutboxRow) -> None:
        IN_BACKGROUND.set(True)
        try:
            async with self._in_flight:
                await self.limiter.acquire(row.chat_id)
                if not await self._start(row.id):
                    return  # dropped or handled meanwhile
                outcome = await send(
                    self.bot,
                    row.chat_id,
                    row.payload,
                    paid_broadcast=self.paid_broadcast,
                    request_timeout=self.request_timeout,
                )
                await self._settle(row, outcome)
        except Exception:  # the worker outlives any one row; the row stays for recovery
            log.exception("outbox row %d", row.id)
        finally:
            self._busy_chats.discard(row.chat_id)
            self._busy_rows.discard(row.id)
            self._slots.release()
            self._wake.set()

    async def _settle(self, row: OutboxRow, outcome: Outcome) -> None:
        now = self.now()
        match outcome:
            case Sent(message_id):
                await self._sent((row.id, message_id))
                self.stats["sent"] += 1
            case Throttled(seconds):
                self.stats["throttled"] += 1
                self.limiter.throttled(row.chat_id, seconds)
                log.warning("429 for chat %d: waiting %d s", row.chat_id, seconds)
                await outbox.retry_at(
                    self.db,
                    row_id=row.id,
                    at=now + timedelta(seconds=seconds),
                    error=f"429: retry after {seconds}",
                    count=False,
                )
            case Migrated(new_chat_id):
                self.stats["migrated"] += 1
                log.info("chat %d is now %d: moving it", row.chat_id, new_chat_id)
                await outbox.move_chat(self.db, old=row.chat_id, new=new_chat_id)
                await outbox.retry_at(
                    self.db, row_id=row.id, at=now, error="migrated", count=False
                )
            case Gone(reason) if self._topic_only(row, reason):
                self.stats["gone"] += 1
                assert self.end_topic is not None  # noqa: S101 (checked by _topic_only)
                await self.end_topic(row.chat_id, int(row.payload["thread_id"]), reason)
                await outbox.fail(self.db, row_id=row.id, error=reason)
            case Gone(reason):
                self.stats["gone"] += 1
                await self.deactivate(row.chat_id, reason)
                dropped = await outbox.drop_chat(self.db, chat_id=row.chat_id, reason=reason)
                log.info("chat %d: %s; %d queued messages dropped", row.chat_id, reason, dropped)
            case Refused(reason):
                self.stats["refused"] += 1
                log.error("outbox row %d refused by Telegram: %s", row.id, reason)
                await outbox.fail(self.db, row_id=row.id, error=reason)
            case Transient(reason):
                self.stats["transient"] += 1
                attempts = row.attempts + 1  # start_sending counted this one
                if attempts >= self.max_attempts:
                    self.stats["failed"] += 1
                    log.error(
                        "outbox row %d failed after %d attempts: %s", row.id, attempts, reason
                    )
                    await outbox.fail(self.db, row_id=row.id, error=reason)
                else:
                    await outbox.retry_at(
                        self.db, row_id=row.id, at=now + self._backoff(attempts), error=reason
                    )

    def _backoff(self, attempts: int) -> timedelta:
        """Exponential backoff with full jitter around it (0.5x to 1.5x)."""
        base = min(self.backoff_cap, self.backoff_base * 2 ** (attempts - 1))
        return timedelta(seconds=base * self.rng.uniform(0.5, 1.5))
