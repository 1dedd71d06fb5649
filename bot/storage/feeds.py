"""Feeds: the RSS/Atom/JSON feeds the bot polls, with their conditional-GET state."""

from __future__ import annotations

import builtins
import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

# Every query below returns these columns, the fields of Feed.
COLUMNS = "id, url, title, etag, last_modified, next_poll_at, error_count, last_error, enabled"
SELECT_FEEDS = f"SELECT {COLUMNS} FROM feeds "  # noqa: S608 (constant)
ADD_SQL = (
    "INSERT INTO feeds (url, title) VALUES (?, ?) ON CONFLICT (url) DO NOTHING "  # noqa: S608
    f"RETURNING {COLUMNS}"
)


@dataclass(frozen=True, slots=True)
class Feed:
    """One row of ``feeds``; times are timezone-aware UTC."""

    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    next_poll_at: datetime | None  # None: poll at the next tick
    error_count: int
    last_error: str | None
    enabled: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Feed:
        """Build from a row with the columns of ``COLUMNS``."""
        due = row["next_poll_at"]
        return cls(
            id=row["id"],
            url=row["url"],
            title=row["title"],
            etag=row["etag"],
            last_modified=row["last_modified"],
            next_poll_at=None if due is None else from_timestamp(due),
            error_count=row["error_count"],
            last_error=row["last_error"],
            enabled=bool(row["enabled"]),
        )


async def add(conn: aiosqlite.Connection, *, url: str, title: str | None = None) -> Feed | None:
    """Store a feed, due at the next tick; None if its URL is already stored."""
    async with (
        transaction(conn),
        conn.execute(
            ADD_SQL,
            (url, title),
        ) as cur,
    ):
        row = await cur.fetchone()
    return None if row is None else Feed.from_row(row)


async def remove(conn: aiosqlite.Connection, *, url: str) -> bool:
    """Delete a feed (its articles stay, with no feed); False if the URL is not stored."""
    async with (
        transaction(conn),
        conn.execute("DELETE FROM feeds WHERE url = ?", (url,)) as cur,
    ):
        return cur.rowcount > 0


async def all(conn: aiosqlite.Connection) -> builtins.list[Feed]:
    """Every stored feed, in the order they were added."""
    async with conn.execute(SELECT_FEEDS + "ORDER BY id") as cur:
        return [Feed.from_row(r) for r in await cur.fetchall()]


async def due(conn: aiosqlite.Connection, *, now: datetime, limit: int) -> builtins.list[Feed]:
    """Enabled feeds whose next poll time has come (never-polled ones first)."""
    async with conn.execute(
        SELECT_FEEDS + "WHERE enabled = 1 AND (next_poll_at IS NULL OR next_poll_at <= ?) "
        "ORDER BY next_poll_at IS NOT NULL, next_poll_at, id LIMIT ?",
        (to_timestamp(now), limit),
    ) as cur:
        return [Feed.from_row(r) for r in await cur.fetchall()]


async def record_poll(
    conn: aiosqlite.Connection,
    *,
    feed_id: int,
    etag: str | None,
    last_modified: str | None,
    error_count: int,
    last_error: str | None,
    next_poll_at: datetime,
    title: str | None = None,
) -> bool:
    """Save a poll's outcome; a ``title`` fills in a feed stored without one.

    False if no feed has this id (it was removed while being polled).
    """
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE feeds SET etag = ?, last_modified = ?, error_count = ?, last_error = ?, "
            "next_poll_at = ?, title = COALESCE(title, ?) WHERE id = ?",
            (
                etag,
                last_modified,
                error_count,
                last_error,
                to_timestamp(next_poll_at),
                title,
                feed_id,
            ),
        ) as cur,
    ):
        return cur.rowcount > 0
