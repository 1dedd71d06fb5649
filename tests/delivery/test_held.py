"""A message held until a later time (a follow alert in the chat's quiet hours) goes out then,
not before, through the real outbox worker against the fake Bot API; the chat's other
messages are not held with it. On the virtual clock of tests/virtual_time.py."""

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
from tests.fake_telegram import FakeTelegram

pytestmark = pytest.mark.asyncio(loop_factories=["virtual_time"])

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _virtual_now() -> datetime:
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
