"""The outbox worker against the fake Bot API: limits, errors, faults and crashes.

On a virtual clock (tests/virtual_time.py): the worker, its limiter and the fake Bot API's
limits all read the loop's time, so retry_after, backoff and timeouts take no real time and
what is asserted about time is exact whatever the machine's load.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest
from aiogram import Bot

from bot.delivery.limiter import Limiter
from bot.delivery.worker import OutboxWorker
from bot.storage import outbox, subscribers
from bot.storage.outbox import NewMessage
from tests.factories import subscribe, telegram_bot
from tests.fake_telegram import FakeTelegram, Faults

pytestmark = pytest.mark.asyncio(loop_factories=["virtual_time"])

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _virtual_now() -> datetime:
    """The worker's wall clock: NOW plus the virtual seconds the test has waited."""
    return NOW + timedelta(seconds=asyncio.get_running_loop().time())


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(limits=True, clock=asyncio.get_running_loop().time)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    bot = telegram_bot(telegram, parse_mode=None)
    yield bot
    await bot.session.close()


async def _subscribe(db: aiosqlite.Connection, *chat_ids: int) -> None:
    for chat_id in chat_ids:
        await db.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (?, ?, 'en', 'UTC', '08:00', 0)",
            (chat_id, "private" if chat_id > 0 else "group"),
        )


async def _queue(db: aiosqlite.Connection, *items: tuple[int, str]) -> None:
    messages = [
        NewMessage(chat_id=chat, kind="broadcast", dedup_key=f"t:{chat}:{text}",
                   payload={"text": text})
        for chat, text in items
    ]  # fmt: skip
    await outbox.enqueue(db, messages, now=NOW)


def _worker(db: aiosqlite.Connection, bot: Bot, **kwargs: object) -> OutboxWorker:
    async def deactivate(chat_id: int, reason: str) -> object:
        return await subscribers.deactivate(db, chat_id=chat_id, reason=reason, now=NOW)

    rng = random.Random(1)  # noqa: S311 (jitter)
    options: dict[str, object] = {"backoff_base": 0.2, "rng": rng, "now": _virtual_now} | kwargs
    limiter = Limiter(25, clock=asyncio.get_running_loop().time)
    return OutboxWorker(db, bot, limiter, deactivate=deactivate, **options)  # type: ignore[arg-type]


async def _drain(worker: OutboxWorker, db: aiosqlite.Connection, within: float = 60) -> None:
    """Run the worker until nothing is queued or sending (within virtual seconds), then stop."""
    loop = asyncio.get_running_loop()
    task = asyncio.create_task(worker.run())
    deadline = loop.time() + within
    try:
        while loop.time() < deadline:
            await asyncio.sleep(0.05)
            counts = await outbox.counts(db)
            if counts["queued"] == 0 and counts["sending"] == 0:
                return
        pytest.fail(f"outbox not drained: {await outbox.counts(db)}")
    finally:
        await worker.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _statuses(db: aiosqlite.Connection) -> dict[str, tuple[str, str | None]]:
    async with db.execute("SELECT dedup_key, status, last_error FROM outbox") as cur:
        return {key: (status, error) for key, status, error in await cur.fetchall()}


async def test_sends_in_order_at_telegrams_pace(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1, 2, -3)
    await _queue(db, (1, "a1"), (1, "a2"), (2, "b1"), (-3, "g1"), (1, "a3"))
    await _queue(db, (1, "a1"))  # the same dedup key again: not queued twice
    await _drain(_worker(db, bot), db)
    assert [s.text for s in telegram.sent_to(1)] == ["a1", "a2", "a3"]
    assert [s.text for s in telegram.sent_to(2)] == ["b1"]
    assert telegram.refused == []  # our pace never made Telegram say 429
    assert telegram.violations == 0
    assert set((await _statuses(db)).values()) == {("sent", None)}


async def test_blocked_and_missing_chats_are_deactivated_and_their_queue_dropped(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1, 2, 3)
    telegram.blocked.add(1)
    telegram.unknown_chats.add(2)
    await _queue(db, (1, "x"), (1, "y"), (2, "z"), (3, "ok"))
    await _drain(_worker(db, bot), db)
    statuses = await _statuses(db)
    assert statuses["t:1:x"] == ("dropped", "blocked")
    assert statuses["t:1:y"] == ("dropped", "blocked")
    assert statuses["t:2:z"] == ("dropped", "chat not found")
    assert statuses["t:3:ok"] == ("sent", None)
    for chat, reason in ((1, "blocked"), (2, "chat not found")):
        stored = await subscribers.get(db, chat_id=chat)
        assert stored is not None
        assert (stored.active, stored.deactivated_reason) == (False, reason)
    assert len([r for r in telegram.refused if r[1]["chat_id"] in {1, "1"}]) == 1  # y unsent


