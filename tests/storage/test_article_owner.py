"""Who sees an article (issue 8): a chat its own and the shared ones; migration 0004."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.storage import articles, search
from bot.storage.db import MIGRATIONS_DIR, connect, migrate, schema_version
from tests.factories import add_story, count_articles

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)
A, B = 111, -100222  # a private chat and a group


async def _add(
    db: aiosqlite.Connection, n: int, *, by: int | None, feed_id: int | None = None
) -> int:
    added = await add_story(
        db,
        n,
        content_hash=f"hash-{n}",
        feed_id=feed_id,
        ingested_at=T0 + timedelta(minutes=n),
        submitted_by=by,
    )
    assert added is not None
    return added.id


async def _latest(
    db: aiosqlite.Connection, chat: int | None, *, limit: int = 50, offset: int = 0
) -> list[str | None]:
    rows = await articles.latest(db, chat_id=chat, limit=limit, offset=offset)
    return [r.title for r in rows]


async def _found(db: aiosqlite.Connection, chat: int | None, term: str) -> set[str | None]:
    hits = await search.search(db, query_terms=[term], limit=50, chat_id=chat, now=T0)
    return {a.title for a, _ in hits}


async def test_a_chat_sees_its_own_and_the_shared(db: aiosqlite.Connection) -> None:
    await _add(db, 1, by=None)
    await _add(db, 2, by=A)
    await _add(db, 3, by=B)
    await _add(db, 4, by=None)
    await _add(db, 5, by=A)
    assert await _latest(db, A) == ["Story 5", "Story 4", "Story 2", "Story 1"]
    assert await _latest(db, B) == ["Story 4", "Story 3", "Story 1"]
    assert await _latest(db, 999) == ["Story 4", "Story 1"]
    assert await _latest(db, None) == ["Story 4", "Story 1"]
    # Pages cut the merged list, not each stream.
    assert await _latest(db, A, limit=2, offset=1) == ["Story 4", "Story 2"]
    assert await _latest(db, A, limit=2, offset=3) == ["Story 1"]
    assert [await articles.count_visible(db, chat_id=c) for c in (A, B, 999, None)] == [4, 3, 2, 2]
    assert await _found(db, A, "stori") == {"Story 1", "Story 2", "Story 4", "Story 5"}
    assert await _found(db, B, "stori") == {"Story 1", "Story 3", "Story 4"}
    assert await _found(db, None, "2") == set()
    assert await _found(db, B, "2") == set()
    assert await _found(db, A, "2") == {"Story 2"}
    assert (await articles.by_id(db, article_id=2)) is not None


async def test_another_sender_sees_it_and_nobody_else(db: aiosqlite.Connection) -> None:
    article_id = await _add(db, 1, by=A)
    await _add(db, 2, by=None)
    # B sends it after the shared Story 2 came in: B's list places it when B sent it (the
    # position must not tell B when A did).
    later = T0 + timedelta(hours=1)
    await articles.add_sender(db, article_id=article_id, chat_id=B, sent_at=later)
    await articles.add_sender(db, article_id=article_id, chat_id=B)  # again: a no-op
    assert await _latest(db, A) == ["Story 2", "Story 1"]
    assert await _latest(db, B) == ["Story 1", "Story 2"]
    (first, _) = await articles.latest(db, chat_id=B, limit=5)
    assert first.ingested_at == later
    assert await _latest(db, 999) == ["Story 2"]
    assert await articles.count_visible(db, chat_id=B) == 2
    assert await _found(db, 999, "stori") == {"Story 2"}
    stored = await articles.by_id(db, article_id=article_id)
    assert stored is not None
    assert stored.submitted_by == A  # the first sender stays recorded


async def test_other_chats_rows_take_no_search_candidates(
    db: aiosqlite.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Newer private rows of chat A match too; B must still get the shared one within the
    # candidate cap (a post-filter on the newest candidates would leave B nothing).
    monkeypatch.setattr(search, "MAX_CANDIDATES", 3)
    await _add(db, 1, by=None)
    for n in range(2, 8):
        await _add(db, n, by=A)
    assert await _found(db, B, "stori") == {"Story 1"}
    assert len(await _found(db, A, "stori")) == 3


async def test_share_makes_a_private_row_everyones(db: aiosqlite.Connection) -> None:
    feed = await db.execute_insert("INSERT INTO feeds (url) VALUES ('https://e.com/rss')")
    assert feed is not None
    await _add(db, 1, by=None)
    private = await _add(db, 2, by=A)
    await articles.add_sender(db, article_id=private, chat_id=B)
    later = T0 + timedelta(days=1)
    shared = await articles.share(db, article_id=private, feed_id=feed[0], ingested_at=later)
    assert shared is not None
    assert (shared.submitted_by, shared.feed_id, shared.ingested_at) == (None, feed[0], later)
    assert await _latest(db, 999) == ["Story 2", "Story 1"]
    assert await _latest(db, A) == ["Story 2", "Story 1"]  # once, not twice
    async with db.execute("SELECT COUNT(*) FROM article_senders") as cur:
        assert tuple(await cur.fetchone() or ()) == (0,)  # who sent it is forgotten
    assert await articles.count_visible(db, chat_id=999) == 2
    # A chat sending it once shared (it read the row as private just before): listed once.
    await articles.add_sender(db, article_id=private, chat_id=B)
    assert await _latest(db, B) == ["Story 2", "Story 1"]
    assert await articles.count_visible(db, chat_id=B) == 2
    # Shared rows stay shared.
    again = await articles.share(db, article_id=private, feed_id=None, ingested_at=T0)
    assert again is not None
    assert (again.feed_id, again.ingested_at) == (feed[0], later)
    assert await articles.count_visible(db, chat_id=999) == 2


async def test_counts_follow_retention(db: aiosqlite.Connection) -> None:
    for n in range(1, 7):
        await _add(db, n, by=None if n % 2 else A)
    assert [await articles.count_visible(db, chat_id=c) for c in (A, B)] == [6, 3]
    assert await articles.delete_older(db, before=T0 + timedelta(minutes=4)) == 3
    assert [await articles.count_visible(db, chat_id=c) for c in (A, B)] == [3, 1]
    assert await _latest(db, A) == ["Story 6", "Story 5", "Story 4"]
    async with db.execute("SELECT COUNT(*) FROM article_senders") as cur:
        assert tuple(await cur.fetchone() or ()) == (2,)  # the deleted one's went with it


async def test_digests_take_no_private_rows(db: aiosqlite.Connection) -> None:
    feed = await db.execute_insert("INSERT INTO feeds (url) VALUES ('https://e.com/rss')")
    assert feed is not None
    await _add(db, 1, by=None, feed_id=feed[0])
    await _add(db, 2, by=A)
    found = await articles.since(db, after=T0 - timedelta(days=1))
    assert [a.title for a in found] == ["Story 1"]
    assert [a.title for a in await articles.since(db, after=T0, feed_ids=[feed[0]])] == ["Story 1"]


async def test_latest_reads_the_shared_index(db: aiosqlite.Connection) -> None:
    """/latest at 100,000 articles: the shared stream walks the partial index in order."""
    columns = articles._latest_columns(with_text=False)
    sql = articles._VISIBLE_CTE + columns + articles._LATEST_FROM
    params = {"chat": A, "window": 10, "limit": 5, "offset": 5}
    async with db.execute("EXPLAIN QUERY PLAN " + sql, params) as cur:
        plan = [(int(r["id"]), int(r["parent"]), str(r["detail"])) for r in await cur.fetchall()]
    details = [d for _, _, d in plan]
    assert "SCAN articles USING INDEX articles_shared_ingested" in details
    assert "SEARCH article_senders USING COVERING INDEX article_senders_latest (chat_id=?)" in (
        details
    )
    assert not any(d.startswith("SCAN articles") and "INDEX" not in d for d in details)
    # Both streams come in index order: the only sorts are of the merged page (a window).
    streams = {i for i, _, d in plan if d.startswith("CO-ROUTINE (subquery")}
    assert len(streams) == 2
    assert not [d for _, parent, d in plan if parent in streams and "TEMP B-TREE" in d]


# ------------------------------------------------------------ migration 0004


def _v3_rows(path: Path) -> None:
    """Rows a version-3 program left: a feed article, a link and a text sent in chat."""
    summary = json.dumps({"lang": "en", "title": "T", "sentences": ["S."], "who": [],
                          "where": [], "when": [], "quotes": [],
                          "source": {"name": None, "url": None}, "version": 1})  # fmt: skip
    with sqlite3.connect(path) as old:
        old.execute("INSERT INTO feeds (id, url, title) VALUES (7, 'https://e.com/rss', 'E')")
        rows = [
            (1, "https://e.com/feed-story", 7, "Feed story", "Feed story text.", "h1"),
            (2, "https://private.example/secret?token=x", None, "Link", "Link text.", "h2"),
            (3, "urn:sha256:h3", None, None, "Pasted text.", "h3"),
        ]
        for id_, url, feed_id, title, text, digest in rows:
            old.execute(
                "INSERT INTO articles (id, url, feed_id, title, published_at, ingested_at, lang,"
                " text, content_hash, summary_json, summary_version)"
                " VALUES (?, ?, ?, ?, NULL, ?, 'en', ?, ?, ?, 1)",
                (id_, url, feed_id, title, int(T0.timestamp()) + id_, text, digest, summary),
            )
            old.execute(
                "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
                (id_, title or "", "common " + text.lower()),
            )


async def test_version_3_database_upgrades_with_owners(tmp_path: Path) -> None:
    v3 = tmp_path / "v3"
    v3.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[123]_*.sql")):
        shutil.copy(path, v3)
    db_path = tmp_path / "old.sqlite3"
    async with connect(db_path) as conn:
        assert await migrate(conn, directory=v3) == 3
    _v3_rows(db_path)

    async with connect(db_path) as conn:
        assert await migrate(conn) >= 4
        assert await schema_version(conn) >= 4
        async with conn.execute(
            "SELECT id, url, feed_id, title, text, content_hash, submitted_by "
            "FROM articles ORDER BY id"
        ) as cur:
            rows = [tuple(r) for r in await cur.fetchall()]
        assert rows == [
            # The feed's stays shared; the ones chats sent are kept, shown to no chat
            # (0: sender unknown) and matched by content no more.
            (1, "https://e.com/feed-story", 7, "Feed story", "Feed story text.", "h1", None),
            (2, "https://private.example/secret?token=x", None, "Link", "Link text.",
             "h2:0", 0),
            (3, "urn:sha256:h3", None, None, "Pasted text.", "h3:0", 0),
        ]  # fmt: skip
        for chat in (A, B, 0, None):
            assert await _latest(conn, chat) == ["Feed story"]
            assert await _found(conn, chat, "common") == {"Feed story"}
            assert await articles.count_visible(conn, chat_id=chat) == 1
        assert await count_articles(conn) == 3
        # A feed or the operator publishing the link's URL shares it again.
        shared = await articles.share(conn, article_id=2, feed_id=7, ingested_at=T0)
        assert shared is not None
        assert shared.submitted_by is None
        assert await _found(conn, A, "common") == {"Feed story", "Link"}
