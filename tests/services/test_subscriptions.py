"""Subscriptions: /start, /stop, /lang and blocking, on a real migrated SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from bot import locales
from bot.config import Settings
from bot.services import subscriptions
from bot.storage import subscribers
from tests.factories import count_active

SETTINGS = Settings(default_timezone="Europe/Berlin", default_digest_time=time(7, 30))


@pytest.mark.parametrize(
    ("code", "lang"),
    [("ru", "ru"), ("ru-RU", "ru"), ("be", "be"), ("be-BY", "be"), ("uk", "uk"), ("en", "en"),
     ("de", "en"), ("EN-us", "en"), (None, "en"), ("", "en")],
)  # fmt: skip
def test_language_of(code: str | None, lang: str) -> None:
    assert locales.language_of(code) == lang


async def test_subscribe_uses_defaults_and_sender_language(db: aiosqlite.Connection) -> None:
    sub = await subscriptions.subscribe(
        db, SETTINGS, chat_id=1, kind="private", language_code="ru"
    )
    assert (sub.active, sub.lang, sub.tz, sub.digest_time) == (
        True,
        "ru",
        "Europe/Berlin",
        "07:30",
    )
    assert await count_active(db) == 1
    # Scheduled at once: the next 07:30 in Berlin.
    assert sub.next_digest_at is not None
    local = sub.next_digest_at.astimezone(ZoneInfo("Europe/Berlin"))
    assert local.strftime("%H:%M") == "07:30"
    assert timedelta(0) < sub.next_digest_at - datetime.now(tz=UTC) <= timedelta(days=1)


async def test_unsubscribe_and_resubscribe(db: aiosqlite.Connection) -> None:
    assert not await subscriptions.unsubscribe(db, chat_id=1)
    await subscriptions.subscribe(db, SETTINGS, chat_id=1, kind="private", language_code="en")
    assert await subscriptions.unsubscribe(db, chat_id=1)
    assert not await subscriptions.unsubscribe(db, chat_id=1)
    stored = await subscribers.get(db, chat_id=1)
    assert stored is not None
    assert (stored.active, stored.deactivated_reason) == (False, subscriptions.STOPPED)
    assert stored.deactivated_at is not None
    again = await subscriptions.subscribe(
        db, SETTINGS, chat_id=1, kind="private", language_code="ru"
    )
    assert again.active
    assert again.lang == "en"  # chosen first, kept


async def test_blocked_deactivates_and_start_restores(db: aiosqlite.Connection) -> None:
    await subscriptions.subscribe(db, SETTINGS, chat_id=-5, kind="group", language_code="ru")
    assert await subscriptions.blocked(db, chat_id=-5)
    stored = await subscribers.get(db, chat_id=-5)
    assert stored is not None
    assert (stored.active, stored.deactivated_reason) == (False, subscriptions.BLOCKED)
    assert await count_active(db) == 0
    assert not await subscriptions.blocked(db, chat_id=99)  # never subscribed: nothing stored
    assert await subscribers.get(db, chat_id=99) is None
    await subscriptions.subscribe(db, SETTINGS, chat_id=-5, kind="group", language_code="en")
    assert await count_active(db) == 1


async def test_stored_language_wins_over_language_code(db: aiosqlite.Connection) -> None:
    assert await subscriptions.ui_lang_of(db, 1, "ru") == "ru"
    assert await subscriptions.ui_lang_of(db, 1, "en") == "en"
    await subscriptions.subscribe(db, SETTINGS, chat_id=1, kind="private", language_code="ru")
    assert await subscriptions.ui_lang_of(db, 1, "en") == "ru"


async def test_set_language_sets_every_interface_language(db: aiosqlite.Connection) -> None:
    await subscriptions.subscribe(db, SETTINGS, chat_id=1, kind="private", language_code="ru")

    async def lang(wanted: str) -> str:
        return await subscriptions.set_language(
            db, SETTINGS, chat_id=1, kind="private", lang=wanted, language_code="ru"
        )

    for code in ("be", "uk", "ru", "en"):
        assert await lang(code) == code
        assert await subscriptions.ui_lang_of(db, 1, "ru") == code
    assert await lang("en") == "en"
    assert await lang("en") == "en"
    assert await subscriptions.ui_lang_of(db, 1, "ru") == "en"
    stored = await subscribers.get(db, chat_id=1)
    assert stored is not None
    assert stored.active  # /lang does not touch the subscription
    with pytest.raises(ValueError, match="de"):
        await lang("de")


async def test_set_language_before_start_is_kept_but_not_subscribed(
    db: aiosqlite.Connection,
) -> None:
    chosen = await subscriptions.set_language(
        db, SETTINGS, chat_id=2, kind="private", lang="ru", language_code="en"
    )
    assert chosen == "ru"
    assert await count_active(db) == 0
    assert await subscriptions.ui_lang_of(db, 2, "en") == "ru"
    assert not await subscriptions.unsubscribe(db, chat_id=2)
    sub = await subscriptions.subscribe(
        db, SETTINGS, chat_id=2, kind="private", language_code="en"
    )
    assert (sub.active, sub.lang) == (True, "ru")
