"""Follow hits: the articles a chat's follows matched that wait for its next digest.

A chat that takes its follow alerts in the digest (``subscribers.follow_alerts``), or that
is past its daily alert limit, gets a row here instead of a message; the next digest shows
them first ("what you follow"). Rows go with their article or chat (foreign keys), and a
chat's digest clears those it was made after (``clear``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction


@dataclass(frozen=True, slots=True)
class Hit:
    """An article a chat's follows matched, with what matched as shown ("Лавров, санкции")."""

    chat_id: int
    article_id: int
    terms: str


@dataclass(frozen=True, slots=True)
class StoredHit:
    """A stored hit and when it was made (aware UTC)."""

    chat_id: int
    article_id: int
    terms: str
    created_at: datetime


async def add(conn: aiosqlite.Connection, rows: Sequence[Hit], *, now: datetime) -> int:
    """Store the hits not stored yet (a chat and an article once); returns how many were new.

    Joins the caller's transaction when there is one.

    Raises:
        sqlite3.IntegrityError: an unknown chat or article, or empty ``terms``.
    """
    if not rows:
        return 0
    stamp = to_timestamp(now)
    async with transaction(conn):
        before = conn.total_changes
        await conn.executemany(
            "INSERT INTO follow_hits (chat_id, article_id, terms, created_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, article_id) DO NOTHING",
            [(hit.chat_id, hit.article_id, hit.terms, stamp) for hit in rows],
        )
        return conn.total_changes - before


async def since(
    conn: aiosqlite.Connection, *, chat_id: int, after: datetime, limit: int
) -> list[StoredHit]:
    """The chat's hits made after ``after``, newest first, at most ``limit``."""
    async with conn.execute(
        "SELECT chat_id, article_id, terms, created_at FROM follow_hits "
        "WHERE chat_id = ? AND created_at > ? ORDER BY created_at DESC, article_id DESC LIMIT ?",
        (chat_id, to_timestamp(after), limit),
    ) as cur:
        return [
            StoredHit(
                chat_id=row["chat_id"],
                article_id=row["article_id"],
                terms=row["terms"],
                created_at=from_timestamp(row["created_at"]),
            )
            for row in await cur.fetchall()
        ]


async def clear(conn: aiosqlite.Connection, *, chat_id: int, until: datetime) -> int:
    """Delete the chat's hits made up to ``until`` (its digest made then showed them, or they
    were older than a digest looks back). Joins the caller's transaction when there is one."""
    async with (
        transaction(conn),
        conn.execute(
            "DELETE FROM follow_hits WHERE chat_id = ? AND created_at <= ?",
            (chat_id, to_timestamp(until)),
        ) as cur,
    ):
        return cur.rowcount
