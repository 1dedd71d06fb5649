"""/latest and /search handlers through the real aiogram stack over HTTP (feed_update)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.telegram.paging import SearchPage
from tests.factories import add_story, command, press
from tests.fake_telegram import FakeTelegram, parse_html


@pytest.fixture
async def db(db: aiosqlite.Connection) -> aiosqlite.Connection:
    """conftest's database with Story 1 to Story 25, one minute apart."""
    for n in range(1, 26):
        await add_story(db, n, ingested_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n))
    return db


async def test_latest_is_clamped_to_twenty_and_pages(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/latest 30"))
    (sent,) = telegram.sent
    shown = parse_html(sent.text)
    assert shown.startswith("Latest articles: 1–20 of 25")
    assert "1. Story 25" in shown
    assert "20. Story 6" in shown
    assert "21. " not in shown
    (following,) = sent.buttons()
    await dp.feed_update(bot, press(1, sent.message_id, following["callback_data"]))
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
    await dp.feed_update(bot, command(1, text))
    assert telegram.sent[0].text.startswith("Send /latest or /latest N")


@pytest.mark.parametrize("text", ["/search", "/search " + "слово " * 40, "/search ?!"])
async def test_search_usage(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, text: str
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, text))
    assert telegram.sent[0].text.startswith("Send /search and the words")


async def test_search_pages_and_expired_key(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/search stories &<>"))
    (sent,) = telegram.sent
    assert parse_html(sent.text).startswith("Search “stories &<>”: 1–5")
    (following,) = sent.buttons()
    assert len(following["callback_data"].encode()) <= 64
    await dp.feed_update(bot, press(1, sent.message_id, following["callback_data"]))
    assert parse_html(telegram.edits[0].text).startswith("Search “stories &<>”: 6–10")
    expired = SearchPage(key="0" * 12, offset=5, limit=5).pack()
    await dp.feed_update(bot, press(1, sent.message_id, expired))
    assert len(telegram.edits) == 1
    assert telegram.answered[-1]["text"] == "This search has expired: send /search again."
    assert len(telegram.answered) == 2


async def test_double_press_is_not_an_error(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/latest 10"))
    (sent,) = telegram.sent
    (following,) = sent.buttons()
    for _ in range(2):  # the second press asks for the page already shown
        await dp.feed_update(bot, press(1, sent.message_id, following["callback_data"]))
    assert len(telegram.edits) == 1
    assert any("not modified" in r[2] for r in telegram.refused)  # the fake refused it
    assert len(telegram.answered) == 2  # both presses answered: no spinning button
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
