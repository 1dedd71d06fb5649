"""Migration 0008 (each chat its own sources): feeds stored before it are the operator's,
the outbox keeps every row and takes the new kinds, and chat_feeds follows its chat."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.storage.db import MIGRATIONS_DIR, connect, migrate

SOURCES = "0008_chat_sources.sql"


async def test_a_database_before_0008_keeps_its_feeds_and_queue(tmp_path: Path) -> None:
    earlier = tmp_path / "migrations"
    earlier.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name < SOURCES:
            shutil.copy(path, earlier)
    database = tmp_path / "t.sqlite3"
    async with connect(database) as conn:
        assert await migrate(conn, directory=earlier) == 7
        await conn.executescript(
            "INSERT INTO feeds (id, url, title) VALUES (1, 'https://example.com/rss', 'E');"
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
            "VALUES (1, 'private', 'be', 'UTC', '08:00', 100), (-7, 'group', 'ru', 'UTC', "
            "'08:00', 100);"
            "INSERT INTO outbox (id, chat_id, kind, dedup_key, payload_json, status, attempts, "
            "next_attempt_at, created_at, telegram_message_id, last_error) VALUES "
            "(5, 1, 'digest', 'digest:1:a', '{\"text\": \"a\"}', 'sent', 1, 10, 9, 77, NULL), "
            "(6, -7, 'broadcast', 'b:1', '{\"text\": \"b\"}', 'failed', 3, 20, 9, NULL, 'x');"
        )
        async with conn.execute("SELECT * FROM outbox ORDER BY id") as cur:
            queue = [tuple(row) for row in await cur.fetchall()]
        with pytest.raises(sqlite3.IntegrityError):
            await conn.execute(
                "INSERT INTO outbox (chat_id, kind, dedup_key, payload_json, next_attempt_at, "
                "created_at) VALUES (1, 'instant', 'i:1', '{}', 0, 0)"
            )

    async with connect(database) as conn:
        assert await migrate(conn) >= 8
        async with conn.execute("SELECT * FROM outbox ORDER BY id") as cur:
            assert [tuple(row) for row in await cur.fetchall()] == queue
        async with conn.execute(
            "SELECT shared, last_article_at, failing_told_at FROM feeds"
        ) as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [(1, None, None)]
        for kind in ("instant", "notice"):
            await conn.execute(
                "INSERT INTO outbox (chat_id, kind, dedup_key, payload_json, next_attempt_at, "
                "created_at) VALUES (1, ?, ?, '{}', 0, 0)",
                (kind, f"{kind}:1"),
            )
        await conn.execute(
            "INSERT INTO chat_feeds (chat_id, feed_id, mode, added_at) "
            "VALUES (-7, 1, 'instant', 5)"
        )
        with pytest.raises(sqlite3.IntegrityError):  # a chat is stored before it adds a source
            await conn.execute(
                "INSERT INTO chat_feeds (chat_id, feed_id, added_at) VALUES (99, 1, 5)"
            )
        # A group that becomes a supergroup takes its sources and queue along.
        await conn.execute("UPDATE subscribers SET chat_id = -1007 WHERE chat_id = -7")
        async with conn.execute("SELECT chat_id, mode FROM chat_feeds") as cur:
            assert [tuple(row) for row in await cur.fetchall()] == [(-1007, "instant")]
        async with conn.execute("SELECT chat_id FROM outbox WHERE id = 6") as cur:
            assert [row[0] for row in await cur.fetchall()] == [-1007]
        await conn.execute("DELETE FROM feeds WHERE id = 1")
        async with conn.execute("SELECT count(*) FROM chat_feeds") as cur:
            assert tuple(await cur.fetchone() or ()) == (0,)
