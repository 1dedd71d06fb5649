"""Feeds: real fixture files, parsed directly and served by an HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiohttp import web

from bot.errors import FetchError, NewsbriefError, UnsafeUrlError
from bot.sources.feeds import (
    MAX_POLL_DELAY,
    TEASER_MAX_WORDS,
    FeedEntry,
    FeedState,
    NotAFeedError,
    fetch_feed,
    is_teaser,
    next_poll_delay,
    parse_feed,
    poll_feed,
)
from tests.factories import serve

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
ETAG = '"v1-abc"'
LAST_MODIFIED = "Thu, 10 Jul 2025 12:00:00 GMT"


def _read(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


# ---------------------------------------------------------------- parsing


def test_rss_in_russian() -> None:
    title, entries = parse_feed(_read("rss-ru.xml"), "https://news.example.by/rss.xml")
    assert title == "Новости Минска"
    assert [e.url for e in entries] == [  # the item without a link is skipped
        "https://news.example.by/world/lavrov-rubio",
        "https://news.example.by/city/metro-station",  # relative link resolved
    ]
    first, second = entries
    assert first.title == "Лавров встретился с Рубио в Куала-Лумпуре"
    assert first.published == datetime(2025, 7, 10, 11, 30, tzinfo=UTC)  # +0300 -> UTC
    assert first.author == "Анна Петрова"
    assert first.guid == "news-1001"
    assert first.content_html is not None
    assert "Разговор был откровенным" in first.content_html
    assert first.summary_html is not None
    assert first.summary_html.startswith("Министр иностранных дел")
    assert second.content_html is None
    assert second.summary_html == "<p>Станция «Слуцкий гостинец» приняла первых пассажиров.</p>"
    assert second.published == datetime(2025, 7, 10, 9, 0, tzinfo=UTC)


def test_atom_in_english() -> None:
    title, entries = parse_feed(_read("atom-en.xml"), "https://world.example.com/feed.atom")
    assert title == "World Desk"
    first, second = entries
    assert first.url == "https://world.example.com/2025/07/10/geneva-talks"
    assert first.published == datetime(2025, 7, 10, 6, 15, tzinfo=UTC)
    assert first.author == "Jane Miller"
    assert first.guid == "tag:world.example.com,2025:geneva-talks"
    assert first.content_html is not None
    assert "cautiously optimistic" in first.content_html
    assert first.summary_html == "Delegations met for the first time since May."
    assert second.url == "https://world.example.com/2025/07/09/markets"
    assert second.published == datetime(2025, 7, 9, 17, 30, tzinfo=UTC)  # from <updated>


def test_json_feed() -> None:
    title, entries = parse_feed(_read("jsonfeed.json"), "https://notes.example.org/feed.json")
    assert title == "Tech Notes"
    assert len(entries) == 2  # the item without a URL is skipped
    first, second = entries
    assert first.url == "https://notes.example.org/2025/07/sqlite-wal"
    assert first.published == datetime(2025, 7, 10, 10, 0, tzinfo=UTC)
    assert first.author == "Sam Lee"  # JSON Feed 1.1 "authors"
    assert first.summary_html == "Readers no longer wait for the writer."
    assert first.content_html == (
        "<p>Write-ahead logging lets readers and a writer work at the same time.</p>"
    )
    assert first.guid == "2"
    assert second.url == "https://notes.example.org/2025/07/hello"
    assert second.published == datetime(2025, 7, 1, 6, 30, tzinfo=UTC)
    assert second.author == "Old Style Author"  # JSON Feed 1.0 "author"
    assert second.title == "Hello & welcome"
    assert second.content_html == "<p>First post.</p><p>More to come &lt;soon&gt;.</p>"


def test_slightly_broken_rss_is_tolerated() -> None:
    title, entries = parse_feed(_read("rss-malformed.xml"), "https://tj.example.net/rss")
    assert title == "Tom & Jerry News"
    assert [e.url for e in entries] == [
        "https://tj.example.net/truce?a=1&b=2",
        "https://tj.example.net/second",
    ]
    assert entries[0].title == "Cats & dogs: a truce"
    assert entries[1].published is None


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (_read("broken.xml"), "malformed feed: https://x.example/feed"),
        (_read("not-a-feed.html"), "not a feed: https://x.example/feed"),
        (b"", "empty answer, not a feed: https://x.example/feed"),
        (b"  \n ", "empty answer, not a feed: https://x.example/feed"),
        (b"\x00\x01\xff garbage \xfe", "not a feed: https://x.example/feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON feed"),
        (b'{"name": "some API", "items": []}', "not a feed: https://x.example/feed"),
        (b"[1, 2, 3]", "not a feed: https://x.example/feed"),
    ],
)
def test_not_a_feed_is_a_one_line_error(body: bytes, message: str) -> None:
    with pytest.raises(NotAFeedError) as info:
        parse_feed(body, "https://x.example/feed")
    assert str(info.value).startswith(message)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, FetchError)


def test_an_empty_but_valid_feed_has_no_entries() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    assert parse_feed(body, "https://q.example/rss") == ("Quiet", ())


def test_dangerous_links_are_skipped() -> None:
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>x</title><link>javascript:alert(1)</link></item>"
        b"<item><title>z</title><link>http://[::1/broken</link></item>"
        b"<item><title>y</title><link>https://ok.example/y</link></item>"
        b"</channel></rss>"
    )
    _, entries = parse_feed(body, "https://ok.example/rss")
    assert [e.url for e in entries] == ["https://ok.example/y"]


def test_entity_bomb_in_a_feed_is_not_expanded() -> None:
    chain = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "aaaaaaaaaaaaaaaa">{chain}]>'
        '<rss version="2.0"><channel><title>&e9;</title>'
        "<item><title>&e9;</title><link>https://x.example/a</link></item></channel></rss>"
    ).encode()
    title, entries = parse_feed(body, "https://x.example/rss")
    assert len(title or "") < 100
    assert len(entries[0].title or "") < 100


# ---------------------------------------------------------------- teasers


def _entry(summary: str | None = None, content: str | None = None) -> FeedEntry:
    return FeedEntry("https://e.example/a", "t", None, summary, content, None, None)


def test_teaser_detection_on_fixtures() -> None:
    _, entries = parse_feed(_read("rss-ru.xml"), "https://news.example.by/rss.xml")
    full, teaser = entries
    assert not is_teaser(full)
    assert is_teaser(teaser)


@pytest.mark.parametrize(
    ("summary", "content", "teaser"),
    [
        (None, None, True),
        ("<p>One line.</p>", None, True),
        ("<p>" + "слово " * (TEASER_MAX_WORDS - 1) + "</p>", None, True),
        ("<p>" + "слово " * TEASER_MAX_WORDS + "</p>", None, False),  # full text in summary
        ("Short lead.", "<p>" + "word " * 300 + "</p>", False),
        ("Short lead.", "<p>Also short.</p>", True),
        ("<b>a</b><i>b</i>" * 10, None, True),  # tags are not words
    ],
)
def test_teaser_table(summary: str | None, content: str | None, teaser: bool) -> None:
    assert is_teaser(_entry(summary, content)) is teaser


# ---------------------------------------------------------------- backoff


@pytest.mark.parametrize(
    ("errors", "base", "expected"),
    [
        (0, 15, timedelta(minutes=15)),
        (1, 15, timedelta(minutes=30)),
        (2, 15, timedelta(minutes=60)),
        (3, 15, timedelta(minutes=120)),
        (5, 15, timedelta(minutes=480)),
        (6, 15, MAX_POLL_DELAY),  # 960 min is past the 12 h cap
        (1000, 15, MAX_POLL_DELAY),
        (0, 24 * 60, timedelta(hours=24)),  # a base above the cap is kept, never shortened
        (3, 24 * 60, timedelta(hours=24)),
    ],
)
def test_backoff_table(errors: int, base: int, expected: timedelta) -> None:
    assert next_poll_delay(errors, base) == expected


@pytest.mark.parametrize(("errors", "base"), [(-1, 15), (0, 0)])
def test_backoff_rejects_nonsense(errors: int, base: int) -> None:
    with pytest.raises(ValueError, match=r"must|cannot"):
        next_poll_delay(errors, base)


# ---------------------------------------------------------------- over HTTP


@dataclass
class Server:
    base: str
    seen: list[dict[str, str]] = field(default_factory=list)  # headers of /etag requests


def _app(server: Server) -> web.Application:
    app = web.Application()

    def serve(name: str, content_type: str) -> web.Response:
        return web.Response(body=_read(name), content_type=content_type, charset="utf-8")

    async def ru(_: web.Request) -> web.Response:
        return serve("rss-ru.xml", "application/rss+xml")

    async def atom(_: web.Request) -> web.Response:
        return serve("atom-en.xml", "application/atom+xml")

    async def json_feed(_: web.Request) -> web.Response:
        return serve("jsonfeed.json", "application/feed+json")

    async def page(_: web.Request) -> web.Response:
        return serve("not-a-feed.html", "text/html")

    async def broken(_: web.Request) -> web.Response:
        return serve("broken.xml", "application/xml")

    async def conditional(request: web.Request) -> web.Response:
        server.seen.append(dict(request.headers))
        if request.headers.get("If-None-Match") == ETAG:
            return web.Response(status=304, headers={"ETag": ETAG})
        response = serve("atom-en.xml", "application/atom+xml")
        response.headers["ETag"] = ETAG
        response.headers["Last-Modified"] = LAST_MODIFIED
        return response

    async def moved(_: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently(server.base + "/ru.xml")

    async def missing(_: web.Request) -> web.Response:
        raise web.HTTPNotFound

    async def image(_: web.Request) -> web.Response:
        return web.Response(body=b"\x89PNG....", content_type="image/png")

    for path, handler in {
        "/ru.xml": ru,
        "/atom.xml": atom,
        "/feed.json": json_feed,
        "/page.html": page,
        "/broken.xml": broken,
        "/etag.xml": conditional,
        "/moved": moved,
        "/missing": missing,
        "/image": image,
    }.items():
        app.router.add_get(path, handler)
    return app


@pytest.fixture
async def server() -> AsyncIterator[Server]:
    state = Server(base="")
    async with serve(_app(state)) as state.base:
        yield state


@pytest.mark.parametrize(
    ("path", "title", "count"),
    [
        ("/ru.xml", "Новости Минска", 2),
        ("/atom.xml", "World Desk", 2),
        ("/feed.json", "Tech Notes", 2),
    ],
)
async def test_fetches_each_kind(server: Server, path: str, title: str, count: int) -> None:
    result = await fetch_feed(server.base + path, allow_private=True)
    assert result.status == "ok"
    assert result.title == title
    assert len(result.entries) == count


async def test_conditional_get(server: Server) -> None:
    url = server.base + "/etag.xml"
    first = await fetch_feed(url, allow_private=True)
    assert first.status == "ok"
    assert (first.etag, first.last_modified) == (ETAG, LAST_MODIFIED)
    assert "If-None-Match" not in server.seen[0]

    again = await fetch_feed(
        url, etag=first.etag, last_modified=first.last_modified, allow_private=True
    )
    assert server.seen[1]["If-None-Match"] == ETAG
    assert server.seen[1]["If-Modified-Since"] == LAST_MODIFIED
    assert again.status == "not_modified"
    assert again.entries == ()
    assert (again.etag, again.last_modified) == (ETAG, LAST_MODIFIED)  # kept for next time


async def test_follows_a_permanent_redirect(server: Server) -> None:
    result = await fetch_feed(server.base + "/moved", allow_private=True)
    assert result.url == server.base + "/moved"
    assert result.final_url == server.base + "/ru.xml"
    assert result.entries[0].url == "https://news.example.by/world/lavrov-rubio"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/page.html", "not a feed: "),
        ("/broken.xml", "malformed feed: "),
        ("/missing", "the site answered HTTP 404: "),
        ("/image", "binary content: the feed (image/png) is not text or HTML"),
    ],
)
async def test_errors_are_one_line(server: Server, path: str, message: str) -> None:
    with pytest.raises(NewsbriefError) as info:
        await fetch_feed(server.base + path, allow_private=True)
    assert str(info.value).startswith(message)


async def test_private_addresses_are_refused_by_default(server: Server) -> None:
    with pytest.raises(UnsafeUrlError):
        await fetch_feed(server.base + "/ru.xml")


async def test_one_failing_feed_does_not_stop_the_others(server: Server) -> None:
    feeds = [
        FeedState(server.base + "/ru.xml"),
        FeedState(server.base + "/missing", error_count=2),
        FeedState(server.base + "/page.html"),
        FeedState(server.base + "/etag.xml", etag=ETAG),
        FeedState("ftp://files.example/feed"),
    ]
    outcomes = [await poll_feed(f, base_minutes=10, allow_private=True) for f in feeds]
    assert [o.feed for o in outcomes] == feeds
    ok, missing, page, unchanged, ftp = outcomes
    assert ok.result is not None
    assert len(ok.result.entries) == 2
    assert (ok.error, ok.error_count, ok.next_poll_in) == (None, 0, timedelta(minutes=10))
    assert missing.result is None
    assert missing.error is not None
    assert missing.error.startswith("the site answered HTTP 404")
    assert (missing.error_count, missing.next_poll_in) == (3, timedelta(minutes=80))
    assert page.error is not None
    assert page.error.startswith("not a feed")
    assert page.error_count == 1
    assert unchanged.result is not None
    assert unchanged.result.status == "not_modified"
    assert ftp.error == "only http and https links are supported"


async def test_an_unexpected_exception_is_contained(
    server: Server, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.sources import feeds as feeds_mod  # noqa: PLC0415 (the module is patched)

    real = feeds_mod.parse_feed

    def flaky(data: bytes, url: str) -> tuple[str | None, tuple[FeedEntry, ...]]:
        if "/atom.xml" in url:
            raise RuntimeError("bug")
        return real(data, url)

    monkeypatch.setattr(feeds_mod, "parse_feed", flaky)
    feeds = [
        FeedState(server.base + "/atom.xml?token=SECRET"),
        FeedState(server.base + "/ru.xml"),
    ]
    bad, good = [await poll_feed(f, base_minutes=10, allow_private=True) for f in feeds]
    assert bad.error == "unexpected error: RuntimeError"
    assert bad.error_count == 1
    assert good.error is None
    assert "SECRET" not in caplog.text
    assert "/atom.xml" in caplog.text


def test_titles_lose_control_and_bidi_characters() -> None:
    # A feed title becomes a /settings button label, which no HTML escaping cleans: a bidi
    # override there would show "moc.elgoog" as "google.com".
    body = (
        "<?xml version='1.0'?><rss version='2.0'><channel>"
        "<title>News\u202e moc.elgoog\u0000</title>"
        "<item><title>Minister\u2066 resigns\u0007</title><link>https://n.example/1</link>"
        "<description>Text.</description></item></channel></rss>"
    ).encode()
    title, entries = parse_feed(body, "https://n.example/rss")
    assert title == "News moc.elgoog"
    assert entries[0].title == "Minister resigns"
