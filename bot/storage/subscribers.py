"""Subscribers: one row per chat (private or group) with its language and digest settings.

``next_digest_at`` (UTC) is kept in step with ``tz`` and ``digest_time`` here, by the pure
rules of ``bot.digest.schedule``, so the minute tick only compares it with the clock.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.digest import schedule
from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

log = logging.getLogger(__name__)

# Every query below returns these columns, the fields of Subscriber.
COLUMNS = (
    "chat_id, kind, lang, tz, digest_time, digest_enabled, active, created_at, "
    "deactivated_reason, deactivated_at, next_digest_at, digest_size, last_digest_at"
)
SELECT_SUBSCRIBERS = f"SELECT {COLUMNS} FROM subscribers "  # noqa: S608 (constant)

# A returning chat keeps its language, time zone and digest time (set by /lang and later
# settings commands); only its kind is refreshed.
UPSERT_ACTIVE_SQL = (
    "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, active = 1, "
    "deactivated_reason = NULL, deactivated_at = NULL RETURNING " + COLUMNS
)

# None for a setting keeps its value (COALESCE); the caller computes next_digest_at.
UPDATE_SETTINGS_SQL = (
    "UPDATE subscribers SET tz = ?, digest_time = ?, "  # noqa: S608 (constant)
    "digest_enabled = COALESCE(?, digest_enabled), digest_size = COALESCE(?, digest_size), "
    "lang = COALESCE(?, lang), next_digest_at = ? WHERE chat_id = ? RETURNING " + COLUMNS
)
SET_NEXT_SQL = (
    "UPDATE subscribers SET next_digest_at = ? WHERE chat_id = ? RETURNING "  # noqa: S608
    + COLUMNS
)

# deactivated_reason of a row that holds a chat's settings (/lang) but never subscribed.
NOT_SUBSCRIBED = "not subscribed"


@dataclass(frozen=True, slots=True)
class Subscriber:
    """One row of ``subscribers``; times are timezone-aware UTC."""

    chat_id: int
    kind: str  # "private" or "group"
    lang: str  # "ru" or "en": the interface language
    tz: str  # IANA time zone name
    digest_time: str  # "HH:MM", local to tz
    digest_enabled: bool
    active: bool
    created_at: datetime
    deactivated_reason: str | None
    deactivated_at: datetime | None
    next_digest_at: datetime | None  # None: not scheduled yet (see fill_next_digest)
    digest_size: int  # stories per digest, 1..20
    last_digest_at: datetime | None  # the watermark of the last digest; None: none sent

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Subscriber:
        """Build from a row with the columns of ``COLUMNS``."""
        deactivated = row["deactivated_at"]
        due = row["next_digest_at"]
        last = row["last_digest_at"]
        return cls(
            chat_id=row["chat_id"],
            kind=row["kind"],
            lang=row["lang"],
            tz=row["tz"],
            digest_time=row["digest_time"],
            digest_enabled=bool(row["digest_enabled"]),
            active=bool(row["active"]),
            created_at=from_timestamp(row["created_at"]),
            deactivated_reason=row["deactivated_reason"],
            deactivated_at=None if deactivated is None else from_timestamp(deactivated),
            next_digest_at=None if due is None else from_timestamp(due),
            digest_size=row["digest_size"],
            last_digest_at=None if last is None else from_timestamp(last),
        )


async def upsert_active(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    kind: str,
    lang: str,
    tz: str,
    digest_time: str,
    now: datetime,
) -> Subscriber:
    """Make the chat an active subscriber; a known chat keeps its language and settings.

    ``lang``, ``tz`` and ``digest_time`` are used only for a chat not stored yet. The next
    digest is scheduled for a new chat, and for a returning one whose due time is unset or
    has passed while it was away (else it would get a digest the minute it comes back).
    """
    async with transaction(conn):
        async with conn.execute(
            UPSERT_ACTIVE_SQL,
            (chat_id, kind, lang, tz, digest_time, to_timestamp(now)),
        ) as cur:
            row = await cur.fetchone()
        assert row is not None  # noqa: S101 (an upsert with RETURNING always returns its row)
        subscriber = Subscriber.from_row(row)
        if subscriber.next_digest_at is None or subscriber.next_digest_at <= now:
            due = _next_for(subscriber, now=now)
            if due is not None:
                subscriber = await _set_next(conn, chat_id=chat_id, next_at=due)
    return subscriber


async def add_inactive(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    kind: str,
    lang: str,
    tz: str,
    digest_time: str,
    now: datetime,
) -> bool:
    """Store a chat's settings without subscribing it; False if the chat is already stored."""
    async with (
        transaction(conn),
        conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at, active, "
            "deactivated_reason, deactivated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?) "
            "ON CONFLICT (chat_id) DO NOTHING",
            (
                chat_id,
                kind,
                lang,
                tz,
                digest_time,
                to_timestamp(now),
                NOT_SUBSCRIBED,
                to_timestamp(now),
            ),
        ) as cur,
    ):
        return cur.rowcount > 0


