"""The outbox: every message the bot sends on its own, written before it is sent.

A row's life: ``queued`` → ``sending`` (written just before the request) → ``sent`` (with
Telegram's message id), or back to ``queued`` with a later ``next_attempt_at`` (429, 5xx,
network), or ``failed`` (attempts used up, or Telegram refused the message itself), or
``dropped`` (the chat blocked the bot or is gone). ``dedup_key`` makes enqueueing
idempotent: a digest enqueued twice for the same local day is one row.

After a crash, rows left in ``sending`` are the only ones whose fate is unknown (the request
may or may not have reached Telegram): ``recover`` queues them again, so nothing is lost and
at most the messages in flight at the crash are sent twice.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.storage.articles import from_timestamp, to_timestamp
from bot.storage.db import transaction

QUEUED, SENDING, SENT, FAILED, DROPPED = "queued", "sending", "sent", "failed", "dropped"

COLUMNS = (
    "id, chat_id, kind, dedup_key, payload_json, status, attempts, next_attempt_at, "
    "created_at, telegram_message_id, last_error"
)

# A chat's messages go out in the order they were queued: a row is due only when no
# earlier row of its chat is still waiting (a digest in two parts keeps its order). A row
# held until a later time when it was queued (``NewMessage.not_before``: a follow alert in
# the chat's quiet hours) and never tried yet (no last_error: every retry writes one) does
# not hold back the chat's later messages: its digest still comes at its time.
DUE_SQL = (
    f"SELECT {COLUMNS} FROM outbox AS o WHERE status = 'queued' AND next_attempt_at <= ?1 "  # noqa: S608
    "AND NOT EXISTS (SELECT 1 FROM outbox AS e WHERE e.chat_id = o.chat_id "
    "AND e.status IN ('queued', 'sending') AND e.id < o.id "
    "AND NOT (e.status = 'queued' AND e.last_error IS NULL AND e.next_attempt_at > ?1)) "
    "ORDER BY next_attempt_at, id LIMIT ?2"
)


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to queue: ``payload`` holds what sendMessage needs (``text``, options);
    ``not_before`` (aware UTC) holds it until then (None: send at once)."""

    chat_id: int
    kind: str
    dedup_key: str
    payload: dict[str, Any]
    not_before: datetime | None = None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    """One row of ``outbox``; times are timezone-aware UTC."""

    id: int
    chat_id: int
    kind: str
    dedup_key: str
    payload: dict[str, Any]
    status: str
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    telegram_message_id: int | None
    last_error: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxRow:
        """Build from a row with the columns of ``COLUMNS``."""
        return cls(
            id=row["id"],
            chat_id=row["chat_id"],
            kind=row["kind"],
            dedup_key=row["dedup_key"],
            payload=json.loads(row["payload_json"]),
            status=row["status"],
            attempts=row["attempts"],
            next_attempt_at=from_timestamp(row["next_attempt_at"]),
            created_at=from_timestamp(row["created_at"]),
            telegram_message_id=row["telegram_message_id"],
            last_error=row["last_error"],
        )


def _rounded_up(moment: datetime) -> int:
    """Unix seconds of an aware time, rounded up: a held row is never sent before it."""
    return to_timestamp(moment) + (moment.microsecond > 0)


async def enqueue(
    conn: aiosqlite.Connection, messages: Sequence[NewMessage], *, now: datetime
) -> int:
    """Queue the messages whose ``dedup_key`` is new; returns how many were queued.

    Runs inside the caller's transaction when there is one (a digest's rows and its
    subscriber's watermark are written together).
    """
    if not messages:
        return 0
    stamp = to_timestamp(now)
    rows = [
        (
            m.chat_id,
            m.kind,
            m.dedup_key,
            json.dumps(m.payload, ensure_ascii=False),
            stamp if m.not_before is None else max(stamp, _rounded_up(m.not_before)),
            stamp,
        )
        for m in messages
    ]
    async with transaction(conn):
        before = conn.total_changes
        await conn.executemany(
            "INSERT INTO outbox (chat_id, kind, dedup_key, payload_json, next_attempt_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedup_key) DO NOTHING",
            rows,
        )
        return conn.total_changes - before


async def due(conn: aiosqlite.Connection, *, now: datetime, limit: int) -> list[OutboxRow]:
    """Queued rows whose time has come, oldest first, at most one per chat."""
    async with conn.execute(DUE_SQL, (to_timestamp(now), limit)) as cur:
        rows = [OutboxRow.from_row(row) for row in await cur.fetchall()]
    seen: set[int] = set()
    out = []
    for row in rows:
        if row.chat_id not in seen:
            seen.add(row.chat_id)
            out.append(row)
    return out


async def start_sending(conn: aiosqlite.Connection, *, row_ids: Sequence[int]) -> set[int]:
    """Mark queued rows ``sending`` (one more attempt each), in one commit; returns the ids
    that were still queued (the others were dropped or handled meanwhile)."""
    if not row_ids:
        return set()
    marks = ",".join("?" * len(row_ids))
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE outbox SET status = 'sending', attempts = attempts + 1 "  # noqa: S608
            f"WHERE id IN ({marks}) AND status = 'queued' RETURNING id",
            list(row_ids),
        ) as cur,
    ):
        return {int(row[0]) for row in await cur.fetchall()}


