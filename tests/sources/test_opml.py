"""OPML import and export on real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import InputError
from bot.sources.opml import MAX_OPML_BYTES, OpmlError, build_opml, parse_opml

FEEDS = Path(__file__).parent.parent / "data" / "feeds"


def test_nested_outlines() -> None:
    feeds = parse_opml((FEEDS / "subscriptions.opml").read_bytes())
    assert feeds == [
        ("https://news.example.by/rss.xml", "Новости Минска"),
        ("https://world.example.com/feed.atom", "World Desk"),  # two levels down, "text" only
        ("https://notes.example.org/feed.json", "Tech Notes"),  # the duplicate is dropped
    ]


def test_round_trip() -> None:
    feeds = [
        ("https://news.example.by/rss.xml", "Новости & «кавычки» <Минск>"),
        ("https://x.example/feed?a=1&b=2", None),
    ]
    document = build_opml(feeds)
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert parse_opml(document) == [
        feeds[0],
        ("https://x.example/feed?a=1&b=2", "https://x.example/feed?a=1&b=2"),  # URL as label
    ]


def test_empty_list_round_trips() -> None:
    assert parse_opml(build_opml([])) == []


def test_entity_bomb_is_refused() -> None:
    with pytest.raises(OpmlError, match="DOCTYPE and entity declarations are not allowed"):
        parse_opml((FEEDS / "hostile.opml").read_bytes())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<!DOCTYPE opml SYSTEM "http://evil.example/x.dtd"><opml/>', "DOCTYPE"),
        (b"<html><body><outline xmlUrl='https://x.example'/></body></html>", "not <opml>"),
        (b"<opml><body><outline", "not a valid OPML file"),
        (b"", "not a valid OPML file"),
        (b"x" * (MAX_OPML_BYTES + 1), "larger than"),
    ],
)
def test_bad_files_are_one_line_errors(data: bytes, message: str) -> None:
    with pytest.raises(OpmlError) as info:
        parse_opml(data)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, InputError)


def test_attribute_case_and_text_fallback() -> None:
    data = (
        b'<opml version="1.0"><body>'
        b'<outline text="Lower" xmlurl=" https://l.example/rss "/>'
        b"</body></opml>"
    )
    assert parse_opml(data) == [("https://l.example/rss", "Lower")]
