"""services.sources and what a chat's own sources change in reading (real SQLite file, feeds
served on 127.0.0.1): adding, the safe fetch, the limit, OPML, and the privacy of the
articles of a feed only chats added in /latest, its count, /search and the digest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest
from aiohttp import web

from bot.config import Settings
from bot.errors import FetchError, UnsafeUrlError
from bot.services import digests, reading, sources
from bot.services.sources import NoFeedFoundError, SourceLimitError, UnknownSourceError
from bot.sources.opml import OpmlError, parse_opml
from bot.storage import articles, chat_feeds, search, subscribers
from bot.storage import feeds as feed_store
from tests.factories import (
    LOOPBACK_FORMS,
    add_story,
    page_server,
    poll_settings,
    serve,
    subscribe,
)

FEEDS = Path(__file__).parents[1] / "data" / "feeds"
A, B = 11, 22
WHO = {"kind": "private", "language_code": "ru"}


@pytest.fixture
async def base() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_static("/feeds", FEEDS)
    app.router.add_static("/site/feeds", FEEDS)

    async def page(request: web.Request) -> web.Response:
        # A page naming a missing feed, one that is no feed, and then the real one.
        html = (
            '<html><head><link rel="alternate" type="application/rss+xml" href="/missing">'
            '<link rel="alternate" type="application/atom+xml" href="/feeds/not-a-feed.html">'
            '<link rel="alternate" type="application/json" href="feeds/jsonfeed.json">'
            "</head></html>"
        )
        return web.Response(text=html, content_type="text/html")

    app.router.add_get("/site/page", page)
    async with serve(app) as url:
        yield url


async def test_add_feeds_of_each_kind_and_by_page(db: aiosqlite.Connection, base: str) -> None:
    settings = poll_settings()
    atom = await sources.add_source(
        db, settings, chat_id=A, **WHO, url=f"{base}/feeds/atom-en.xml"
    )
    assert not atom.already and atom.title
    by_page = await sources.add_source(db, settings, chat_id=A, **WHO, url=f"{base}/site/page")
    assert by_page.url == f"{base}/site/feeds/jsonfeed.json"  # relative to the page
    assert by_page.title
    # The chat is stored (inactive until /start) in the sender's language.
    chat = await subscribers.get(db, chat_id=A)
    assert chat is not None and not chat.active and chat.lang == "ru"
    listed = await sources.list_sources(db, chat_id=A)
    assert [s.url for s in listed.items] == [atom.url, by_page.url]
    assert (listed.page, listed.pages, listed.total) == (0, 1, 2)
    with pytest.raises(NoFeedFoundError):
        await sources.add_source(
            db, settings, chat_id=A, **WHO, url=f"{base}/feeds/not-a-feed.html"
        )
    with pytest.raises(FetchError):
        await sources.add_source(db, settings, chat_id=A, **WHO, url=f"{base}/nothing")
    assert (await sources.list_sources(db, chat_id=A)).total == 2


@pytest.mark.parametrize("form", LOOPBACK_FORMS)
async def test_private_addresses_are_refused(db: aiosqlite.Connection, form: str) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    rss = (FEEDS / "rss-local.xml").read_text()
    async with page_server(rss, content_type="application/rss+xml") as server:
        with pytest.raises(UnsafeUrlError):
            await sources.add_source(db, settings, chat_id=A, **WHO, url=server.url(form))
        assert server.hits == []
    assert await chat_feeds.count(db, chat_id=A) == 0


async def test_remove_by_url_as_typed_or_by_id(db: aiosqlite.Connection, base: str) -> None:
    settings = poll_settings()
    url = f"{base}/feeds/rss-ru.xml"
    added = await sources.add_source(db, settings, chat_id=A, **WHO, url=url)
    with pytest.raises(UnknownSourceError):
        await sources.remove_source(db, chat_id=B, url=url)  # not B's
    typed = url.replace("http://127.0.0.1", "HTTP://127.0.0.1") + " "
    assert (await sources.remove_source(db, chat_id=A, url=typed)).feed_id == added.feed_id
    with pytest.raises(UnknownSourceError):
        await sources.remove_source(db, chat_id=A, feed_id=added.feed_id)
    with pytest.raises(UnknownSourceError):
        await sources.remove_source(db, chat_id=A, url="not a url at all")
    with pytest.raises(UnknownSourceError):
        await sources.set_mode(db, chat_id=A, feed_id=added.feed_id, mode="instant")


async def test_opml_import_and_export(db: aiosqlite.Connection) -> None:
    settings = poll_settings(max_feeds_per_chat=3)
    data = (FEEDS / "subscriptions.opml").read_bytes()
    listed = parse_opml(data)
    imported = await sources.import_opml(db, settings, chat_id=A, **WHO, data=data)
    assert imported.added == min(3, len(listed) - imported.refused)
    assert imported.added + imported.refused + imported.over_limit == len(listed)
    again = await sources.import_opml(db, settings, chat_id=A, **WHO, data=data)
    assert (again.added, again.skipped) == (0, imported.added)
    exported = await sources.export_opml(db, chat_id=A)
    assert exported is not None
    assert len(parse_opml(exported)) == imported.added
    assert await sources.export_opml(db, chat_id=B) is None
    with pytest.raises(OpmlError):
        await sources.import_opml(
            db, settings, chat_id=B, **WHO, data=(FEEDS / "hostile.opml").read_bytes()
        )
    with pytest.raises(SourceLimitError):
        await sources.add_source(db, settings, chat_id=A, **WHO, url="https://x.example/rss")


# ------------------------------------------------------------------ privacy when reading

NOW = datetime.now(tz=UTC).replace(microsecond=0)


async def _world(db: aiosqlite.Connection) -> dict[str, int]:
    """An operator's feed with 2 articles; A's own feed with 2, B's own with 1; a link A sent."""
    for chat in (A, B):
        await subscribe(db, chat)
    operator = await feed_store.add(db, url="https://op.example/rss", title="Operator")
    assert operator is not None
    ids = {"operator": operator.id}
    for name, chat in (("a", A), ("b", B)):
        feed = await chat_feeds.add_feed(db, url=f"https://{name}.example/rss", title=name)
        await chat_feeds.link(db, chat_id=chat, feed_id=feed.id)
        ids[name] = feed.id
    stories = [
        (1, "operator", "alpha"), (2, "a", "bravo"), (3, "operator", "charlie"),
        (4, "a", "delta"), (5, "b", "echo"),
    ]  # fmt: skip
    for n, feed, word in stories:
        await add_story(
            db, n, title=f"{word} story", text=f"The {word} story, number {n}, happened.",
            search_title=f"{word} stori", search_text=f"{word} common",
            feed_id=ids[feed], ingested_at=NOW - timedelta(hours=10 - n),
        )  # fmt: skip
    await add_story(
        db, 6, title="foxtrot story", text="Foxtrot, sent by A.", search_title="foxtrot",
        search_text="foxtrot common", submitted_by=A, ingested_at=NOW - timedelta(hours=1),
    )  # fmt: skip
    return ids


