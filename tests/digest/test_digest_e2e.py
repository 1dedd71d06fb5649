"""A merged story through the real aiogram stack over HTTP (STYLE C12): /digest shows the
story once and links the other sources' articles, as Telegram parses the message."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiosqlite
from aiogram import Bot

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings
from bot.storage import articles, feeds
from tests.factories import command, subscribe, summary_json
from tests.fake_telegram import FakeTelegram, parse_html

# Three outlets report one flood (in other words), a fourth reports another story of the
# same town, and one outlet a forecast for another day.
ARTICLES = [
    ("Вести", "https://vesti.example/flood",
     "Паводок в Гомеле: подтоплены 40 домов на улице Речной",
     "Вода в реке Сож поднялась за ночь на метр, в Гомеле подтоплены 40 домов на улице "
     "Речной, жителей эвакуируют, сообщили в МЧС.", ["МЧС"], ["Гомель", "Сож"]),
    ("Курьер", "https://kurier.example/a?id=7&lt=1",
     "В Гомеле из-за паводка эвакуируют жителей улицы Речной",
     "МЧС эвакуирует жителей 40 подтопленных домов на улице Речной в Гомеле: уровень Сожа "
     "за ночь вырос на метр.", ["МЧС"], ["Гомель", "Сож"]),
    ("Радио <Сож>", "https://radio.example/news/1",
     "Сож вышел из берегов: в Гомеле подтоплены дома",
     "Уровень воды в Соже за ночь поднялся на метр, в Гомеле на улице Речной подтоплены 40 "
     "домов, сообщает МЧС.", ["МЧС"], ["Гомель", "Сож"]),
    ("Вести", "https://vesti.example/park",
     "В Гомеле открыли новый парк аттракционов",
     "В Гомеле после реконструкции открыли парк аттракционов у Дворца Румянцевых, первые "
     "посетители прокатились на колесе обозрения.", [], ["Гомель"]),
]  # fmt: skip
NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


async def _store(db: aiosqlite.Connection) -> None:
    now = datetime.now(tz=UTC)
    for n, (source, url, title, text, who, where) in enumerate(ARTICLES):
        feed_url = f"https://feeds.example/{n}"
        feed = await feeds.add(db, url=feed_url, title=source)
        assert feed is not None
        await articles.add(
            db, url=url, title=title, text=text, lang="ru", published_at=None,
            feed_id=feed.id, content_hash=f"{n:064x}",
            summary_json=summary_json(title, text, lang="ru", source=source, url=url, who=who,
                                      where=where), summary_version=1,
            search_title=title, search_text=text, ingested_at=now - timedelta(hours=1, minutes=n),
        )  # fmt: skip


async def test_digest_names_and_links_the_other_sources(
    bot: Bot, telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _store(db)
    await subscribe(db, 5, lang="ru", now=datetime.now(tz=UTC) - timedelta(hours=3))
    dp = build_dispatcher(Settings(_env_file=None), nlp, db)  # type: ignore[call-arg]
    await dp.feed_update(bot, command(5, "/digest"))
    (sent,) = telegram.sent
    shown = parse_html(sent.text)
    # The flood is one item; the park, from one of the flood's outlets, another.
    assert sum(title in shown for _, _, title, *_ in ARTICLES[:3]) == 1
    assert shown.count("\n\n1. ") == 1 and shown.count("\n\n2. ") == 1
    assert "\n\n3. " not in shown
    assert "парк аттракционов" in shown
    also = [line for line in shown.splitlines() if line.startswith("Также: ")]
    assert len(also) == 1
    shown_sources = also[0].removeprefix("Также: ").split(", ")
    assert len(shown_sources) == 2
    assert set(shown_sources) < {"Вести", "Курьер", "Радио <Сож>"}
    # Every article is linked once: the shown one by its title, the others from "Также",
    # each URL as it was stored ("&lt=1" is no "<").
    assert sorted(sent.links()) == sorted(url for _, url, *_ in ARTICLES)
