"""How a new article reaches the chats that follow a name or word of it: every person it
mentions counts (not only the main actors), who may see it is checked once, and each chat's
choice is kept — at once, held through its quiet hours, or in its digest (also past the
daily limit)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import aiosqlite
import pytest

from bot import scheduler as jobs
from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.errors import StorageError
from bot.services import follows, ingest
from bot.services.context import Services
from bot.storage import chat_feeds, outbox, subscribers
from tests.factories import subscribe

# Тихановская is named once, inside another's words: not an actor the summary shows.
PASSING = (
    "Президент Франции Эмманюэль Макрон провёл в Париже переговоры с канцлером Германии "
    "Фридрихом Мерцем. Лидеры обсудили поддержку Украины и бюджет Евросоюза. «Мы едины», — "
    "заявил Макрон после встречи. «Мы будем и дальше поддерживать Светлану Тихановскую и всех "
    "белорусов», — добавил Мерц. Переговоры продолжатся в Берлине."
)
TALKS = (
    "Министр иностранных дел России Сергей Лавров провёл в Москве переговоры с главой МИД "
    "Турции. «Мы договорились продолжить консультации», — сказал Лавров журналистам."
)
OTHER_STORY = (
    "Сергей Лавров прилетел в Пекин. В Пекине глава российского МИД обсудит с китайским "
    "коллегой торговлю и визовый режим, сообщили в министерстве."
)
LATER = datetime(2100, 1, 1, tzinfo=UTC)


async def _follow(db: aiosqlite.Connection, nlp: NlpModels, chat_id: int, text: str) -> str:
    result, term = await follows.follow(
        db, Settings(), nlp, chat_id=chat_id, chat_kind="private", language_code="ru",
        text=text,
    )  # fmt: skip
    assert result == "added"
    return term.kind


async def _store(
    db: aiosqlite.Connection, nlp: NlpModels, text: str, url: str, **kw: object
) -> int:
    stored = await ingest.store(db, ingest.prepare(text, url=url), nlp, **kw)  # type: ignore[arg-type]
    return stored.article.id


async def _rows(db: aiosqlite.Connection, table: str) -> list[tuple[object, ...]]:
    async with db.execute(f"SELECT * FROM {table} ORDER BY 1, 2") as cur:  # noqa: S608
        return [tuple(r) for r in await cur.fetchall()]


async def test_a_person_named_once_in_passing_is_matched(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _follow(db, nlp, 1, "Тихановская")
    await _follow(db, nlp, 2, "Тихановской")  # another form: the same key
    await _follow(db, nlp, 3, "Лукашенко")  # not named
    article = await _store(db, nlp, PASSING, "https://a.example/1")
    async with db.execute(
        "SELECT name_key FROM article_names WHERE article_id = ?", (article,)
    ) as cur:
        names = {r[0] for r in await cur.fetchall()}
    assert "светлана тихановский" in names
    found = await follows.matches(db, nlp, article_id=article)
    assert sorted(found) == [1, 2]
    # The summary shows her in Merz's words: the alert begins with the match, then it.
    assert await follows.alert(db, nlp, article_id=article) == 2
    text = next(r.payload["text"] for r in await outbox.due(db, now=LATER, limit=10))
    head, summary = text.split("\n\n", 1)
    assert head == "🔔 Тихановская"
    assert "Светлану Тихановскую" in summary


def test_what_is_a_name_is_read_from_the_dictionary(nlp: NlpModels) -> None:
    kinds = {
        text: follows.parse_term(text, nlp).kind
        for text in ("Санкции", "санкции", "Погода в Минске", "Налбандов", "Свиридов",
                     "Сергей Лавров", "МИД", "Lavrov", "Кремль")
    }  # fmt: skip
    assert kinds == {
        "Санкции": "word",  # a phone capitalises the first letter: still a word
        "санкции": "word",
        "Погода в Минске": "word",
        "Налбандов": "person",  # unknown to the dictionary: a name
        "Свиридов": "person",
        "Сергей Лавров": "person",
        "МИД": "org",
        "Lavrov": "person",
        "Кремль": "word",  # a common noun to the dictionary: matched as a word of the text
    }
    # A surname is keyed as one person («Свиридов», not the plural of «Свирид»).
    assert follows.parse_term("Свиридов", nlp).norm == "свиридов"


async def test_a_chat_added_feed_alerts_only_the_chats_that_have_it(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _follow(db, nlp, 1, "Лавров")
    await _follow(db, nlp, 2, "Лавров")
    feed = await chat_feeds.add_feed(db, url="https://own.example/rss", title="Own")
    assert await chat_feeds.link(db, chat_id=1, feed_id=feed.id)
    article = await _store(db, nlp, TALKS, "https://own.example/1", feed_id=feed.id)
    assert sorted(await follows.matches(db, nlp, article_id=article)) == [1]
    assert await follows.alert(db, nlp, article_id=article) == 1
    assert [r.chat_id for r in await outbox.due(db, now=LATER, limit=10)] == [1]


async def test_quiet_hours_hold_the_alert_and_digest_mode_keeps_a_hit(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    for chat in (1, 2, 3):
        await subscribe(db, chat, lang="ru")
        await _follow(db, nlp, chat, "Лавров")
    # 23:00-08:00 in Minsk (UTC+3): 02:00 UTC is 05:00 there, quiet until 05:00 UTC.
    await db.execute("UPDATE subscribers SET tz = 'Europe/Minsk' WHERE chat_id = 1")
    assert await subscribers.set_follow_delivery(db, chat_id=1, quiet=("23:00", "08:00"))
    assert await subscribers.set_follow_delivery(db, chat_id=2, follow_alerts="digest")
    await db.execute("UPDATE subscribers SET thread_id = 7 WHERE chat_id = 3")
    await db.commit()
    article = await _store(db, nlp, TALKS, "https://a.example/1")
    now = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)
    assert await follows.alert(db, nlp, article_id=article, now=now) == 3
    due_now = await outbox.due(db, now=now, limit=10)
    assert [(r.chat_id, r.payload.get("thread_id")) for r in due_now] == [(3, 7)]
    held = await outbox.due(db, now=datetime(2026, 12, 7, 5, 0, tzinfo=UTC), limit=10)
    assert sorted(r.chat_id for r in held) == [1, 3]
    assert await _rows(db, "follow_hits") == [(2, article, "Лавров", int(now.timestamp()))]


async def test_past_the_daily_limit_alerts_wait_for_the_digest(
    db: aiosqlite.Connection, nlp: NlpModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follows, "PER_DAY", 1)
    await subscribe(db, 1, lang="ru")  # it gets a daily digest
    await _follow(db, nlp, 1, "Лавров")
    first = await _store(db, nlp, TALKS, "https://a.example/1")
    second = await _store(db, nlp, OTHER_STORY, "https://b.example/2")
    now = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    assert await follows.alert(db, nlp, article_id=first, now=now) == 1
    assert await follows.alert(db, nlp, article_id=second, now=now + timedelta(hours=1)) == 1
    assert [r.payload["article_id"] for r in await outbox.due(db, now=LATER, limit=10)] == [first]
    assert [row[:2] for row in await _rows(db, "follow_hits")] == [(1, second)]
    # A day later the limit is free again.
    third = await _store(db, nlp, OTHER_STORY.replace("Пекин", "Дели"), "https://c.example/3")
    assert (
        await follows.alert(db, nlp, article_id=third, now=now + timedelta(days=1, hours=2)) == 1
    )
    assert len(await _rows(db, "follow_hits")) == 1


async def test_an_english_name_matches_every_mention(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    assert await _follow(db, nlp, 1, "Lavrov") == "person"
    await _follow(db, nlp, 2, "Rubio")
    await _follow(db, nlp, 3, "Blinken")  # not named
    text = (
        "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Marco Rubio in "
        "Kuala Lumpur on Thursday. Lavrov told reporters the talks were useful. The two "
        "discussed Ukraine and the work of their embassies."
    )
    article = await _store(db, nlp, text, "https://en.example/1")
    assert sorted(await follows.matches(db, nlp, article_id=article)) == [1, 2]


async def test_a_match_the_summary_does_not_show_comes_with_its_sentence(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _follow(db, nlp, 1, "Туск")
    await _follow(db, nlp, 2, "визы")  # a word outside the summary's sentences
    text = (
        "Президент Франции Эмманюэль Макрон провёл в Париже переговоры с канцлером Германии "
        "Фридрихом Мерцем. Лидеры обсудили поддержку Украины и бюджет Евросоюза. «Мы едины», — "
        "заявил Макрон после встречи. Мерц добавил, что план будет готов к весне. Днём раньше "
        "премьер Польши Дональд Туск говорил о другом: о визах для студентов. Переговоры "
        "продолжатся в Берлине."
    )
    article = await _store(db, nlp, text, "https://a.example/tusk")
    assert await follows.alert(db, nlp, article_id=article) == 2
    texts = {r.chat_id: r.payload["text"] for r in await outbox.due(db, now=LATER, limit=10)}
    # Туск is among the actors the summary shows: nothing to add.
    assert texts[1].split("\n\n", 1)[0] == "🔔 Туск"
    assert "Дональд Туск" in texts[1].split("\n\n", 1)[1]
    # The visas are in no sentence, actor or quote it shows: their sentence comes first.
    head, summary = texts[2].split("\n\n", 1)
    assert "виз" not in summary
    assert head == (
        "🔔 визы\n<i>Днём раньше премьер Польши Дональд Туск говорил о другом: о визах для "
        "студентов.</i>"
    )


@pytest.mark.parametrize(
    ("text", "alerted"),
    [
        ("Лавров заявил журналистам, что переговоры в Анкаре прошли успешно.", True),
        ("С. Лавров заявил журналистам, что переговоры в Анкаре прошли успешно.", True),
        ("Сергей Викторович Лавров заявил, что переговоры в Анкаре прошли успешно.", True),
        # Another Лавров: the surname alone is his, not the followed one's.
        ("Тренер Иван Лавров заявил, что команда готова. Лавров ждёт победы в Анкаре.", False),
        ("Переговоры в Анкаре прошли успешно, сообщили в министерстве.", False),
    ],
)
async def test_a_person_followed_by_full_name_is_found_by_surname(
    db: aiosqlite.Connection, nlp: NlpModels, text: str, alerted: bool
) -> None:
    assert await _follow(db, nlp, 1, "Сергей Лавров") == "person"
    article = await _store(db, nlp, text, "https://a.example/surname")
    assert (1 in await follows.matches(db, nlp, article_id=article)) is alerted


def test_a_surname_is_the_word_read_as_one(nlp: NlpModels) -> None:
    assert follows.parse_term("Сергей Лавров", nlp).surname == "лавров"
    assert follows.parse_term("Лавров Сергей", nlp).surname == "лавров"
    assert follows.parse_term("Лавров", nlp).surname is None  # the key itself
    assert follows.parse_term("санкции ЕС", nlp).surname is None  # a word


async def _pending(db: aiosqlite.Connection) -> list[int]:
    async with db.execute("SELECT article_id FROM follow_pending ORDER BY 1") as cur:
        return [r[0] for r in await cur.fetchall()]


async def test_an_article_never_looked_at_is_alerted_by_the_next_poll_job(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    """Stored by another process (the CLI's ingest) or before a stop in the middle of a
    poll: the next poll job alerts its followers; a chat's own text is never pending."""
    await _follow(db, nlp, 1, "Лавров")
    article = await _store(db, nlp, TALKS, "https://a.example/1")  # the operator's: shared
    await _store(db, nlp, OTHER_STORY, "https://b.example/2", submitted_by=9)  # a chat's own
    assert await _pending(db) == [article]
    woken: list[bool] = []
    services = Services(
        settings=Settings(_env_file=None),  # type: ignore[call-arg]
        db=db, reader=db, nlp=nlp, wake_outbox=lambda: woken.append(True),
    )  # fmt: skip
    await jobs.poll_feeds(services)
    assert [r.chat_id for r in await outbox.due(db, now=LATER, limit=10)] == [1]
    assert woken and await _pending(db) == []
    await jobs.poll_feeds(services)  # once
    assert len(await outbox.due(db, now=LATER, limit=10)) == 1


async def test_a_failed_alert_stays_pending_until_too_old(
    db: aiosqlite.Connection, nlp: NlpModels, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _follow(db, nlp, 1, "Лавров")
    article = await _store(db, nlp, TALKS, "https://a.example/1")

    async def failing(*_args: object, **_kwargs: object) -> None:
        raise StorageError("database is locked")

    with monkeypatch.context() as patch:
        patch.setattr(follows, "_alerts", failing)
        assert await follows.alert_pending(db, nlp) == 0
    assert await _pending(db) == [article]  # tried again next time
    later = datetime.now(tz=UTC) + follows.PENDING_MAX_AGE + timedelta(minutes=1)
    assert await follows.alert_pending(db, nlp, now=later) == 0  # no news any more
    assert await _pending(db) == []
    assert await outbox.due(db, now=LATER, limit=10) == []


async def test_old_news_brings_no_alert(db: aiosqlite.Connection, nlp: NlpModels) -> None:
    """A new feed's archive, an old page: published long before, no alert; published
    today, an alert."""
    await _follow(db, nlp, 1, "Лавров")
    now = datetime.now(tz=UTC)
    for n, published in enumerate((now - timedelta(days=30), now - timedelta(hours=3))):
        prepared = ingest.prepare(TALKS + f" Выпуск {n}.", url=f"https://a.example/{n}")
        prepared = replace(prepared, article=replace(prepared.article, published=published))
        stored = await ingest.store(db, prepared, nlp)
        assert await follows.alert(db, nlp, article_id=stored.article.id, now=now) == n
    assert await _pending(db) == []
