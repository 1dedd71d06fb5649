"""Canonical URLs: one article reached by several links is one URL."""

from __future__ import annotations

import pytest

from bot.sources.urls import canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/news/story", "https://example.com/news/story"),
        ("HTTPS://Example.COM/News/Story", "https://example.com/News/Story"),  # path keeps case
        ("https://example.com/news/story/", "https://example.com/news/story"),
        ("https://example.com/", "https://example.com"),
        ("https://example.com/news/story#comments", "https://example.com/news/story"),
        ("https://example.com/a?utm_source=tg&utm_medium=social&UTM_Campaign=x",
         "https://example.com/a"),
        ("https://example.com/a?id=5&utm_source=tg&page=2", "https://example.com/a?id=5&page=2"),
        ("https://example.com/a?fbclid=IwAR0&gclid=x&yclid=123", "https://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/amp/news/story", "https://example.com/news/story"),
        ("https://example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://example.com/news/story?amp=1", "https://example.com/news/story"),
        ("https://example.com/news/story?amp", "https://example.com/news/story"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://example.com/news/story.amp", "https://example.com/news/story"),
        ("https://example.com/tags/amp/guitars", "https://example.com/tags/amp/guitars"),
        ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/story/amp/",
         "https://www.example.com/news/story"),
        ("https://example.com/a?q=%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2",
         "https://example.com/a?q=%D0%BB%D0%B0%D0%B2%D1%80%D0%BE%D0%B2"),  # encoding kept
        ("  https://example.com/a  ", "https://example.com/a"),
        ("https://[2001:DB8::1]:443/a/", "https://[2001:db8::1]/a"),
        ("https://user@Example.com/a", "https://user@example.com/a"),
        ("mailto:someone@example.com", "mailto:someone@example.com"),  # not http(s): as is
        ("not a url", "not a url"),
        ("http://[<b>/", "http://[<b>/"),  # not a URL (bad IPv6 literal): as is, no ValueError
    ],
)  # fmt: skip
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_idempotent() -> None:
    url = "https://Example.com/amp/a/b/?utm_source=x&id=1#frag"
    assert canonical_url(canonical_url(url)) == canonical_url(url)
