"""/said NAME through the real aiogram stack: quotes stored at ingest, found by any form of
any word of the speaker's name, only from the articles the chat may see, paged."""

from __future__ import annotations

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.analysis.models import NlpModels
from bot.services import ingest
from bot.telegram.said import SaidPageData
from tests.factories import command, press, say
from tests.fake_telegram import FakeTelegram, parse_html

TALKS = (
    "Министр иностранных дел России Сергей Лавров провёл в Москве переговоры с главой МИД "
    "Турции. «{quote}», — сказал Лавров журналистам после встречи. По его словам, стороны "
    "обсудили ситуацию в регионе и торговлю."
)
SHARED = "Мы договорились продолжить консультации по всем вопросам"
PRIVATE = "Тайные переговоры продолжатся в четверг в Анкаре"
OTHER = (
    "Официальный представитель Кремля Дмитрий Песков ответил на вопросы журналистов. "
    "«Президент проведёт совещание по экономике», — сказал Песков."
)


async def _store(db: aiosqlite.Connection, nlp: NlpModels, text: str, **kw: int) -> None:
    stored = await ingest.store(db, ingest.prepare(text), nlp, **kw)
    assert stored.new


@pytest.mark.parametrize("name", ["Лавров", "Лаврова", "сергея лаврова", "ЛАВРОВЫМ"])
async def test_said_finds_a_speaker_by_any_form_and_hides_other_chats_articles(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    nlp: NlpModels,
    name: str,
) -> None:
    await _store(db, nlp, TALKS.format(quote=SHARED))  # the operator's: every chat's
    await _store(db, nlp, TALKS.format(quote=PRIVATE), submitted_by=2)  # chat 2's own
    await _store(db, nlp, OTHER)
    bot, dp = stack
    await dp.feed_update(bot, command(1, f"/said {name}"))
    (sent,) = telegram.sent
    shown = parse_html(sent.text)
    assert shown.startswith(say("en", "said-header", name=name, first=1, last=1))
    assert f"«{SHARED}»" in shown
    assert "Сергей Лавров" in shown
    assert PRIVATE not in shown  # chat 2's article
    assert "стороны обсудили" not in shown  # reported speech is not a direct quote
    assert "Президент" not in shown
    assert sent.buttons() == []

    await dp.feed_update(bot, command(2, f"/said {name}"))
    shown = parse_html(telegram.sent[-1].text)
    assert f"«{SHARED}»" in shown
    assert f"«{PRIVATE}»" in shown
    assert shown.index(PRIVATE) < shown.index(SHARED)  # newest first


async def test_said_usage_and_nobody(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _store(db, nlp, OTHER)
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/said"))
    await dp.feed_update(bot, command(1, "/said ?!"))
    await dp.feed_update(bot, command(1, "/said Лавров"))
    await dp.feed_update(bot, command(1, "/said Пескову", language_code="ru"))
    texts = [parse_html(m.text) for m in telegram.sent]
    assert texts[0] == texts[1] == say("en", "said-usage")
    assert texts[2] == say("en", "said-none", name="Лавров")
    assert texts[3].startswith(say("ru", "said-header", name="Пескову", first=1, last=1))
    assert "«Президент проведёт совещание по экономике»" in texts[3]


async def test_said_pages(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    for n in range(1, 8):
        await _store(db, nlp, TALKS.format(quote=f"Встреча номер {n} прошла в Москве хорошо"))
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/said Лавров"))
    (sent,) = telegram.sent
    shown = parse_html(sent.text)
    assert shown.startswith(say("en", "said-header", name="Лавров", first=1, last=5))
    assert "номер 7" in shown and "номер 3" in shown and "номер 2" not in shown
    (following,) = sent.buttons()
    assert following["text"] == say("en", "page-next")
    await dp.feed_update(bot, press(1, sent.message_id, following["callback_data"]))
    (edit,) = telegram.edits
    shown = parse_html(edit.text)
    assert shown.startswith(say("en", "said-header", name="Лавров", first=6, last=7))
    assert "номер 2" in shown and "номер 1" in shown and "номер 3" not in shown
    buttons = (edit.reply_markup or {})["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == [say("en", "page-previous")]
    expired = SaidPageData(key="0" * 12, offset=5).pack()
    await dp.feed_update(bot, press(1, sent.message_id, expired))
    assert len(telegram.edits) == 1
    assert telegram.answered[-1]["text"] == say("en", "said-expired")


async def test_a_quote_shows_its_articles_own_date_never_when_it_was_stored(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    await _store(db, nlp, TALKS.format(quote=SHARED))
    # (when an article was stored may be when another chat sent it: not shown)
    await db.execute("UPDATE articles SET ingested_at = 1700000000")  # 14.11.2023
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/said Лавров"))
    undated = parse_html(telegram.sent[-1].text)
    assert "Сергей Лавров" in undated
    assert "14.11.2023" not in undated
    await db.execute("UPDATE articles SET published_at = 1765152000")  # 08.12.2025
    await dp.feed_update(bot, command(1, "/said Лавров"))
    assert "Сергей Лавров, 08.12.2025" in parse_html(telegram.sent[-1].text)