async def get(conn: aiosqlite.Connection, *, chat_id: int) -> Subscriber | None:
    """The stored chat, active or not."""
    async with conn.execute(SELECT_SUBSCRIBERS + "WHERE chat_id = ?", (chat_id,)) as cur:
        row = await cur.fetchone()
    return None if row is None else Subscriber.from_row(row)


async def deactivate(
    conn: aiosqlite.Connection, *, chat_id: int, reason: str, now: datetime
) -> bool:
    """Mark an active subscriber inactive with its reason; False if it was not active."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE subscribers SET active = 0, deactivated_reason = ?, deactivated_at = ? "
            "WHERE chat_id = ? AND active = 1",
            (reason, to_timestamp(now), chat_id),
        ) as cur,
    ):
        return cur.rowcount > 0


async def set_lang(conn: aiosqlite.Connection, *, chat_id: int, lang: str) -> bool:
    """Set a stored chat's interface language; False if the chat is not stored."""
    async with (
        transaction(conn),
        conn.execute("UPDATE subscribers SET lang = ? WHERE chat_id = ?", (lang, chat_id)) as cur,
    ):
        return cur.rowcount > 0


def _next_for(subscriber: Subscriber, *, now: datetime) -> datetime | None:
    """The next due time of a stored row; None (logged) if its zone or time is unusable."""
    try:
        return schedule.next_digest_at(
            tz=subscriber.tz, digest_time=subscriber.digest_time, after=now
        )
    except ValueError as exc:
        # A zone this system's tz database lacks (the row came from a newer one): the chat
        # stays unscheduled rather than failing every tick; /settings can fix it.
        log.warning("chat %s: cannot schedule its digest: %s", subscriber.chat_id, exc)
        return None


async def _set_next(
    conn: aiosqlite.Connection, *, chat_id: int, next_at: datetime | None
) -> Subscriber:
    async with conn.execute(
        SET_NEXT_SQL,
        (None if next_at is None else to_timestamp(next_at), chat_id),
    ) as cur:
        row = await cur.fetchone()
    assert row is not None  # noqa: S101 (the caller read the row in this transaction)
    return Subscriber.from_row(row)


