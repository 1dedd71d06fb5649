"""What chats follow (table follows, migrations 0001 and 0009), and who follows an article's
names and words: one index lookup per candidate term, never a loop over the follows."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
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
    surname: str | None = None  # the surname's key of a person named by 2 words or more


_COLUMNS = "chat_id, term_norm, term_display, kind, created_at, surname"


def _follow(row: sqlite3.Row) -> Follow:
    return Follow(
        chat_id=row["chat_id"],
        term_norm=row["term_norm"],
        term_display=row["term_display"],
        kind=row["kind"],
        created_at=from_timestamp(row["created_at"]),
        surname=row["surname"],
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
    key_version: int = 0,
    surname: str | None = None,
) -> str:
    """Follow a term: 'added', 'exists' (the chat follows it already) or 'full' (the chat
    follows ``limit`` terms already). ``key_version``: the rules ``term_norm`` was made by."""
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
            "INSERT INTO follows (chat_id, term_norm, term_display, kind, created_at, "
            "key_version, surname) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (chat_id, term_norm, term_display, kind, to_timestamp(now), key_version, surname),
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


async def matching(
    conn: aiosqlite.Connection,
    *,
    names: Sequence[str],
    words: Sequence[str],
    surnames: Sequence[str] = (),
) -> list[Follow]:
    """The follows whose key is one of ``names`` (followed persons and organisations) or
    ``words`` (followed words), and the persons followed by a longer name whose surname is
    one of ``surnames`` (the caller checks the rest of the name): a probe of the
    follows_term or follows_surname index per candidate, whatever the number of follows.
    Who may see the article is the caller's check (``audience``)."""
    sql = (
        f"SELECT {_COLUMNS} FROM follows WHERE term_norm IN "  # noqa: S608 - a constant
        "(SELECT value FROM json_each(:names)) AND kind IN ('person', 'org') "
        f"UNION ALL SELECT {_COLUMNS} FROM follows WHERE term_norm IN "
        "(SELECT value FROM json_each(:words)) AND kind = 'word' "
        f"UNION ALL SELECT {_COLUMNS} FROM follows WHERE surname IN "
        "(SELECT value FROM json_each(:surnames)) AND kind = 'person' AND term_norm NOT IN "
        "(SELECT value FROM json_each(:names))"
    )
    params = {
        "names": json.dumps(sorted(set(names)), ensure_ascii=False),
        "words": json.dumps(sorted(set(words)), ensure_ascii=False),
        "surnames": json.dumps(sorted(set(surnames)), ensure_ascii=False),
    }
    async with conn.execute(sql, params) as cur:
        return [_follow(r) for r in await cur.fetchall()]


async def audience(conn: aiosqlite.Connection, *, article_id: int) -> frozenset[int] | None:
    """The chats that may see an article (as /latest does), found once per article: None for
    every chat (a shared article of the operator's feeds, or of none), else the chats that
    sent it (a private one) or that added its feed (an article of a feed chats added).
    Empty when there is no such article."""
    async with conn.execute(
        "SELECT a.submitted_by, a.feed_id, f.shared FROM articles AS a "
        "LEFT JOIN feeds AS f ON f.id = a.feed_id WHERE a.id = ?",
        (article_id,),
    ) as cur:
        row = await cur.fetchone()
    if row is None:
        return frozenset()
    submitted_by, feed_id, shared = row
    if submitted_by is not None:
        sql, arg = "SELECT chat_id FROM article_senders WHERE article_id = ?", article_id
    elif feed_id is None or shared:
        return None
    else:
        sql, arg = "SELECT chat_id FROM chat_feeds WHERE feed_id = ?", feed_id
    async with conn.execute(sql, (arg,)) as cur:
        return frozenset(int(r[0]) for r in await cur.fetchall())


async def search_text(conn: aiosqlite.Connection, *, article_id: int) -> str:
    """The article's title and text as indexed for search (normalised words); '' if none."""
    async with conn.execute(
        "SELECT title, text FROM articles_fts WHERE rowid = ?", (article_id,)
    ) as cur:
        row = await cur.fetchone()
    return "" if row is None else f"{row[0] or ''} {row[1] or ''}"


async def recent_alerts(
    conn: aiosqlite.Connection, chat_ids: Sequence[int], *, since: datetime
) -> dict[int, list[tuple[int, datetime]]]:
    """The articles each chat was alerted to (outbox kind 'follow') since ``since``, with
    when, oldest first: one query for an article's followers."""
    out: dict[int, list[tuple[int, datetime]]] = {}
    async with conn.execute(
        "SELECT chat_id, json_extract(payload_json, '$.article_id'), created_at FROM outbox "
        "WHERE chat_id IN (SELECT value FROM json_each(?)) AND kind = 'follow' "
        "AND created_at >= ? ORDER BY id",
        (json.dumps(sorted(set(chat_ids))), to_timestamp(since)),
    ) as cur:
        for chat_id, article_id, created_at in await cur.fetchall():
            if isinstance(article_id, int):
                out.setdefault(int(chat_id), []).append((article_id, from_timestamp(created_at)))
    return out


async def stale(conn: aiosqlite.Connection, *, key_version: int, limit: int) -> list[Follow]:
    """Follows whose key was made by rules older than ``key_version``."""
    async with conn.execute(
        f"SELECT {_COLUMNS} FROM follows WHERE key_version < ? "  # noqa: S608 - a constant
        "ORDER BY chat_id, term_norm LIMIT ?",
        (key_version, limit),
    ) as cur:
        return [_follow(r) for r in await cur.fetchall()]


async def rekey(
    conn: aiosqlite.Connection,
    follow: Follow,
    *,
    term_norm: str,
    kind: str,
    surname: str | None,
    key_version: int,
) -> None:
    """Give a follow its key and kind by the rules of ``key_version``; when the chat follows
    that key already, the older row goes (one follow, not two)."""
    async with transaction(conn):
        await conn.execute(
            "UPDATE OR IGNORE follows SET term_norm = ?, kind = ?, surname = ?, key_version = ? "
            "WHERE chat_id = ? AND term_norm = ?",
            (term_norm, kind, surname, key_version, follow.chat_id, follow.term_norm),
        )
        await conn.execute(
            "DELETE FROM follows WHERE chat_id = ? AND term_norm = ? AND key_version < ?",
            (follow.chat_id, follow.term_norm, key_version),
        )


async def add_pending(conn: aiosqlite.Connection, *, article_id: int) -> None:
    """Mark a stored shared article as not yet looked at for follow alerts (in the caller's
    transaction: with the article)."""
    async with transaction(conn):
        await conn.execute(
            "INSERT OR IGNORE INTO follow_pending (article_id) VALUES (?)", (article_id,)
        )


async def done_pending(conn: aiosqlite.Connection, *, article_id: int) -> None:
    """The article's followers were looked at (alerted or not)."""
    async with transaction(conn):
        await conn.execute("DELETE FROM follow_pending WHERE article_id = ?", (article_id,))


async def pending(conn: aiosqlite.Connection, *, limit: int) -> list[tuple[int, datetime]]:
    """Articles not yet looked at for follow alerts, with when each was stored, oldest
    first."""
    async with conn.execute(
        "SELECT p.article_id, a.ingested_at FROM follow_pending AS p "
        "JOIN articles AS a ON a.id = p.article_id ORDER BY p.article_id LIMIT ?",
        (limit,),
    ) as cur:
        return [(int(r[0]), from_timestamp(r[1])) for r in await cur.fetchall()]
