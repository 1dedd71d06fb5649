"""A full disk while a chat's text is stored: the bot says so in one line and goes on.

The real aiogram stack over HTTP against the fake Bot API (feed_update); the disk fills up for
real: PRAGMA max_page_count capped at the file's size makes SQLite fail with SQLITE_FULL.
"""

from __future__ import annotations

from pathlib import Path

import aiosqlite
from aiogram import Bot, Dispatcher

from tests.factories import count_articles, plain, say
from tests.fake_telegram import FakeTelegram

# Its text (5 KB) needs overflow pages: it cannot fit in the free room of existing pages.
EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "zerkalo-rubio-lavrov.txt"


async def test_text_that_cannot_be_stored_is_answered_with_the_reason(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    text = EXAMPLE.read_text(encoding="utf-8")
    async with db.execute("PRAGMA page_count") as cur:
        row = await cur.fetchone()
    assert row is not None
    await db.execute(f"PRAGMA max_page_count = {row[0]}")  # the disk is full

    await dp.feed_update(bot, plain(7, text))
    (answer,) = telegram.sent_to(7)
    assert answer.text == say("en", "error-storage")
    assert not db.in_transaction
    assert await count_articles(db) == 0

    await db.execute("PRAGMA max_page_count = 1000000")  # room again: the bot goes on
    await dp.feed_update(bot, plain(7, text))
    _, summary = telegram.sent_to(7)
    assert "Марко Рубио" in summary.text
    assert await count_articles(db) == 1
    assert telegram.refused == []
