"""Subscribers: upsert keeps a returning chat's settings, deactivate, language, counts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.storage import subscribers
from bot.storage.db import connect, migrate

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)


async def subscribe(
    conn: aiosqlite.Connection, chat_id: int, *, lang: str = "ru", now: datetime = T0
) -> subscribers.Subscriber:
    return await subscribers.upsert_active(
        conn,
        chat_id=chat_id,
        kind="private" if chat_id > 0 else "group",
        lang=lang,
        tz="Europe/Minsk",
        digest_time="08:00",
        now=now,
    )


async def test_new_chat_is_stored_active(db: aiosqlite.Connection) -> None:
    added = await subscribe(db, 1)
    assert added == subscribers.Subscriber(
        chat_id=1, kind="private", lang="ru", tz="Europe/Minsk", digest_time="08:00",
        digest_enabled=True, active=True, created_at=T0, deactivated_reason=None,
        deactivated_at=None, next_digest_at=None,
    )  # fmt: skip
    assert await subscribers.get(db, chat_id=1) == added
    assert await subscribers.get(db, chat_id=2) is None
    assert await subscribers.count_active(db) == 1


async def test_deactivate_then_subscribe_again_keeps_settings(db: aiosqlite.Connection) -> None:
    await subscribe(db, -100, lang="en")
    later = T0 + timedelta(days=1)
    assert await subscribers.deactivate(db, chat_id=-100, reason="blocked", now=later)
    assert not await subscribers.deactivate(db, chat_id=-100, reason="blocked", now=later)
    gone = await subscribers.get(db, chat_id=-100)
    assert gone is not None
    assert (gone.active, gone.deactivated_reason, gone.deactivated_at) == (False, "blocked", later)
    assert await subscribers.count_active(db) == 0

    back = await subscribe(db, -100, lang="ru", now=T0 + timedelta(days=2))
    assert (back.active, back.deactivated_reason, back.deactivated_at) == (True, None, None)
    assert back.lang == "en"  # the stored choice, not the new sender's language
    assert back.created_at == T0
    assert back.kind == "group"
    assert await subscribers.count_active(db) == 1


async def test_deactivate_unknown_chat(db: aiosqlite.Connection) -> None:
    assert not await subscribers.deactivate(db, chat_id=5, reason="stopped", now=T0)
    assert await subscribers.get(db, chat_id=5) is None


async def test_set_lang(db: aiosqlite.Connection) -> None:
    assert not await subscribers.set_lang(db, chat_id=1, lang="en")
    await subscribe(db, 1)
    assert await subscribers.set_lang(db, chat_id=1, lang="en")
    stored = await subscribers.get(db, chat_id=1)
    assert stored is not None
    assert stored.lang == "en"
    with pytest.raises(sqlite3.IntegrityError):
        await subscribers.set_lang(db, chat_id=1, lang="de")


async def test_add_inactive_stores_settings_without_subscribing(
    db: aiosqlite.Connection,
) -> None:
    kwargs: dict[str, Any] = {
        "kind": "private", "tz": "Europe/Minsk", "digest_time": "08:00", "now": T0,
    }  # fmt: skip
    assert await subscribers.add_inactive(db, chat_id=3, lang="en", **kwargs)
    assert not await subscribers.add_inactive(db, chat_id=3, lang="ru", **kwargs)
    stored = await subscribers.get(db, chat_id=3)
    assert stored is not None
    assert (stored.active, stored.lang, stored.deactivated_reason) == (
        False,
        "en",
        subscribers.NOT_SUBSCRIBED,
    )
    assert await subscribers.count_active(db) == 0
    assert (await subscribe(db, 3)).active


async def test_naive_time_is_refused(db: aiosqlite.Connection) -> None:
    with pytest.raises(ValueError, match="naive"):
        await subscribe(db, 1, now=datetime(2025, 1, 1))  # noqa: DTZ001


async def test_version_one_database_keeps_its_subscribers(tmp_path: Path) -> None:
    """A database made by 0001 alone upgrades; its subscribers read back unchanged."""
    only_first = tmp_path / "migrations"
    only_first.mkdir()
    first = Path(subscribers.__file__).parent / "migrations" / "0001_initial.sql"
    (only_first / first.name).write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    async with connect(tmp_path / "t.sqlite3") as conn:
        assert await migrate(conn, directory=only_first) == 1
        await conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, active, created_at, "
            "deactivated_reason) VALUES (7, 'private', 'en', 'UTC', '09:30', 0, ?, 'blocked')",
            (int(T0.timestamp()),),
        )
        assert await migrate(conn) >= 2
        stored = await subscribers.get(conn, chat_id=7)
    assert stored is not None
    assert (stored.lang, stored.tz, stored.digest_time, stored.active) == (
        "en",
        "UTC",
        "09:30",
        False,
    )
    assert (stored.deactivated_reason, stored.deactivated_at) == ("blocked", None)
