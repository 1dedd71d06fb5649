"""Feeds: the RSS/Atom/JSON feeds the bot polls, with their conditional-GET state.

A poll of many feeds reads the due ones in batches (``due`` with the last feed of the
previous batch as ``after``: keyset paging, so no feed comes twice in one run) and records
their outcomes many at a time (``record_polls``: one short transaction per batch).
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

# Every query below returns these columns, the fields of Feed.
COLUMNS = (
    "id, url, title, etag, last_modified, next_poll_at, error_count, last_error, enabled, "
    "shared, last_article_at, failing_told_at"
)
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
    shared: bool = True  # the operator's feed (every chat may read it); False: chats' only
    last_article_at: datetime | None = None  # when a poll last stored a new article
    failing_told_at: datetime | None = None  # chats told it keeps failing (None: since it worked)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Feed:
        """Build from a row with the columns of ``COLUMNS``."""
        due, last, told = row["next_poll_at"], row["last_article_at"], row["failing_told_at"]
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
            shared=bool(row["shared"]),
            last_article_at=None if last is None else from_timestamp(last),
            failing_told_at=None if told is None else from_timestamp(told),
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


async def due(
    conn: aiosqlite.Connection, *, now: datetime, limit: int, after: Feed | None = None
) -> builtins.list[Feed]:
    """Enabled feeds whose next poll time has come: never-polled ones first (by id), then
    the longest due first.

    ``after``: the last feed of the previous batch (as it was read), for the next batch of
    the same run. The order is a key (next poll time, id) read by the index, so a feed
    polled and recorded meanwhile, or one whose record is still to be written, never comes
    again; a feed added meanwhile waits for the next run.
    """
    stamp = to_timestamp(now)
    found: builtins.list[Feed] = []
    if after is None or after.next_poll_at is None:
        async with conn.execute(
            SELECT_FEEDS + "WHERE enabled = 1 AND next_poll_at IS NULL AND id > ? "
            "ORDER BY id LIMIT ?",
            (0 if after is None else after.id, limit),
        ) as cur:
            found = [Feed.from_row(r) for r in await cur.fetchall()]
        if len(found) >= limit:
            return found
        sql = SELECT_FEEDS + "WHERE enabled = 1 AND next_poll_at <= ? "
        args: tuple[int, ...] = (stamp,)
    else:
        sql = (
            SELECT_FEEDS
            + "WHERE enabled = 1 AND next_poll_at <= ? AND (next_poll_at, id) > (?, ?) "
        )
        args = (stamp, to_timestamp(after.next_poll_at), after.id)
    async with conn.execute(
        sql + "ORDER BY next_poll_at, id LIMIT ?", (*args, limit - len(found))
    ) as cur:
        found += [Feed.from_row(r) for r in await cur.fetchall()]
    return found


@dataclass(frozen=True, slots=True)
class PollRecord:
    """A poll's outcome to save on its feed's row."""

    feed_id: int
    etag: str | None
    last_modified: str | None
    error_count: int  # 0 after a success: the failing run is over
    last_error: str | None
    next_poll_at: datetime
    title: str | None = None  # fills in a feed stored without one
    new_article_at: datetime | None = None  # the poll stored a new article (last_article_at)
    told_at: datetime | None = None  # the feed's chats were told now that it keeps failing


RECORD_SQL = (
    "UPDATE feeds SET etag = ?, last_modified = ?, error_count = ?, last_error = ?, "
    "next_poll_at = ?, title = COALESCE(title, ?), "
    "last_article_at = COALESCE(?, last_article_at), "
    "failing_told_at = CASE WHEN ? = 0 THEN NULL ELSE COALESCE(failing_told_at, ?) END "
    "WHERE id = ?"
)


def _record_args(r: PollRecord) -> tuple[object, ...]:
    return (
        r.etag,
        r.last_modified,
        r.error_count,
        r.last_error,
        to_timestamp(r.next_poll_at),
        r.title,
        None if r.new_article_at is None else to_timestamp(r.new_article_at),
        r.error_count,
        None if r.told_at is None else to_timestamp(r.told_at),
        r.feed_id,
    )


async def record_polls(conn: aiosqlite.Connection, records: Sequence[PollRecord]) -> int:
    """Save many polls' outcomes in one statement; returns how many feeds were found.

    Runs inside the caller's transaction when there is one (failing notices are queued in
    the same one). A success clears ``failing_told_at``, so a later failing run is told.
    """
    if not records:
        return 0
    async with transaction(conn):
        before = conn.total_changes
        await conn.executemany(RECORD_SQL, [_record_args(r) for r in records])
        return conn.total_changes - before


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
    """Save one poll's outcome; a ``title`` fills in a feed stored without one.

    False if no feed has this id (it was removed while being polled).
    """
    record = PollRecord(
        feed_id, etag, last_modified, error_count, last_error, next_poll_at, title=title
    )
    return await record_polls(conn, [record]) > 0


async def move(conn: aiosqlite.Connection, *, feed_id: int, url: str) -> bool:
    """Give a feed its new URL (it moved for good); False if another feed has that URL
    (both are kept) or the feed is gone."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE feeds SET url = ? WHERE id = ? "
            "AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = ?)",
            (url, feed_id, url),
        ) as cur,
    ):
        return cur.rowcount > 0


async def make_shared(conn: aiosqlite.Connection, *, url: str) -> bool:
    """The operator takes a feed chats added (FEEDS, ``feeds add``, ``feeds import``): every
    chat may read it from now on, and it is polled again if no chat kept it; False if the
    URL is not stored or the feed was the operator's already."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE feeds SET shared = 1, enabled = 1 WHERE url = ? AND shared = 0", (url,)
        ) as cur,
    ):
        return cur.rowcount > 0
