"""How a chat takes its follow alerts (mode, quiet hours), the hits kept for its digest, and
outbox rows held until a later time."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest

from bot.storage import follow_hits, outbox, subscribers
from bot.storage.follow_hits import Hit
from bot.storage.outbox import NewMessage
from tests.factories import add_story, stored_subscriber, subscribe

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


async def test_follow_delivery_defaults_set_keep_and_clear(db: aiosqlite.Connection) -> None:
    await subscribe(db, 1, now=T0)
    chat = await stored_subscriber(db, 1)
    assert (chat.follow_alerts, chat.quiet_from, chat.quiet_to) == ("instant", None, None)

    assert await subscribers.set_follow_delivery(db, chat_id=1, quiet=("23:00", "08:00"))
    chat = await stored_subscriber(db, 1)
    assert (chat.follow_alerts, chat.quiet_from, chat.quiet_to) == ("instant", "23:00", "08:00")

    assert await subscribers.set_follow_delivery(db, chat_id=1, follow_alerts="digest")
    chat = await stored_subscriber(db, 1)  # the quiet hours kept
    assert (chat.follow_alerts, chat.quiet_from, chat.quiet_to) == ("digest", "23:00", "08:00")

    assert await subscribers.set_follow_delivery(db, chat_id=1, quiet=None)
    chat = await stored_subscriber(db, 1)  # cleared; the mode kept
    assert (chat.follow_alerts, chat.quiet_from, chat.quiet_to) == ("digest", None, None)

    assert not await subscribers.set_follow_delivery(db, chat_id=2, follow_alerts="digest")


@pytest.mark.parametrize(
    ("mode", "quiet"), [("weekly", ...), (None, ("25:00", "08:00")), (None, ("8:00", "09:00"))]
)
async def test_follow_delivery_refuses_what_the_schema_forbids(
    db: aiosqlite.Connection, mode: str | None, quiet: object
) -> None:
    await subscribe(db, 1, now=T0)
    with pytest.raises(sqlite3.IntegrityError):
        await subscribers.set_follow_delivery(db, chat_id=1, follow_alerts=mode, quiet=quiet)  # type: ignore[arg-type]
    chat = await stored_subscriber(db, 1)
    assert (chat.follow_alerts, chat.quiet_from, chat.quiet_to) == ("instant", None, None)


async def test_hits_are_kept_once_read_newest_first_and_cleared(
    db: aiosqlite.Connection,
) -> None:
    await subscribe(db, 1, now=T0)
    await subscribe(db, 2, now=T0)
    ids = []
    for n in range(1, 4):
        stored = await add_story(db, n, ingested_at=T0)
        assert stored is not None
        ids.append(stored.id)
    assert await follow_hits.add(db, [Hit(1, ids[0], "Лавров")], now=T0) == 1
    later = T0 + timedelta(hours=1)
    new = [Hit(1, ids[0], "again"), Hit(1, ids[1], "Лавров, санкции"), Hit(2, ids[2], "нефть")]
    assert await follow_hits.add(db, new, now=later) == 2  # the first article once
    assert await follow_hits.add(db, [], now=later) == 0

    found = await follow_hits.since(db, chat_id=1, after=T0 - timedelta(seconds=1), limit=10)
    assert [(h.article_id, h.terms, h.created_at) for h in found] == [
        (ids[1], "Лавров, санкции", later),
        (ids[0], "Лавров", T0),
    ]
    assert [h.article_id for h in await follow_hits.since(db, chat_id=1, after=T0, limit=10)] == [
        ids[1]
    ]
    assert len(await follow_hits.since(db, chat_id=1, after=T0 - timedelta(1), limit=1)) == 1

    assert await follow_hits.clear(db, chat_id=1, until=T0) == 1
    assert [h.article_id for h in await follow_hits.since(db, chat_id=1, after=T0, limit=9)] == [
        ids[1]
    ]
    assert len(await follow_hits.since(db, chat_id=2, after=T0, limit=9)) == 1  # not chat 1's

    await db.execute("DELETE FROM articles WHERE id = ?", (ids[1],))  # retention
    await db.commit()
    assert await follow_hits.since(db, chat_id=1, after=T0 - timedelta(1), limit=9) == []

    with pytest.raises(sqlite3.IntegrityError):
        await follow_hits.add(db, [Hit(1, ids[2], "")], now=T0)
    with pytest.raises(sqlite3.IntegrityError):
        await follow_hits.add(db, [Hit(99, ids[2], "x")], now=T0)


async def test_a_held_message_is_due_at_its_time_and_does_not_hold_back_the_chat(
    db: aiosqlite.Connection,
) -> None:
    await subscribe(db, 1, now=T0)
    until = T0 + timedelta(hours=2, microseconds=1)
    held = NewMessage(1, "follow", "follow:1:1", {"text": "held"}, not_before=until)
    past = NewMessage(1, "follow", "follow:1:2", {"text": "past"}, not_before=T0 - timedelta(1))
    assert await outbox.enqueue(db, [held, past], now=T0) == 2
    digest = NewMessage(1, "digest", "digest:1", {"text": "digest"})
    assert await outbox.enqueue(db, [digest], now=T0 + timedelta(minutes=5)) == 1

    def texts(rows: list[outbox.OutboxRow]) -> list[str]:
        return [row.payload["text"] for row in rows]

    assert texts(await outbox.due(db, now=T0, limit=10)) == ["past"]
    # A held row does not make the chat's later messages wait; one per chat at a time.
    assert await outbox.start_sending(db, row_ids=[2]) == {2}
    await outbox.mark_sent(db, [(2, 100)])
    assert texts(await outbox.due(db, now=T0 + timedelta(minutes=5), limit=10)) == ["digest"]
    await outbox.mark_sent(db, [(3, 101)])
    assert await outbox.due(db, now=T0 + timedelta(hours=2), limit=10) == []  # rounded up
    assert await outbox.next_attempt(db) == T0 + timedelta(hours=2, seconds=1)
    assert texts(await outbox.due(db, now=T0 + timedelta(hours=2, seconds=1), limit=10)) == [
        "held"
    ]


async def test_a_retried_row_still_holds_back_the_chats_later_rows(
    db: aiosqlite.Connection,
) -> None:
    await subscribe(db, 1, now=T0)
    parts = [NewMessage(1, "digest", f"digest:1:{n}", {"text": f"part {n}"}) for n in (1, 2)]
    await outbox.enqueue(db, parts, now=T0)
    await outbox.start_sending(db, row_ids=[1])
    await outbox.retry_at(db, row_id=1, at=T0 + timedelta(seconds=30), error="429", count=False)
    assert await outbox.due(db, now=T0 + timedelta(seconds=1), limit=10) == []
    due = await outbox.due(db, now=T0 + timedelta(seconds=30), limit=10)
    assert [row.payload["text"] for row in due] == ["part 1"]
