"""Bounded polls: feeds served on 127.0.0.1 by aiohttp, a real SQLite file, the real pipeline.

Slow feeds do not hold up fast ones, one host gets at most PER_HOST_CONCURRENCY polls at
once, a feed of teasers fetches at most FEED_MAX_PAGE_FETCHES pages per poll (the rest next
poll), a 100,000-entry feed stores at most FEED_MAX_ENTRIES, and hostile feeds (a date
before year 1 in UTC, deep nesting) fail alone with one clear line or not at all.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.services import feeds
from bot.storage import articles
from bot.storage import feeds as feed_store
from tests.factories import count_articles, serve
from tests.factories import poll_settings as _settings

T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)
JSON_FEED = "https://jsonfeed.org/version/1.1"
SLOW_FEED_WAIT_SECONDS = 30.0  # the slow feed answers when the test lets it, or after this
HELD_SECONDS = 0.3  # how long each held feed takes to answer


def story(n: int) -> str:
    """An article text of about 150 words (no teaser), different for each ``n``."""
    return (
        f"The city council of Harbourton approved plan number {n} on Tuesday after a long "
        "debate about transport, housing and the budget for the coming year. The mayor said "
        "the vote was a turning point for the region and thanked the residents who had "
        "written to the council in recent months. Opponents argued that the plan would raise "
        "local taxes and delay repairs to older schools, and they promised to challenge the "
        "decision at the next session. The council will publish the full text of the plan "
        "next week, and public hearings are expected to begin in the autumn. Local business "
        "owners welcomed the decision, saying that better transport links would bring more "
        "visitors to the old town. Environmental groups asked for more cycle lanes and green "
        "spaces, and the mayor said their proposals would be considered. The regional "
        f"government has not yet commented on plan {n}, which needs its approval before work "
        "can start."
    )


def rss(items: list[str]) -> bytes:
    body = "".join(items)
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        f"{body}</channel></rss>"
    ).encode()


def full_item(n: int, path: str) -> str:
    description = f"<description>{story(n)}</description>"
    return f"<item><title>Plan {n}</title><link>{path}</link>{description}</item>"


@dataclass
class Server:
    base: str = ""
    page_hits: int = 0
    release: asyncio.Event = field(default_factory=asyncio.Event)
    slow_answered: bool = False
    held_now: int = 0
    held_most: int = 0


def _app(server: Server) -> web.Application:
    app = web.Application()

    async def slow(request: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.release.wait(), SLOW_FEED_WAIT_SECONDS)
        server.slow_answered = True
        return web.Response(body=rss([full_item(1, "/slow-story")]), content_type="text/xml")

    async def fast(request: web.Request) -> web.Response:
        return web.Response(body=rss([full_item(2, "/fast-story")]), content_type="text/xml")

    async def held(request: web.Request) -> web.Response:
        server.held_now += 1
        server.held_most = max(server.held_most, server.held_now)
        try:
            await asyncio.sleep(HELD_SECONDS)
        finally:
            server.held_now -= 1
        n = int(request.match_info["n"])
        return web.Response(body=rss([full_item(10 + n, f"/held-{n}")]), content_type="text/xml")

    async def teasers(request: web.Request) -> web.Response:
        items = [
            f"<item><title>Plan {n}</title><link>/p/{n}</link><description>Plan {n} was "
            "approved.</description></item>"
            for n in range(40)
        ]
        response = web.Response(body=rss(items), content_type="application/rss+xml")
        response.headers["ETag"] = '"teasers-v1"'
        return response

    async def huge(request: web.Request) -> web.Response:
        items = ",".join(f'{{"url":"/p/{n}"}}' for n in range(100_000))
        body = f'{{"version":"{JSON_FEED}","title":"Huge","items":[{items}]}}'.encode()
        return web.Response(body=body, content_type="application/feed+json")

    async def page(request: web.Request) -> web.Response:
        server.page_hits += 1
        n = int(request.match_info["n"])
        html = (
            f"<html><head><title>Plan {n}</title></head><body><article><h1>Plan {n}</h1>"
            f"<p>{story(n)}</p></article></body></html>"
        )
        return web.Response(text=html, content_type="text/html")

    async def old_date(request: web.Request) -> web.Response:
        item = {
            "id": "1",
            "url": "/dated",
            "title": "Plan 7",
            "content_text": story(7),
            "date_published": "0001-01-01T00:00:00+14:00",
        }
        doc = {"version": JSON_FEED, "title": "Dated", "items": [item]}
        return web.json_response(doc, content_type="application/feed+json")

    async def deep_json(request: web.Request) -> web.Response:
        depth = 100_000
        body = f'{{"version":"{JSON_FEED}","items":{"[" * depth}{"]" * depth}}}'
        return web.Response(text=body, content_type="application/feed+json")

    async def deep_xml(request: web.Request) -> web.Response:
        depth = 100_000
        items = "<item><link>/deep</link></item>"
        nested = "<x>" * depth + items + "</x>" * depth
        return web.Response(body=rss([nested]), content_type="text/xml")

    async def hanging_teasers(request: web.Request) -> web.Response:
        items = [
            f"<item><title>Hang {n}</title><link>/hang/{n}</link><description>Hang {n}."
            "</description></item>"
            for n in range(2)
        ]
        response = web.Response(body=rss(items), content_type="application/rss+xml")
        response.headers["ETag"] = '"hang-v1"'
        return response

    async def hanging_page(request: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.release.wait(), SLOW_FEED_WAIT_SECONDS)
        return web.Response(text=f"<p>{story(99)}</p>", content_type="text/html")

    routes = {
        "/hanging-teasers.xml": hanging_teasers,
        "/hang/{n}": hanging_page,
        "/slow.xml": slow,
        "/fast.xml": fast,
        "/held/{n}.xml": held,
        "/teasers.xml": teasers,
        "/huge.json": huge,
        "/p/{n}": page,
        "/old-date.json": old_date,
        "/deep.json": deep_json,
        "/deep.xml": deep_xml,
    }
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server()
    async with serve(_app(state)) as state.base:
        yield state
        state.release.set()


async def test_a_fast_feed_is_stored_while_a_slow_one_is_still_answering(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    await feed_store.add(db, url=server.base + "/slow.xml")
    await feed_store.add(db, url=server.base + "/fast.xml")
    poll = asyncio.create_task(feeds.poll_due(db, nlp, _settings(), now=T0))
    try:
        async with asyncio.timeout(SLOW_FEED_WAIT_SECONDS / 2):
            while await count_articles(db) == 0:  # noqa: ASYNC110 (the store is polled)
                await asyncio.sleep(0.05)
        assert not server.slow_answered
        (stored,) = await articles.latest(db, limit=5)
        assert stored.url == server.base + "/fast-story"
    finally:
        server.release.set()
    report = await poll
    assert [(p.status, p.new) for p in report.feeds] == [("ok", 1), ("ok", 1)]


async def test_one_host_gets_at_most_its_share_of_polls_at_once(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    for n in range(5):
        await feed_store.add(db, url=f"{server.base}/held/{n}.xml")
    report = await feeds.poll_due(db, nlp, _settings(), now=T0)
    assert [(p.status, p.new) for p in report.feeds] == [("ok", 1)] * 5
    assert server.held_most == feeds.PER_HOST_CONCURRENCY


async def test_a_feed_of_40_teasers_fetches_at_most_the_cap_per_poll(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    settings = _settings()
    cap = settings.feed_max_page_fetches
    assert cap < 40
    await feed_store.add(db, url=server.base + "/teasers.xml")

    (first,) = (await feeds.poll_due(db, nlp, settings, now=T0)).feeds
    assert server.page_hits == cap
    assert (first.status, first.new, first.left) == ("ok", cap, 40 - cap)
    (row,) = await feed_store.all(db)
    assert row.etag is None  # the next poll asks for the whole feed again

    later = T0 + timedelta(minutes=16)
    (second,) = (await feeds.poll_due(db, nlp, settings, now=later)).feeds
    assert server.page_hits == 2 * cap  # the next ones, none twice
    assert (second.new, second.left) == (cap, 40 - 2 * cap)
    assert await count_articles(db) == 2 * cap


async def test_a_feed_of_100000_entries_stores_at_most_the_entry_cap(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    settings = _settings(feed_max_entries=5, feed_max_page_fetches=50)
    await feed_store.add(db, url=server.base + "/huge.json")
    async with asyncio.timeout(60):
        (polled,) = (await feeds.poll_due(db, nlp, settings, now=T0)).feeds
    assert (polled.status, polled.new, polled.left) == ("ok", 5, 0)
    assert server.page_hits == 5
    stored = {a.url for a in await articles.latest(db, limit=10)}
    assert stored == {f"{server.base}/p/{n}" for n in range(5)}


async def test_hostile_feeds_fail_alone_with_one_clear_line(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server
) -> None:
    paths = ("/deep.json", "/deep.xml", "/old-date.json", "/fast.xml")
    for path in paths:
        await feed_store.add(db, url=server.base + path)
    report = await feeds.poll_due(db, nlp, _settings(), now=T0)
    polled = {p.url.removeprefix(server.base): p for p in report.feeds}
    for path in ("/deep.json", "/deep.xml"):
        assert polled[path].status == "error"
        error = polled[path].error or ""
        assert "nested too deeply" in error
        assert "\n" not in error
    # The date is before year 1 once in UTC: the entry is stored without a date.
    assert (polled["/old-date.json"].status, polled["/old-date.json"].new) == ("ok", 1)
    dated = await articles.by_url(db, url=server.base + "/dated")
    assert dated is not None
    assert dated.published_at is None
    assert (polled["/fast.xml"].status, polled["/fast.xml"].new) == ("ok", 1)
    rows = {f.url.removeprefix(server.base): f for f in await feed_store.all(db)}
    assert rows["/deep.json"].error_count == 1
    assert "nested too deeply" in (rows["/deep.xml"].last_error or "")
    assert rows["/old-date.json"].last_error is None


async def test_each_poll_has_its_own_timeout(
    db: aiosqlite.Connection, nlp: NlpModels, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(feeds, "POLL_TIMEOUT_SECONDS", 1.0)
    for path in ("/slow.xml", "/hanging-teasers.xml", "/fast.xml"):
        await feed_store.add(db, url=server.base + path)
    async with asyncio.timeout(SLOW_FEED_WAIT_SECONDS / 2):  # far less than the fetch timeouts
        report = await feeds.poll_due(db, nlp, _settings(), now=T0)
    polled = {p.url.removeprefix(server.base): p for p in report.feeds}
    assert (polled["/slow.xml"].status, polled["/slow.xml"].error) == (
        "error",
        "timed out after 1 s",
    )
    # The feed answered, its first page did not: both entries are left for the next poll.
    hanging = polled["/hanging-teasers.xml"]
    assert (hanging.status, hanging.new, hanging.left, hanging.error) == ("ok", 0, 2, None)
    assert (polled["/fast.xml"].status, polled["/fast.xml"].new) == ("ok", 1)
    rows = {f.url.removeprefix(server.base): f for f in await feed_store.all(db)}
    assert rows["/slow.xml"].error_count == 1
    assert rows["/hanging-teasers.xml"].etag is None  # the next poll gets the whole feed
    assert rows["/hanging-teasers.xml"].error_count == 0
