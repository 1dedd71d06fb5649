"""A follow alert end to end: a chat follows «Лавров», the poll job stores a feed's new
article that names him only in oblique cases, and the outbox worker delivers the alert
through the fake Bot API; a chat following someone else gets nothing, nor does the chat
once it has unfollowed."""

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
from bot.services import follows
from bot.services.context import Services
from bot.storage import feeds
from tests.factories import ServedFeed, message, say, served_feed
from tests.fake_telegram import FakeTelegram, parse_html

FOLLOWER, OTHER = 1001, 2002
FILLER = " ".join(["Эксперты считают, что консультации продолжатся и в следующем году."] * 12)
TALKS = (
    "Переговоры в Анкаре",
    "Глава турецкого МИД встретился с Лавровым в Анкаре. Министр обсудил с Лавровым "
    "торговлю и транзит, сообщили в министерстве.",
)
EXHIBITION = (
    "Выставка в Минске",
    "В Минске открылась выставка современного искусства, сообщили организаторы. Экспозиция "
    "займёт три зала музея и продлится до конца месяца. Организаторы ожидают тысячи "
    "посетителей, в выходные вход будет свободным.",
)

ISTANBUL = (
    "Министр Лавров прилетел в Стамбул, где проведёт встречи с представителями бизнеса. "
    "Программа визита рассчитана на два дня. В первый день запланирована экскурсия по "
    "порту, во второй день пройдёт деловой форум."
)


@pytest.fixture
async def feed() -> AsyncIterator[ServedFeed]:
    async with served_feed("Новости", FILLER) as served:
        yield served


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(_env_file=None, allow_private_urls=True, analysis_processes=0)


async def _poll(services: Services, db: aiosqlite.Connection) -> None:
    """One poll of the feed, then until the outbox worker has sent what it queued."""
    await db.execute("UPDATE feeds SET next_poll_at = NULL")
    await db.commit()
    await scheduler.poll_feeds(services)
    for _ in range(100):
        async with db.execute(
            "SELECT COUNT(*) FROM outbox WHERE status IN ('queued', 'sending')"
        ) as cur:
            row = await cur.fetchone()
        if row is not None and row[0] == 0:
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the outbox was not emptied")


async def test_an_oblique_mention_in_a_feed_alerts_the_follower_only(
    bot: Bot,
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    nlp: NlpModels,
    bot_settings: Settings,
    feed: ServedFeed,
) -> None:
    assert await feeds.add(db, url=feed.url, title="Новости") is not None  # the operator's
    worker = build_worker(bot_settings, db, bot)
    dp: Dispatcher = build_dispatcher(bot_settings, nlp, db, wake_outbox=worker.wake)
    services: Services = dp["services"]
    task = asyncio.create_task(worker.run())
    try:
        await _scenario(bot, dp, services, telegram, db, feed)
    finally:
        await worker.stop()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def _scenario(
    bot: Bot,
    dp: Dispatcher,
    services: Services,
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    feed: ServedFeed,
) -> None:
    await dp.feed_update(bot, message(FOLLOWER, "/follow Лавров"))
    await dp.feed_update(bot, message(OTHER, "/follow Песков"))
    await _poll(services, db)  # nothing published yet
    before = {chat: len(telegram.sent_to(chat)) for chat in (FOLLOWER, OTHER)}

    feed.items = (TALKS, EXHIBITION)
    await _poll(services, db)
    (alert,) = telegram.sent_to(FOLLOWER)[before[FOLLOWER] :]
    shown = parse_html(alert.text)
    assert shown.startswith(say("en", "follow-alert", terms="Лавров"))
    assert "Анкар" in shown
    assert "Минск" not in shown  # the unrelated article, stored too, brings no alert
    async with db.execute("SELECT COUNT(*) FROM articles") as cur:
        assert tuple(await cur.fetchone() or ()) == (2,)
    assert len(telegram.sent_to(OTHER)) == before[OTHER]

    await dp.feed_update(bot, message(FOLLOWER, "/unfollow Лавров"))
    sent = len(telegram.sent_to(FOLLOWER))
    feed.items = (
        TALKS,
        EXHIBITION,
        ("Визит в Стамбул", ISTANBUL),
    )
    await _poll(services, db)
    assert len(telegram.sent_to(FOLLOWER)) == sent
    async with db.execute("SELECT id FROM articles WHERE title = 'Визит в Стамбул'") as cur:
        (row,) = await cur.fetchall()
    # Not held back as the same story: the chat follows nothing that it names any more.
    assert await follows.matches(db, services.nlp, article_id=row[0]) == {}
