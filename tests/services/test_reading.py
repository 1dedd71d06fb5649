"""Reading the store: /latest order and paging, /search by word form, query errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.analysis.models import NlpModels
from bot.services import ingest, reading, summaries
from bot.services.reading import (
    EmptyQueryError,
    NoTermsError,
    QueryCache,
    QueryError,
    QueryTooLongError,
)
from tests.factories import add_story, count_articles

EXAMPLE = Path(__file__).parents[1] / "data" / "zerkalo-rubio-lavrov.txt"
EN_TEXT = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala "
    "Lumpur on Thursday. The two held talks on the sidelines of regional meetings, the "
    "State Department said."
)


async def _add(db: aiosqlite.Connection, n: int, *, url: str | None = None) -> int:
    added = await add_story(  # search words as normalize_for_search stems them
        db,
        n,
        url=url or f"urn:sha256:{n:064x}",
        ingested_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(minutes=n),
    )
    assert added is not None
    return added.id


async def test_latest_is_newest_first_and_pages(db: aiosqlite.Connection) -> None:
    for n in range(1, 8):
        await _add(db, n)
    first = await reading.latest(db, chat_id=None, limit=3)
    assert [s.title for s in first.items] == ["Story 7", "Story 6", "Story 5"]
    assert first.total == 7
    assert first.has_more
    last = await reading.latest(db, chat_id=None, limit=3, offset=6)
    assert [s.title for s in last.items] == ["Story 1"]
    assert not last.has_more
    assert first.items[0].source.url is None  # a urn: URL is no link


async def test_latest_links_http_urls(db: aiosqlite.Connection) -> None:
    await _add(db, 1, url="https://example.com/story-1")
    (item,) = (await reading.latest(db, chat_id=None, limit=5)).items
    assert item.source.url == "https://example.com/story-1"


async def test_latest_of_empty_store(db: aiosqlite.Connection) -> None:
    page = await reading.latest(db, chat_id=None, limit=5)
    assert page.items == ()
    assert page.total == 0
    assert not page.has_more


async def test_search_finds_by_word_form(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    stored = await ingest.store(db, ingest.prepare(EXAMPLE.read_bytes()), nlp)
    await ingest.store(db, ingest.prepare(EN_TEXT), nlp)
    page = await reading.search(db, nlp, "Лавров", chat_id=None, limit=5)
    assert len(page.items) == 1
    assert not page.has_more
    assert page.items[0].sentences == tuple(reading.stored_summary(stored.article).sentences)
    assert "Рубио" in " ".join(page.items[0].sentences)
    assert (
        len((await reading.search(db, nlp, "Lavrov meetings", chat_id=None, limit=5)).items) == 1
    )
    assert (await reading.search(db, nlp, "Байден", chat_id=None, limit=5)).items == ()


async def test_search_pages(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    for n in range(1, 5):
        await _add(db, n)
    first = await reading.search(db, nlp, "stories", chat_id=None, limit=3)
    assert len(first.items) == 3
    assert first.has_more
    rest = await reading.search(db, nlp, "stories", chat_id=None, limit=3, offset=3)
    assert len(rest.items) == 1
    assert not rest.has_more


@pytest.mark.parametrize(
    ("query", "error"),
    [("", EmptyQueryError), ("   \n", EmptyQueryError), ("слово " * 40, QueryTooLongError),
     ("!!! ???", NoTermsError)],
)  # fmt: skip
async def test_bad_queries(
    db: aiosqlite.Connection, nlp: NlpModels, query: str, error: type[QueryError]
) -> None:
    with pytest.raises(error):
        await reading.search(db, nlp, query, chat_id=None, limit=5)


async def test_stored_link_is_answered_from_the_store(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    url = "https://example.com/world/rubio-lavrov"
    await ingest.store(db, ingest.prepare(EN_TEXT, url=url), nlp)
    # No server listens there: the summary must come from the store, by canonical URL.
    summary = await summaries.summarize_link(db, url + "/?utm_source=tg#top", nlp, chat_id=1)
    assert summary.source.url == url
    assert "Rubio" in " ".join(summary.sentences)


async def test_pasted_text_is_stored(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    summary = await summaries.summarize_text(db, EN_TEXT, nlp, chat_id=1)
    assert summary.source.url is None
    assert await count_articles(db) == 1
    again = await summaries.summarize_text(db, EN_TEXT, nlp, chat_id=1)
    assert again == summary
    assert await count_articles(db) == 1


def test_query_cache_forgets_the_oldest() -> None:
    cache = QueryCache(size=2)
    a = cache.key("Лавров")
    assert len(a.encode()) <= 16
    b = cache.key("Рубио")
    assert cache.get(a) == "Лавров"  # touched: b is now the oldest
    cache.key("Байден")
    assert cache.get(b) is None
    assert cache.get(a) == "Лавров"
    assert cache.key("Лавров") == a


def test_stored_summaries_are_parsed_once_per_content() -> None:
    from dataclasses import replace as with_  # noqa: PLC0415

    from bot.services.reading import stored_summary  # noqa: PLC0415
    from bot.storage.articles import StoredArticle  # noqa: PLC0415

    data = {
        "lang": "en", "title": None, "sentences": ["A."], "who": [], "where": [], "when": [],
        "quotes": [], "source": {"name": None, "url": None}, "version": 1,
    }  # fmt: skip
    row = StoredArticle(
        id=1, url="https://e.com/1", feed_id=None, title="One", published_at=None,
        ingested_at=datetime(2026, 1, 1, tzinfo=UTC), lang="en", text="A.",
        content_hash="0" * 64, summary_json=json.dumps(data), summary_version=1,
    )  # fmt: skip
    first = stored_summary(row)
    assert stored_summary(with_(row)) is first  # the same content: parsed once
    other = with_(row, summary_json=json.dumps(data | {"sentences": ["B."]}))
    assert stored_summary(other).sentences == ("B.",)  # same id, other content: parsed
    assert stored_summary(with_(row, url="https://e.com/2")).source.url == "https://e.com/2"
