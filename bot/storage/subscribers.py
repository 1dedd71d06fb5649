"""Subscribers: one row per chat (private or group) with its language and digest settings.

``next_digest_at`` (UTC) is computed by the services (``services.subscriptions``, from
``tz`` and ``digest_time``) and stored here, so the minute tick only compares it with the
clock. This module knows SQL and nothing of time zones.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import EllipsisType

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

# Every query below returns these columns, the fields of Subscriber.
COLUMNS = (
    "chat_id, kind, lang, tz, digest_time, digest_enabled, active, created_at, "
    "deactivated_reason, deactivated_at, next_digest_at, digest_size, last_digest_at, "
    "thread_id, managed_by, follow_alerts, quiet_from, quiet_to"
)
SELECT_SUBSCRIBERS = f"SELECT {COLUMNS} FROM subscribers "  # noqa: S608 (constant)

# A returning chat keeps its language, time zone and digest time (set by /lang and later
# settings commands); its kind and its forum topic (where /start was sent) are refreshed.
UPSERT_ACTIVE_SQL = (
    "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at, thread_id) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind, active = 1, "
    "deactivated_reason = NULL, deactivated_at = NULL, thread_id = excluded.thread_id "
    "RETURNING " + COLUMNS
)

# None for a preference keeps its value (COALESCE); the caller computes next_digest_at.
UPDATE_PREFERENCES_SQL = (
    "UPDATE subscribers SET tz = COALESCE(?, tz), "  # noqa: S608 (constant)
    "digest_time = COALESCE(?, digest_time), "
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
    kind: str  # "private", "group" or "channel"
    lang: str  # "ru", "be", "uk" or "en": the interface language
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
    thread_id: int | None = None  # the forum topic its digests go to; None: the chat
    managed_by: int | None = None  # a channel's managing private chat
    follow_alerts: str = "instant"  # how follow alerts come: "instant" or "digest"
    quiet_from: str | None = None  # quiet hours, local "HH:MM" (both None: none)
    quiet_to: str | None = None

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
            thread_id=row["thread_id"],
            managed_by=row["managed_by"],
            follow_alerts=row["follow_alerts"],
            quiet_from=row["quiet_from"],
            quiet_to=row["quiet_to"],
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
    thread_id: int | None = None,
) -> Subscriber:
    """Make the chat an active subscriber; a known chat keeps its language and settings.

    ``lang``, ``tz`` and ``digest_time`` are used only for a chat not stored yet. The next
    digest is left as it is: the caller schedules it (``set_next_digest``) in its transaction.
    """
    async with (
        transaction(conn),
        conn.execute(
            UPSERT_ACTIVE_SQL,
            (chat_id, kind, lang, tz, digest_time, to_timestamp(now), thread_id),
        ) as cur,
    ):
        row = await cur.fetchone()
    assert row is not None  # noqa: S101 (an upsert with RETURNING always returns its row)
    return Subscriber.from_row(row)


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


async def get_many(
    conn: aiosqlite.Connection, *, chat_ids: Sequence[int]
) -> dict[int, Subscriber]:
    """The stored chats among ``chat_ids``, by id, in one query (an article's followers)."""
    async with conn.execute(
        SELECT_SUBSCRIBERS + "WHERE chat_id IN (SELECT value FROM json_each(?))",  # noqa: S608
        (json.dumps(sorted(set(chat_ids))),),
    ) as cur:
        return {row["chat_id"]: Subscriber.from_row(row) for row in await cur.fetchall()}


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


async def set_next_digest(
    conn: aiosqlite.Connection, *, chat_id: int, next_at: datetime | None
) -> Subscriber | None:
    """Store when the chat's next digest is due (None: unscheduled); None if not stored."""
    async with (
        transaction(conn),
        conn.execute(
            SET_NEXT_SQL,
            (None if next_at is None else to_timestamp(next_at), chat_id),
        ) as cur,
    ):
        row = await cur.fetchone()
    return None if row is None else Subscriber.from_row(row)


async def update_preferences(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    next_digest_at: datetime | None,
    tz: str | None = None,
    digest_time: str | None = None,
    digest_enabled: bool | None = None,
    digest_size: int | None = None,
    lang: str | None = None,
) -> Subscriber | None:
    """Change the given preferences of a stored chat and store its next due time.

    Fields left None keep their value; ``next_digest_at`` is written as given (the caller
    computes it from the row it read in the same transaction). None if the chat is not
    stored.

    Raises:
        sqlite3.IntegrityError: a size outside 1..20, an unknown language, a time that is
            not "HH:MM" (nothing is changed).
    """
    due = None if next_digest_at is None else to_timestamp(next_digest_at)
    async with (
        transaction(conn),
        conn.execute(
            UPDATE_PREFERENCES_SQL,
            (tz, digest_time, digest_enabled, digest_size, lang, due, chat_id),
        ) as cur,
    ):
        row = await cur.fetchone()
    return None if row is None else Subscriber.from_row(row)


async def set_follow_delivery(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    follow_alerts: str | None = None,
    quiet: tuple[str, str] | EllipsisType | None = ...,
) -> bool:
    """Set how the chat's follow alerts come and its quiet hours; False if it is not stored.

    ``follow_alerts`` None keeps the mode; ``quiet`` ``...`` keeps the quiet hours, None
    clears them, ``(from, to)`` ("HH:MM", local) sets them.

    Raises:
        sqlite3.IntegrityError: an unknown mode or a time that is not "HH:MM" (nothing is
            changed).
    """
    keep_quiet = isinstance(quiet, EllipsisType)
    quiet_from, quiet_to = (
        (None, None) if isinstance(quiet, EllipsisType) or quiet is None else quiet
    )
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE subscribers SET follow_alerts = COALESCE(?, follow_alerts), "
            "quiet_from = CASE WHEN ? THEN quiet_from ELSE ? END, "
            "quiet_to = CASE WHEN ? THEN quiet_to ELSE ? END WHERE chat_id = ?",
            (follow_alerts, keep_quiet, quiet_from, keep_quiet, quiet_to, chat_id),
        ) as cur,
    ):
        return cur.rowcount > 0


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


