"""/start, /stop, /lang, /help and my_chat_member through the real aiogram stack over HTTP."""

from __future__ import annotations

import aiosqlite
from aiogram import Bot, Dispatcher

from bot.storage import subscribers
from tests.factories import command, count_active, my_chat_member, press, say
from tests.fake_telegram import FakeTelegram

GROUP = -1001


async def _active(db: aiosqlite.Connection, chat_id: int) -> bool | None:
    stored = await subscribers.get(db, chat_id=chat_id)
    return None if stored is None else stored.active


async def test_start_subscribes_and_greets_in_the_users_language(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/start", language_code="ru"))
    await dp.feed_update(bot, command(2, "/start", language_code="de"))
    assert [s.text for s in telegram.sent] == [
        say("ru", "start-greeting"),
        say("en", "start-greeting"),
    ]
    assert await _active(db, 1)
    assert await _active(db, 2)
    assert await count_active(db) == 2


async def test_stop_unsubscribes(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/stop"))
    await dp.feed_update(bot, command(1, "/start"))
    await dp.feed_update(bot, command(1, "/stop"))
    texts = [s.text for s in telegram.sent]
    assert texts == [
        say("en", "start-not-subscribed"),
        say("en", "start-greeting"),
        say("en", "start-stopped"),
    ]
    assert await _active(db, 1) is False


async def test_lang_offers_every_language_and_is_kept(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/start", language_code="ru"))
    await dp.feed_update(bot, command(1, "/lang", language_code="ru"))
    offer = telegram.sent[-1]
    assert offer.text == say("ru", "lang-choose")
    # Each language named in itself, the current one ticked.
    labels = [button["text"] for button in offer.buttons()]
    assert labels == ["✓ Русский", "Беларуская", "Українська", "English"]
    belarusian = offer.buttons()[1]["callback_data"]
    await dp.feed_update(bot, press(1, offer.message_id, belarusian, language_code="ru"))
    (edit,) = await telegram.wait_edited(1)
    assert edit.text == say("be", "lang-set") == "Мова: беларуская."
    rows = (edit.reply_markup or {})["inline_keyboard"]
    assert "✓ Беларуская" in [button["text"] for row in rows for button in row]
    assert (await subscribers.get(db, chat_id=1)).lang == "be"  # type: ignore[union-attr]

    await dp.feed_update(bot, command(1, "/help", language_code="ru"))
    await dp.feed_update(bot, command(1, "/latest abc", language_code="ru"))
    await dp.feed_update(bot, command(1, "/lang uk", language_code="ru"))
    await dp.feed_update(bot, command(1, "/lang xx", language_code="ru"))
    await dp.feed_update(bot, command(1, "/lang EN", language_code="ru"))
    texts = [s.text for s in telegram.sent[2:]]
    # Every command follows the stored choice, not the client's language.
    assert texts == [
        say("be", "start-help"),
        say("be", "latest-usage"),
        say("uk", "lang-set"),
        say("uk", "lang-usage"),
        say("en", "lang-set"),
    ]
    await dp.feed_update(bot, command(1, "/start", language_code="ru"))
    assert telegram.sent[-1].text == say("en", "start-greeting")


async def test_a_new_chat_gets_its_clients_language(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    bot, dp = stack
    for chat_id, code in ((11, "be"), (12, "uk-UA"), (13, "ru"), (14, "pl"), (15, None)):
        await dp.feed_update(bot, command(chat_id, "/help", language_code=code))
    assert [s.text for s in telegram.sent] == [
        say("be", "start-help"),
        say("uk", "start-help"),
        say("ru", "start-help"),
        say("en", "start-help"),
        say("en", "start-help"),
    ]


async def test_group_start_needs_an_administrator(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(GROUP, "/start", user_id=7, language_code="ru"))
    assert telegram.sent[-1].text == say("ru", "start-admins-only")
    assert await _active(db, GROUP) is None
    await dp.feed_update(bot, command(GROUP, "/lang en", user_id=7))
    assert telegram.sent[-1].text == say("en", "start-admins-only")

    telegram.members[GROUP, 8] = "administrator"
    await dp.feed_update(bot, command(GROUP, "/start", user_id=8, language_code="ru"))
    assert telegram.sent[-1].text == say("ru", "start-greeting")
    stored = await subscribers.get(db, chat_id=GROUP)
    assert stored is not None
    assert (stored.kind, stored.active, stored.lang) == ("group", True, "ru")

    await dp.feed_update(bot, command(GROUP, "/stop", user_id=7, language_code="en"))
    assert telegram.sent[-1].text == say("ru", "start-admins-only")  # the group's language
    assert await _active(db, GROUP)
    telegram.members[GROUP, 9] = "creator"
    await dp.feed_update(bot, command(GROUP, "/stop", user_id=9))
    assert telegram.sent[-1].text == say("ru", "start-stopped")
    assert await _active(db, GROUP) is False


async def test_anonymous_administrator_may_subscribe_the_group(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(GROUP, "/start", sender_chat=True))
    assert telegram.sent[-1].text == say("en", "start-greeting")
    assert await _active(db, GROUP)


async def test_blocking_deactivates_and_start_restores(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(3, "/start"))
    await dp.feed_update(bot, my_chat_member(3, "member", "kicked"))
    stored = await subscribers.get(db, chat_id=3)
    assert stored is not None
    assert (stored.active, stored.deactivated_reason) == (False, "blocked")
    await dp.feed_update(bot, my_chat_member(3, "kicked", "member"))
    assert await _active(db, 3) is False  # unblocking alone does not subscribe
    await dp.feed_update(bot, command(3, "/start"))
    assert await _active(db, 3)
    assert len(telegram.sent) == 2  # membership updates are not answered


async def test_stored_language_wins_for_every_reply(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    # An English-speaking Telegram client whose chat chose Russian with /lang.
    await dp.feed_update(bot, command(4, "/start", language_code="en"))
    await dp.feed_update(bot, command(4, "/lang ru", language_code="en"))
    await dp.feed_update(bot, command(4, "/nosuchcommand", language_code="en"))
    assert telegram.sent[-1].text == say("ru", "submit-unknown-command", command="/nosuchcommand")
    await dp.feed_update(bot, command(4, "/search", language_code="en"))
    assert telegram.sent[-1].text == say("ru", "search-usage")
