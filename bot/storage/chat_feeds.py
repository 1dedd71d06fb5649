"""A chat's own sources: the feeds it added (/add, an OPML file) and how it takes each.

A feed is stored once, whoever adds it (``feeds.url`` is unique). One only chats added is
``shared = 0``: its articles are seen by the chats that have it here, and by no other
(storage/articles.py and storage/search.py read that). A feed of the operator (FEEDS,
``feeds add``) stays ``shared = 1`` when a chat adds it too.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

MODES = ("digest", "instant")  # the CHECK of chat_feeds.mode (migration 0008)


@dataclass(frozen=True, slots=True)
class StoredFeed:
    """What adding a source needs of a feed row."""

    id: int
    url: str
    title: str | None
    shared: bool  # the operator's: every chat may read it


@dataclass(frozen=True, slots=True)
class Source:
    """One of a chat's sources, with the state its list shows; times are aware UTC."""

    feed_id: int
    url: str
    title: str | None
    mode: str  # "digest" or "instant"
    thread_id: int | None
    added_at: datetime
    last_article_at: datetime | None  # when the feed last brought a new article
    error_count: int  # failed polls in a row
    last_error: str | None


@dataclass(frozen=True, slots=True)
class FeedChat:
    """A chat that has a feed among its sources."""

    chat_id: int
    mode: str
    thread_id: int | None


def _feed(row: sqlite3.Row) -> StoredFeed:
    return StoredFeed(id=row[0], url=row[1], title=row[2], shared=bool(row[3]))


