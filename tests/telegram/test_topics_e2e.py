"""Forum topics end to end (issue 14, point 3): in a forum supergroup the bot posts where
it was set up - the digest in the topic /start was sent in, a source's instant posts in the
topic /add was sent in - and a closed topic ends that destination with its reason."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiosqlite
import pytest
from aiogram import Bot
from aiogram.types import Update
from aiohttp import web

from bot import scheduler
from bot.analysis.models import NlpModels
from bot.app import build_dispatcher, build_worker
from bot.config import Settings
from bot.services import digests
from bot.services.context import Services
from bot.storage import subscribers
from tests.factories import command_entities, serve, user
from tests.fake_telegram import FakeTelegram, parse_html

FORUM, ADMIN = -100900, 7
NEWS_TOPIC, FEED_TOPIC = 55, 77
FILLER = " ".join(["Residents were moved to schools and the roads were closed."] * 16)
ITEMS = [("Flood in Gomel", "The river rose two metres in Gomel on Monday.")]


def _rss() -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>http://example.com/{n}</link>"
        f"<description>{text} {FILLER}</description></item>"
        for n, (title, text) in enumerate(ITEMS)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gomel Today</title>'
        f"<link>http://example.com/</link><description>d</description>{entries}"
        "</channel></rss>"
    )


def _in_topic(text: str, thread: int) -> Update:
    """A command an administrator sends in a forum topic."""
    message: dict[str, Any] = {
        "message_id": thread * 1000 + len(text), "date": int(datetime.now(tz=UTC).timestamp()),
        "text": text, "entities": command_entities(text), "from": user(ADMIN),
        "chat": {"id": FORUM, "type": "supergroup", "title": "Forum", "is_forum": True},
        "message_thread_id": thread, "is_topic_message": True,
    }  # fmt: skip
    return Update.model_validate({"update_id": thread * 1000 + len(text), "message": message})


@pytest.fixture
async def feed_url() -> AsyncIterator[str]:
    del ITEMS[1:]  # the feed as it starts: one article

    async def rss(_: web.Request) -> web.Response:
        return web.Response(text=_rss(), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/rss", rss)
    async with serve(app) as base:
        yield f"{base}/rss"


async def test_a_forum_gets_digests_and_instant_posts_in_their_topics(  # noqa: PLR0915 (one story)
    bot: Bot, telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels, feed_url: str
) -> None:
    telegram.members[FORUM, ADMIN] = "administrator"
    settings = Settings(_env_file=None, allow_private_urls=True, analysis_processes=0)  # type: ignore[call-arg]
    worker = build_worker(settings, db, bot)
    dp = build_dispatcher(settings, nlp, db, wake_outbox=worker.wake)
    await dp.feed_update(bot, _in_topic("/start", NEWS_TOPIC))
    await dp.feed_update(bot, _in_topic(f"/add {feed_url}", FEED_TOPIC))
    # Replies go back to the topic they answer.
    assert [(s.thread_id, parse_html(s.text)[:6]) for s in telegram.sent_to(FORUM)] == [
        (NEWS_TOPIC, "Hi! I "), (FEED_TOPIC, "Added:"),
    ]  # fmt: skip
    async with db.execute("SELECT thread_id FROM chat_feeds") as cur:
        assert [row[0] for row in await cur.fetchall()] == [FEED_TOPIC]
    await db.execute("UPDATE chat_feeds SET mode = 'instant'")

    services: Services = dp["services"]
    task = asyncio.create_task(worker.run())
    try:
        await scheduler.poll_feeds(services)  # the feed's article, at once, in its topic
        (post,) = (await telegram.wait_sent(FORUM, 3, within=30))[2:]
        assert post.thread_id == FEED_TOPIC
        assert "Flood in Gomel" in parse_html(post.text)

        # The admins close the source's topic: the next post ends that destination only -
        # the source goes into the digest, the forum stays subscribed.
        telegram.closed_topics.add((FORUM, FEED_TOPIC))
        ITEMS.append(("Bridge reopened", "The bridge over the Sozh reopened in Gomel."))
        await db.execute("UPDATE feeds SET next_poll_at = NULL")
        await scheduler.poll_feeds(services)
        for _ in range(200):
            async with db.execute("SELECT status, last_error FROM outbox") as cur:
                rows = [tuple(row) for row in await cur.fetchall()]
            if ("failed", "topic closed") in rows:
                break
            await asyncio.sleep(0.05)
        assert rows == [("sent", None), ("failed", "topic closed")]
        async with db.execute("SELECT mode, thread_id FROM chat_feeds") as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [("digest", None)]
        assert (await subscribers.get(db, chat_id=FORUM)).active  # type: ignore[union-attr]

        # The digest goes to the topic /start was sent in (the source now in the digest).
        now = int(datetime.now(tz=UTC).timestamp())
        await db.execute("UPDATE articles SET ingested_at = ?", (now - 600,))
        await db.execute("UPDATE subscribers SET next_digest_at = ?", (now - 60,))
        await digests.enqueue_due(db, settings)
        worker.wake()
        (digest,) = (await telegram.wait_sent(FORUM, 4, within=30))[3:]
        assert digest.thread_id == NEWS_TOPIC
        assert "Flood in Gomel" in parse_html(digest.text)
        assert "Bridge reopened" in parse_html(digest.text)

        # The admins close that topic: the next digest ends the destination, with why.
        telegram.closed_topics.add((FORUM, NEWS_TOPIC))
        # (a digest of another local day: each day's digest is queued once)
        await db.execute("UPDATE subscribers SET next_digest_at = ?", (now - 86_400 - 60,))
        empty_too = settings.model_copy(update={"digest_send_empty": True})
        await digests.enqueue_due(db, empty_too)
        worker.wake()
        for _ in range(200):
            stored = await subscribers.get(db, chat_id=FORUM)
            if stored is not None and not stored.active:
                break
            await asyncio.sleep(0.05)
    finally:
        await worker.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    assert stored is not None
    assert (stored.active, stored.deactivated_reason) == (False, "topic closed")
