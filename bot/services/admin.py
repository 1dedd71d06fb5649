"""Operator use cases: a broadcast to every subscriber, the bot's figures, and retention."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import aiosqlite

from bot.config import Settings
from bot.storage import articles, outbox, stats

# Days of articles /stats counts.
STATS_DAYS = 7
# Failure reasons /stats lists, most frequent first.
STATS_REASONS = 10


@dataclass(frozen=True, slots=True)
class Stats:
    """What /stats shows."""

    active: int
    inactive: int
    per_day: tuple[tuple[date, int], ...]  # articles ingested per UTC day, oldest first
    queue: dict[str, int]  # outbox rows by status
    failures: tuple[tuple[str, int], ...]  # failed or dropped rows by reason


async def broadcast(db: aiosqlite.Connection, *, html: str, chat_id: int, message_id: int) -> int:
    """Queue ``html`` (Telegram HTML, escaped by the caller) for every active subscriber.

    One key per command message: sending the same /broadcast again is queued again, a
    redelivered update is not. Returns how many messages were queued.
    """
    digest = hashlib.sha256(f"{chat_id}:{message_id}:{html}".encode()).hexdigest()
    return await outbox.enqueue_to_active(
        db,
        kind="broadcast",
        key=f"broadcast:{digest[:16]}",
        payload={"text": html},
        now=datetime.now(tz=UTC),
    )


async def figures(db: aiosqlite.Connection) -> Stats:
    """Subscribers, articles per day, the outbox queue and its failures."""
    active, inactive = await stats.subscribers_by_state(db)
    per_day = await stats.articles_per_day(db, days=STATS_DAYS, now=datetime.now(tz=UTC))
    return Stats(
        active=active,
        inactive=inactive,
        per_day=tuple(per_day),
        queue=await outbox.counts(db),
        failures=tuple((await outbox.failures(db))[:STATS_REASONS]),
    )


async def retention(
    db: aiosqlite.Connection, settings: Settings, *, now: datetime | None = None
) -> tuple[int, int]:
    """Delete articles older than RETENTION_DAYS, and finished outbox rows as old.

    Returns (articles deleted, outbox rows deleted).
    """
    before = (now or datetime.now(tz=UTC)) - timedelta(days=settings.retention_days)
    gone = await articles.delete_older(db, before=before)
    purged = await outbox.purge(db, before=before)
    return gone, purged
