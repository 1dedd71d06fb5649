"""The name keys of the persons and organisations each article mentions (migration 0010):
what a followed name is matched against when the article is stored."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.storage.db import transaction

# Keys kept per article: a long text naming hundreds of people is a list, not a story.
MAX_NAMES = 200


async def replace(conn: aiosqlite.Connection, *, article_id: int, keys: Sequence[str]) -> None:
    """Store ``keys`` (distinct, non-empty; at most MAX_NAMES) as the article's names."""
    kept = list(dict.fromkeys(k for k in keys if k))[:MAX_NAMES]
    async with transaction(conn):
        await conn.execute("DELETE FROM article_names WHERE article_id = ?", (article_id,))
        await conn.executemany(
            "INSERT INTO article_names (article_id, name_key) VALUES (?, ?)",
            [(article_id, key) for key in kept],
        )


async def of(conn: aiosqlite.Connection, *, article_id: int) -> list[str]:
    """The article's name keys, in key order."""
    async with conn.execute(
        "SELECT name_key FROM article_names WHERE article_id = ? ORDER BY name_key",
        (article_id,),
    ) as cur:
        return [str(r[0]) for r in await cur.fetchall()]
