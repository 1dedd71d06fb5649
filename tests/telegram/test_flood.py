"""The flood guard and unknown commands, through the real aiogram stack over HTTP (feed_update)."""

from __future__ import annotations

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.telegram.submit import FLOOD_LIMIT
from tests.factories import add_story, count_articles, message
from tests.fake_telegram import FakeTelegram, parse_html

# The flood guard lives as long as the session's Dispatcher: every test uses users of its own.


async def _store(db: aiosqlite.Connection, n: int) -> str:
    url = f"https://example.com/flood/{n}"
    await add_story(db, n, url=url, source_url=url)
    return url


async def test_sixth_link_in_a_minute_is_refused_politely(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    user = 501
    for n in range(1, FLOOD_LIMIT + 1):
        await dp.feed_update(bot, message(user, await _store(db, n)))
    assert [parse_html(s.text).splitlines()[0] for s in telegram.sent] == [
        f"Story {n}" for n in range(1, FLOOD_LIMIT + 1)
    ]
    stored = await count_articles(db)

    # Not stored, and private addresses are refused: analysing it would answer an error.
    await dp.feed_update(bot, message(user, "http://127.0.0.1:9/sixth"))
    assert telegram.sent[-1].text == (
        "That is a lot of links and texts for one minute: please wait a little and send again."
    )
    # Told once: the rest of the flood, texts included, is neither analysed nor answered.
    await dp.feed_update(bot, message(user, "http://127.0.0.1:9/seventh"))
    await dp.feed_update(bot, message(user, "A pasted news text. It has two sentences."))
    assert len(telegram.sent) == FLOOD_LIMIT + 1
    assert await count_articles(db) == stored

    # Commands are not counted, and other users keep their own allowance.
    await dp.feed_update(bot, message(user, "/help"))
    assert telegram.sent[-1].text.startswith("Send a link")
    await dp.feed_update(bot, message(user + 1, "https://example.com/flood/1"))
    assert parse_html(telegram.sent[-1].text).startswith("Story 1")
    assert telegram.refused == []


async def test_polite_line_in_russian(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    url = await _store(db, 1)
    for _ in range(FLOOD_LIMIT + 1):
        await dp.feed_update(bot, message(601, url, language_code="ru"))
    assert telegram.sent[-1].text.startswith("Слишком много ссылок и текстов за минуту")
    assert len(telegram.sent) == FLOOD_LIMIT + 1


@pytest.mark.parametrize(
    ("text", "language_code", "expected"),
    [
        ("/foo", "en", "I do not know the command /foo. What I can do: /help"),
        ("/foo bar baz", "en", "I do not know the command /foo. What I can do: /help"),
        ("/digest@newsbrief_bot", "ru", "Не знаю команды /digest. Что я умею: /help"),
    ],
)
async def test_unknown_command_points_to_help(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    text: str,
    language_code: str,
    expected: str,
) -> None:
    bot, dp = stack
    for _ in range(FLOOD_LIMIT + 1):  # not summarised, so never counted by the flood guard
        await dp.feed_update(bot, message(503, text, language_code=language_code))
    assert [s.text for s in telegram.sent] == [expected] * (FLOOD_LIMIT + 1)
    assert await count_articles(db) == 0
