"""Stored quotes: who said what in each stored article (migration 0009), for /said."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import FEED_VISIBLE, from_timestamp, viewer
from bot.storage.db import transaction

# Names (distinct speaker keys) one /said looks at: the keys are scanned in the index
# quotes_speaker, not the quotes; more than this many matching speakers is a one-letter ask.
MAX_SPEAKERS = 500


@dataclass(frozen=True, slots=True)
class NewQuote:
    """A quote to store: its place in the summary, speaker (shown and normalised), words."""

    position: int
    speaker: str
    speaker_norm: str
    text: str
    direct: bool


@dataclass(frozen=True, slots=True)
class FoundQuote:
    """A stored quote with what /said shows of its article."""

    speaker: str
    text: str
    direct: bool
    article_id: int
    url: str
    title: str | None
    published_at: datetime | None
    ingested_at: datetime


async def replace(
    conn: aiosqlite.Connection, *, article_id: int, quotes: Sequence[NewQuote]
) -> None:
    """Store ``quotes`` as the article's, in place of those it had."""
    async with transaction(conn):
        await conn.execute("DELETE FROM quotes WHERE article_id = ?", (article_id,))
        await conn.executemany(
            "INSERT INTO quotes (article_id, position, speaker, speaker_norm, text, direct) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (article_id, q.position, q.speaker, q.speaker_norm or None, q.text, int(q.direct))
                for q in quotes
            ],
        )


async def unnormalised(conn: aiosqlite.Connection, *, limit: int = 500) -> list[tuple[int, str]]:
    """(id, speaker) of quotes whose key is not made yet (copied by migration 0009)."""
    async with conn.execute(
        "SELECT id, speaker FROM quotes WHERE speaker_norm IS NULL ORDER BY id LIMIT ?", (limit,)
    ) as cur:
        return [(r[0], r[1]) for r in await cur.fetchall()]


async def set_keys(conn: aiosqlite.Connection, keys: Sequence[tuple[int, str]]) -> None:
    """Store the speaker key of each quote id; an empty key (a name of no words) stays
    unfindable: the speaker itself, lowercased, stands in."""
    async with transaction(conn):
        await conn.executemany(
            "UPDATE quotes SET speaker_norm = COALESCE(NULLIF(?, ''), lower(speaker)) "
            "WHERE id = ?",
            [(key, quote_id) for quote_id, key in keys],
        )


def _escape_like(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# The quotes of the given speakers in the articles :chat may see (as /latest: a shared
# article of a feed it may read, or a private one it sent), newest article first.
_VISIBLE = (
    "((a.submitted_by IS NULL AND "  # noqa: S608 - constants only
    + FEED_VISIBLE.replace("{feed}", "a.feed_id")
    + ") OR EXISTS (SELECT 1 FROM article_senders AS s "
    "WHERE s.chat_id = :chat AND s.article_id = a.id))"
)


async def said(
    conn: aiosqlite.Connection,
    *,
    terms: Sequence[str],
    chat_id: int | None,
    limit: int,
    offset: int = 0,
    direct_only: bool = True,
) -> list[FoundQuote]:
    """Quotes whose speaker key has every one of ``terms`` among its words, in articles
    ``chat_id`` may see, newest first (then in the article's order)."""
    if not terms:
        return []
    params: dict[str, object] = {
        "chat": viewer(chat_id),
        "limit": limit,
        "offset": offset,
        "speakers": MAX_SPEAKERS,
    }
    likes = []
    for i, term in enumerate(terms):
        params[f"t{i}"] = "% " + _escape_like(term) + " %"
        likes.append(f"(' ' || speaker_norm || ' ') LIKE :t{i} ESCAPE '\\'")
    direct = "AND q.direct = 1 " if direct_only else ""
    # Built from constants and named placeholders only.
    sql = (
        "WITH speakers AS (SELECT DISTINCT speaker_norm FROM quotes "  # noqa: S608
        "WHERE speaker_norm IS NOT NULL AND " + " AND ".join(likes) + " LIMIT :speakers) "
        "SELECT q.speaker, q.text, q.direct, a.id, a.url, a.title, a.published_at, "
        "a.ingested_at FROM quotes AS q JOIN articles AS a ON a.id = q.article_id "
        "WHERE q.speaker_norm IN (SELECT speaker_norm FROM speakers) "
        + direct
        + "AND "
        + _VISIBLE
        + " ORDER BY a.ingested_at DESC, a.id DESC, q.position LIMIT :limit OFFSET :offset"
    )
    async with conn.execute(sql, params) as cur:
        rows = await cur.fetchall()
    return [
        FoundQuote(
            speaker=r[0],
            text=r[1],
            direct=bool(r[2]),
            article_id=r[3],
            url=r[4],
            title=r[5],
            published_at=None if r[6] is None else from_timestamp(r[6]),
            ingested_at=from_timestamp(r[7]),
        )
        for r in rows
    ]
