"""Migration 0007 (Belarusian and Ukrainian interfaces) rebuilds subscribers: every row and
every row that references it are kept, and the new languages are accepted."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.storage.db import MIGRATIONS_DIR, connect, migrate

LANGUAGES = "0007_interface_languages.sql"
COLUMNS = (
    "chat_id, kind, lang, tz, digest_time, digest_enabled, active, created_at, "
    "deactivated_reason, next_digest_at, deactivated_at, digest_size, last_digest_at"
)


async def test_a_database_before_0007_keeps_its_chats_and_takes_be_and_uk(
    tmp_path: Path,
) -> None:
    earlier = tmp_path / "migrations"
    earlier.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < LANGUAGES:
            shutil.copy(path, earlier)
    database = tmp_path / "t.sqlite3"
    async with connect(database) as conn:
        assert await migrate(conn, directory=earlier) == 6
        await conn.executescript(
            "INSERT INTO feeds (id, url, title) VALUES (1, 'https://example.com/rss', 'E');"
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at, "
            "next_digest_at, digest_size, last_digest_at, active, deactivated_reason) VALUES "
            "(1, 'private', 'ru', 'Europe/Minsk', '07:30', 100, 200, 7, 150, 1, NULL), "
            "(-5, 'group', 'en', 'UTC', '20:00', 101, NULL, 5, NULL, 0, 'stopped');"
            "INSERT INTO subscriptions (chat_id, feed_id) VALUES (1, 1);"
            "INSERT INTO outbox (chat_id, kind, dedup_key, payload_json, next_attempt_at, "
            "created_at) VALUES (1, 'digest', 'digest:1:x', '{\"text\": \"hi\"}', 0, 0);"
        )
        with pytest.raises(sqlite3.IntegrityError):
            await conn.execute("UPDATE subscribers SET lang = 'be' WHERE chat_id = 1")
        async with conn.execute(f"SELECT {COLUMNS} FROM subscribers ORDER BY chat_id") as cur:  # noqa: S608
            before = [tuple(row) for row in await cur.fetchall()]

    async with connect(database) as conn:
        assert await migrate(conn) >= 7
        async with conn.execute(f"SELECT {COLUMNS} FROM subscribers ORDER BY chat_id") as cur:  # noqa: S608
            assert [tuple(row) for row in await cur.fetchall()] == before
        async with conn.execute("SELECT DISTINCT managed_by FROM subscribers") as cur:
            assert [row[0] for row in await cur.fetchall()] == [None]
        async with conn.execute("SELECT chat_id, feed_id FROM subscriptions") as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [(1, 1)]
        async with conn.execute("SELECT chat_id, dedup_key FROM outbox") as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [(1, "digest:1:x")]
        await conn.execute("UPDATE subscribers SET lang = 'be' WHERE chat_id = 1")
        await conn.execute("UPDATE subscribers SET lang = 'uk' WHERE chat_id = -5")
        with pytest.raises(sqlite3.IntegrityError):
            await conn.execute("UPDATE subscribers SET lang = 'de' WHERE chat_id = 1")
        await conn.execute("UPDATE subscribers SET kind = 'channel' WHERE chat_id = -5")
        # The references still hold: a chat's rows go with it, and a group that becomes a
        # supergroup takes them along.
        await conn.execute("UPDATE subscribers SET chat_id = 2 WHERE chat_id = 1")
        async with conn.execute("SELECT chat_id FROM subscriptions") as cur:
            assert [row[0] for row in await cur.fetchall()] == [2]
        await conn.execute("DELETE FROM subscribers WHERE chat_id = 2")
        async with conn.execute("SELECT count(*) FROM outbox") as cur:
            assert tuple(await cur.fetchone() or ()) == (0,)
        async with conn.execute("PRAGMA index_list(subscribers)") as cur:
            assert "subscribers_due" in [row["name"] for row in await cur.fetchall()]
