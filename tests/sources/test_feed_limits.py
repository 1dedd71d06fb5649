"""Feed parsing is bounded: entries and tags read, nesting depth, dates out of range."""

from __future__ import annotations

import json

import pytest

from bot.sources.feeds import MAX_FEED_DEPTH, MAX_FEED_ENTRIES, NotAFeedError, parse_feed

URL = "https://news.example/feed.xml"
JSON_FEED = "https://jsonfeed.org/version/1.1"


def rss(body: str) -> bytes:
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
    return f"{head}{body}</channel></rss>".encode()


def test_only_the_first_entries_of_a_long_feed_are_read() -> None:
    data = rss("".join(f"<item><link>/a{n}</link></item>" for n in range(100_000)))
    title, entries = parse_feed(data, URL)
    assert title == "T"
    assert len(entries) == MAX_FEED_ENTRIES
    assert entries[0].url == "https://news.example/a0"
    assert entries[-1].url == f"https://news.example/a{MAX_FEED_ENTRIES - 1}"
    assert len(parse_feed(data, URL, max_entries=3)[1]) == 3


def test_json_feed_entries_are_capped_too() -> None:
    items = [{"url": f"/j{n}"} for n in range(100_000)]
    data = json.dumps({"version": JSON_FEED, "items": items}).encode()
    _, entries = parse_feed(data, URL, max_entries=7)
    assert [e.url for e in entries] == [f"https://news.example/j{n}" for n in range(7)]


def test_an_entry_of_too_many_tags_is_left_out() -> None:
    # feedparser handles <category> quadratically: 12,000 of them take tens of seconds.
    first = "".join(f"<item><link>/a{n}</link></item>" for n in range(3))
    tags = "".join(f"<category>c{n}</category>" for n in range(12_000))
    _, entries = parse_feed(rss(f"{first}<item><link>/heavy</link>{tags}</item>"), URL)
    assert [e.url for e in entries] == [f"https://news.example/a{n}" for n in range(3)]


def test_markup_inside_cdata_is_not_counted_as_entries() -> None:
    inner = "<item><link>/fake</link></item>" * 10
    data = rss(f"<item><link>/real</link><description><![CDATA[{inner}]]></description></item>")
    _, entries = parse_feed(data, URL, max_entries=1)
    assert [e.url for e in entries] == ["https://news.example/real"]
    assert entries[0].summary_html is not None
    assert "/fake" in entries[0].summary_html


def test_a_date_before_year_one_in_utc_leaves_the_entry_undated() -> None:
    item = {"url": "/old", "title": "Old", "date_published": "0001-01-01T00:00:00+14:00"}
    data = json.dumps({"version": JSON_FEED, "items": [item, {"url": "/next"}]}).encode()
    _, entries = parse_feed(data, URL)
    assert [(e.url, e.published) for e in entries] == [
        ("https://news.example/old", None),
        ("https://news.example/next", None),
    ]


@pytest.mark.parametrize("depth", [MAX_FEED_DEPTH + 1, 100_000])
def test_deeply_nested_xml_is_refused_in_one_line(depth: int) -> None:
    data = rss("<x>" * depth + "<item><link>/a</link></item>" + "</x>" * depth)
    with pytest.raises(NotAFeedError, match=r"^feed nested too deeply \(over 256 levels\)"):
        parse_feed(data, URL)


def test_deeply_nested_json_is_refused_in_one_line() -> None:
    data = f'{{"version":"{JSON_FEED}","items":{"[" * 100_000}{"]" * 100_000}}}'.encode()
    with pytest.raises(NotAFeedError, match=r"^malformed JSON feed: nested too deeply: "):
        parse_feed(data, URL)
