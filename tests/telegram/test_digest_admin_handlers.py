"""/digest, /broadcast and /stats through the real aiogram stack over HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings
from bot.storage import outbox, subscribers
from bot.telegram.texts import BROADCAST_QUEUED, DIGEST_NOT_SUBSCRIBED, DIGEST_NOTHING, NOT_ALLOWED
from tests.fake_telegram import FakeTelegram, parse_html
from tests.telegram.test_reading_handlers import _message, telegram  # noqa: F401 (fixture)

ADMIN = 42


@pytest.fixture
async def stack(
    telegram: FakeTelegram,  # noqa: F811 (the imported fixture)
    db: aiosqlite.Connection,
    nlp: NlpModels,
) -> AsyncIterator[tuple[Bot, Dispatcher]]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    bot = Bot(
        telegram.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    settings = Settings(_env_file=None, admin_ids=[ADMIN])  # type: ignore[call-arg]
    yield bot, build_dispatcher(settings, nlp, db)
    await bot.session.close()


async def _subscribe(db: aiosqlite.Connection, *chat_ids: int) -> None:
    for chat_id in chat_ids:
        await subscribers.upsert_active(
            db, chat_id=chat_id, kind="private", lang="en", tz="UTC", digest_time="08:00",
            now=datetime.now(tz=UTC),
        )  # fmt: skip


async def test_digest_command(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,  # noqa: F811
    db: aiosqlite.Connection,
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(5, "/digest"))
    assert telegram.sent[-1].text == DIGEST_NOT_SUBSCRIBED["en"]
    await _subscribe(db, 5)
    await dp.feed_update(bot, _message(5, "/digest"))
    assert telegram.sent[-1].text == DIGEST_NOTHING["en"]


async def test_admin_commands_are_for_admins_only(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,  # noqa: F811
    db: aiosqlite.Connection,
) -> None:
    bot, dp = stack
    await _subscribe(db, 1, 2, 3)
    await subscribers.deactivate(db, chat_id=3, reason="stopped", now=datetime.now(tz=UTC))
    await dp.feed_update(bot, _message(7, "/broadcast hello"))
    await dp.feed_update(bot, _message(7, "/stats"))
    assert [s.text for s in telegram.sent] == [NOT_ALLOWED["en"]] * 2
    assert (await outbox.counts(db))["queued"] == 0

    await dp.feed_update(bot, _message(ADMIN, "/broadcast <b>New</b> sources & more"))
    assert telegram.sent[-1].text == BROADCAST_QUEUED["en"].format(n=2)
    async with db.execute("SELECT chat_id, payload_json FROM outbox ORDER BY chat_id") as cur:
        rows = await cur.fetchall()
    assert [r[0] for r in rows] == [1, 2]  # active subscribers only
    assert "&lt;b&gt;New&lt;/b&gt; sources &amp; more" in rows[0][1]  # escaped, not markup

    await dp.feed_update(bot, _message(ADMIN, "/stats"))
    shown = parse_html(telegram.sent[-1].text)
    assert "active: 2" in shown
    assert "inactive: 1" in shown
    assert "queued: 2" in shown
