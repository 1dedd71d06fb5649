"""/follow, /following, its stop buttons and /unfollow through the real aiogram stack; and
the alerts a new article brings (one index lookup, one per story, only to chats that may
see it)."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.services import follows, ingest
from bot.storage import outbox
from tests.factories import command, press, say
from tests.fake_telegram import FakeTelegram, parse_html

TALKS = (
    "Министр иностранных дел России Сергей Лавров провёл в Москве переговоры с главой МИД "
    "Турции. «Мы договорились продолжить консультации», — сказал Лавров журналистам после "
    "встречи. Стороны обсудили новые санкции и торговлю."
)
RETOLD = (
    "Глава МИД России Сергей Лавров провёл в Москве переговоры с министром иностранных дел "
    "Турции. «Мы договорились продолжить консультации», — заявил Лавров после встречи. "
    "Стороны обсудили санкции и торговлю."
)
UNRELATED = (
    "В Минске открылась выставка современного искусства. Организаторы ожидают тысячи "
    "посетителей, экспозиция продлится до конца месяца."
)
OBLIQUE = (
    "Журналисты спросили Захарову о переговорах с Лавровым. Официальный представитель МИД "
    "Мария Захарова ответила, что встреча с Лавровым пройдёт в пятницу в Анкаре."
)


async def test_follow_list_stop_and_unfollow(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    for text in ("/follow", "/follow Лавров", "/follow Лавров", "/follow санкции", "/following"):
        await dp.feed_update(bot, command(1, text))
    texts = [parse_html(m.text) for m in telegram.sent]
    assert texts[:4] == [
        say("en", "follow-usage"),
        say("en", "follow-added", term="Лавров", kind="name"),
        say("en", "follow-exists", term="Лавров"),
        say("en", "follow-added", term="санкции", kind="word"),
    ]
    assert texts[4] == say("en", "following-header", n=2)
    listing = telegram.sent[4]
    buttons = listing.buttons()
    assert [b["text"] for b in buttons][:2] == [  # then how alerts come
        say("en", "following-stop", term="Лавров"),
        say("en", "following-stop", term="санкции"),
    ]
    async with db.execute("SELECT term_norm, kind FROM follows ORDER BY term_norm") as cur:
        assert [tuple(r) for r in await cur.fetchall()] == [
            ("лавров", "person"),
            ("санкция", "word"),
        ]
    await dp.feed_update(bot, press(1, listing.message_id, buttons[0]["callback_data"]))
    (edit,) = telegram.edits
    assert parse_html(edit.text) == say("en", "following-header", n=1)
    assert telegram.answered[-1]["text"] == say("en", "unfollow-done", term="Лавров")
    await dp.feed_update(bot, command(1, "/unfollow санкциями"))
    await dp.feed_update(bot, command(1, "/unfollow санкциями"))
    await dp.feed_update(bot, command(1, "/following"))
    texts = [parse_html(m.text) for m in telegram.sent[5:]]
    assert texts == [
        say("en", "unfollow-done", term="санкциями"),
        say("en", "unfollow-unknown", term="санкциями"),
        say("en", "following-none"),
    ]
    # Another chat's list is its own.
    await dp.feed_update(bot, command(2, "/follow Песков"))
    await dp.feed_update(bot, command(1, "/following"))
    assert parse_html(telegram.sent[-1].text) == say("en", "following-none")


async def test_follow_limit(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(follows, "MAX_FOLLOWS", 2)
    bot, dp = stack
    for word in ("нефть", "газ", "уголь"):
        await dp.feed_update(bot, command(1, f"/follow {word}"))
    assert parse_html(telegram.sent[-1].text) == say("en", "follow-full", n=2)


async def _follow(db: aiosqlite.Connection, nlp: NlpModels, chat_id: int, text: str) -> None:
    result, _term = await follows.follow(
        db, Settings(), nlp, chat_id=chat_id, chat_kind="private", language_code="ru",
        text=text,
    )  # fmt: skip
    assert result == "added"


async def _queued(db: aiosqlite.Connection) -> list[tuple[int, str]]:
    now = datetime(2100, 1, 1, tzinfo=UTC)
    return [(r.chat_id, r.payload["text"]) for r in await outbox.due(db, now=now, limit=100)]


async def test_alerts_by_name_and_word_once_per_story_and_private(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _follow(db, nlp, 1, "Лавров")  # a person: actor or speaker
    await _follow(db, nlp, 2, "санкциях")  # a word, in any form
    await _follow(db, nlp, 3, "Захарова")
    await _follow(db, nlp, 4, "Песков")  # named by no article
    talks = await ingest.store(db, ingest.prepare(TALKS, url="https://a.example/1"), nlp)
    assert await follows.alert(db, nlp, article_id=talks.article.id) == 2
    queued = await _queued(db)
    assert sorted(chat for chat, _ in queued) == [1, 2]
    lavrov = next(text for chat, text in queued if chat == 1)
    assert lavrov.startswith(
        "🔔 Лавров\n<i>«Мы договорились продолжить консультации» — Сергей Лавров</i>"
    )
    assert await follows.alert(db, nlp, article_id=talks.article.id) == 0  # once
    retold = await ingest.store(db, ingest.prepare(RETOLD, url="https://b.example/2"), nlp)
    assert await follows.alert(db, nlp, article_id=retold.article.id) == 0  # the same story
    other = await ingest.store(db, ingest.prepare(UNRELATED), nlp)
    assert await follows.alert(db, nlp, article_id=other.article.id) == 0
    # «Захаровой»/«Захарову» in the text, «Мария Захарова» as an actor: chat 3 follows her;
    # it is chat 5's own text, which no other chat may see.
    oblique = await ingest.store(db, ingest.prepare(OBLIQUE), nlp, submitted_by=5)
    assert await follows.alert(db, nlp, article_id=oblique.article.id) == 0
    shared = await ingest.store(db, ingest.prepare(OBLIQUE, url="https://c.example/3"), nlp)
    assert await follows.alert(db, nlp, article_id=shared.article.id) >= 1
    assert 3 in [chat for chat, _ in await _queued(db)]
    assert 4 not in [chat for chat, _ in await _queued(db)]