async def mark_sent(conn: aiosqlite.Connection, sent: Sequence[tuple[int, int]]) -> None:
    """Rows that reached Telegram, as (row id, Telegram's message id), in one commit."""
    async with transaction(conn):
        await conn.executemany(
            "UPDATE outbox SET status = 'sent', telegram_message_id = ?, last_error = NULL "
            "WHERE id = ?",
            [(message_id, row_id) for row_id, message_id in sent],
        )


async def retry_at(
    conn: aiosqlite.Connection, *, row_id: int, at: datetime, error: str, count: bool = True
) -> None:
    """Queue the row again for ``at`` (rounded up: never early after a 429); ``count=False``
    gives the attempt back (a 429 is not the message's fault)."""
    async with transaction(conn):
        await conn.execute(
            "UPDATE outbox SET status = 'queued', next_attempt_at = ?, last_error = ?, "
            "attempts = attempts - ? WHERE id = ?",
            (math.ceil(at.timestamp()), error, 0 if count else 1, row_id),
        )


async def fail(conn: aiosqlite.Connection, *, row_id: int, error: str) -> None:
    """Give up on the row, keeping why."""
    async with transaction(conn):
        await conn.execute(
            "UPDATE outbox SET status = 'failed', last_error = ? WHERE id = ?", (error, row_id)
        )


async def drop_chat(conn: aiosqlite.Connection, *, chat_id: int, reason: str) -> int:
    """Drop everything still waiting for the chat (it blocked the bot or is gone)."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE outbox SET status = 'dropped', last_error = ? "
            "WHERE chat_id = ? AND status IN ('queued', 'sending')",
            (reason, chat_id),
        ) as cur,
    ):
        return cur.rowcount


async def recover(conn: aiosqlite.Connection) -> int:
    """At start: rows left ``sending`` by a crash are queued again (their attempt kept)."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE outbox SET status = 'queued', last_error = 'interrupted' "
            "WHERE status = 'sending'"
        ) as cur,
    ):
        return cur.rowcount


async def next_attempt(conn: aiosqlite.Connection) -> datetime | None:
    """When the earliest queued row becomes due, or None when nothing is queued."""
    async with conn.execute(
        "SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'queued'"
    ) as cur:
        row = await cur.fetchone()
    return None if row is None or row[0] is None else from_timestamp(row[0])


async def counts(conn: aiosqlite.Connection) -> dict[str, int]:
    """Rows per status (every status present, zero when none)."""
    out = dict.fromkeys((QUEUED, SENDING, SENT, FAILED, DROPPED), 0)
    async with conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status") as cur:
        for status, n in await cur.fetchall():
            out[status] = n
    return out


async def failures(conn: aiosqlite.Connection) -> list[tuple[str, int]]:
    """Failed and dropped rows by reason, most frequent first."""
    async with conn.execute(
        "SELECT COALESCE(last_error, '?'), COUNT(*) AS n FROM outbox "
        "WHERE status IN ('failed', 'dropped') GROUP BY 1 ORDER BY n DESC, 1"
    ) as cur:
        return [(reason, n) for reason, n in await cur.fetchall()]


async def purge(conn: aiosqlite.Connection, *, before: datetime) -> int:
    """Delete finished rows (sent, failed, dropped) created before ``before``."""
    async with (
        transaction(conn),
        conn.execute(
            "DELETE FROM outbox WHERE status IN ('sent', 'failed', 'dropped') AND created_at < ?",
            (to_timestamp(before),),
        ) as cur,
    ):
        return cur.rowcount


async def move_chat(conn: aiosqlite.Connection, *, old: int, new: int) -> None:
    """A group became a supergroup (``migrate_to_chat_id``): the subscriber and its queue move.

    The foreign keys cascade the new id to the chat's outbox rows, subscriptions and follows.
    When the new chat is already a subscriber (someone subscribed it meanwhile), the old row
    is deactivated and only its waiting messages move.
    """
    async with transaction(conn):
        async with conn.execute("SELECT 1 FROM subscribers WHERE chat_id = ?", (new,)) as cur:
            taken = await cur.fetchone() is not None
        if not taken:
            await conn.execute(
                "UPDATE subscribers SET chat_id = ?, kind = 'group' WHERE chat_id = ?", (new, old)
            )
            return
        await conn.execute(
            "UPDATE outbox SET chat_id = ? WHERE chat_id = ? AND status IN ('queued', 'sending')",
            (new, old),
        )
        await conn.execute(
            "UPDATE subscribers SET active = 0, deactivated_reason = 'migrated', "
            "deactivated_at = CAST(strftime('%s', 'now') AS INTEGER) WHERE chat_id = ?",
            (old,),
        )


async def enqueue_to_active(
    conn: aiosqlite.Connection, *, kind: str, key: str, payload: dict[str, Any], now: datetime
) -> int:
    """One message to every active subscriber (a broadcast), keyed ``<key>:<chat_id>``."""
    stamp = to_timestamp(now)
    async with (
        transaction(conn),
        conn.execute(
            "INSERT INTO outbox (chat_id, kind, dedup_key, payload_json, next_attempt_at, "
            "created_at) SELECT chat_id, ?, ? || ':' || chat_id, ?, ?, ? FROM subscribers "
            "WHERE active = 1 ORDER BY chat_id ON CONFLICT (dedup_key) DO NOTHING",
            (kind, key, json.dumps(payload, ensure_ascii=False), stamp, stamp),
        ) as cur,
    ):
        return cur.rowcount
