"""Stored articles: add, duplicates by URL and content hash, latest, summary updates."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from bot.storage import articles
from bot.storage.db import connect, migrate
from tests.factories import count_articles

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)


def summary(title: str, version: int = 1) -> str:
    return json.dumps({"lang": "en", "title": title, "sentences": [], "version": version})


async def add(
    conn: aiosqlite.Connection, n: int, **overrides: Any
) -> articles.StoredArticle | None:
    fields: dict[str, Any] = {
        "url": f"https://example.com/{n}",
        "title": f"Title {n}",
        "text": f"Text of article {n}.",
        "lang": "en",
        "published_at": T0 + timedelta(hours=n),
        "feed_id": None,
        "content_hash": f"hash-{n}",
        "summary_json": summary(f"Title {n}"),
        "summary_version": 1,
        "search_title": f"titl {n}",
        "search_text": f"text articl {n}",
        "ingested_at": T0 + timedelta(hours=n, minutes=5),
    }
    fields.update(overrides)
    return await articles.add(conn, **fields)


async def test_add_returns_the_stored_article(db: aiosqlite.Connection) -> None:
    stored = await add(db, 1, title="Лавров встретился с Рубио", lang="ru")
    assert stored is not None
    assert stored.id > 0
    assert stored.url == "https://example.com/1"
    assert stored.title == "Лавров встретился с Рубио"
    assert stored.lang == "ru"
    assert stored.published_at == T0 + timedelta(hours=1)
    assert stored.ingested_at == T0 + timedelta(hours=1, minutes=5)
    assert stored.published_at.tzinfo is UTC
    assert json.loads(stored.summary_json)["title"] == "Title 1"
    assert stored.submitted_by is None  # shared: added without a chat
    assert await articles.by_id(db, article_id=stored.id) == stored
    assert await articles.by_url(db, url="https://example.com/1") == stored
    assert await articles.by_hash(db, content_hash="hash-1") == stored
    assert await count_articles(db) == 1


async def test_optional_fields_and_default_ingest_time(db: aiosqlite.Connection) -> None:
    before = datetime.now(tz=UTC).replace(microsecond=0)
    stored = await add(db, 1, title=None, published_at=None, ingested_at=None)
    assert stored is not None
    assert stored.title is None
    assert stored.published_at is None
    assert before <= stored.ingested_at <= datetime.now(tz=UTC)


async def test_missing_lookups_are_none(db: aiosqlite.Connection) -> None:
    assert await articles.by_url(db, url="https://example.com/nothing") is None
    assert await articles.by_hash(db, content_hash="nothing") is None
    assert await articles.by_id(db, article_id=42) is None
    assert await count_articles(db) == 0


@pytest.mark.parametrize(
    "duplicate",
    [
        {"content_hash": "other-hash"},  # same URL
        {"url": "https://example.com/other"},  # same content
    ],
)
async def test_duplicate_url_or_hash_is_not_stored(
    db: aiosqlite.Connection, duplicate: dict[str, str]
) -> None:
    assert await add(db, 1) is not None
    assert await add(db, 1, **duplicate) is None
    assert await count_articles(db) == 1
    async with db.execute("SELECT COUNT(*) FROM articles_fts") as cur:
        assert tuple(await cur.fetchone() or ()) == (1,)  # nothing half-added
    assert not db.in_transaction


async def test_invalid_rows_still_raise(db: aiosqlite.Connection) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        await add(db, 1, summary_json="{not json")
    with pytest.raises(sqlite3.IntegrityError):
        await add(db, 2, feed_id=999)  # no such feed
    assert await count_articles(db) == 0
    assert not db.in_transaction


async def test_naive_datetimes_are_refused(db: aiosqlite.Connection) -> None:
    with pytest.raises(ValueError, match="naive"):
        await add(db, 1, published_at=datetime(2025, 7, 10))  # noqa: DTZ001
    assert await count_articles(db) == 0


async def test_latest_is_newest_ingested_first(db: aiosqlite.Connection) -> None:
    for n in (3, 1, 5, 2, 4):
        await add(db, n)
    # Two ingested in the same second: the later insert is newer.
    await add(db, 6, ingested_at=T0 + timedelta(hours=5, minutes=5))
    page = await articles.latest(db, limit=3)
    assert [a.url.rsplit("/", 1)[1] for a in page] == ["6", "5", "4"]
    page2 = await articles.latest(db, limit=3, offset=3)
    assert [a.url.rsplit("/", 1)[1] for a in page2] == ["3", "2", "1"]
    assert await articles.latest(db, limit=3, offset=6) == []


async def test_resummary_pages_and_update(db: aiosqlite.Connection) -> None:
    for n in range(1, 6):
        await add(db, n, summary_version=1 if n % 2 else 2)
    old = await articles.needing_resummary(db, version=2, limit=2)
    assert [a.summary_version for a in old] == [1, 1]
    rest = await articles.needing_resummary(db, version=2, limit=2, after_id=old[-1].id)
    assert len(rest) == 1
    assert await articles.needing_resummary(db, version=2, after_id=rest[-1].id) == []

    target = old[0]
    assert await articles.update_summary(
        db, article_id=target.id, summary_json=summary("New", 2), summary_version=2
    )
    updated = await articles.by_id(db, article_id=target.id)
    assert updated is not None
    assert updated.summary_version == 2
    assert json.loads(updated.summary_json)["title"] == "New"
    assert updated.text == target.text
    assert len(await articles.needing_resummary(db, version=2)) == 2
    assert not await articles.update_summary(
        db, article_id=999, summary_json=summary("x"), summary_version=2
    )


async def test_deleting_an_article_removes_it_from_the_index(db: aiosqlite.Connection) -> None:
    stored = await add(db, 1)
    assert stored is not None
    await db.execute("DELETE FROM articles WHERE id = ?", (stored.id,))
    async with db.execute("SELECT COUNT(*) FROM articles_fts") as cur:
        assert tuple(await cur.fetchone() or ()) == (0,)


async def test_articles_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        await migrate(conn)
        stored = await add(conn, 1)
    async with connect(path) as conn:
        await migrate(conn)
        assert await articles.by_url(conn, url="https://example.com/1") == stored


async def test_latest_without_text(db: aiosqlite.Connection) -> None:
    await add(db, 1)
    (full,) = await articles.latest(db, limit=5)
    (slim,) = await articles.latest(db, limit=5, with_text=False)
    assert full.text
    assert slim.text == ""
    assert (slim.id, slim.summary_json, slim.title) == (full.id, full.summary_json, full.title)