async def unscheduled(conn: aiosqlite.Connection) -> list[Subscriber]:
    """Active chats with no next digest (stored before digests, or an unusable zone)."""
    async with conn.execute(
        SELECT_SUBSCRIBERS + "WHERE active = 1 AND next_digest_at IS NULL ORDER BY chat_id"
    ) as cur:
        return [Subscriber.from_row(r) for r in await cur.fetchall()]


async def link_channel(
    conn: aiosqlite.Connection,
    *,
    chat_id: int,
    managed_by: int,
    lang: str,
    tz: str,
    digest_time: str,
    now: datetime,
) -> Subscriber:
    """Make a channel an active subscriber managed from the private chat ``managed_by``.

    A channel linked before keeps its settings and takes the new manager; the caller
    schedules its next digest (``set_next_digest``) in its transaction.
    """
    async with (
        transaction(conn),
        conn.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, created_at, "  # noqa: S608
            "managed_by) VALUES (?, 'channel', ?, ?, ?, ?, ?) "
            "ON CONFLICT (chat_id) DO UPDATE SET kind = 'channel', active = 1, "
            "deactivated_reason = NULL, deactivated_at = NULL, managed_by = excluded.managed_by "
            "RETURNING " + COLUMNS,
            (chat_id, lang, tz, digest_time, to_timestamp(now), managed_by),
        ) as cur,
    ):
        row = await cur.fetchone()
    assert row is not None  # noqa: S101 (an upsert with RETURNING always returns its row)
    return Subscriber.from_row(row)


async def channels_of(conn: aiosqlite.Connection, *, managed_by: int) -> list[Subscriber]:
    """The active channels the private chat ``managed_by`` manages, oldest link first."""
    async with conn.execute(
        SELECT_SUBSCRIBERS + "WHERE kind = 'channel' AND active = 1 AND managed_by = ? "
        "ORDER BY created_at, chat_id",
        (managed_by,),
    ) as cur:
        return [Subscriber.from_row(r) for r in await cur.fetchall()]
