"""The feeds repository on a real SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiosqlite

from bot.storage import feeds

NOW = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)


async def _by_url(db: aiosqlite.Connection, url: str) -> feeds.Feed:
    (feed,) = [f for f in await feeds.all(db) if f.url == url]
    return feed


async def test_add_is_idempotent_by_url(db: aiosqlite.Connection) -> None:
    feed = await feeds.add(db, url="https://a.example/rss", title="A")
    assert feed is not None
    assert (feed.url, feed.title, feed.enabled, feed.error_count) == (
        "https://a.example/rss",
        "A",
        True,
        0,
    )
    assert feed.next_poll_at is None
    assert await feeds.add(db, url="https://a.example/rss", title="again") is None
    assert [f.title for f in await feeds.all(db)] == ["A"]


async def test_remove(db: aiosqlite.Connection) -> None:
    await feeds.add(db, url="https://a.example/rss")
    assert await feeds.remove(db, url="https://a.example/rss") is True
    assert await feeds.remove(db, url="https://a.example/rss") is False
    assert await feeds.all(db) == []


async def test_due_and_record_poll(db: aiosqlite.Connection) -> None:
    a = await feeds.add(db, url="https://a.example/rss")
    b = await feeds.add(db, url="https://b.example/rss")
    c = await feeds.add(db, url="https://c.example/rss")
    assert a is not None and b is not None and c is not None
    assert [f.id for f in await feeds.due(db, now=NOW, limit=10)] == [a.id, b.id, c.id]
    assert [f.id for f in await feeds.due(db, now=NOW, limit=2)] == [a.id, b.id]

    assert await feeds.record_poll(
        db,
        feed_id=a.id,
        etag='"e1"',
        last_modified="Thu, 10 Jul 2025 12:00:00 GMT",
        error_count=0,
        last_error=None,
        next_poll_at=NOW + timedelta(minutes=15),
        title="A feed",
    )
    await feeds.record_poll(
        db,
        feed_id=b.id,
        etag=None,
        last_modified=None,
        error_count=2,
        last_error="the site answered HTTP 503",
        next_poll_at=NOW - timedelta(minutes=1),
    )
    await db.execute("UPDATE feeds SET enabled = 0 WHERE id = ?", (c.id,))
    await db.commit()

    assert [f.id for f in await feeds.due(db, now=NOW, limit=10)] == [b.id]
    later = await feeds.due(db, now=NOW + timedelta(minutes=15), limit=10)
    assert [f.id for f in later] == [b.id, a.id]
    saved = await _by_url(db, "https://a.example/rss")
    assert (saved.etag, saved.last_modified, saved.title) == (
        '"e1"',
        "Thu, 10 Jul 2025 12:00:00 GMT",
        "A feed",
    )
    assert saved.next_poll_at == NOW + timedelta(minutes=15)
    failing = await _by_url(db, "https://b.example/rss")
    assert (failing.error_count, failing.last_error) == (2, "the site answered HTTP 503")

    # A stored title is kept; a removed feed's poll is not recorded.
    await feeds.record_poll(
        db,
        feed_id=a.id,
        etag=None,
        last_modified=None,
        error_count=0,
        last_error=None,
        next_poll_at=NOW,
        title="Renamed",
    )
    assert (await feeds.all(db))[0].title == "A feed"
    assert not await feeds.record_poll(
        db,
        feed_id=999,
        etag=None,
        last_modified=None,
        error_count=0,
        last_error=None,
        next_poll_at=NOW,
    )


async def test_due_in_batches_after_the_last_one_read(db: aiosqlite.Connection) -> None:
    dues = [NOW - timedelta(minutes=1), None, NOW - timedelta(hours=1), None, NOW]
    ids = []
    for n, due in enumerate(dues):
        feed = await feeds.add(db, url=f"https://f{n}.example/rss")
        assert feed is not None
        ids.append(feed.id)
        if due is not None:
            await feeds.record_poll(
                db,
                feed_id=feed.id,
                etag=None,
                last_modified=None,
                error_count=0,
                last_error=None,
                next_poll_at=due,
            )
    order = [ids[1], ids[3], ids[2], ids[0], ids[4]]
    read: list[int] = []
    after = None
    while batch := await feeds.due(db, now=NOW, limit=2, after=after):
        read += [f.id for f in batch]
        after = batch[-1]
    assert read == order
    # A feed polled meanwhile (due later now) never comes again after the cursor.
    first = await feeds.due(db, now=NOW, limit=3)
    await feeds.record_poll(
        db,
        feed_id=first[0].id,
        etag=None,
        last_modified=None,
        error_count=0,
        last_error=None,
        next_poll_at=NOW + timedelta(minutes=15),
    )
    rest = await feeds.due(db, now=NOW, limit=10, after=first[-1])
    assert [f.id for f in rest] == order[3:]


async def test_record_polls_keeps_the_last_article_time_and_the_failing_notice(
    db: aiosqlite.Connection,
) -> None:
    feed = await feeds.add(db, url="https://a.example/rss")
    assert feed is not None

    def record(
        errors: int, *, new_at: datetime | None = None, told_at: datetime | None = None
    ) -> feeds.PollRecord:
        return feeds.PollRecord(
            feed.id, None, None, errors, None, NOW, new_article_at=new_at, told_at=told_at
        )

    assert await feeds.record_polls(db, [record(0, new_at=NOW)]) == 1
    await feeds.record_polls(db, [record(10, told_at=NOW + timedelta(hours=1))])
    await feeds.record_polls(db, [record(11, told_at=NOW + timedelta(hours=2))])  # kept
    (row,) = await feeds.all(db)
    assert (row.last_article_at, row.failing_told_at) == (NOW, NOW + timedelta(hours=1))
    await feeds.record_polls(db, [record(0)])  # it works again
    (row,) = await feeds.all(db)
    assert (row.last_article_at, row.failing_told_at, row.error_count) == (NOW, None, 0)


async def test_move_keeps_both_when_the_new_url_is_taken(db: aiosqlite.Connection) -> None:
    a = await feeds.add(db, url="https://a.example/old")
    b = await feeds.add(db, url="https://a.example/taken")
    assert a is not None and b is not None
    assert not await feeds.move(db, feed_id=a.id, url="https://a.example/taken")
    assert await feeds.move(db, feed_id=a.id, url="https://a.example/new")
    assert [f.url for f in await feeds.all(db)] == [
        "https://a.example/new",
        "https://a.example/taken",
    ]
    assert not await feeds.move(db, feed_id=999, url="https://a.example/other")
