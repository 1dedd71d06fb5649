"""Subscribers: one row per chat (private or group) with its language and digest settings."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

# Every query below returns these columns, the fields of Subscriber.
COLUMNS = (
    "chat_id, kind, lang, tz, digest_time, digest_enabled, active, created_at, "
    "deactivated_reason, deactivated_at, next_digest_at"
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
    next_digest_at: datetime | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Subscriber:
        """Build from a row with the columns of ``COLUMNS``."""
        deactivated = row["deactivated_at"]
        due = row["next_digest_at"]
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

    ``lang``, ``tz`` and ``digest_time`` are used only for a chat not stored yet.
    """
    async with (
        transaction(conn),
        conn.execute(
            UPSERT_ACTIVE_SQL,
            (chat_id, kind, lang, tz, digest_time, to_timestamp(now)),
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


async def count_active(conn: aiosqlite.Connection) -> int:
    """How many chats are subscribed."""
    async with conn.execute("SELECT COUNT(*) FROM subscribers WHERE active = 1") as cur:
        row = await cur.fetchone()
    return 0 if row is None else int(row[0])
