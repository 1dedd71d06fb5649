"""What a chat sends is its own (issue 8): a second sender, a feed, the operator's `ingest`.

Pages and feeds are served by a real aiohttp server on 127.0.0.1; a real SQLite file.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.cli import main
from bot.config import Settings
from bot.services import feeds, ingest, reading, summaries
from bot.storage import articles
from bot.storage import feeds as feed_store
from bot.storage.db import connect, migrate
from tests.factories import count_articles, serve

DATA = Path(__file__).parents[1] / "data"
PAGE = (DATA / "article-en.html").read_bytes()  # the ferry story
A, B, C = 101, 202, 303
T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)
EN_TEXT = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala "
    "Lumpur on Thursday. The two held talks on the sidelines of regional meetings, the "
    "State Department said."
)


@dataclass
class Site:
    base: str = ""
    hits: dict[str, int] = field(default_factory=dict)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    state = Site()

    async def page(request: web.Request) -> web.Response:
        state.hits[request.path] = state.hits.get(request.path, 0) + 1
        return web.Response(body=PAGE, content_type="text/html")

    async def rss(request: web.Request) -> web.Response:
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
            f"<item><title>Ferry</title><link>{state.base}/shared-later</link>"
            "<description>Ferries.</description></item></channel></rss>"
        )
        return web.Response(text=body, content_type="application/rss+xml")

    app = web.Application()
    for path in ("/secret", "/public", "/shared-later"):
        app.router.add_get(path, page)
    app.router.add_get("/feed.xml", rss)
    async with serve(app) as state.base:
        yield state


async def _latest_urls(db: aiosqlite.Connection, chat: int | None) -> list[str | None]:
    page = await reading.latest(db, chat_id=chat, limit=20)
    return [s.source.url or s.title for s in page.items]


async def _search_titles(
    db: aiosqlite.Connection, nlp: NlpModels, chat: int, query: str
) -> list[str | None]:
    page = await reading.search(db, nlp, query, chat_id=chat, limit=20)
    return [s.title for s in page.items]


async def test_a_text_sent_again_by_another_chat_is_its_too(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    first = await summaries.summarize_text(db, EN_TEXT, nlp, chat_id=A)
    assert await _search_titles(db, nlp, B, "Lavrov") == []
    assert (await reading.latest(db, chat_id=B, limit=5)).total == 0
    again = await summaries.summarize_text(db, "  " + EN_TEXT + "\n", nlp, chat_id=B)
    assert again == first
    assert await count_articles(db) == 1  # one row, two senders
    for chat in (A, B):
        assert len(await _search_titles(db, nlp, chat, "Lavrov")) == 1
        assert (await reading.latest(db, chat_id=chat, limit=5)).total == 1
    assert await _search_titles(db, nlp, C, "Lavrov") == []
    assert (await reading.latest(db, chat_id=C, limit=5)).items == ()


async def test_a_link_sent_again_is_answered_from_the_store(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    url = site.base + "/public"
    first = await summaries.summarize_link(db, url, nlp, chat_id=A, allow_private=True)
    assert await _latest_urls(db, B) == []
    again = await summaries.summarize_link(
        db, url + "?utm_source=tg", nlp, chat_id=B, allow_private=True
    )
    assert again == first
    assert site.hits["/public"] == 1  # not fetched again
    assert await _latest_urls(db, A) == [url]
    assert await _latest_urls(db, B) == [url]
    assert await _latest_urls(db, C) == []


async def test_same_text_elsewhere_never_shows_another_chats_url(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    # The same page under a URL only A knows: B, sending a public copy, must get a row of
    # its own and never see A's URL (it would, were rows matched by content across chats).
    secret = site.base + "/secret"
    public = site.base + "/public"
    await summaries.summarize_link(db, secret, nlp, chat_id=A, allow_private=True)
    summary = await summaries.summarize_link(db, public, nlp, chat_id=B, allow_private=True)
    assert summary.source.url == public
    assert await _latest_urls(db, B) == [public]
    assert await _latest_urls(db, A) == [secret]
    found = await reading.search(db, nlp, "ferry", chat_id=B, limit=20)
    assert [s.source.url for s in found.items] == [public]
    # A chat's own text again, under another URL: its own row, not a second one.
    await summaries.summarize_link(db, secret + "?x=1", nlp, chat_id=A, allow_private=True)
    assert await _latest_urls(db, A) == [secret]
    assert await count_articles(db) == 2


async def test_a_feed_carrying_a_chats_link_shares_it(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    link = site.base + "/shared-later"
    await summaries.summarize_link(db, link, nlp, chat_id=A, allow_private=True)
    await summaries.summarize_link(db, link, nlp, chat_id=B, allow_private=True)
    assert await _latest_urls(db, C) == []
    feed = await feed_store.add(db, url=site.base + "/feed.xml")
    assert feed is not None
    settings = Settings(_env_file=None, allow_private_urls=True)  # type: ignore[call-arg]
    await feeds.poll_due(db, nlp, settings, now=T0)
    for chat in (A, B, C, None):
        assert await _latest_urls(db, chat) == [link]
    stored = await articles.by_url(db, url=link)
    assert stored is not None
    assert (stored.submitted_by, stored.feed_id) == (None, feed.id)
    assert site.hits["/shared-later"] == 1  # the stored row was shared, not fetched again
    async with db.execute("SELECT COUNT(*) FROM article_senders") as cur:
        assert tuple(await cur.fetchone() or ()) == (0,)


async def test_the_operators_ingest_is_shared(
    db: aiosqlite.Connection, nlp: NlpModels, site: Site
) -> None:
    private = await summaries.summarize_link(
        db, site.base + "/public", nlp, chat_id=A, allow_private=True
    )
    assert await _latest_urls(db, B) == []
    # The same URL from the operator: the chat's row becomes everyone's.
    result = await ingest.store(
        db, ingest.prepare(PAGE, url=site.base + "/public"), nlp, submitted_by=None
    )
    assert not result.new
    assert result.article.submitted_by is None
    assert await _latest_urls(db, B) == [private.source.url]
    added = await ingest.store(db, ingest.prepare(EN_TEXT), nlp, submitted_by=None)
    assert added.new
    assert added.article.submitted_by is None
    assert len(await _latest_urls(db, C)) == 2


def test_cli_ingest_stores_shared_rows(
    tmp_path: Path, nlp: NlpModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    path = tmp_path / "news.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    text = tmp_path / "news.txt"
    text.write_text(EN_TEXT, encoding="utf-8")
    other = DATA / "flat-en-news.txt"

    async def chat_sends_it() -> None:
        async with connect(path) as conn:
            await migrate(conn)
            await summaries.summarize_text(conn, EN_TEXT, nlp, chat_id=A)

    async def rows() -> list[tuple[object, ...]]:
        async with (
            connect(path) as conn,
            conn.execute("SELECT id, submitted_by FROM articles ORDER BY id") as cur,
        ):
            return [tuple(r) for r in await cur.fetchall()]

    asyncio.run(chat_sends_it())
    assert asyncio.run(rows()) == [(1, A)]
    assert main(["ingest", str(text), str(other)]) == 0
    # The chat's text is now the operator's too (shared); the other file is stored shared.
    assert asyncio.run(rows()) == [(1, None), (2, None)]
