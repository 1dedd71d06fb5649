"""`python -m bot health`: exit 0 for usable settings and database, one line and exit 1 if not."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.cli import main
from bot.storage.db import connect, latest_version, migrate


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    path = tmp_path / "data" / "newsbrief.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    return path


def _migrated(path: Path, *, drop_newest: bool = False) -> None:
    async def create() -> None:
        async with connect(path) as conn:
            await migrate(conn)
            if drop_newest:
                await conn.execute(
                    "DELETE FROM schema_version WHERE version = ?", (latest_version(),)
                )

    asyncio.run(create())


def _health(capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["health"])
    out, err = capsys.readouterr()
    return code, out, err


def test_healthy(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _migrated(db_path)
    code, out, err = _health(capsys)
    assert code == 0
    assert out == f"ok: database {db_path} at schema version {latest_version()}\n"
    assert err == ""


def test_missing_database_is_not_created(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _health(capsys)
    assert code == 1
    assert out == ""
    assert err == f"newsbrief: unhealthy: database {db_path} does not exist\n"
    assert not db_path.parent.exists()


def test_old_schema(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _migrated(db_path, drop_newest=True)
    code, _, err = _health(capsys)
    assert code == 1
    expected = f"schema version {latest_version() - 1}, expected {latest_version()}\n"
    assert err.endswith(expected)
    assert err.count("\n") == 1


def test_not_a_database(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path.parent.mkdir()
    db_path.write_text("not sqlite at all " * 100)
    code, _, err = _health(capsys)
    assert code == 1
    assert err.startswith(f"newsbrief: unhealthy: database {db_path} cannot be read: ")
    assert err.count("\n") == 1


def test_bad_setting_is_unhealthy_not_usage(
    db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _migrated(db_path)
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Mars/Olympus")
    code, _, err = _health(capsys)
    assert code == 1  # Docker reserves exit code 2 in health checks
    assert err.startswith("newsbrief: unhealthy: setting DEFAULT_TIMEZONE is invalid")
    assert err.count("\n") == 1


def _break_feeds_url_index(path: Path) -> None:
    """Overwrite the cell pointers of the index on feeds.url (a one-page b-tree here): the
    header, the schema and schema_version still read, only a full pass sees the damage."""
    with closing(sqlite3.connect(path)) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = 'feeds' AND sql IS NULL"  # UNIQUE (url)
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
        (journal,) = conn.execute("PRAGMA journal_mode").fetchone()
    assert journal == "wal"
    assert not path.with_name(path.name + "-wal").exists()  # all in the main file
    data = bytearray(path.read_bytes())
    page = (root - 1) * page_size
    assert data[page] == 0x0A  # a leaf index page, its cell pointers from byte 8
    data[page + 8 : page + 14] = b"\xff" * 6
    path.write_bytes(bytes(data))


def test_partly_damaged_file_is_unhealthy(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async def create() -> None:
        async with connect(db_path) as conn:
            await migrate(conn)
            for n in range(3):
                await conn.execute(
                    "INSERT INTO feeds (url) VALUES (?)", (f"https://f{n}.example/rss",)
                )

    asyncio.run(create())
    code, _, _ = _health(capsys)
    assert code == 0
    _break_feeds_url_index(db_path)
    with closing(sqlite3.connect(db_path)) as conn:  # what an ordinary read still sees
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone() == (
            latest_version(),
        )
    code, out, err = _health(capsys)
    assert code == 1
    assert out == ""
    assert (
        err == f"newsbrief: unhealthy: database {db_path} is damaged: PRAGMA quick_check failed\n"
    )
