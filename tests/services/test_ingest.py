"""Storing articles: summary and search terms once, duplicates by URL and content, resummarize."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from bot.analysis.models import NlpModels
from bot.analysis.search_terms import query_terms
from bot.analysis.summarize import SUMMARY_VERSION
from bot.errors import UnsupportedLanguageError
from bot.services import ingest
from bot.storage import articles, search
from tests.factories import count_articles

EXAMPLE = Path(__file__).parents[1] / "data" / "zerkalo-rubio-lavrov.txt"

EN_TEXT = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala "
    "Lumpur on Thursday. The two held talks on the sidelines of regional meetings, the "
    "State Department said. \u201cIt was a frank conversation,\u201d Rubio told reporters."
)
OTHER_EN_TEXT = (
    "The city council approved a new budget for public libraries on Monday. "
    "Several branches will extend their opening hours next year, officials said."
)


async def find(conn: aiosqlite.Connection, query: str, nlp: NlpModels) -> list[int]:
    found = await search.search(conn, query_terms=query_terms(query, nlp), limit=10)
    return [article.id for article, _score in found]


async def test_example_page_is_found_by_another_word_form(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    prepared = ingest.prepare(EXAMPLE.read_bytes(), url="https://news.zerkalo.io/world/1.html")
    result = await ingest.store(db, prepared, nlp)
    assert result.new
    stored = result.article
    assert stored.lang == "ru"
    assert stored.url == "https://news.zerkalo.io/world/1.html"
    assert stored.summary_version == SUMMARY_VERSION
    summary = json.loads(stored.summary_json)
    assert summary["version"] == SUMMARY_VERSION
    assert "Сергей Лавров" in [w["name"] for w in summary["who"]]
    assert "Лавров" in stored.summary_json  # stored as UTF-8 text, not \\u escapes
    # The text says «Сергеем Лавровым» and «в Куала-Лумпуре».
    assert await find(db, "Лавров", nlp) == [stored.id]
    assert await find(db, "Куала-Лумпур", nlp) == [stored.id]
    assert await find(db, "Лавров Рубио", nlp) == [stored.id]
    assert await find(db, "Лавров Байден", nlp) == []


async def test_english_article_is_found_by_stem(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    lavrov = await ingest.store(db, ingest.prepare(EN_TEXT), nlp)
    other = await ingest.store(db, ingest.prepare(OTHER_EN_TEXT), nlp)
    assert lavrov.new
    assert other.new
    assert lavrov.article.lang == "en"
    # Pasted text has no link: it is stored under a URN of its content.
    assert lavrov.article.url.startswith("urn:sha256:")
    assert await find(db, "meeting", nlp) == [lavrov.article.id]
    assert await find(db, "Lavrov meetings", nlp) == [lavrov.article.id]
    assert await find(db, "library", nlp) == [other.article.id]
    assert await find(db, "🙂", nlp) == []


async def test_same_text_twice_is_one_article(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    first = await ingest.store(db, ingest.prepare(EN_TEXT), nlp)
    # Case and whitespace do not make another article.
    again = await ingest.store(db, ingest.prepare("  " + EN_TEXT.upper() + "\n\n"), nlp)
    assert first.new
    assert not again.new
    assert again.article.id == first.article.id
    assert await count_articles(db) == 1


async def test_same_url_with_tracking_is_one_article(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    url = "https://example.com/world/rubio-lavrov"
    first = await ingest.store(db, ingest.prepare(EN_TEXT, url=url), nlp)
    # Same link with tracking parameters, even if the page text changed meanwhile.
    tracked = url + "/?utm_source=telegram&utm_medium=social#comments"
    again = await ingest.store(db, ingest.prepare(OTHER_EN_TEXT, url=tracked), nlp)
    assert first.new
    assert not again.new
    assert again.article.id == first.article.id
    assert await count_articles(db) == 1


async def test_feed_id_and_published_are_stored(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    await db.execute("INSERT INTO feeds (id, url) VALUES (7, 'https://example.com/rss')")
    html = (
        "<html><head><title>Rubio meets Lavrov</title>"
        '<meta property="article:published_time" content="2025-07-10T09:00:00+00:00">'
        "</head><body><article><h1>Rubio meets Lavrov</h1><p>"
        + EN_TEXT
        + "</p></article></body></html>"
    )
    prepared = ingest.prepare(html, url="https://example.com/a")
    result = await ingest.store(db, prepared, nlp, feed_id=7)
    assert result.article.feed_id == 7
    assert result.article.title == "Rubio meets Lavrov"
    assert result.article.published_at == datetime(2025, 7, 10, tzinfo=UTC)
    assert await find(db, "rubio", nlp) == [result.article.id]


async def test_refused_article_is_not_stored(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    german = "Die Regierung hat am Montag einen neuen Haushalt beschlossen. Er gilt ab Januar."
    with pytest.raises(UnsupportedLanguageError):
        await ingest.store(db, ingest.prepare(german), nlp)
    assert await count_articles(db) == 0


async def test_resummarize_updates_older_summaries(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    old = await ingest.store(db, ingest.prepare(EN_TEXT, url="https://example.com/a"), nlp)
    current = await ingest.store(db, ingest.prepare(OTHER_EN_TEXT), nlp)
    await db.execute(
        "UPDATE articles SET summary_version = 0, summary_json = ? WHERE id = ?",
        (json.dumps({"version": 0, "source": {"name": "Example News"}}), old.article.id),
    )
    assert await ingest.resummarize(db, nlp, batch=1) == 1
    updated = await articles.by_id(db, article_id=old.article.id)
    assert updated is not None
    assert updated.summary_version == SUMMARY_VERSION
    summary = json.loads(updated.summary_json)
    assert summary["version"] == SUMMARY_VERSION
    assert summary["sentences"]
    assert summary["source"] == {"name": "Example News", "url": "https://example.com/a"}
    unchanged = await articles.by_id(db, article_id=current.article.id)
    assert unchanged == current.article
    assert await ingest.resummarize(db, nlp) == 0


def test_content_hash_ignores_case_and_spacing() -> None:
    assert ingest.content_hash("Hello,  World.\n") == ingest.content_hash("hello, world.")
    assert ingest.content_hash("Hello, World.") != ingest.content_hash("Hello World.")


async def test_feed_entry_time_with_a_yearless_date_is_stored(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    # A feed gives the entry's time (a datetime); "10 July" has no year, so the summariser
    # reckons it from the published day: it used to subtract a datetime from a date.
    prepared = ingest.prepare(EN_TEXT + " The talks were held on 10 July.", url="https://e.x/1")
    published = datetime(2025, 7, 11, 9, 30, tzinfo=UTC)
    prepared = ingest.PreparedArticle(
        article=dataclasses.replace(prepared.article, published=published),
        page_text=prepared.page_text,
    )
    result = await ingest.store(db, prepared, nlp)
    assert result.new
    assert result.article.published_at == published
    assert "2025-07-10" in json.loads(result.article.summary_json)["when"]