async def feed_by_url(conn: aiosqlite.Connection, *, url: str) -> StoredFeed | None:
    """The stored feed with this URL (in the normal form feeds are stored in), if any."""
    async with conn.execute(
        "SELECT id, url, title, shared FROM feeds WHERE url = ?", (url,)
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else _feed(row)


async def add_feed(conn: aiosqlite.Connection, *, url: str, title: str | None) -> StoredFeed:
    """Store a feed a chat adds, or return the stored one with this URL.

    A new feed is the chats' own (``shared = 0``), due at the next poll; a stored one keeps
    its ``shared`` and gets ``title`` only if it had none. A chats' feed that was switched
    off when its last chat removed it is switched on again (an operator's is left as the
    operator set it).
    """
    async with (
        transaction(conn),
        conn.execute(
            "INSERT INTO feeds (url, title, shared) VALUES (?, ?, 0) "
            "ON CONFLICT (url) DO UPDATE SET title = COALESCE(feeds.title, excluded.title), "
            "enabled = CASE WHEN feeds.shared = 0 THEN 1 ELSE feeds.enabled END "
            "RETURNING id, url, title, shared",
            (url, title),
        ) as cur,
    ):
        row = await cur.fetchone()
    assert row is not None  # noqa: S101 (an upsert always returns its row)
    return _feed(row)


async def link(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    feed_id: int,
    mode: str = "digest",
    thread_id: int | None = None,
    now: datetime | None = None,
) -> bool:
    """Make a feed one of the chat's sources (the chat must be stored); False if it was."""
    moment = now if now is not None else datetime.now(tz=UTC)
    async with (
        transaction(conn),
        conn.execute(
            "INSERT INTO chat_feeds (chat_id, feed_id, mode, thread_id, added_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (chat_id, feed_id, mode, thread_id, to_timestamp(moment)),
        ) as cur,
    ):
        return cur.rowcount > 0


async def unlink(conn: aiosqlite.Connection, *, chat_id: int, feed_id: int) -> bool:
    """Remove a feed from the chat's sources; False if it was not one of them.

    A chats' feed (``shared = 0``) that no chat has any more is switched off, not deleted:
    deleting it would leave its articles with no feed, which every chat would then see.
    Its articles stay, seen by no chat, until retention removes them.
    """
    async with transaction(conn):
        async with conn.execute(
            "DELETE FROM chat_feeds WHERE chat_id = ? AND feed_id = ?", (chat_id, feed_id)
        ) as cur:
            removed = cur.rowcount > 0
        if removed:
            await conn.execute(
                "UPDATE feeds SET enabled = 0 WHERE id = ? AND shared = 0 "
                "AND NOT EXISTS (SELECT 1 FROM chat_feeds WHERE feed_id = ?)",
                (feed_id, feed_id),
            )
    return removed


async def count(conn: aiosqlite.Connection, *, chat_id: int) -> int:
    """How many sources the chat has."""
    async with conn.execute(
        "SELECT COUNT(*) FROM chat_feeds WHERE chat_id = ?", (chat_id,)
    ) as cur:
        row = await cur.fetchone()
    return 0 if row is None else int(row[0])


async def has(conn: aiosqlite.Connection, *, chat_id: int, feed_id: int) -> bool:
    """Whether the feed is one of the chat's sources."""
    async with conn.execute(
        "SELECT 1 FROM chat_feeds WHERE chat_id = ? AND feed_id = ?", (chat_id, feed_id)
    ) as cur:
        return await cur.fetchone() is not None


_SOURCES_SQL = (
    "SELECT f.id, f.url, f.title, c.mode, c.thread_id, c.added_at, f.last_article_at, "
    "f.error_count, f.last_error FROM chat_feeds AS c JOIN feeds AS f ON f.id = c.feed_id "
    "WHERE c.chat_id = ? ORDER BY c.added_at, f.id "
)


def _source(row: sqlite3.Row) -> Source:
    last = row[6]
    return Source(
        feed_id=row[0],
        url=row[1],
        title=row[2],
        mode=row[3],
        thread_id=row[4],
        added_at=from_timestamp(row[5]),
        last_article_at=None if last is None else from_timestamp(last),
        error_count=row[7],
        last_error=row[8],
    )


async def sources(
    conn: aiosqlite.Connection, *, chat_id: int, limit: int = -1, offset: int = 0
) -> list[Source]:
    """The chat's sources in the order it added them, ``limit`` from ``offset`` (-1: all)."""
    async with conn.execute(_SOURCES_SQL + "LIMIT ? OFFSET ?", (chat_id, limit, offset)) as cur:
        return [_source(r) for r in await cur.fetchall()]


async def source(conn: aiosqlite.Connection, *, chat_id: int, feed_id: int) -> Source | None:
    """One of the chat's sources by its feed id, if the chat has it."""
    async with conn.execute(
        "SELECT f.id, f.url, f.title, c.mode, c.thread_id, c.added_at, f.last_article_at, "
        "f.error_count, f.last_error FROM chat_feeds AS c JOIN feeds AS f ON f.id = c.feed_id "
        "WHERE c.chat_id = ? AND c.feed_id = ?",
        (chat_id, feed_id),
    ) as cur:
        row = await cur.fetchone()
    return None if row is None else _source(row)


async def chats_of(conn: aiosqlite.Connection, *, feed_id: int) -> list[FeedChat]:
    """The chats that have the feed among their sources, by chat id."""
    async with conn.execute(
        "SELECT chat_id, mode, thread_id FROM chat_feeds WHERE feed_id = ? ORDER BY chat_id",
        (feed_id,),
    ) as cur:
        return [FeedChat(chat_id=r[0], mode=r[1], thread_id=r[2]) for r in await cur.fetchall()]


async def set_mode(conn: aiosqlite.Connection, *, chat_id: int, feed_id: int, mode: str) -> bool:
    """Take a source in the digest or at once; False if the chat does not have it.

    Raises:
        ValueError: a mode other than "digest" and "instant".
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE chat_feeds SET mode = ? WHERE chat_id = ? AND feed_id = ?",
            (mode, chat_id, feed_id),
        ) as cur,
    ):
        return cur.rowcount > 0


async def modes(conn: aiosqlite.Connection, *, chat_id: int) -> list[tuple[int, str]]:
    """Each of the chat's sources as (feed id, mode), by feed id (what its digest needs)."""
    async with conn.execute(
        "SELECT feed_id, mode FROM chat_feeds WHERE chat_id = ? ORDER BY feed_id", (chat_id,)
    ) as cur:
        return [(int(r[0]), str(r[1])) for r in await cur.fetchall()]


async def opml_rows(conn: aiosqlite.Connection, *, chat_id: int) -> list[tuple[str, str | None]]:
    """The chat's sources as (URL, title) in the order it added them, for an OPML file."""
    return [(s.url, s.title) for s in await sources(conn, chat_id=chat_id)]


async def shared_feed_ids(conn: aiosqlite.Connection) -> set[int]:
    """The ids of the operator's feeds (every chat may read and choose them)."""
    async with conn.execute("SELECT id FROM feeds WHERE shared = 1") as cur:
        return {int(r[0]) for r in await cur.fetchall()}


async def end_topic(conn: aiosqlite.Connection, *, chat_id: int, thread_id: int) -> int:
    """The chat's sources set up in a forum topic that is closed or gone stop posting there:
    they go into the chat's digest instead. Returns how many sources moved."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE chat_feeds SET mode = 'digest', thread_id = NULL "
            "WHERE chat_id = ? AND thread_id = ?",
            (chat_id, thread_id),
        ) as cur,
    ):
        return cur.rowcount
