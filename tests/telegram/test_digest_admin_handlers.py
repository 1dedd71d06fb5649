"""/digest, /broadcast and /stats through the real aiogram stack over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.config import Settings
from bot.storage import outbox, subscribers
from tests.factories import command, say, subscribe
from tests.fake_telegram import FakeTelegram, parse_html

ADMIN = 42


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(_env_file=None, admin_ids=[ADMIN])  # type: ignore[call-arg]


async def test_digest_command(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(5, "/digest"))
    assert telegram.sent[-1].text == say("en", "digest-not-subscribed")
    await subscribe(db, 5)
    await dp.feed_update(bot, command(5, "/digest"))
    assert telegram.sent[-1].text == say("en", "digest-nothing")


async def test_admin_commands_are_for_admins_only(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
) -> None:
    bot, dp = stack
    for chat_id in (1, 2, 3):
        await subscribe(db, chat_id)
    await subscribers.deactivate(db, chat_id=3, reason="stopped", now=datetime.now(tz=UTC))
    await dp.feed_update(bot, command(7, "/broadcast hello"))
    await dp.feed_update(bot, command(7, "/stats"))
    # For anyone else the operator commands do not exist.
    assert [s.text for s in telegram.sent] == [
        say("en", "submit-unknown-command", command="/broadcast"),
        say("en", "submit-unknown-command", command="/stats"),
    ]
    assert (await outbox.counts(db))["queued"] == 0

    await dp.feed_update(bot, command(ADMIN, "/broadcast <b>New</b> sources & more"))
    assert telegram.sent[-1].text == say("en", "admin-broadcast-queued", n=2)
    async with db.execute("SELECT chat_id, payload_json FROM outbox ORDER BY chat_id") as cur:
        rows = await cur.fetchall()
    assert [r[0] for r in rows] == [1, 2]  # active subscribers only
    assert "&lt;b&gt;New&lt;/b&gt; sources &amp; more" in rows[0][1]  # escaped, not markup

    await dp.feed_update(bot, command(ADMIN, "/stats"))
    shown = parse_html(telegram.sent[-1].text)
    assert "active: 2" in shown
    assert "inactive: 1" in shown
    assert "queued: 2" in shown
