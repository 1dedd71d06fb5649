"""The active chats that have a feed among their sources: who gets its new articles at once
(mode 'instant'), and who is told when it keeps failing (any mode)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import aiosqlite

# Feed ids per query: SQLite's default limit on host parameters is far above this.
CHUNK = 500


@dataclass(frozen=True, slots=True)
class Recipient:
    """An active chat that has ``feed_id`` among its sources."""

    chat_id: int
    feed_id: int
    thread_id: int | None  # the forum topic the source was set up in; None: the chat
    lang: str  # the chat's interface language
    feed_title: str | None


async def of_feeds(
    conn: aiosqlite.Connection, *, feed_ids: Sequence[int], mode: str | None = None
) -> list[Recipient]:
    """The active chats with these feeds (in ``mode`` if given), by chat then feed."""
    wanted = sorted(set(feed_ids))
    found: list[Recipient] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ", ".join("?" * len(chunk))
        async with conn.execute(
            "SELECT c.chat_id, c.feed_id, c.thread_id, s.lang, f.title "  # noqa: S608 (marks)
            "FROM chat_feeds c JOIN subscribers s ON s.chat_id = c.chat_id "
            "JOIN feeds f ON f.id = c.feed_id "
            f"WHERE s.active = 1 AND c.feed_id IN ({marks}) AND (? IS NULL OR c.mode = ?)",
            [*chunk, mode, mode],
        ) as cur:
            found += [
                Recipient(
                    chat_id=row[0],
                    feed_id=row[1],
                    thread_id=row[2],
                    lang=row[3],
                    feed_title=row[4],
                )
                for row in await cur.fetchall()
            ]
    return sorted(found, key=lambda r: (r.chat_id, r.feed_id))