def _titles(rows: list[articles.StoredArticle]) -> list[str | None]:
    return [r.title for r in rows]


async def test_latest_and_its_count(db: aiosqlite.Connection) -> None:
    await _world(db)
    a = await articles.latest(db, chat_id=A, limit=10)
    assert _titles(a) == [
        "foxtrot story", "delta story", "charlie story", "bravo story", "alpha story",
    ]  # fmt: skip
    assert await articles.count_visible(db, chat_id=A) == 5
    b = await articles.latest(db, chat_id=B, limit=10)
    assert _titles(b) == ["echo story", "charlie story", "alpha story"]
    assert await articles.count_visible(db, chat_id=B) == 3
    nobody = await articles.latest(db, chat_id=None, limit=10)
    assert _titles(nobody) == ["charlie story", "alpha story"]
    assert await articles.count_visible(db, chat_id=None) == 2
    # Paging: each page is the chat's own, "of N" right on every page.
    page = await reading.latest(db, chat_id=A, limit=2, offset=2)
    assert (page.total, page.has_more, len(page.items)) == (5, True, 2)
    last = await reading.latest(db, chat_id=B, limit=2, offset=2)
    assert (last.total, last.has_more, len(last.items)) == (3, False, 1)


async def test_search(db: aiosqlite.Connection) -> None:
    await _world(db)

    async def found(chat: int | None, word: str) -> list[str | None]:
        hits = await search.search(db, query_terms=[word], limit=10, chat_id=chat)
        return sorted(stored.title or "" for stored, _ in hits)

    assert await found(A, "common") == [
        "alpha story", "bravo story", "charlie story", "delta story", "foxtrot story",
    ]  # fmt: skip
    assert await found(B, "common") == ["alpha story", "charlie story", "echo story"]
    assert await found(B, "bravo") == []
    assert await found(A, "echo") == []
    assert await found(None, "common") == ["alpha story", "charlie story"]


async def test_digest_takes_the_chosen_operator_feeds_and_own_sources(
    db: aiosqlite.Connection,
) -> None:
    ids = await _world(db)
    after = NOW - timedelta(days=1)

    async def digest(chat: int) -> list[str]:
        feeds = await subscribers.feed_ids(db, chat_id=chat)
        own = await chat_feeds.modes(db, chat_id=chat)
        found = await digests.candidates(
            db, after=after, feed_ids=feeds, morph=None,
            own_feed_ids=[f for f, mode in own if mode == "digest"],
            instant_feed_ids=[f for f, mode in own if mode == "instant"],
        )  # fmt: skip
        return sorted(c.summary.title or "" for c in found)

    assert await digest(A) == ["alpha story", "bravo story", "charlie story", "delta story"]
    assert await digest(B) == ["alpha story", "charlie story", "echo story"]
    # A source at once is left out; so are the operator's feeds B did not choose.
    await chat_feeds.set_mode(db, chat_id=A, feed_id=ids["a"], mode="instant")
    assert await digest(A) == ["alpha story", "charlie story"]
    other = await feed_store.add(db, url="https://other.example/rss")
    assert other is not None
    await subscribers.set_feeds(db, chat_id=B, feed_ids=[other.id])
    assert await digest(B) == ["echo story"]
    # A chat cannot take another chat's feed by naming it among its chosen feeds.
    await subscribers.set_feeds(db, chat_id=B, feed_ids=[ids["a"]])
    assert await digest(B) == ["echo story"]
    # The digest preview (what /digest shows) agrees.
    preview = "\n".join(await digests.preview(db, chat_id=A))
    assert "charlie story" in preview and "bravo" not in preview and "echo" not in preview


async def test_an_operator_feed_a_chat_added_stays_everyones(db: aiosqlite.Connection) -> None:
    ids = await _world(db)
    operator = await chat_feeds.add_feed(db, url="https://op.example/rss", title=None)
    assert operator.id == ids["operator"] and operator.shared
    await chat_feeds.link(db, chat_id=B, feed_id=operator.id)
    await chat_feeds.unlink(db, chat_id=B, feed_id=operator.id)
    assert await articles.count_visible(db, chat_id=None) == 2
