"""/start, /stop, /lang, /help and my_chat_member through the real aiogram stack over HTTP."""

from __future__ import annotations

import time
from itertools import count
from typing import Any

import aiosqlite
from aiogram import Bot, Dispatcher
from aiogram.types import Update

from bot.storage import subscribers
from bot.telegram.texts import (
    ADMINS_ONLY,
    GREETING,
    HELP,
    LANG_SET,
    LANG_USAGE,
    NOT_SUBSCRIBED,
    SEARCH_USAGE,
    STOPPED,
    UNKNOWN_COMMAND,
)
from tests.fake_telegram import FakeTelegram
from tests.telegram import test_reading_handlers as reading

# The bot, fake Bot API and Dispatcher fixtures of that file (a fresh Dispatcher per test).
# Its `db` fixture is not taken, so `stack` gets the empty one from conftest.
stack = reading.stack
telegram = reading.telegram

_ids = count(2_000_000)
GROUP = -1001


def _message(
    chat_id: int,
    text: str,
    *,
    user_id: int | None = None,
    language_code: str = "en",
    sender_chat: int | None = None,
) -> Update:
    command = text.split(maxsplit=1)[0]
    chat: dict[str, Any] = (
        {"id": chat_id, "type": "private", "first_name": "T"}
        if chat_id > 0
        else {"id": chat_id, "type": "supergroup", "title": "G"}
    )
    message: dict[str, Any] = {
        "message_id": next(_ids), "date": int(time.time()), "text": text, "chat": chat,
        "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "T",
                 "language_code": language_code},
        "entities": [{"type": "bot_command", "offset": 0, "length": len(command)}],
    }  # fmt: skip
    if sender_chat is not None:
        message["sender_chat"] = chat
        message["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
    return Update.model_validate({"update_id": next(_ids), "message": message})


def _my_chat_member(chat_id: int, old: str, new: str) -> Update:
    me = {"id": 123456, "is_bot": True, "first_name": "newsbrief"}

    def member(status: str) -> dict[str, Any]:
        return {"status": status, "user": me} | ({"until_date": 0} if status == "kicked" else {})

    return Update.model_validate({
        "update_id": next(_ids),
        "my_chat_member": {
            "chat": {"id": chat_id, "type": "private", "first_name": "T"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "T"},
            "date": int(time.time()),
            "old_chat_member": member(old), "new_chat_member": member(new),
        },
    })  # fmt: skip


async def _active(db: aiosqlite.Connection, chat_id: int) -> bool | None:
    stored = await subscribers.get(db, chat_id=chat_id)
    return None if stored is None else stored.active


async def test_start_subscribes_and_greets_in_the_users_language(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, "/start", language_code="ru"))
    await dp.feed_update(bot, _message(2, "/start", language_code="de"))
    assert [s.text for s in telegram.sent] == [GREETING["ru"], GREETING["en"]]
    assert await _active(db, 1)
    assert await _active(db, 2)
    assert await subscribers.count_active(db) == 2


async def test_stop_unsubscribes(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, "/stop"))
    await dp.feed_update(bot, _message(1, "/start"))
    await dp.feed_update(bot, _message(1, "/stop"))
    texts = [s.text for s in telegram.sent]
    assert texts == [NOT_SUBSCRIBED["en"], GREETING["en"], STOPPED["en"]]
    assert await _active(db, 1) is False


async def test_lang_switches_and_is_kept(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(1, "/start", language_code="ru"))
    await dp.feed_update(bot, _message(1, "/lang", language_code="ru"))
    await dp.feed_update(bot, _message(1, "/help", language_code="ru"))
    await dp.feed_update(bot, _message(1, "/latest abc", language_code="ru"))
    await dp.feed_update(bot, _message(1, "/lang ru", language_code="ru"))
    await dp.feed_update(bot, _message(1, "/lang xx", language_code="ru"))
    await dp.feed_update(bot, _message(1, "/lang EN", language_code="ru"))
    texts = [s.text for s in telegram.sent]
    assert texts[1:4] == [LANG_SET["en"], HELP["en"], texts[3]]
    assert texts[3].startswith("Send /latest")  # other commands follow the stored choice
    assert texts[4:] == [LANG_SET["ru"], LANG_USAGE["ru"], LANG_SET["en"]]
    await dp.feed_update(bot, _message(1, "/start", language_code="ru"))
    assert telegram.sent[-1].text == GREETING["en"]


async def test_group_start_needs_an_administrator(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(GROUP, "/start", user_id=7, language_code="ru"))
    assert telegram.sent[-1].text == ADMINS_ONLY["ru"]
    assert await _active(db, GROUP) is None
    await dp.feed_update(bot, _message(GROUP, "/lang en", user_id=7))
    assert telegram.sent[-1].text == ADMINS_ONLY["en"]

    telegram.members[GROUP, 8] = "administrator"
    await dp.feed_update(bot, _message(GROUP, "/start", user_id=8, language_code="ru"))
    assert telegram.sent[-1].text == GREETING["ru"]
    stored = await subscribers.get(db, chat_id=GROUP)
    assert stored is not None
    assert (stored.kind, stored.active, stored.lang) == ("group", True, "ru")

    await dp.feed_update(bot, _message(GROUP, "/stop", user_id=7, language_code="en"))
    assert telegram.sent[-1].text == ADMINS_ONLY["ru"]  # the group's language
    assert await _active(db, GROUP)
    telegram.members[GROUP, 9] = "creator"
    await dp.feed_update(bot, _message(GROUP, "/stop", user_id=9))
    assert telegram.sent[-1].text == STOPPED["ru"]
    assert await _active(db, GROUP) is False


async def test_anonymous_administrator_may_subscribe_the_group(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(GROUP, "/start", sender_chat=GROUP))
    assert telegram.sent[-1].text == GREETING["en"]
    assert await _active(db, GROUP)


async def test_blocking_deactivates_and_start_restores(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _message(3, "/start"))
    await dp.feed_update(bot, _my_chat_member(3, "member", "kicked"))
    stored = await subscribers.get(db, chat_id=3)
    assert stored is not None
    assert (stored.active, stored.deactivated_reason) == (False, "blocked")
    await dp.feed_update(bot, _my_chat_member(3, "kicked", "member"))
    assert await _active(db, 3) is False  # unblocking alone does not subscribe
    await dp.feed_update(bot, _message(3, "/start"))
    assert await _active(db, 3)
    assert len(telegram.sent) == 2  # membership updates are not answered


async def test_stored_language_wins_for_every_reply(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    # An English-speaking Telegram client whose chat chose Russian with /lang.
    await dp.feed_update(bot, _message(4, "/start", language_code="en"))
    await dp.feed_update(bot, _message(4, "/lang ru", language_code="en"))
    await dp.feed_update(bot, _message(4, "/nosuchcommand", language_code="en"))
    assert telegram.sent[-1].text == UNKNOWN_COMMAND["ru"].format(command="/nosuchcommand")
    await dp.feed_update(bot, _message(4, "/search", language_code="en"))
    assert telegram.sent[-1].text == SEARCH_USAGE["ru"]