async def test_migrated_group_moves_and_gets_the_message(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, -5)
    telegram.migrated[-5] = -1005
    await _queue(db, (-5, "hello group"))
    await _drain(_worker(db, bot), db)
    assert [s.text for s in telegram.sent_to(-1005)] == ["hello group"]
    assert await subscribers.get(db, chat_id=-5) is None
    moved = await subscribers.get(db, chat_id=-1005)
    assert moved is not None
    assert moved.active


async def test_flood_wait_is_honoured(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1, 2)
    telegram.flood_wait = 2
    telegram.fail_next.append("429")
    await _queue(db, (1, "first"), (2, "second"))
    loop = asyncio.get_running_loop()
    start = loop.time()
    await _drain(_worker(db, bot), db)
    assert telegram.violations == 0  # nothing came back before retry_after
    assert {s.text for s in telegram.sent} == {"first", "second"}
    assert loop.time() - start >= 2


async def test_server_errors_and_dropped_connections_are_retried(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1, 2, 3, 4, 5)
    telegram.fail_next.extend(["500", "502", "drop", "hang", "drop_after"])
    telegram.hang_seconds = 3
    await _queue(db, (1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e"))
    await _drain(_worker(db, bot, request_timeout=1), db, within=30)
    texts = [s.text for s in telegram.sent]
    assert sorted(set(texts)) == ["a", "b", "c", "d", "e"]  # nothing lost
    assert len(texts) == 6  # the message accepted before the drop went out twice
    assert set((await _statuses(db)).values()) == {("sent", None)}


async def test_gives_up_after_max_attempts_with_the_reason(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1)
    telegram.faults = Faults(p500=1.0)
    await _queue(db, (1, "never"))
    await _drain(_worker(db, bot, max_attempts=3, backoff_base=0.01), db)
    status, error = (await _statuses(db))["t:1:never"]
    assert status == "failed"
    assert error is not None
    assert "server error" in error
    assert len(telegram.injected) == 3


async def test_a_message_telegram_refuses_fails_at_once(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1)
    await _queue(db, (1, "<div>not Telegram HTML</div>"), (1, "<b>fine</b>"))
    await _drain(_worker(db, bot), db)
    statuses = await _statuses(db)
    status, error = statuses["t:1:<div>not Telegram HTML</div>"]
    assert status == "failed"
    assert error is not None
    assert "can't parse entities" in error
    assert statuses["t:1:<b>fine</b>"] == ("sent", None)  # the chat's next message still goes


async def test_rows_left_sending_by_a_crash_are_sent_again(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await _subscribe(db, 1, 2)
    await _queue(db, (1, "in flight"), (2, "waiting"))
    await db.execute("UPDATE outbox SET status = 'sending', attempts = 1 WHERE chat_id = 1")
    await _drain(_worker(db, bot), db)
    assert sorted(s.text for s in telegram.sent) == ["in flight", "waiting"]
    assert set((await _statuses(db)).values()) == {("sent", None)}


# A message held until a later time (a follow alert in the chat's quiet hours) goes out
# then, not before; the chat's other messages are not held with it.
async def test_a_held_alert_goes_out_at_its_time_and_the_digest_at_once(
    db: aiosqlite.Connection, bot: Bot, telegram: FakeTelegram
) -> None:
    await subscribe(db, 1, now=NOW)
    loop = asyncio.get_running_loop()
    start = _virtual_now()
    held_until = start + timedelta(seconds=600)
    await outbox.enqueue(
        db,
        [
            NewMessage(1, "follow", "follow:1:7", {"text": "alert"}, not_before=held_until),
            NewMessage(1, "digest", "digest:1:x:1", {"text": "digest"}),
        ],
        now=start,
    )

    async def deactivate(chat_id: int, reason: str) -> object:
        return await subscribers.deactivate(db, chat_id=chat_id, reason=reason, now=NOW)

    limiter = Limiter(25, clock=loop.time)
    worker = OutboxWorker(
        db, bot, limiter, deactivate=deactivate, backoff_base=0.2,
        rng=random.Random(1), now=_virtual_now,  # noqa: S311 (jitter)
    )  # fmt: skip
    task = asyncio.create_task(worker.run())
    try:
        await asyncio.sleep(590)
        assert [s.text for s in telegram.sent_to(1)] == ["digest"]  # not held with the alert
        assert (await outbox.counts(db))["queued"] == 1
        await asyncio.sleep(20)
        assert [s.text for s in telegram.sent_to(1)] == ["digest", "alert"]
        async with db.execute("SELECT status FROM outbox ORDER BY id") as cur:
            assert [row[0] for row in await cur.fetchall()] == ["sent", "sent"]
    finally:
        await worker.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
