"""A full disk while a chat's text is stored: the bot says so in one line and goes on.

The real aiogram stack over HTTP against the fake Bot API (feed_update); the disk fills up for
real: PRAGMA max_page_count capped at the file's size makes SQLite fail with SQLITE_FULL.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Update

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings
from bot.storage.db import connect, migrate
from tests.fake_telegram import FakeTelegram

# Its text (5 KB) needs overflow pages: it cannot fit in the free room of existing pages.
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "zerkalo-rubio-lavrov.txt"


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(limits=False)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        yield conn


@pytest.fixture
async def stack(
    telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> AsyncIterator[tuple[Bot, Dispatcher]]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    bot = Bot(
        telegram.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    yield bot, build_dispatcher(Settings(), nlp, db)
    await bot.session.close()


_ids = iter(range(1, 1_000_000))


def _text(chat_id: int, text: str) -> Update:
    return Update.model_validate({
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "T", "language_code": "en"},
        },
    })  # fmt: skip


async def _count(conn: aiosqlite.Connection) -> int:
    async with conn.execute("SELECT COUNT(*) FROM articles") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_text_that_cannot_be_stored_is_answered_with_the_reason(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    text = EXAMPLE.read_text(encoding="utf-8")
    async with db.execute("PRAGMA page_count") as cur:
        row = await cur.fetchone()
    assert row is not None
    await db.execute(f"PRAGMA max_page_count = {row[0]}")  # the disk is full

    await dp.feed_update(bot, _text(7, text))
    (answer,) = telegram.sent_to(7)
    assert answer.text == "database or disk is full"
    assert not db.in_transaction
    assert await _count(db) == 0

    await db.execute("PRAGMA max_page_count = 1000000")  # room again: the bot goes on
    await dp.feed_update(bot, _text(7, text))
    _, summary = telegram.sent_to(7)
    assert "Марко Рубио" in summary.text
    assert await _count(db) == 1
    assert telegram.refused == []
