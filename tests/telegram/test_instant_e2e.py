"""Instant mode end to end: a chat adds a feed served on 127.0.0.1, switches it to 'at
once' with its /feeds button, the poll job stores the feed's new articles and the outbox
worker delivers one grouped message through the fake Bot API; another chat with the same
feed in digest mode gets nothing now."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot import scheduler
from bot.analysis.models import NlpModels
from bot.app import build_dispatcher, build_worker
from bot.config import Settings
from bot.services.context import Services
from tests.factories import ServedFeed, message, press, say, served_feed
from tests.fake_telegram import FakeTelegram, parse_html

INSTANT, DIGEST = 1001, 2002
ITEMS = (
    ("Flood in Gomel", "The river rose two metres in Gomel on Monday, the ministry said."),
    ("Bridge reopened", "The bridge over the Sozh reopened in Gomel after repairs on Monday."),
)


# Enough words for a full article in the feed (not a teaser whose page must be fetched).
FILLER = " ".join(
    ["Rescue teams worked through the night and residents were moved to schools."] * 16
)


@pytest.fixture
async def feed() -> AsyncIterator[ServedFeed]:
    async with served_feed("Gomel Today", FILLER) as served:
        yield served


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(_env_file=None, allow_private_urls=True, analysis_processes=0)  # type: ignore[call-arg]


async def test_a_source_at_once_delivers_its_new_articles_in_one_message(
    bot: Bot,
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    nlp: NlpModels,
    bot_settings: Settings,
    feed: ServedFeed,
) -> None:
    worker = build_worker(bot_settings, db, bot)
    dp: Dispatcher = build_dispatcher(bot_settings, nlp, db, wake_outbox=worker.wake)
    url = feed.url
    for chat in (INSTANT, DIGEST):
        await dp.feed_update(bot, message(chat, "/start"))
        await dp.feed_update(bot, message(chat, f"/add {url}"))
    await dp.feed_update(bot, message(INSTANT, "/feeds"))
    listed = telegram.sent_to(INSTANT)[-1]
    buttons = [b["callback_data"] for b in listed.buttons()]
    instant = next(data for data in buttons if data.startswith("src:in:"))
    await dp.feed_update(bot, press(INSTANT, listed.message_id, instant))

    services: Services = dp["services"]
    await scheduler.poll_feeds(services)  # the feed has no items yet
    feed.items = ITEMS  # two articles appear
    await db.execute("UPDATE feeds SET next_poll_at = NULL")  # due again now
    before = len(telegram.sent_to(INSTANT))
    task = asyncio.create_task(worker.run())
    try:
        await scheduler.poll_feeds(services)
        (post,) = (await telegram.wait_sent(INSTANT, before + 1, within=30))[before:]
    finally:
        await worker.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    shown = parse_html(post.text)
    assert shown.startswith(say("en", "instant-header-source", source="Gomel Today", n=2))
    assert shown.index("Flood in Gomel") < shown.index("Bridge reopened")
    # The chat with the same feed in its digest gets nothing now (its /start and /add).
    assert len(telegram.sent_to(DIGEST)) == 2
