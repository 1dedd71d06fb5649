"""Figures for operators (/stats, ``python -m bot health``): counts, never rows."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import aiosqlite

from bot.storage.articles import to_timestamp


async def subscribers_by_state(conn: aiosqlite.Connection) -> tuple[int, int]:
    """(active, inactive) subscribers."""
    async with conn.execute(
        "SELECT COALESCE(SUM(active), 0), COUNT(*) - COALESCE(SUM(active), 0) FROM subscribers"
    ) as cur:
        row = await cur.fetchone()
    return (0, 0) if row is None else (int(row[0]), int(row[1]))


async def articles_per_day(
    conn: aiosqlite.Connection, *, days: int, now: datetime
) -> list[tuple[date, int]]:
    """Articles ingested per UTC day over the last ``days`` days, oldest first."""
    start = (now - timedelta(days=days - 1)).replace(hour=0, minute=0, second=0, microsecond=0)
    async with conn.execute(
        "SELECT date(ingested_at, 'unixepoch') AS day, COUNT(*) FROM articles "
        "WHERE ingested_at >= ? GROUP BY day ORDER BY day",
        (to_timestamp(start),),
    ) as cur:
        found: dict[str, int] = {str(row[0]): int(row[1]) for row in await cur.fetchall()}
    return [
        (d, found.get(d.isoformat(), 0))
        for d in (start.date() + timedelta(days=i) for i in range(days))
    ]
