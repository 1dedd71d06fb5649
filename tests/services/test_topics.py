"""A forum supergroup that subscribed in a topic gets its digests in that topic; /start in
another topic (or in the general chat) moves them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import aiosqlite

from bot.config import Settings
from bot.services import digests, subscriptions
from tests.factories import add_story

SETTINGS = Settings(
    _env_file=None,  # type: ignore[call-arg]
    default_timezone="UTC",
    default_digest_time=time(8, 0),
    digest_send_empty=True,
)
T0 = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)


async def _payloads(db: aiosqlite.Connection) -> list[dict[str, object]]:
    async with db.execute("SELECT payload_json FROM outbox ORDER BY id") as cur:
        return [json.loads(row[0]) for row in await cur.fetchall()]


async def test_the_digest_goes_to_the_topic_start_was_sent_in(db: aiosqlite.Connection) -> None:
    await db.execute("INSERT INTO feeds (id, url, title) VALUES (1, 'https://e.com/f', 'F')")
    await add_story(db, 1, feed_id=1, ingested_at=T0 - timedelta(hours=1))
    forum = await subscriptions.subscribe(
        db, SETTINGS, chat_id=-100, kind="group", language_code="ru",
        thread_id=7, now=T0,
    )  # fmt: skip
    assert forum.thread_id == 7
    await subscriptions.subscribe(
        db, SETTINGS, chat_id=5, kind="private", language_code="en", now=T0
    )
    await digests.enqueue_due(db, SETTINGS, now=T0 + timedelta(hours=1, minutes=1))
    payloads = await _payloads(db)
    assert [p.get("thread_id") for p in payloads] == [7, None]
    assert all("Story 1" in str(p["text"]) for p in payloads)

    # /start again in the general chat: the next digests go there.
    again = await subscriptions.subscribe(
        db, SETTINGS, chat_id=-100, kind="group", language_code="ru", now=T0
    )
    assert again.thread_id is None
