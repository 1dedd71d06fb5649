"""A database that fails outside a transaction (opening, reading): one line, no traceback."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from bot.analysis.models import NlpModels
from bot.cli import main
from bot.storage.db import connect, migrate

EXAMPLE = Path(__file__).parent / "data" / "zerkalo-rubio-lavrov.txt"


def test_not_a_database_is_one_line(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database.parent.mkdir()
    database.write_bytes(b"SELECT secret FROM notes; " * 200)  # no SQLite header
    code = main(["feeds", "list"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == "newsbrief: file is not a database\n"


def _break_articles_url_index(path: Path) -> None:
    """Overwrite the page type of the (one-page) index on articles.url: reading it fails."""
    with closing(sqlite3.connect(path)) as conn:
        (root,) = conn.execute(
            "SELECT rootpage FROM sqlite_master "
            "WHERE type = 'index' AND tbl_name = 'articles' AND name LIKE 'sqlite_autoindex%' "
            "ORDER BY name LIMIT 1"  # UNIQUE (url), the first constraint of the table
        ).fetchone()
        (page_size,) = conn.execute("PRAGMA page_size").fetchone()
    data = bytearray(path.read_bytes())
    page = (root - 1) * page_size
    assert data[page] == 0x0A  # a leaf index page
    data[page] = 0xFF  # no b-tree page type
    path.write_bytes(bytes(data))


def test_ingest_into_a_damaged_file_says_so(
    database: Path, nlp: NlpModels, capsys: pytest.CaptureFixture[str]
) -> None:
    async def create() -> None:
        async with connect(database) as conn:
            await migrate(conn)
            for n in range(2):
                await conn.execute(
                    "INSERT INTO articles (url, title, ingested_at, lang, text, content_hash, "
                    "summary_json, summary_version) VALUES (?, 't', 0, 'en', 't', ?, '{}', 1)",
                    (f"https://example.com/{n}", f"{n:064x}"),
                )

    asyncio.run(create())
    _break_articles_url_index(database)
    code = main(["ingest", str(EXAMPLE)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == f"error {EXAMPLE}: database disk image is malformed\n"
    assert err == ""
