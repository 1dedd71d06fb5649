"""Inline mode (issue 15, point 3) through the real aiogram stack over HTTP: ``@bot query``
offers shared summaries to share, found in any word form, paged with next_offset; what a
chat sent and the articles of a feed only chats added are never offered, not even to that
chat's own user; hostile queries and offsets are answered, never an error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.analysis.models import NlpModels
from bot.analysis.search_terms import normalize_for_search
from bot.errors import StorageError
from bot.services import reading
from bot.storage import chat_feeds
from bot.storage import feeds as feed_store
from bot.telegram.inline import MAX_OFFSET, PAGE_SIZE
from tests.factories import add_story, inline_query, say, subscribe
from tests.fake_telegram import MAX_TEXT, FakeTelegram, InlineAnswer, utf16_len

A = 1001  # a private chat (its user has the same id) with its own texts and feed
START = datetime(2026, 1, 1, tzinfo=UTC)
LAVROV_TITLE = "Лавров встретился с Рубио в Куала-Лумпуре"
LAVROV_TEXT = (
    "Министр иностранных дел России Сергей Лавров провёл переговоры с госсекретарём США "
    "Марко Рубио. Стороны обсудили Украину и двустороннюю повестку."
)
BUDGET_STORIES = 25


async def _story(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    n: int,
    title: str | None,
    text: str,
    **fields: object,
) -> None:
    """Store a Russian story indexed as the pipeline indexes it (lemmas of its words)."""
    stored = await add_story(
        db,
        n,
        url=f"https://news.example/{n}",
        title=title,
        text=text,
        search_title=normalize_for_search(title or "", "ru", nlp) or "-",
        search_text=normalize_for_search(text, "ru", nlp),
        source_url=f"https://news.example/{n}",
        **fields,
    )
    assert stored is not None


@pytest.fixture
async def db(db: aiosqlite.Connection, nlp: NlpModels) -> aiosqlite.Connection:
    """An operator's feed with a story about Lavrov and 25 about the budget; chat A's own
    pasted text and its own feed's article, both naming Lavrov and newer than all."""
    operator = await feed_store.add(db, url="https://news.example/rss")
    assert operator is not None
    await _story(db, nlp, 1, LAVROV_TITLE, LAVROV_TEXT, feed_id=operator.id, ingested_at=START)
    for n in range(2, 2 + BUDGET_STORIES):
        await _story(
            db, nlp, n, f"Бюджет города, выпуск {n}", f"Депутаты обсудили бюджет, выпуск {n}.",
            feed_id=operator.id, ingested_at=START + timedelta(minutes=n),
        )  # fmt: skip
    await subscribe(db, A)
    own = await chat_feeds.add_feed(db, url="https://own.example/rss", title="Own")
    assert not own.shared
    assert await chat_feeds.link(db, chat_id=A, feed_id=own.id)
    later = START + timedelta(days=1)
    await _story(
        db, nlp, 100, "Тайная записка о Лаврове", "Частный текст: Лавров и бюджет.",
        submitted_by=A, ingested_at=later,
    )  # fmt: skip
    await _story(
        db, nlp, 101, "Лавров в ленте чата", "Статья из ленты чата: Лавров и бюджет.",
        feed_id=own.id, ingested_at=later,
    )  # fmt: skip
    return db


async def _ask(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    query: str,
    *,
    offset: str = "",
    language_code: str = "en",
) -> InlineAnswer:
    bot, dp = stack
    before = len(telegram.inline_answers)
    await dp.feed_update(bot, inline_query(A, query, offset=offset, language_code=language_code))
    assert not telegram.refused
    assert len(telegram.inline_answers) == before + 1
    return telegram.inline_answers[-1]


PRIVATE_TITLES = {"Тайная записка о Лаврове", "Лавров в ленте чата"}


@pytest.mark.parametrize("query", ["Лаврову", "лавровым", "ЛАВРОВ", "переговорами Лаврова"])
async def test_a_query_finds_the_shared_summary_in_any_word_form(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, query: str
) -> None:
    answer = await _ask(stack, telegram, query)
    (result,) = answer.results  # the chat's own two are never offered, even to its user
    assert result.title == LAVROV_TITLE
    assert result.description is not None
    assert result.description.startswith("Министр иностранных дел России Сергей Лавров")
    assert result.url == "https://news.example/1"
    assert result.parse_mode == "HTML"
    assert result.shown.startswith(LAVROV_TITLE + "\n\nМинистр иностранных дел")
    assert result.links() == ["https://news.example/1"]
    assert answer.next_offset == ""
    assert answer.is_personal is True  # labels in the asker's language
    assert answer.cache_time is not None and answer.cache_time > 0
    assert answer.button is None


