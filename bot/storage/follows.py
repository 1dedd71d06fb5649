"""What chats follow (table follows, migrations 0001 and 0009), and who follows an article's
names and words: one index lookup per candidate term, never a loop over the follows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import FEED_VISIBLE, from_timestamp, to_timestamp
from bot.storage.db import transaction

NAME_KINDS = ("person", "org")


@dataclass(frozen=True, slots=True)
class Follow:
    """One thing a chat follows: its key (``term_norm``), as typed, and its kind."""

    chat_id: int
    term_norm: str
    term_display: str
    kind: str  # 'person', 'org' or 'word'
    created_at: datetime


_COLUMNS = "chat_id, term_norm, term_display, kind, created_at"


def _follow(row: sqlite3.Row) -> Follow:
    return Follow(
        chat_id=row["chat_id"],
        term_norm=row["term_norm"],
        term_display=row["term_display"],
        kind=row["kind"],
        created_at=from_timestamp(row["created_at"]),
    )


async def add(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    term_norm: str,
    term_display: str,
    kind: str,
    now: datetime,
    limit: int,
) -> str:
    """Follow a term: 'added', 'exists' (the chat follows it already) or 'full' (the chat
    follows ``limit`` terms already)."""
    async with transaction(conn):
        async with conn.execute(
            "SELECT 1 FROM follows WHERE chat_id = ? AND term_norm = ?", (chat_id, term_norm)
        ) as cur:
            if await cur.fetchone() is not None:
                return "exists"
        async with conn.execute(
            "SELECT COUNT(*) FROM follows WHERE chat_id = ?", (chat_id,)
        ) as cur:
            row = await cur.fetchone()
        if row is not None and int(row[0]) >= limit:
            return "full"
        await conn.execute(
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (chat_id, term_norm, term_display, kind, to_timestamp(now)),
        )
    return "added"


async def remove(conn: aiosqlite.Connection, *, chat_id: int, term_norm: str) -> bool:
    """Stop following a term; False if the chat did not follow it."""
    async with (
        transaction(conn),
        conn.execute(
            "DELETE FROM follows WHERE chat_id = ? AND term_norm = ?", (chat_id, term_norm)
        ) as cur,
    ):
        return cur.rowcount > 0


async def of_chat(conn: aiosqlite.Connection, *, chat_id: int) -> list[Follow]:
    """What the chat follows, in the order it began to."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM follows WHERE chat_id = ? "  # noqa: S608 - a constant
        "ORDER BY created_at, term_norm",
        (chat_id,),
    ) as cur:
        return [_follow(r) for r in await cur.fetchall()]


# Chats that may see article :article (as /latest: a shared article of a feed they may read,
# or a private one they sent), for the follows found.
_MAY_SEE = (
    "EXISTS (SELECT 1 FROM articles AS a WHERE a.id = :article AND ("  # noqa: S608
    "(a.submitted_by IS NULL AND "
    + FEED_VISIBLE.replace("{feed}", "a.feed_id").replace(":chat", "f.chat_id")
    + ") OR EXISTS (SELECT 1 FROM article_senders AS s "
    "WHERE s.chat_id = f.chat_id AND s.article_id = a.id)))"
)


async def matching(
    conn: aiosqlite.Connection,
    *,
    article_id: int,
    names: Sequence[str],
    words: Sequence[str],
) -> list[Follow]:
    """The follows of chats that may see the article whose key is one of ``names`` (followed
    persons and organisations) or ``words`` (followed words): a probe of the follows_term
    index per candidate, whatever the number of follows."""
    sql = (
        f"SELECT {_COLUMNS} FROM follows AS f WHERE f.term_norm IN "  # noqa: S608
        "(SELECT value FROM json_each(:names)) AND f.kind IN ('person', 'org') AND "
        + _MAY_SEE
        + f" UNION ALL SELECT {_COLUMNS} FROM follows AS f WHERE f.term_norm IN "  # noqa: S608
        "(SELECT value FROM json_each(:words)) AND f.kind = 'word' AND " + _MAY_SEE
    )
    params = {
        "names": json.dumps(sorted(set(names)), ensure_ascii=False),
        "words": json.dumps(sorted(set(words)), ensure_ascii=False),
        "article": article_id,
    }
    async with conn.execute(sql, params) as cur:
        return [_follow(r) for r in await cur.fetchall()]


async def search_text(conn: aiosqlite.Connection, *, article_id: int) -> str:
    """The article's title and text as indexed for search (normalised words); '' if none."""
    async with conn.execute(
        "SELECT title, text FROM articles_fts WHERE rowid = ?", (article_id,)
    ) as cur:
        row = await cur.fetchone()
    return "" if row is None else f"{row[0] or ''} {row[1] or ''}"


async def recent_alerts(conn: aiosqlite.Connection, *, chat_id: int, since: datetime) -> list[int]:
    """The articles the chat was alerted to (outbox kind 'follow') since ``since``."""
    async with conn.execute(
        "SELECT json_extract(payload_json, '$.article_id') FROM outbox "
        "WHERE chat_id = ? AND kind = 'follow' AND created_at >= ? ORDER BY id",
        (chat_id, to_timestamp(since)),
    ) as cur:
        return [int(r[0]) for r in await cur.fetchall() if isinstance(r[0], int)]
