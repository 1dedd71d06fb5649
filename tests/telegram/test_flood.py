"""The flood guard and unknown commands, through the real aiogram stack over HTTP (feed_update)."""

from __future__ import annotations

import json
import time
from itertools import count

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.storage import articles
from bot.telegram.submit import FLOOD_LIMIT
from tests.fake_telegram import FakeTelegram, parse_html
from tests.telegram import test_reading_handlers as reading

# One Dispatcher per session (aiogram's routers join one only): reuse that file's fixtures.
# Its `db` fixture is not taken, so `stack` gets the empty one from conftest.
stack = reading.stack
telegram = reading.telegram

# The flood guard lives as long as the session's Dispatcher: every test uses users of its own.
_ids = count(1_000_000)


def _message(user_id: int, text: str, language_code: str = "en") -> Update:
    message = {
        "message_id": next(_ids), "date": int(time.time()), "text": text,
        "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "T",
                 "language_code": language_code},
    }  # fmt: skip
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return Update.model_validate({"update_id": next(_ids), "message": message})


async def _store(db: aiosqlite.Connection, n: int) -> str:
    url = f"https://example.com/flood/{n}"
    summary = {
        "lang": "en", "title": f"Story {n}", "sentences": [f"Story {n} happened."],
        "who": [], "where": [], "when": [], "quotes": [],
        "source": {"name": None, "url": url}, "version": 1,
    }  # fmt: skip
    await articles.add(
        db, url=url, title=f"Story {n}", text=f"Story {n} happened.", lang="en",
        published_at=None, feed_id=None, content_hash=f"{n:064x}",
        summary_json=json.dumps(summary), summary_version=1,
        search_title=f"stori {n}", search_text=f"stori {n} happen",
    )  # fmt: skip
    return url


async def _count(db: aiosqlite.Connection) -> int:
    async with db.execute("SELECT COUNT(*) FROM articles") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_sixth_link_in_a_minute_is_refused_politely(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    user = 501
    for n in range(1, FLOOD_LIMIT + 1):
        await dp.feed_update(bot, _message(user, await _store(db, n)))
    assert [parse_html(s.text).splitlines()[0] for s in telegram.sent] == [
        f"Story {n}" for n in range(1, FLOOD_LIMIT + 1)
    ]
    stored = await _count(db)

    # Not stored, and private addresses are refused: analysing it would answer an error.
    await dp.feed_update(bot, _message(user, "http://127.0.0.1:9/sixth"))
    assert telegram.sent[-1].text == (
        "That is a lot of links and texts for one minute: please wait a little and send again."
    )
    # Told once: the rest of the flood, texts included, is neither analysed nor answered.
    await dp.feed_update(bot, _message(user, "http://127.0.0.1:9/seventh"))
    await dp.feed_update(bot, _message(user, "A pasted news text. It has two sentences."))
    assert len(telegram.sent) == FLOOD_LIMIT + 1
    assert await _count(db) == stored

    # Commands are not counted, and other users keep their own allowance.
    await dp.feed_update(bot, _message(user, "/help"))
    assert telegram.sent[-1].text.startswith("Send a link")
    await dp.feed_update(bot, _message(user + 1, "https://example.com/flood/1"))
    assert parse_html(telegram.sent[-1].text).startswith("Story 1")
    assert telegram.refused == []


async def test_polite_line_in_russian(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    url = await _store(db, 1)
    for _ in range(FLOOD_LIMIT + 1):
        await dp.feed_update(bot, _message(601, url, language_code="ru"))
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
        await dp.feed_update(bot, _message(503, text, language_code))
    assert [s.text for s in telegram.sent] == [expected] * (FLOOD_LIMIT + 1)
    assert await _count(db) == 0
