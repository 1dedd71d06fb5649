"""Sources in 'instant' mode: a poll run's new articles are queued at once, one grouped
message per chat, in its language, only for active chats that chose 'instant'."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import aiosqlite

from bot.services import instant
from bot.storage import outbox
from tests.factories import add_story, say, subscribe
from tests.fake_telegram import parse_html

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


async def _feed(db: aiosqlite.Connection, feed_id: int, title: str) -> None:
    await db.execute(
        "INSERT INTO feeds (id, url, title, shared) VALUES (?, ?, ?, 0)",
        (feed_id, f"https://feeds.example/{feed_id}.xml", title),
    )


async def _source(
    db: aiosqlite.Connection, chat_id: int, feed_id: int, mode: str, thread: int | None = None
) -> None:
    await db.execute(
        "INSERT INTO chat_feeds (chat_id, feed_id, mode, thread_id, added_at) "
        "VALUES (?, ?, ?, ?, 0)",
        (chat_id, feed_id, mode, thread),
    )


async def _queued(db: aiosqlite.Connection) -> list[tuple[int, str, dict[str, object]]]:
    async with db.execute(
        "SELECT chat_id, kind, payload_json FROM outbox ORDER BY chat_id, id"
    ) as cur:
        rows = await cur.fetchall()
    return [(row[0], row[1], json.loads(row[2])) for row in rows]


async def test_new_articles_go_to_instant_chats_grouped_in_their_language(
    db: aiosqlite.Connection,
) -> None:
    await _feed(db, 1, "Зеркало")
    await _feed(db, 2, "Reuters")
    await subscribe(db, 10, lang="ru")  # instant on both feeds: one message for both
    await subscribe(db, 11, lang="be")  # instant on feed 1, in a forum topic
    await subscribe(db, 12, lang="en")  # digest mode: nothing now
    await subscribe(db, 13, lang="uk")  # instant, but stopped the bot
    await _source(db, 10, 1, "instant")
    await _source(db, 10, 2, "instant")
    await _source(db, 11, 1, "instant", thread=42)
    await _source(db, 12, 1, "digest")
    await _source(db, 13, 1, "instant")
    await outbox.drop_chat(db, chat_id=13, reason="x")
    await db.execute("UPDATE subscribers SET active = 0 WHERE chat_id = 13")
    a = await add_story(db, 1, feed_id=1, title="Flood in Gomel")
    b = await add_story(db, 2, feed_id=2, title="Talks in Geneva")
    c = await add_story(db, 3, feed_id=1, title="Bridge reopened")
    assert a and b and c
    stored = [(a.id, 1), (b.id, 2), (c.id, 1)]

    assert await instant.enqueue(db, stored, now=NOW) == 2
    (ten, eleven) = await _queued(db)
    assert (ten[0], ten[1], eleven[0]) == (10, "instant", 11)
    text = parse_html(str(ten[2]["text"]))
    assert text.startswith(say("ru", "instant-header", n=3))
    assert text.index("Flood in Gomel") < text.index("Talks in Geneva") < text.index("Bridge")
    shown = parse_html(str(eleven[2]["text"]))
    assert shown.startswith(say("be", "instant-header-source", source="Зеркало", n=2))
    assert "Talks in Geneva" not in shown  # feed 2 is not chat 11's
    assert eleven[2]["thread_id"] == 42
    assert "thread_id" not in ten[2]
    # The same run queued again (a retry after a crash) adds nothing.
    assert await instant.enqueue(db, stored, now=NOW) == 0


async def test_a_backlog_is_cut_with_a_line_saying_how_many_more(
    db: aiosqlite.Connection,
) -> None:
    await _feed(db, 1, "Backlog")
    await subscribe(db, 10, lang="ru")
    await _source(db, 10, 1, "instant")
    stored = []
    for n in range(1, instant.INSTANT_ITEMS + 4):
        story = await add_story(db, n, feed_id=1)
        assert story is not None
        stored.append((story.id, 1))
    queued = await instant.enqueue(db, stored, now=NOW)
    rows = await _queued(db)
    assert queued == len(rows) >= 2
    texts = [parse_html(str(payload["text"])) for _, _, payload in rows]
    assert all(len(text) <= 4096 for text in texts)
    assert texts[-1] == say("ru", "instant-more", n=3)
    joined = "\n".join(texts)
    assert f"Story {instant.INSTANT_ITEMS} happened." in joined
    assert f"Story {instant.INSTANT_ITEMS + 1} happened." not in joined


async def test_nothing_is_queued_without_instant_chats(db: aiosqlite.Connection) -> None:
    await _feed(db, 1, "Quiet")
    story = await add_story(db, 1, feed_id=1)
    assert story is not None
    assert await instant.enqueue(db, [(story.id, 1)], now=NOW) == 0
    assert await instant.enqueue(db, [], now=NOW) == 0
    assert await _queued(db) == []