async def update_settings(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    tz: str | None = None,
    digest_time: str | None = None,
    digest_enabled: bool | None = None,
    digest_size: int | None = None,
    lang: str | None = None,
    now: datetime,
) -> Subscriber | None:
    """Change the given settings of a stored chat and reschedule its next digest.

    Fields left None keep their value. In the same transaction the next digest is
    recomputed by ``schedule.rescheduled`` (from ``now``, never on the local day of the last
    digest, ``last_digest_at``) when the zone or time changes, when none is scheduled, or when
    the digest is switched on with a due time that passed while it was off. Other changes
    keep it, so a language switch in the minute a digest falls due does not skip it.
    None if the chat is not stored.

    Raises:
        ValueError: an unknown zone or a time that is not "HH:MM" (nothing is changed).
        sqlite3.IntegrityError: a size outside 1..20 or an unknown language.
    """
    async with transaction(conn):
        current = await get(conn, chat_id=chat_id)
        if current is None:
            return None
        new_tz = current.tz if tz is None else tz
        new_time = current.digest_time if digest_time is None else digest_time
        due = current.next_digest_at
        if (
            (new_tz, new_time) != (current.tz, current.digest_time)
            or due is None
            or (digest_enabled and not current.digest_enabled and due <= now)
        ):
            due = schedule.rescheduled(
                tz=new_tz, digest_time=new_time, now=now, last_digest_at=current.last_digest_at
            )
        async with conn.execute(
            UPDATE_SETTINGS_SQL,
            (new_tz, new_time, digest_enabled, digest_size, lang, to_timestamp(due), chat_id),
        ) as cur:
            row = await cur.fetchone()
    assert row is not None  # noqa: S101 (read above, in this transaction)
    return Subscriber.from_row(row)


async def set_feeds(conn: aiosqlite.Connection, *, chat_id: int, feed_ids: Sequence[int]) -> None:
    """Choose the feeds whose stories the chat's digest takes; empty means all feeds.

    Raises:
        sqlite3.IntegrityError: the chat is not stored, or a feed id does not exist.
    """
    async with transaction(conn):
        await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (chat_id,))
        await conn.executemany(
            "INSERT INTO subscriptions (chat_id, feed_id) VALUES (?, ?)",
            [(chat_id, feed_id) for feed_id in sorted(set(feed_ids))],
        )


async def feed_ids(conn: aiosqlite.Connection, *, chat_id: int) -> list[int]:
    """The feeds the chat chose, ascending; empty means all feeds."""
    async with conn.execute(
        "SELECT feed_id FROM subscriptions WHERE chat_id = ? ORDER BY feed_id", (chat_id,)
    ) as cur:
        return [int(row[0]) for row in await cur.fetchall()]


async def due_for_digest(
    conn: aiosqlite.Connection, *, now: datetime, limit: int = 1000
) -> list[Subscriber]:
    """Active chats with the digest on whose next digest is due at ``now``, oldest due first."""
    async with conn.execute(
        SELECT_SUBSCRIBERS + "WHERE active = 1 AND digest_enabled = 1 AND next_digest_at <= ? "
        "ORDER BY next_digest_at, chat_id LIMIT ?",
        (to_timestamp(now), limit),
    ) as cur:
        return [Subscriber.from_row(r) for r in await cur.fetchall()]


async def digest_done(
    conn: aiosqlite.Connection, *, chat_id: int, watermark: datetime, next_at: datetime
) -> None:
    """Record a chat's digest: its watermark (``last_digest_at``) and the next due time.

    The watermark should be when the digest was made (it takes articles ingested up to
    then): a settings change never schedules another digest on the watermark's local day.

    Joins the caller's transaction when there is one (a savepoint), so the digest service
    can write it together with the digest's outbox rows.
    """
    async with transaction(conn):
        await conn.execute(
            "UPDATE subscribers SET last_digest_at = ?, next_digest_at = ? WHERE chat_id = ?",
            (to_timestamp(watermark), to_timestamp(next_at), chat_id),
        )


async def fill_next_digest(conn: aiosqlite.Connection, *, now: datetime) -> int:
    """Schedule the active chats that have no next digest yet (stored before digests).

    Returns how many were scheduled; rows whose zone or time is unusable are left (logged).
    """
    filled = 0
    async with transaction(conn):
        async with conn.execute(
            SELECT_SUBSCRIBERS + "WHERE active = 1 AND next_digest_at IS NULL"
        ) as cur:
            rows = [Subscriber.from_row(r) for r in await cur.fetchall()]
        for subscriber in rows:
            due = _next_for(subscriber, now=now)
            if due is not None:
                await _set_next(conn, chat_id=subscriber.chat_id, next_at=due)
                filled += 1
    return filled
