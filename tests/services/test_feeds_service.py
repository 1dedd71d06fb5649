"""Feeds into the store: real feed files served on 127.0.0.1, a real SQLite file."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.services import feed_list, feeds
from bot.sources.feeds import NotAFeedError
from bot.sources.opml import parse_opml
from bot.storage import articles
from bot.storage import feeds as feed_store
from tests.factories import count_articles, serve
from tests.factories import poll_settings as _settings

DATA = Path(__file__).parent.parent / "data"
FEEDS = DATA / "feeds"
ETAG = '"local-v1"'
# A teaser whose page is gone (404), then one whose page is served.
MIXED = (
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed</title>'
    b"<item><title>Gone</title><link>/gone</link><description>Gone.</description></item>"
    b"<item><title>Ferry</title><link>/article-en.html</link><description>Ferries.</description>"
    b"</item></channel></rss>"
)
T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)


@dataclass
class Server:
    base: str = ""
    hits: dict[str, int] = field(default_factory=dict)


def _app(server: Server) -> web.Application:
    app = web.Application()

    def serve(request: web.Request, name: str, content_type: str) -> web.Response:
        server.hits[request.path] = server.hits.get(request.path, 0) + 1
        return web.Response(body=(DATA / name).read_bytes(), content_type=content_type)

    async def local(request: web.Request) -> web.Response:
        server.hits[request.path] = server.hits.get(request.path, 0) + 1
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304, headers={"ETag": ETAG})
        body = (FEEDS / "rss-local.xml").read_bytes()
        response = web.Response(body=body, content_type="application/rss+xml")
        response.headers["ETag"] = ETAG
        return response

    async def article(request: web.Request) -> web.Response:
        return serve(request, "article-en.html", "text/html")

    async def page(request: web.Request) -> web.Response:
        return serve(request, "feeds/not-a-feed.html", "text/html")

    async def mixed(request: web.Request) -> web.Response:
        return web.Response(body=MIXED, content_type="application/rss+xml")

    app.router.add_get("/mixed.xml", mixed)
    app.router.add_get("/local.xml", local)
    app.router.add_get("/article-en.html", article)
    app.router.add_get("/page.html", page)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    async with serve(_app(state)) as state.base:
        yield state


async def test_poll_stores_entries_then_gets_not_modified(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    url = server.base + "/local.xml"
    feed = await feed_store.add(db, url=url)
    assert feed is not None
    settings = _settings()

    report = await feeds.poll_due(db, nlp, settings, now=T0)
    assert [(p.url, p.status, p.new, p.failed) for p in report.feeds] == [(url, "ok", 3, 0)]
    assert server.hits["/article-en.html"] == 1  # the teaser's page was fetched
    stored = await articles.latest(db, limit=10)
    assert {a.feed_id for a in stored} == {feed.id}
    by_url = {a.url: a for a in stored}
    lavrov = by_url[server.base + "/world/lavrov-rubio"]
    assert lavrov.lang == "ru"
    assert lavrov.title == "Лавров встретился с Рубио в Куала-Лумпуре"
    assert lavrov.published_at == datetime(2025, 7, 10, 11, 30, tzinfo=UTC)
    cycle = by_url[server.base + "/city/cycle-lanes"]
    assert (cycle.lang, cycle.title) == ("en", "City council backs new cycle lanes")
    ferry = by_url[server.base + "/article-en.html"]
    assert "electric vessels" in ferry.text
    assert ferry.title is not None
    assert ferry.title.startswith("Harbour city approves plan")  # the page's own title

    (saved,) = await feed_store.all(db)
    assert saved.title == "Local Desk"  # filled in from the feed
    assert (saved.etag, saved.error_count, saved.last_error) == (ETAG, 0, None)
    assert saved.next_poll_at == T0 + timedelta(minutes=15)

    # Not due yet: nothing is polled.
    assert (await feeds.poll_due(db, nlp, settings, now=T0 + timedelta(minutes=5))).feeds == ()

    later = T0 + timedelta(minutes=16)
    again = await feeds.poll_due(db, nlp, settings, now=later)
    assert [(p.status, p.new) for p in again.feeds] == [("not_modified", 0)]
    assert await count_articles(db) == 3
    assert server.hits["/article-en.html"] == 1
    (saved,) = await feed_store.all(db)
    assert saved.etag == ETAG  # kept
    assert saved.next_poll_at == later + timedelta(minutes=15)


async def test_a_broken_feed_backs_off_while_the_others_store(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    good = server.base + "/local.xml"
    page = server.base + "/page.html"
    missing = server.base + "/missing.xml"
    for url in (page, good, missing):
        await feed_store.add(db, url=url)
    await db.execute("UPDATE feeds SET error_count = 2 WHERE url = ?", (missing,))
    await db.commit()

    report = await feeds.poll_due(db, nlp, _settings(), now=T0)
    polled = {p.url: p for p in report.feeds}
    assert (polled[good].status, polled[good].new) == ("ok", 3)
    assert polled[page].status == "error"
    assert (polled[page].error or "").startswith("not a feed")
    assert (polled[missing].error or "").startswith("the site answered HTTP 404")
    assert report.new == 3

    rows = {f.url: f for f in await feed_store.all(db)}
    assert rows[page].error_count == 1
    assert (rows[page].last_error or "").startswith("not a feed")
    assert rows[page].next_poll_at == T0 + timedelta(minutes=30)
    assert rows[missing].error_count == 3
    assert rows[missing].next_poll_at == T0 + timedelta(minutes=120)
    assert rows[good].error_count == 0


async def test_entries_already_stored_are_not_fetched_again(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    first = await feed_store.add(db, url=server.base + "/local.xml")
    assert first is not None
    await feeds.poll_due(db, nlp, _settings(), now=T0)
    # The same entries under a second feed URL (no ETag sent: a fresh feed row).
    await feed_store.add(db, url=server.base + "/local.xml?copy=1")
    report = await feeds.poll_due(db, nlp, _settings(), now=T0 + timedelta(minutes=1))
    assert [(p.status, p.new, p.failed) for p in report.feeds] == [("ok", 0, 0)]
    assert server.hits["/article-en.html"] == 1


async def test_an_entry_that_cannot_be_summarised_is_counted(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    await feed_store.add(db, url=server.base + "/mixed.xml")
    report = await feeds.poll_due(db, nlp, _settings(), now=T0)
    (polled,) = report.feeds
    assert (polled.status, polled.failed, polled.new) == ("ok", 1, 1)
    (stored,) = await articles.latest(db, limit=10)
    assert stored.url == server.base + "/article-en.html"
    (saved,) = await feed_store.all(db)
    assert saved.error_count == 0  # entry failures are not the feed's


async def test_entries_are_extracted_off_the_event_loop(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    # HTML extraction takes up to tens of milliseconds an entry: on the loop, every command
    # answered meanwhile would wait for it (benchmarks/bench_commands.py).
    threads: list[str] = []
    for name in ("prepare", "prepare_page"):
        real = getattr(feeds.ingest, name)

        def spy(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            threads.append(threading.current_thread().name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(feeds.ingest, name, spy)
    await feed_store.add(db, url=server.base + "/local.xml")
    report = await feeds.poll_due(db, nlp, _settings(), now=T0)
    assert report.new == 3
    assert len(threads) >= 3  # prepare_page calls prepare: both are counted
    assert threading.main_thread().name not in threads


async def test_add_feed_validates_with_one_fetch(db: aiosqlite.Connection, server: Server) -> None:
    added = await feed_list.add_feed(db, server.base + "/local.xml", allow_private=True)
    assert added is not None
    assert added.title == "Local Desk"
    assert await feed_list.add_feed(db, server.base + "/local.xml", allow_private=True) is None
    with pytest.raises(NotAFeedError, match=r"^not a feed: "):
        await feed_list.add_feed(db, server.base + "/page.html", allow_private=True)
    assert [f.url for f in await feed_list.list_feeds(db)] == [server.base + "/local.xml"]


async def test_seed_from_urls_and_from_an_opml_file(db: aiosqlite.Connection) -> None:
    urls = ["https://a.example/rss", "https://b.example/atom"]
    assert await feed_list.seed(db, _settings(feeds=urls)) == 2
    assert await feed_list.seed(db, _settings(feeds=urls)) == 0  # every start: no duplicates
    opml = str(FEEDS / "subscriptions.opml")
    assert await feed_list.seed(db, _settings(feeds=[opml])) == 3
    assert [f.url for f in await feed_list.list_feeds(db)] == [
        *urls,
        "https://news.example.by/rss.xml",
        "https://world.example.com/feed.atom",
        "https://notes.example.org/feed.json",
    ]


async def test_opml_round_trip(db: aiosqlite.Connection) -> None:
    progress: list[tuple[int, int]] = []
    added = await feed_list.import_opml(
        db,
        (FEEDS / "subscriptions.opml").read_bytes(),
        progress=lambda d, t: progress.append((d, t)),
    )
    assert (added.added, added.refused) == (3, 0)
    assert progress[-1] == (3, 3)
    document = await feed_list.export_opml(db)
    assert parse_opml(document) == [
        ("https://news.example.by/rss.xml", "Новости Минска"),
        ("https://world.example.com/feed.atom", "World Desk"),
        ("https://notes.example.org/feed.json", "Tech Notes"),
    ]