async def test_results_are_paged_with_next_offset(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    titles: list[str] = []
    ids: list[str] = []
    offset = ""
    offsets: list[str] = []
    for _ in range(5):
        answer = await _ask(stack, telegram, "бюджета", offset=offset)
        titles += [r.title for r in answer.results]
        ids += [r.id for r in answer.results]
        offsets.append(answer.next_offset)
        offset = answer.next_offset
        if not offset:
            break
    assert offsets == [str(PAGE_SIZE), str(2 * PAGE_SIZE), ""]
    assert len(titles) == BUDGET_STORIES
    assert set(titles) == {f"Бюджет города, выпуск {n}" for n in range(2, 2 + BUDGET_STORIES)}
    assert len(set(ids)) == len(ids)  # no result offered twice across the pages


async def test_an_empty_query_offers_the_newest_shared_summaries(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    first = await _ask(stack, telegram, "")
    assert [r.title for r in first.results] == [
        f"Бюджет города, выпуск {n}"
        for n in range(1 + BUDGET_STORIES, 1 + BUDGET_STORIES - 10, -1)
    ]  # the chat's own two, newer than all, are not among them
    assert first.next_offset == str(PAGE_SIZE)
    last = await _ask(stack, telegram, "   ", offset=str(2 * PAGE_SIZE))
    assert [r.title for r in last.results][-1] == LAVROV_TITLE
    assert len(last.results) == 1 + BUDGET_STORIES - 2 * PAGE_SIZE
    assert last.next_offset == ""
    shown = {r.title for a in telegram.inline_answers for r in a.results}
    assert not shown & PRIVATE_TITLES


async def test_no_word_of_a_chat_is_offered(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    # Words only the pasted text and the chat's feed's article have.
    for query in ("записка", "тайной записки", "ленте чата", "частный текст"):
        answer = await _ask(stack, telegram, query)
        assert answer.results == []
        assert answer.button == {"text": "Nothing found: search in the bot",
                                 "start_parameter": "inline"}  # fmt: skip


async def test_shared_only_when_no_chat_is_known(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    """What inline mode relies on: reading with chat_id None shows neither a chat's own
    text nor a chat-added feed's article; chat A itself sees both."""
    for query in ("Лавров", "бюджет"):
        nobody = await reading.search(db, nlp, query, chat_id=None, limit=50)
        assert not {s.title for s in nobody.items} & PRIVATE_TITLES
        assert nobody.items
        own = await reading.search(db, nlp, query, chat_id=A, limit=50)
        assert {s.title for s in own.items} >= PRIVATE_TITLES
    newest = await reading.latest(db, chat_id=None, limit=50)
    assert newest.total == 1 + BUDGET_STORIES
    assert not {s.title for s in newest.items} & PRIVATE_TITLES


@pytest.mark.parametrize(
    "offset",
    ["abc", "-10", "1e3", "0x10", " 10", "10 ", "٣٠", "１０", str(MAX_OFFSET + 1),
     "9" * 70, "10\x00", "NaN"],
)  # fmt: skip
async def test_hostile_offsets_end_the_list(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, offset: str
) -> None:
    answer = await _ask(stack, telegram, "бюджет", offset=offset)
    assert answer.results == []
    assert answer.next_offset == ""
    assert answer.button is None  # only the first page says "nothing found"


async def test_an_offset_past_the_end_is_empty_and_odd_ones_work(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    assert (await _ask(stack, telegram, "бюджет", offset=str(MAX_OFFSET))).results == []
    odd = await _ask(stack, telegram, "бюджет", offset="23")
    assert len(odd.results) == BUDGET_STORIES - 23
    assert odd.next_offset == ""


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("слово " * 42, "inline-usage"),  # past /search's 200 characters
        ("?! … —", "inline-usage"),  # no word
        ('"OR" NEAR( * -бюджет title:x', "inline-none"),  # FTS5 syntax is plain words
        ("бюджет\x00 OR 1=1; DROP TABLE articles", "inline-none"),
        ("<b>Лавров</b> &amp;", "inline-none"),  # "b" and "amp" are words too
    ],
)
async def test_hostile_queries_are_answered(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, query: str, key: str
) -> None:
    answer = await _ask(stack, telegram, query, language_code="ru")
    assert answer.results == []
    assert answer.button == {"text": say("ru", key), "start_parameter": "inline"}
    assert (await _ask(stack, telegram, "бюджет")).results  # the store is intact


async def test_a_long_untitled_summary_fits_and_keeps_its_link(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    nlp: NlpModels,
) -> None:
    text = "Лавров заявил о переговорах и многом другом. " * 200  # about 9,000 characters
    operator = await feed_store.add(db, url="https://other.example/rss")
    assert operator is not None
    await _story(db, nlp, 200, "", text, feed_id=operator.id, ingested_at=START)
    answer = await _ask(stack, telegram, "заявил")
    (result,) = answer.results
    assert result.title.startswith("Лавров заявил о переговорах") and result.title.endswith("…")
    assert result.description is not None and len(result.description) <= 161
    assert utf16_len(result.shown.strip()) <= MAX_TEXT
    assert result.links() == ["https://news.example/200"]


def test_telegram_is_asked_for_inline_queries(stack: tuple[Bot, Dispatcher]) -> None:
    # Polling and the webhook ask for the update types the handlers use (allowed_updates).
    assert "inline_query" in stack[1].resolve_used_update_types()


async def test_a_store_that_fails_is_told_and_not_cached(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def locked(*_args: object, **_kwargs: object) -> None:
        raise StorageError("database is locked")

    monkeypatch.setattr(reading, "search", locked)
    answer = await _ask(stack, telegram, "бюджет", offset="10", language_code="be")
    assert answer.results == []
    assert answer.button == {"text": say("be", "inline-failed"), "start_parameter": "inline"}
    assert answer.cache_time == 0  # asked again, it is searched again
    assert answer.next_offset == ""
    monkeypatch.undo()
    assert (await _ask(stack, telegram, "бюджет")).results


async def test_each_asker_gets_the_fact_line_in_their_language(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    nlp: NlpModels,
) -> None:
    # (the fixture's summaries name nobody: one that names an organisation)
    operator = await feed_store.add(db, url="https://other.example/rss")
    assert operator is not None
    await _story(
        db, nlp, 300, "МИД о переговорах", "МИД России рассказал о переговорах с Рубио.",
        feed_id=operator.id, ingested_at=START, who=["МИД России"],
    )  # fmt: skip
    english = (await _ask(stack, telegram, "МИД", language_code="en")).results[0].shown
    russian = (await _ask(stack, telegram, "МИД", language_code="ru")).results[0].shown
    assert "МИД России" in english and "МИД России" in russian
    assert english != russian  # the fact line's label, each in the asker's language
