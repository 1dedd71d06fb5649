"""storage.chat_feeds: a chat's own sources on a real migrated SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest

from bot.storage import chat_feeds, subscribers
from bot.storage import feeds as feed_store

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
A, B = 11, 22


async def _chat(db: aiosqlite.Connection, chat_id: int) -> None:
    await subscribers.add_inactive(
        db, chat_id=chat_id, kind="private", lang="en", tz="UTC", digest_time="08:00", now=T0
    )


async def _enabled(db: aiosqlite.Connection, feed_id: int) -> bool:
    async with db.execute("SELECT enabled FROM feeds WHERE id = ?", (feed_id,)) as cur:
        row = await cur.fetchone()
    assert row is not None
    return bool(row[0])


async def test_a_new_feed_is_the_chats_own_and_a_stored_one_is_reused(
    db: aiosqlite.Connection,
) -> None:
    operator = await feed_store.add(db, url="https://op.example/rss", title="Operator")
    assert operator is not None
    own = await chat_feeds.add_feed(db, url="https://own.example/rss", title="Own")
    assert (own.url, own.title, own.shared) == ("https://own.example/rss", "Own", False)
    again = await chat_feeds.add_feed(db, url="https://own.example/rss", title="Other title")
    assert (again.id, again.title, again.shared) == (own.id, "Own", False)  # one row, kept
    reused = await chat_feeds.add_feed(db, url="https://op.example/rss", title="Mine")
    assert (reused.id, reused.title, reused.shared) == (operator.id, "Operator", True)
    untitled = await chat_feeds.add_feed(db, url="https://new.example/rss", title=None)
    assert untitled.title is None
    assert (await chat_feeds.add_feed(db, url=untitled.url, title="Later")).title == "Later"
    assert await chat_feeds.shared_feed_ids(db) == {operator.id}
    assert await chat_feeds.feed_by_url(db, url="https://own.example/rss") == own
    assert await chat_feeds.feed_by_url(db, url="https://nothing.example/") is None


async def test_link_list_modes_and_unlink(db: aiosqlite.Connection) -> None:
    await _chat(db, A)
    await _chat(db, B)
    first = await chat_feeds.add_feed(db, url="https://one.example/rss", title="One")
    second = await chat_feeds.add_feed(db, url="https://two.example/rss", title=None)
    assert await chat_feeds.link(db, chat_id=A, feed_id=second.id, now=T0)
    assert await chat_feeds.link(db, chat_id=A, feed_id=first.id, now=T0 + timedelta(1))
    assert not await chat_feeds.link(db, chat_id=A, feed_id=first.id, now=T0)  # had it
    assert await chat_feeds.link(db, chat_id=B, feed_id=first.id, mode="instant", now=T0)
    assert await chat_feeds.count(db, chat_id=A) == 2
    assert await chat_feeds.count(db, chat_id=B) == 1
    listed = await chat_feeds.sources(db, chat_id=A)
    assert [s.feed_id for s in listed] == [second.id, first.id]  # in the order added
    assert listed[0].added_at == T0
    assert (listed[1].title, listed[1].mode, listed[1].thread_id) == ("One", "digest", None)
    assert listed[1].last_article_at is None and listed[1].error_count == 0
    page = await chat_feeds.sources(db, chat_id=A, limit=1, offset=1)
    assert [s.feed_id for s in page] == [first.id]
    assert await chat_feeds.opml_rows(db, chat_id=A) == [
        ("https://two.example/rss", None),
        ("https://one.example/rss", "One"),
    ]
    assert [(c.chat_id, c.mode) for c in await chat_feeds.chats_of(db, feed_id=first.id)] == [
        (A, "digest"),
        (B, "instant"),
    ]
    assert await chat_feeds.set_mode(db, chat_id=A, feed_id=first.id, mode="instant")
    assert not await chat_feeds.set_mode(db, chat_id=A, feed_id=999, mode="instant")
    with pytest.raises(ValueError, match="unknown mode"):
        await chat_feeds.set_mode(db, chat_id=A, feed_id=first.id, mode="loud")
    assert await chat_feeds.modes(db, chat_id=A) == sorted(
        [(first.id, "instant"), (second.id, "digest")]
    )
    assert await chat_feeds.has(db, chat_id=B, feed_id=first.id)
    assert not await chat_feeds.has(db, chat_id=B, feed_id=second.id)
    assert await chat_feeds.source(db, chat_id=B, feed_id=second.id) is None

    # Removing: the feed stays polled while another chat has it, then is switched off
    # (kept, so its articles stay private), and on again when a chat adds it back.
    assert await chat_feeds.unlink(db, chat_id=A, feed_id=first.id)
    assert not await chat_feeds.unlink(db, chat_id=A, feed_id=first.id)
    assert await _enabled(db, first.id)
    assert await chat_feeds.unlink(db, chat_id=B, feed_id=first.id)
    assert not await _enabled(db, first.id)
    assert await chat_feeds.feed_by_url(db, url=first.url) is not None
    await chat_feeds.add_feed(db, url=first.url, title=None)
    assert await _enabled(db, first.id)


async def test_an_operator_feed_is_never_switched_off_by_a_chat(db: aiosqlite.Connection) -> None:
    await _chat(db, A)
    operator = await feed_store.add(db, url="https://op.example/rss")
    assert operator is not None
    await chat_feeds.link(db, chat_id=A, feed_id=operator.id)
    assert await chat_feeds.unlink(db, chat_id=A, feed_id=operator.id)
    assert await _enabled(db, operator.id)


async def test_a_chat_must_be_stored_and_its_sources_go_with_it(db: aiosqlite.Connection) -> None:
    feed = await chat_feeds.add_feed(db, url="https://one.example/rss", title=None)
    with pytest.raises(Exception, match="FOREIGN KEY"):
        await chat_feeds.link(db, chat_id=A, feed_id=feed.id)
    await _chat(db, A)
    await chat_feeds.link(db, chat_id=A, feed_id=feed.id)
    await db.execute("DELETE FROM subscribers WHERE chat_id = ?", (A,))
    await db.commit()
    assert await chat_feeds.count(db, chat_id=A) == 0
