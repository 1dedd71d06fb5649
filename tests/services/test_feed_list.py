"""The operator's feed list: a feed chats added becomes everyone's when the operator adds it
(FEEDS at start, `feeds import`), and is polled again if no chat kept it."""

from __future__ import annotations

import aiosqlite

from bot.config import Settings
from bot.services import feed_list
from bot.storage import feeds as feed_store


async def _state(db: aiosqlite.Connection, url: str) -> tuple[int, int]:
    async with db.execute("SELECT shared, enabled FROM feeds WHERE url = ?", (url,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


async def test_the_operator_takes_a_feed_chats_added(db: aiosqlite.Connection) -> None:
    kept = "https://kept.example/rss"
    dropped = "https://dropped.example/rss"
    await db.execute(
        "INSERT INTO feeds (url, shared, enabled) VALUES (?, 0, 1), (?, 0, 0)", (kept, dropped)
    )
    settings = Settings(_env_file=None, feeds=f"{kept},{dropped},https://new.example/rss")  # type: ignore[call-arg]
    assert await feed_list.seed(db, settings) == 1  # one new feed; the others were stored
    assert await _state(db, kept) == (1, 1)
    assert await _state(db, dropped) == (1, 1)  # no chat kept it: polled again
    assert await _state(db, "https://new.example/rss") == (1, 1)
    assert not await feed_store.make_shared(db, url=kept)  # already the operator's
    assert not await feed_store.make_shared(db, url="https://none.example/rss")
