"""Search: normalised terms found, relevance and recency ranking, hostile input harmless."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest

from bot.storage import articles, search
from tests.factories import count_articles

NOW = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)


async def put(
    conn: aiosqlite.Connection,
    key: str,
    *,
    search_title: str,
    search_text: str,
    age: timedelta = timedelta(hours=1),
    ingested_age: timedelta | None = None,
) -> int:
    """Store an article whose index holds the given (already normalised) words."""
    stored = await articles.add(
        conn,
        url=f"https://example.com/{key}",
        title=key,
        text=f"Original text of {key}.",
        lang="ru",
        published_at=NOW - age,
        feed_id=None,
        content_hash=f"hash-{key}",
        summary_json=json.dumps({"title": key}),
        summary_version=1,
        search_title=search_title,
        search_text=search_text,
        ingested_at=NOW - (age if ingested_age is None else ingested_age) + timedelta(minutes=1),
    )
    assert stored is not None
    return stored.id


async def keys(conn: aiosqlite.Connection, terms: list[str], **kwargs: int) -> list[str]:
    limit = kwargs.pop("limit", 10)
    found = await search.search(conn, query_terms=terms, limit=limit, now=NOW, **kwargs)
    return [a.title or "" for a, _ in found]


@pytest.fixture
async def corpus(db: aiosqlite.Connection) -> aiosqlite.Connection:
    # The normalised strings stand for what the caller's morphology produces:
    # «Лавровым» -> "лавров", "meetings" -> "meet".
    await put(
        db,
        "lavrov",
        search_title="лавров встретиться рубио",
        search_text="министр лавров встретиться с госсекретарь рубио в куала-лумпур",
    )
    await put(
        db,
        "meeting",
        search_title="leader meet in geneva",
        search_text="the meet of leader last two hour",
    )
    await put(db, "weather", search_title="погода в минск", search_text="в минск ожидаться дождь")
    for i in range(5):  # unrelated articles, so that terms are rare as in a real corpus
        await put(db, f"filler{i}", search_title=f"спорт {i}", search_text="футбол матч счёт")
    return db


async def test_terms_are_found(corpus: aiosqlite.Connection) -> None:
    assert await keys(corpus, ["лавров"]) == ["lavrov"]
    assert await keys(corpus, ["meet"]) == ["meeting"]
    assert await keys(corpus, ["МИНСК"]) == ["weather"]  # the tokenizer folds case
    assert await keys(corpus, ["лавров", "рубио"]) == ["lavrov"]  # every term required
    assert await keys(corpus, ["лавров", "минск"]) == []
    assert await keys(corpus, ["nothing"]) == []


async def test_results_carry_article_and_score(corpus: aiosqlite.Connection) -> None:
    [(article, score)] = await search.search(corpus, query_terms=["рубио"], limit=5, now=NOW)
    assert article.url == "https://example.com/lavrov"
    assert article.text == "Original text of lavrov."  # the original, not the index text
    assert score > 0


async def test_empty_queries_find_nothing(corpus: aiosqlite.Connection) -> None:
    assert await keys(corpus, []) == []
    assert await keys(corpus, ["", "  ", "\x00"]) == []


async def test_more_relevant_first(db: aiosqlite.Connection) -> None:
    same_age = timedelta(hours=3)
    await put(
        db,
        "body",
        age=same_age,
        search_title="новость дня",
        search_text="длинный текст " * 20 + "санкция",
    )
    await put(
        db,
        "title",
        age=same_age,
        search_title="санкция против",
        search_text="санкция санкция короткий текст",
    )
    for i in range(5):
        await put(db, f"filler{i}", search_title=f"спорт {i}", search_text="футбол матч")
    assert await keys(db, ["санкция"]) == ["title", "body"]


async def test_recency_breaks_ties(db: aiosqlite.Connection) -> None:
    for key, age in (
        ("old", timedelta(days=5)),
        ("new", timedelta(hours=1)),
        ("middle", timedelta(days=1)),
    ):
        await put(db, key, age=age, search_title="саммит", search_text="саммит в женева")
    for i in range(5):
        await put(db, f"filler{i}", search_title=f"спорт {i}", search_text="футбол матч")
    assert await keys(db, ["саммит"]) == ["new", "middle", "old"]


async def test_much_more_relevant_old_article_beats_a_passing_mention(
    db: aiosqlite.Connection,
) -> None:
    await put(
        db, "old-focus", age=timedelta(days=1), search_title="саммит", search_text="саммит " * 5
    )
    await put(
        db,
        "new-mention",
        age=timedelta(hours=1),
        search_title="новость",
        search_text="длинный текст " * 50 + "саммит",
    )
    for i in range(5):
        await put(db, f"filler{i}", search_title=f"спорт {i}", search_text="футбол матч")
    assert await keys(db, ["саммит"]) == ["old-focus", "new-mention"]


async def test_paging(db: aiosqlite.Connection) -> None:
    for i in range(7):
        await put(
            db, f"a{i}", age=timedelta(hours=i + 1), search_title="выборы", search_text="выборы"
        )
    first = await keys(db, ["выборы"], limit=3)
    second = await keys(db, ["выборы"], limit=3, offset=3)
    third = await keys(db, ["выборы"], limit=3, offset=6)
    assert first == ["a0", "a1", "a2"]
    assert second == ["a3", "a4", "a5"]
    assert third == ["a6"]


async def test_future_dates_do_not_win(db: aiosqlite.Connection) -> None:
    """A published date after ingestion (a feed's mistake) counts as the ingestion time."""
    await put(
        db,
        "liar",
        age=-timedelta(days=30),
        ingested_age=timedelta(0),
        search_title="выборы",
        search_text="x",
    )
    await put(db, "honest", age=timedelta(0), search_title="выборы", search_text="x")
    found = await search.search(db, query_terms=["выборы"], limit=5, now=NOW)
    scores = {a.title: score for a, score in found}
    assert scores["liar"] == pytest.approx(scores["honest"], rel=0.01)  # both count as new


HOSTILE = [
    '"', '""', '"лавров', "*", "лавров*", "NEAR(", "NEAR(лавров рубио)", "OR", "AND", "NOT",
    "лавров OR минск", "-", "-лавров", "^", "title:лавров", "{title text}:лавров", "(", ")",
    "+", ":", "'; DROP TABLE articles; --", "1) OR 1=1 --", "\\", "%", "_", "🙂", "🇧🇾👍",
    "שלום", "مرحبا بالعالم", "\u202eлавров", "\x00лавров", "\n\t", "ла" * 5_000,
    "лавров " * 2_000,
]  # fmt: skip


@pytest.mark.parametrize("query", HOSTILE)
async def test_hostile_terms_are_harmless(corpus: aiosqlite.Connection, query: str) -> None:
    results = await search.search(corpus, query_terms=[query], limit=10, now=NOW)
    assert all(a.url.startswith("https://example.com/") for a, _ in results)
    # And the same text split into terms, as a careless caller might pass it.
    await search.search(corpus, query_terms=query.split(), limit=10, now=NOW)
    assert await count_articles(corpus) == 8


async def test_operators_are_words_not_syntax(corpus: aiosqlite.Connection) -> None:
    assert await keys(corpus, ["лавров OR минск"]) == []  # a phrase, not a disjunction
    assert await keys(corpus, ["-лавров"]) == ["lavrov"]  # "-" is no word character
    assert await keys(corpus, ["\x00лавров"]) == ["lavrov"]


def test_match_expression_quotes_and_bounds_terms() -> None:
    assert search.match_expression([]) is None
    assert search.match_expression(['a"b', "c", "c", " "]) == '"a""b" "c"'
    many = search.match_expression([f"w{i}" for i in range(1000)])
    assert many is not None
    assert many.count('"') == 2 * search.MAX_QUERY_TERMS
    long = search.match_expression(["x" * 10_000])
    assert long is not None
    assert len(long) == search.MAX_TERM_CHARS + 2
