"""Feed autodiscovery: <link rel="alternate"> of a page, resolved, checked, hostile-safe."""

from __future__ import annotations

import pytest

from bot.sources.discover import MAX_CANDIDATES, MAX_LINKS, feed_links

PAGE = "https://news.example/section/story.html"


def _page(head: str) -> bytes:
    return f"<!doctype html><html><head>{head}</head><body><p>Text</p></body></html>".encode()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        # relative, root-relative, absolute and protocol-relative links
        ('<link rel="alternate" type="application/rss+xml" href="feed.xml">',
         ["https://news.example/section/feed.xml"]),
        ('<link rel="alternate" type="application/atom+xml" href="/atom">',
         ["https://news.example/atom"]),
        ('<link rel="alternate" type="application/feed+json" href="//cdn.example/f.json">',
         ["https://cdn.example/f.json"]),
        ('<link rel="alternate" type="application/rss+xml" href="http://other.example/rss">',
         ["http://other.example/rss"]),
        # rel and type as sites write them: case, several rel words, a charset parameter
        ('<LINK REL="Alternate Feed" TYPE="Application/RSS+XML; charset=utf-8" HREF="/r">',
         ["https://news.example/r"]),
        # <base href> moves relative links
        ('<base href="https://static.example/x/"><link rel=alternate '
         'type=application/rss+xml href="rss">', ["https://static.example/x/rss"]),
        # XML feeds first, plain application/json (WordPress's REST API too) last
        ('<link rel=alternate type=application/json href="/wp-json/posts/1">'
         '<link rel=alternate type=application/atom+xml href="/atom">'
         '<link rel=alternate type=application/rss+xml href="/rss">',
         ["https://news.example/rss", "https://news.example/atom",
          "https://news.example/wp-json/posts/1"]),
        # the same feed twice is one candidate
        ('<link rel=alternate type=application/rss+xml href="/rss">'
         '<link rel=alternate type=application/rss+xml href="https://news.example/rss">',
         ["https://news.example/rss"]),
    ],
)  # fmt: skip
def test_feed_links_found(head: str, expected: list[str]) -> None:
    assert feed_links(_page(head), PAGE) == expected


@pytest.mark.parametrize(
    "head",
    [
        "",  # no feed
        '<link rel="stylesheet" type="text/css" href="/s.css">',
        '<link rel="alternate" hreflang="en" href="/en/">',  # a translation, not a feed
        '<link rel="alternate" type="text/html" href="/m/">',
        '<link rel="alternate" type="application/rss+xml">',  # no href
        '<link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">',
        '<link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">',
        '<link rel="alternate" type="application/rss+xml" href="ftp://news.example/rss">',
        '<link rel="alternate" type="application/rss+xml" href="data:text/xml,<rss/>">',
        '<link rel="alternate" type="application/rss+xml" href="http://[::1">',  # malformed
        '<a rel="alternate" type="application/rss+xml" href="/rss">a link, not a <link></a>',
    ],
)
def test_no_feed_links(head: str) -> None:
    assert feed_links(_page(head), PAGE) == []


@pytest.mark.parametrize(
    "body",
    [b"", b"   ", b"\x00\xff\xfe garbage", b"<", b"<<<>>>", "не HTML вовсе".encode()],
)
def test_garbage_names_no_feed(body: bytes) -> None:
    assert feed_links(body, PAGE) == []


def test_entities_are_not_expanded() -> None:
    """A DOCTYPE with entity declarations (billion laughs) expands nothing: the href is as
    written, and parsing takes no time or memory to speak of."""
    laughs = "".join(
        f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10)
    )
    page = (
        f'<!DOCTYPE html [<!ENTITY l0 "lol">{laughs}]><html><head>'
        '<link rel="alternate" type="application/rss+xml" href="/rss?x=&l9;">'
        "</head></html>"
    ).encode()
    (found,) = feed_links(page, PAGE)
    assert len(found) < 100
    assert found.startswith("https://news.example/rss?x=")


def test_external_entities_are_not_loaded() -> None:
    page = (
        b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><head>'
        b'<link rel="alternate" type="application/rss+xml" href="/rss/&x;"></head></html>'
    )
    assert all("root:" not in url for url in feed_links(page, PAGE))


def test_at_most_a_few_candidates() -> None:
    head = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="/feed/{n}">' for n in range(50)
    )
    found = feed_links(_page(head), PAGE)
    assert found == [f"https://news.example/feed/{n}" for n in range(MAX_CANDIDATES)]


def test_links_past_the_first_ones_are_not_read() -> None:
    head = '<link rel="icon" href="/i.png">' * MAX_LINKS
    head += '<link rel="alternate" type="application/rss+xml" href="/rss">'
    assert feed_links(_page(head), PAGE) == []


def test_charset_of_the_page_is_read() -> None:
    page = (
        '<html><head><meta charset="windows-1251">'
        '<link rel="alternate" type="application/rss+xml" href="/лента.xml"></head></html>'
    ).encode("cp1251")
    (found,) = feed_links(page, PAGE)
    assert found == "https://news.example/лента.xml"
