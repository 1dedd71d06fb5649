"""The connection's pragmas and numbered migrations, on real SQLite files."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from bot.errors import StorageError
from bot.storage import articles, db
from bot.storage.db import MIGRATIONS_DIR, MigrationError, connect, migrate, schema_version

TABLES = {"feeds", "articles", "articles_fts", "subscribers", "subscriptions", "follows",
          "outbox", "schema_version"}  # fmt: skip


async def pragma(conn: aiosqlite.Connection, name: str) -> object:
    async with conn.execute(f"PRAGMA {name}") as cur:
        row = await cur.fetchone()
    assert row is not None
    return row[0]


async def tables(conn: aiosqlite.Connection) -> set[str]:
    async with conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'") as cur:
        return {r[0] for r in await cur.fetchall()}


async def test_connect_creates_folder_and_sets_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "t.sqlite3"
    async with connect(path) as conn:
        assert await pragma(conn, "journal_mode") == "wal"
        assert await pragma(conn, "foreign_keys") == 1
        assert await pragma(conn, "busy_timeout") == db.BUSY_TIMEOUT_MS
        assert await pragma(conn, "synchronous") == 1  # NORMAL
        assert conn.row_factory is sqlite3.Row
    assert path.exists()


async def test_migrate_new_database(tmp_path: Path) -> None:
    async with connect(tmp_path / "t.sqlite3") as conn:
        assert await schema_version(conn) == 0
        version = await migrate(conn)
        assert version == len(db.discover()) >= 1
        assert await schema_version(conn) == version
        assert await tables(conn) >= TABLES
        assert await pragma(conn, "foreign_keys") == 1  # back on after migrating
        assert not conn.in_transaction


async def test_migrate_twice_is_a_noop(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        first = await migrate(conn)
        async with conn.execute("SELECT sql FROM sqlite_master ORDER BY name") as cur:
            schema = await cur.fetchall()
        assert await migrate(conn) == first
        async with conn.execute("SELECT sql FROM sqlite_master ORDER BY name") as cur:
            assert await cur.fetchall() == schema
    async with connect(path) as conn:  # and after reopening
        assert await migrate(conn) == first
        async with conn.execute("SELECT COUNT(*) FROM schema_version") as cur:
            assert tuple(await cur.fetchone() or ()) == (first,)


async def test_version_zero_database_upgrades_without_loss(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:  # what an earlier program left behind
        old.executescript(
            """
            CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,
                                         applied_at INTEGER NOT NULL);
            INSERT INTO schema_version VALUES (0, 'prehistory', 0);
            CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);
            INSERT INTO notes (body) VALUES ('keep me'), ('Лавров');
            """
        )
    old.close()
    async with connect(path) as conn:
        assert await schema_version(conn) == 0
        assert await migrate(conn) >= 1
        assert await tables(conn) >= TABLES | {"notes"}
        async with conn.execute("SELECT body FROM notes ORDER BY id") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["keep me", "Лавров"]


async def test_earlier_version_upgrades_in_place(tmp_path: Path) -> None:
    """A database at version 1 with data gets a later migration and keeps its rows."""
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        await migrate(conn)
        await conn.execute(
            "INSERT INTO feeds (url, title) VALUES ('https://example.com/rss', 'Example')"
        )
    later = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, later)
    n = len(db.discover()) + 1
    (later / f"{n:04d}_feed_language.sql").write_text(
        "ALTER TABLE feeds ADD COLUMN lang TEXT;\nUPDATE feeds SET lang = 'en';\n",
        encoding="utf-8",
    )
    async with connect(path) as conn:
        assert await migrate(conn, directory=later) == n
        async with conn.execute("SELECT url, title, lang FROM feeds") as cur:
            assert [tuple(r) for r in await cur.fetchall()] == [
                ("https://example.com/rss", "Example", "en")
            ]


async def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    later = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, later)
    n = len(db.discover()) + 1
    (later / f"{n:04d}_broken.sql").write_text(
        "CREATE TABLE half_done (id INTEGER);\nTHIS IS NOT SQL;\n", encoding="utf-8"
    )
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        with pytest.raises(sqlite3.OperationalError):
            await migrate(conn, directory=later)
        assert not conn.in_transaction
        assert await schema_version(conn) == n - 1
        assert "half_done" not in await tables(conn)
        assert await pragma(conn, "foreign_keys") == 1


async def test_database_newer_than_program_is_refused(tmp_path: Path) -> None:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        await conn.execute("INSERT INTO schema_version VALUES (999, 'future', 0)")
        with pytest.raises(MigrationError, match="newer"):
            await migrate(conn)


@pytest.mark.parametrize("name", ["1_short.sql", "0001-dash.sql", "0002_gap.sql"])
def test_badly_numbered_migrations_are_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("SELECT 1;", encoding="utf-8")
    with pytest.raises(MigrationError):
        db.discover(tmp_path)


async def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        with pytest.raises(sqlite3.IntegrityError):
            await conn.execute("INSERT INTO subscriptions (chat_id, feed_id) VALUES (1, 1)")


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        with pytest.raises(RuntimeError):
            async with db.transaction(conn):
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
                raise RuntimeError
        async with conn.execute("SELECT COUNT(*) FROM feeds") as cur:
            assert tuple(await cur.fetchone() or ()) == (0,)
        assert not conn.in_transaction


async def test_transactions_of_concurrent_tasks_do_not_mix(tmp_path: Path) -> None:
    """One shared connection: a task's rollback never takes another task's write with it."""
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        a_inside = asyncio.Event()

        async def failing() -> None:
            async with db.transaction(conn):
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
                a_inside.set()
                await asyncio.sleep(0.05)  # the other task runs meanwhile
                raise RuntimeError

        async def succeeding() -> None:
            await a_inside.wait()
            async with db.transaction(conn):
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://b.example/rss')")

        results = await asyncio.gather(failing(), succeeding(), return_exceptions=True)
        assert isinstance(results[0], RuntimeError)
        assert results[1] is None
        async with conn.execute("SELECT url FROM feeds") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["https://b.example/rss"]
        assert not conn.in_transaction


async def test_transactions_nest(tmp_path: Path) -> None:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        async with db.transaction(conn):
            await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
            with pytest.raises(RuntimeError):
                async with db.transaction(conn):
                    await conn.execute("INSERT INTO feeds (url) VALUES ('https://b.example/rss')")
                    raise RuntimeError
        async with conn.execute("SELECT url FROM feeds") as cur:
            assert [r[0] for r in await cur.fetchall()] == ["https://a.example/rss"]
        assert not conn.in_transaction


# A disk that fills up, for real: SQLite fails with SQLITE_FULL ("database or disk is full")
# once the file would grow past PRAGMA max_page_count, which a test sets to the pages the file
# has. FTS5 keeps an insert's terms in memory and writes them at the commit (RELEASE), so an
# FTS row inserted before the cap makes the commit itself fail, as a full disk does.
DISTINCT_WORDS = " ".join(f"w{i}" for i in range(2_000))


async def cap_at_current_size(conn: aiosqlite.Connection) -> None:
    pages = await pragma(conn, "page_count")
    await conn.execute(f"PRAGMA max_page_count = {pages}")


async def count(path: Path, table: str) -> int:
    """Rows committed to ``table``, read through a fresh connection."""
    async with connect(path) as conn, conn.execute(f"SELECT COUNT(*) FROM {table}") as cur:  # noqa: S608
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


async def test_failed_commit_is_rolled_back_and_later_writes_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        await migrate(conn)
        inserted = False
        with pytest.raises(StorageError) as failure:
            async with db.transaction(conn):
                await conn.execute(
                    "INSERT INTO articles_fts (rowid, title, text) VALUES (1, 't', ?)",
                    (DISTINCT_WORDS,),
                )
                inserted = True
                await cap_at_current_size(conn)
        assert inserted  # so it was the commit that failed
        assert str(failure.value) == "database or disk is full"
        assert not conn.in_transaction

        await conn.execute("PRAGMA max_page_count = 1000000")  # room again

        async def later_write() -> None:  # another task: the lock must have been released
            async with db.transaction(conn):
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")

        await asyncio.wait_for(asyncio.create_task(later_write()), 10)
        assert not conn.in_transaction
    assert await count(path, "feeds") == 1
    assert await count(path, "articles_fts") == 0


async def test_full_disk_in_a_statement_is_told_as_such(tmp_path: Path) -> None:
    """SQLite rolls the whole transaction back itself: the error is the disk, not the undo."""
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        await migrate(conn)
        await cap_at_current_size(conn)
        with pytest.raises(StorageError, match=r"^database or disk is full$"):
            async with db.transaction(conn):
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
                await conn.execute("INSERT INTO feeds (url) VALUES (?)", ("x" * 100_000,))
        assert not conn.in_transaction
    assert await count(path, "feeds") == 0


@pytest.mark.parametrize("outer_goes_on", [False, True])
async def test_failed_nested_commit_fails_the_whole_transaction(
    tmp_path: Path, outer_goes_on: bool
) -> None:
    """A nested RELEASE that fails drops the whole transaction: the outer block fails too,
    even if it catches the error and writes more (those writes must not commit one by one)."""
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        await migrate(conn)
        with pytest.raises(StorageError, match=r"^database or disk is full$"):
            async with db.transaction(conn):
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
                try:
                    async with db.transaction(conn):
                        await conn.execute(
                            "INSERT INTO articles_fts (rowid, title, text) VALUES (1, 't', ?)",
                            (DISTINCT_WORDS,),
                        )
                        await cap_at_current_size(conn)
                except StorageError:
                    if not outer_goes_on:
                        raise
                await conn.execute("PRAGMA max_page_count = 1000000")
                await conn.execute("INSERT INTO feeds (url) VALUES ('https://b.example/rss')")
        assert not conn.in_transaction
    assert await count(path, "feeds") == 0
    assert await count(path, "articles_fts") == 0


async def test_transaction_left_open_is_ended_before_the_next(tmp_path: Path) -> None:
    """What a failed rollback would leave: the next transaction must not nest in it."""
    path = tmp_path / "t.sqlite3"
    async with connect(path) as conn:
        await migrate(conn)
        await conn.execute("BEGIN")
        await conn.execute("INSERT INTO feeds (url) VALUES ('https://stale.example/rss')")
        async with db.transaction(conn):
            await conn.execute("INSERT INTO feeds (url) VALUES ('https://a.example/rss')")
        assert not conn.in_transaction
    async with connect(path) as conn, conn.execute("SELECT url FROM feeds") as cur:
        assert [r[0] for r in await cur.fetchall()] == ["https://a.example/rss"]


@pytest.mark.parametrize("room", [0, 2, 5, 10, 20, 30])
async def test_articles_reported_stored_are_stored_on_a_full_disk(
    tmp_path: Path, room: int
) -> None:
    """Add articles until the disk is full, then small ones: each add either returns the
    stored article or raises StorageError, and the file holds exactly those returned."""
    path = tmp_path / "t.sqlite3"
    reported: list[int] = []
    failures = 0
    async with connect(path) as conn:
        await migrate(conn)
        pages = await pragma(conn, "page_count")
        await conn.execute(f"PRAGMA max_page_count = {int(str(pages)) + room}")
        for n in range(40):
            words = 1 if failures else 2_000
            text = " ".join(f"w{n}x{i}" for i in range(words))
            try:
                added = await articles.add(
                    conn, url=f"https://example.com/{n}", title=f"t{n}", text=text, lang="en",
                    published_at=None, feed_id=None, content_hash=f"{n:064x}",
                    summary_json="{}", summary_version=1, search_title=f"t{n}", search_text=text,
                )  # fmt: skip
            except StorageError as exc:
                assert str(exc) == "database or disk is full"
                failures += 1
                continue
            finally:
                assert not conn.in_transaction
            assert added is not None
            reported.append(added.id)
    assert failures > 0
    async with connect(path) as conn, conn.execute("SELECT id FROM articles") as cur:
        assert sorted(r[0] for r in await cur.fetchall()) == reported


async def test_migration_on_a_full_disk_is_rolled_back_and_told(tmp_path: Path) -> None:
    later = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, later)
    n = len(db.discover()) + 1
    (later / f"{n:04d}_big.sql").write_text(
        "CREATE TABLE big (body TEXT);\n"
        "INSERT INTO big VALUES (randomblob(100000)), (randomblob(100000));\n",
        encoding="utf-8",
    )
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        await cap_at_current_size(conn)
        with pytest.raises(StorageError, match=r"^database or disk is full$"):
            await migrate(conn, directory=later)
        assert not conn.in_transaction
        assert await schema_version(conn) == n - 1
        assert "big" not in await tables(conn)


# ------------------------------------------------- 0006: articles.story_id dropped, rows kept


async def _all(conn: aiosqlite.Connection, sql: str) -> list[dict[str, object]]:
    async with conn.execute(sql) as cur:
        return [dict(row) for row in await cur.fetchall()]


# The indexes of the articles' tables (articles, article_senders, article_counts).
ARTICLE_INDEXES = ("articles_", "article_senders", "article_counts", "sqlite_autoindex_article")


async def _schema(conn: aiosqlite.Connection, kind: str) -> set[str]:
    async with conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,)) as cur:
        return {r[0] for r in await cur.fetchall()}


async def test_version_5_database_with_articles_upgrades_without_loss(tmp_path: Path) -> None:
    """0006 drops the never-written story_id; every article, its words and senders stay."""
    before_0006 = tmp_path / "migrations"
    before_0006.mkdir()
    for migration in db.discover():
        if migration.version < 6:
            shutil.copy(migration.path, before_0006)
    path = tmp_path / "old.sqlite3"
    async with connect(path) as conn:
        assert await migrate(conn, directory=before_0006) == 5
        # What the program at version 5 stored: a feed's article, a chat's, and one with a
        # story_id (none was ever written; a hand-edited database could have one).
        await conn.executescript(
            """
            INSERT INTO feeds (id, url, title) VALUES (1, 'https://example.com/rss', 'Ex');
            INSERT INTO articles (id, url, feed_id, title, published_at, ingested_at, lang,
                                  text, content_hash, story_id, summary_json, summary_version,
                                  submitted_by, fingerprint_json, fingerprint_version)
            VALUES
              (1, 'https://example.com/1', 1, 'Лавров', 100, 110, 'ru', 'Лавров встретился.',
               'h1', NULL, '{"title": "Лавров"}', 1, NULL, '{"lead": {}}', 2),
              (2, 'https://example.com/2', NULL, 'Mine', NULL, 120, 'en', 'My own text.',
               'h2:7', NULL, '{"title": "Mine"}', 1, 7, NULL, NULL),
              (3, 'https://example.com/3', 1, NULL, 130, 140, 'en', 'Meetings held.',
               'h3', 1, '{}', 0, NULL, NULL, NULL);
            INSERT INTO articles_fts (rowid, title, text) VALUES
              (1, 'лавр', 'лавр встрет'), (2, 'mine', 'my own text'), (3, '', 'meet held');
            INSERT INTO article_senders (chat_id, article_id, sent_at) VALUES (7, 2, 120);
            """
        )
        articles_before = await _all(conn, "SELECT * FROM articles ORDER BY id")
        words_before = await _all(conn, "SELECT rowid, * FROM articles_fts ORDER BY rowid")
        senders_before = await _all(conn, "SELECT * FROM article_senders")
        counts_before = await _all(conn, "SELECT * FROM article_counts")
        indexes_before = await _schema(conn, "index")
        triggers_before = await _schema(conn, "trigger")
    assert counts_before == [{"id": 1, "shared": 2}]

    async with connect(path) as conn:
        assert await migrate(conn) >= 6
        columns = {r["name"] for r in await _all(conn, "PRAGMA table_info(articles)")}
        assert "story_id" not in columns
        assert await _all(conn, "SELECT * FROM articles ORDER BY id") == [
            {k: v for k, v in row.items() if k != "story_id"} for row in articles_before
        ]
        assert await _all(conn, "SELECT rowid, * FROM articles_fts ORDER BY rowid") == (
            words_before
        )
        assert await _all(conn, "SELECT * FROM article_senders") == senders_before
        assert await _all(conn, "SELECT * FROM article_counts") == counts_before
        # (later migrations add tables and indexes of their own: the articles' are compared)
        indexes_after = {
            name for name in await _schema(conn, "index") if name.startswith(ARTICLE_INDEXES)
        }
        assert indexes_after == {n for n in indexes_before if n.startswith(ARTICLE_INDEXES)} - {
            "articles_story"
        }
        assert await _schema(conn, "trigger") == triggers_before
        assert await _all(conn, "PRAGMA foreign_key_check") == []
        assert await _all(conn, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]

        # The program reads the old rows and its triggers still keep the index and count.
        old = await articles.by_id(conn, article_id=1)
        assert old is not None
        assert (old.title, old.feed_id, old.text) == ("Лавров", 1, "Лавров встретился.")
        await conn.execute("DELETE FROM articles WHERE id = 3")
        assert (
            await _all(conn, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'meet'")
            == []
        )
        assert await _all(conn, "SELECT shared FROM article_counts") == [{"shared": 1}]
        assert await _all(
            conn, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'лавр'"
        ) == [{"rowid": 1}]
