"""Feed URLs from FEEDS and OPML pass check_url before they are stored (a real SQLite file).

Nothing here fetches: FEEDS and an import are stored offline, and a refused URL must never
become a row that the next poll would fetch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import aiosqlite

from bot.config import Settings
from bot.services import feed_list

GOOD = ["https://news.example.com/rss.xml", "https://ＷＯＲＬＤ.example.org/feed.atom"]
STORED_GOOD = ["https://news.example.com/rss.xml", "https://world.example.org/feed.atom"]
BAD = [
    "http://１２７.０.０.１:8080/fullwidth",
    "http://127。0。0。1/ideographic-dots",
    "http://①②⑦.0.0.①/circled",
    "http://2130706433/decimal",
    "http://127.1/short",
    "http://0177.0.0.1/octal",
    "http://0/zero",
    "http://[::1]/v6",
    "http://[2002:a9fe:a9fe::]/6to4-metadata",
    "http://[fec0::1]/site-local",
    "http://ｌｏｃａｌｈｏｓｔ/name",
]
NOT_HTTP = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<b>hi</b>"]


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)


def _opml(urls: list[str]) -> bytes:
    outlines = "".join(f"<outline text='x' xmlUrl={quoteattr(url)}/>" for url in urls)
    return f'<opml version="2.0"><body>{outlines}</body></opml>'.encode()


async def _stored(db: aiosqlite.Connection) -> list[str]:
    return [f.url for f in await feed_list.list_feeds(db)]


async def test_import_skips_and_counts_the_refused(db: aiosqlite.Connection) -> None:
    imported = await feed_list.import_opml(db, _opml([*BAD, GOOD[0], *NOT_HTTP, GOOD[1]]))
    assert (imported.added, imported.refused) == (2, len(BAD) + len(NOT_HTTP))
    assert await _stored(db) == STORED_GOOD


async def test_import_with_allow_private_stores_the_normal_form(db: aiosqlite.Connection) -> None:
    imported = await feed_list.import_opml(
        db, _opml([BAD[0], BAD[3], *NOT_HTTP]), allow_private=True
    )
    assert (imported.added, imported.refused) == (2, len(NOT_HTTP))
    assert await _stored(db) == ["http://127.0.0.1:8080/fullwidth", "http://127.0.0.1/decimal"]


async def test_feeds_setting_urls_are_checked(db: aiosqlite.Connection) -> None:
    assert await feed_list.seed(db, _settings(feeds=[*BAD, *GOOD])) == 2
    assert await _stored(db) == STORED_GOOD


async def test_feeds_setting_opml_file_is_checked(
    db: aiosqlite.Connection, tmp_path: Path
) -> None:
    path = tmp_path / "feeds.opml"
    path.write_bytes(_opml([*NOT_HTTP, *BAD, *GOOD]))
    assert await feed_list.seed(db, _settings(feeds=[str(path)])) == 2
    assert await _stored(db) == STORED_GOOD
