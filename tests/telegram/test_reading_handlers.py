"""/latest and /search handlers through the real aiogram stack over HTTP (feed_update)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

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
from bot.storage import articles
from bot.storage.db import connect, migrate
from bot.telegram.paging import SearchPage
from tests.fake_telegram import FakeTelegram, parse_html


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        for n in range(1, 26):
            summary = {
                "lang": "en", "title": f"Story {n}", "sentences": [f"Story {n} happened."],
                "who": [], "where": [], "when": [], "quotes": [],
                "source": {"name": None, "url": None}, "version": 1,
            }  # fmt: skip
            await articles.add(
                conn,
                url=f"https://example.com/{n}",
                title=f"Story {n}",
                text=f"Story {n} happened.",
                lang="en",
                published_at=None,
                feed_id=None,
                content_hash=f"{n:064x}",
                summary_json=json.dumps(summary),
                summary_version=1,
                search_title=f"stori {n}",
                search_text=f"stori {n} happen",
                ingested_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
            )
        yield conn


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(limits=False)
    await fake.start()
    yield fake
    await fake.stop()


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


def _message(chat_id: int, text: str) -> Update:
    command = text.split(maxsplit=1)[0]
    return Update.model_validate({
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "T", "language_code": "en"},
            "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
        },
    })  # fmt: skip


def _press(chat_id: int, message_id: int, data: str) -> Update:
    return Update.model_validate({
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)), "chat_instance": "1", "data": data,
            "from": {"id": chat_id, "is_bot": False, "first_name": "T", "language_code": "en"},
            "message": {
                "message_id": message_id, "date": int(time.time()), "text": "page",
                "chat": {"id": chat_id, "type": "private"},
            },
        },
    })  # fmt: skip


async def test_latest_is_clamped_to_twenty_and_pages(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, "/latest 30"))
    (sent,) = telegram.sent
    shown = parse_html(sent.text)
    assert shown.startswith("Latest articles: 1–20 of 25")
    assert "1. Story 25" in shown
    assert "20. Story 6" in shown
    assert "21. " not in shown
    (following,) = sent.buttons()
    await dp.feed_update(bot, _press(1, sent.message_id, following["callback_data"]))
    (edit,) = telegram.edits
    assert parse_html(edit.text).startswith("Latest articles: 21–25 of 25")
    buttons: list[dict[str, Any]] = (edit.reply_markup or {})["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["« Back"]
    assert len(telegram.answered) == 1


@pytest.mark.parametrize("text", ["/latest abc", "/latest -3"])
async def test_latest_usage(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, text: str
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, text))
    assert telegram.sent[0].text.startswith("Send /latest or /latest N")


@pytest.mark.parametrize("text", ["/search", "/search " + "слово " * 40, "/search ?!"])
async def test_search_usage(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, text: str
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, text))
    assert telegram.sent[0].text.startswith("Send /search and the words")


async def test_search_pages_and_expired_key(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, "/search stories &<>"))
    (sent,) = telegram.sent
    assert parse_html(sent.text).startswith("Search “stories &<>”: 1–5")
    (following,) = sent.buttons()
    assert len(following["callback_data"].encode()) <= 64
    await dp.feed_update(bot, _press(1, sent.message_id, following["callback_data"]))
    assert parse_html(telegram.edits[0].text).startswith("Search “stories &<>”: 6–10")
    expired = SearchPage(key="0" * 12, offset=5, limit=5).pack()
    await dp.feed_update(bot, _press(1, sent.message_id, expired))
    assert len(telegram.edits) == 1
    assert telegram.answered[-1]["text"] == "This search has expired: send /search again."
    assert len(telegram.answered) == 2


async def test_double_press_is_not_an_error(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, "/latest 10"))
    (sent,) = telegram.sent
    (following,) = sent.buttons()
    for _ in range(2):  # the second press asks for the page already shown
        await dp.feed_update(bot, _press(1, sent.message_id, following["callback_data"]))
    assert len(telegram.edits) == 1
    assert any("not modified" in r[2] for r in telegram.refused)  # the fake refused it
    assert len(telegram.answered) == 2  # both presses answered: no spinning button
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
