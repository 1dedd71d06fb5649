"""Subscribers: upsert keeps a returning chat's settings, deactivate, language, counts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.storage import feeds, subscribers
from bot.storage.db import connect, migrate, transaction
from tests import factories
from tests.factories import count_active, stored_subscriber

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)  # 15:00 in Minsk (UTC+3)
TOMORROW_8 = datetime(2025, 7, 11, 5, 0, tzinfo=UTC)  # 08:00 in Minsk the next day


async def subscribe(
    conn: aiosqlite.Connection, chat_id: int, *, lang: str = "ru", now: datetime = T0
) -> subscribers.Subscriber:
    return await factories.subscribe(conn, chat_id, lang=lang, tz="Europe/Minsk", now=now)


async def test_new_chat_is_stored_active(db: aiosqlite.Connection) -> None:
    added = await subscribe(db, 1)
    assert added == subscribers.Subscriber(
        chat_id=1, kind="private", lang="ru", tz="Europe/Minsk", digest_time="08:00",
        digest_enabled=True, active=True, created_at=T0, deactivated_reason=None,
        deactivated_at=None, next_digest_at=TOMORROW_8, digest_size=5, last_digest_at=None,
    )  # fmt: skip
    assert await subscribers.get(db, chat_id=1) == added
    assert await subscribers.get(db, chat_id=2) is None
    assert await count_active(db) == 1


async def test_deactivate_then_subscribe_again_keeps_settings(db: aiosqlite.Connection) -> None:
    await subscribe(db, -100, lang="en")
    later = T0 + timedelta(days=1)
    assert await subscribers.deactivate(db, chat_id=-100, reason="blocked", now=later)
    assert not await subscribers.deactivate(db, chat_id=-100, reason="blocked", now=later)
    gone = await subscribers.get(db, chat_id=-100)
    assert gone is not None
    assert (gone.active, gone.deactivated_reason, gone.deactivated_at) == (False, "blocked", later)
    assert await count_active(db) == 0

    back = await subscribe(db, -100, lang="ru", now=T0 + timedelta(days=2))
    assert (back.active, back.deactivated_reason, back.deactivated_at) == (True, None, None)
    assert back.lang == "en"  # the stored choice, not the new sender's language
    assert back.created_at == T0
    assert back.kind == "group"
    assert await count_active(db) == 1


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
    assert await count_active(db) == 0
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
    assert (stored.digest_size, stored.last_digest_at, stored.next_digest_at) == (5, None, None)


async def test_returning_chat_keeps_a_future_schedule_and_renews_a_stale_one(
    db: aiosqlite.Connection,
) -> None:
    await subscribe(db, 1)
    await subscribers.deactivate(db, chat_id=1, reason="stopped", now=T0)
    back = await subscribe(db, 1, now=T0 + timedelta(hours=1))
    assert back.next_digest_at == TOMORROW_8  # still ahead: kept
    await subscribers.deactivate(db, chat_id=1, reason="stopped", now=T0)
    # Back after a week: the old due time has long passed; no digest the minute it returns.
    week_later = T0 + timedelta(days=7)
    back = await subscribe(db, 1, now=week_later)
    assert back.next_digest_at == TOMORROW_8 + timedelta(days=7)


async def test_update_preferences_writes_what_it_is_given(db: aiosqlite.Connection) -> None:
    assert await subscribers.update_preferences(db, chat_id=9, next_digest_at=T0) is None
    before = await subscribe(db, 1)
    changed = await subscribers.update_preferences(
        db, chat_id=1, next_digest_at=T0, lang="be", digest_size=10, tz="Europe/Kyiv"
    )
    assert changed is not None
    assert (changed.lang, changed.digest_size, changed.tz) == ("be", 10, "Europe/Kyiv")
    assert (changed.next_digest_at, changed.digest_time) == (T0, before.digest_time)
    assert await stored_subscriber(db, 1) == changed
    for bad in ({"digest_size": 0}, {"digest_size": 21}, {"lang": "de"}, {"digest_time": "8"}):
        with pytest.raises(sqlite3.IntegrityError):
            await subscribers.update_preferences(db, chat_id=1, next_digest_at=None, **bad)
    assert await stored_subscriber(db, 1) == changed  # nothing of a refused change is kept


async def test_feed_choice(db: aiosqlite.Connection) -> None:
    await subscribe(db, 1)
    await subscribe(db, 2)
    ids = []
    for n in range(3):
        feed = await feeds.add(db, url=f"https://example.com/{n}.xml")
        assert feed is not None
        ids.append(feed.id)
    assert await subscribers.feed_ids(db, chat_id=1) == []  # all feeds
    await subscribers.set_feeds(db, chat_id=1, feed_ids=[ids[2], ids[0], ids[0]])
    assert await subscribers.feed_ids(db, chat_id=1) == [ids[0], ids[2]]
    assert await subscribers.feed_ids(db, chat_id=2) == []
    await subscribers.set_feeds(db, chat_id=1, feed_ids=[ids[1]])
    assert await subscribers.feed_ids(db, chat_id=1) == [ids[1]]
    with pytest.raises(sqlite3.IntegrityError):
        await subscribers.set_feeds(db, chat_id=1, feed_ids=[ids[0], 999])
    assert await subscribers.feed_ids(db, chat_id=1) == [ids[1]]  # rolled back whole
    with pytest.raises(sqlite3.IntegrityError):
        await subscribers.set_feeds(db, chat_id=77, feed_ids=[ids[0]])
    await feeds.remove(db, url="https://example.com/1.xml")
    assert await subscribers.feed_ids(db, chat_id=1) == []  # its only feed gone: all again
    await subscribers.set_feeds(db, chat_id=2, feed_ids=[ids[0]])
    await subscribers.set_feeds(db, chat_id=2, feed_ids=[])
    assert await subscribers.feed_ids(db, chat_id=2) == []


async def test_due_for_digest(db: aiosqlite.Connection) -> None:
    morning = datetime(2025, 7, 10, 0, 0, tzinfo=UTC)
    for chat_id, tz in ((1, "Europe/Minsk"), (2, "Asia/Tokyo"), (3, "Europe/London"),
                        (4, "Asia/Kathmandu"), (5, "Europe/Berlin")):  # fmt: skip
        await factories.subscribe(db, chat_id, lang="ru", tz=tz, now=morning)
    off = await stored_subscriber(db, 4)
    await subscribers.update_preferences(
        db, chat_id=4, digest_enabled=False, next_digest_at=off.next_digest_at
    )
    await subscribers.deactivate(db, chat_id=5, reason="blocked", now=morning)
    # 08:00 in Tokyo is 23:00 UTC the day before: tomorrow's. Kathmandu 02:15 UTC (off),
    # Minsk 05:00, Berlin 06:00 (inactive), London 07:00.
    assert await subscribers.due_for_digest(db, now=morning) == []
    at_seven = datetime(2025, 7, 10, 7, 0, tzinfo=UTC)
    due = await subscribers.due_for_digest(db, now=at_seven)
    assert [s.chat_id for s in due] == [1, 3]
    assert [s.chat_id for s in await subscribers.due_for_digest(db, now=at_seven, limit=1)] == [1]
    later = datetime(2025, 7, 11, 0, 0, tzinfo=UTC)
    assert [s.chat_id for s in await subscribers.due_for_digest(db, now=later)] == [1, 3, 2]


async def test_digest_done_joins_the_callers_transaction(db: aiosqlite.Connection) -> None:
    first = await subscribe(db, 1)
    assert first.next_digest_at is not None
    following = first.next_digest_at + timedelta(days=1)

    class Boom(Exception):
        pass

    with pytest.raises(Boom):
        async with transaction(db):
            await subscribers.digest_done(
                db, chat_id=1, watermark=first.next_digest_at, next_at=following
            )
            raise Boom
    assert await stored_subscriber(db, 1) == first  # rolled back with the enclosing transaction

    async with transaction(db):
        await subscribers.digest_done(
            db, chat_id=1, watermark=first.next_digest_at, next_at=following
        )
        assert (await stored_subscriber(db, 1)).next_digest_at == following  # visible inside
    done = await stored_subscriber(db, 1)
    assert (done.last_digest_at, done.next_digest_at) == (first.next_digest_at, following)
    assert await subscribers.due_for_digest(db, now=following - timedelta(seconds=1)) == []
