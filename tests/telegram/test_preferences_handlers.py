"""/settings through the real aiogram stack over HTTP: typed forms and button presses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText
from aiogram.types import Update

from bot.storage import feeds, subscribers
from bot.telegram.paging import edit_in_place
from tests.factories import command, press, say, stored_subscriber
from tests.fake_telegram import FakeTelegram, Sent, parse_html

GROUP = -1002


def _press(
    sent: Sent, data: str, *, user_id: int | None = None, language_code: str = "en"
) -> Update:
    """A press on a button of the bot's message ``sent`` (a settings message)."""
    return press(
        sent.chat_id,
        sent.message_id,
        data,
        user_id=user_id,
        language_code=language_code,
        shown="settings",
    )


def _shown(telegram: FakeTelegram, sent: Sent) -> tuple[str, list[dict[str, Any]]]:
    """The message as it looks now: its last edit, else as sent; text and buttons."""
    edits = [
        e for e in telegram.edits if (e.chat_id, e.message_id) == (sent.chat_id, sent.message_id)
    ]
    if not edits:
        return parse_html(sent.text), sent.buttons()
    rows = (edits[-1].reply_markup or {}).get("inline_keyboard", [])
    return parse_html(edits[-1].text), [b for row in rows for b in row]


def _button(buttons: list[dict[str, Any]], text: str) -> str:
    """The callback data of the button whose label is or contains ``text``."""
    for button in buttons:
        if button["text"] == text:
            return str(button["callback_data"])
    found = [b["callback_data"] for b in buttons if text in b["text"]]
    assert len(found) == 1, (text, [b["text"] for b in buttons])
    return str(found[0])


def _local(sub: subscribers.Subscriber) -> datetime:
    assert sub.next_digest_at is not None
    assert timedelta(0) < sub.next_digest_at - datetime.now(tz=UTC) <= timedelta(days=1)
    return sub.next_digest_at.astimezone(ZoneInfo(sub.tz))


async def _open(bot: Bot, dp: Dispatcher, telegram: FakeTelegram, chat_id: int = 1) -> Sent:
    await dp.feed_update(bot, command(chat_id, "/start"))
    await dp.feed_update(bot, command(chat_id, "/settings"))
    return telegram.sent[-1]


async def test_settings_message_and_digest_toggle(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    sent = await _open(bot, dp, telegram)
    text, buttons = _shown(telegram, sent)
    assert text.startswith("Settings\nDaily digest: every day at 08:00\nNext one: ")
    for line in ("Time zone: Europe/Minsk (UTC+3)", "Stories per digest: 5", "Sources: all",
                 "Language: English", "/settings time 07:30"):  # fmt: skip
        assert line in text
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    await dp.feed_update(bot, _press(sent, _button(buttons, "🔔 Digest on")))
    text, buttons = _shown(telegram, sent)
    assert "Daily digest: off" in text
    assert "Next one" not in text
    assert not (await stored_subscriber(db, 1)).digest_enabled
    await dp.feed_update(bot, _press(sent, _button(buttons, "🔕 Digest off")))
    assert (await stored_subscriber(db, 1)).digest_enabled
    assert len(telegram.answered) == 2
    assert all("text" not in a or not a["text"] for a in telegram.answered)
    # Typed forms too.
    await dp.feed_update(bot, command(1, "/settings off"))
    assert "Daily digest: off" in parse_html(telegram.sent[-1].text)
    await dp.feed_update(bot, command(1, "/settings on"))
    assert (await stored_subscriber(db, 1)).digest_enabled


async def test_time_buttons_and_typed_time_reschedule(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    sent = await _open(bot, dp, telegram)
    _, buttons = _shown(telegram, sent)
    await dp.feed_update(bot, _press(sent, _button(buttons, "+1 h")))
    _, buttons = _shown(telegram, sent)
    await dp.feed_update(bot, _press(sent, _button(buttons, "−15 min")))
    text, _ = _shown(telegram, sent)
    assert "every day at 08:45" in text
    stored = await stored_subscriber(db, 1)
    assert stored.digest_time == "08:45"
    assert _local(stored).strftime("%H:%M") == "08:45"

    await dp.feed_update(bot, command(1, "/settings time 7:30pm"))
    assert "every day at 19:30" in parse_html(telegram.sent[-1].text)
    stored = await stored_subscriber(db, 1)
    assert (stored.digest_time, _local(stored).strftime("%H:%M")) == ("19:30", "19:30")
    when = _local(stored).strftime("%d.%m %H:%M")
    assert f"Next one: {when}" in parse_html(telegram.sent[-1].text)


async def test_time_zone_by_russian_city_offset_and_buttons(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/start"))
    await dp.feed_update(bot, command(1, "/settings tz Варшава"))
    assert "Time zone: Europe/Warsaw (UTC+" in parse_html(telegram.sent[-1].text)
    stored = await stored_subscriber(db, 1)
    assert (stored.tz, _local(stored).strftime("%H:%M")) == ("Europe/Warsaw", "08:00")

    await dp.feed_update(bot, command(1, "/settings tz UTC−11"))
    assert "Time zone: UTC−11" in parse_html(telegram.sent[-1].text)
    stored = await stored_subscriber(db, 1)
    assert (stored.tz, _local(stored).strftime("%H:%M")) == ("Etc/GMT+11", "08:00")

    # Several matches: the bot asks with buttons.
    await dp.feed_update(bot, command(1, "/settings tz santa"))
    question = telegram.sent[-1]
    assert parse_html(question.text) == "Which time zone for “santa”?"
    await dp.feed_update(bot, _press(question, _button(question.buttons(), "Santarem")))
    text, _ = _shown(telegram, question)
    assert "Time zone: America/Santarem (UTC−3)" in text
    assert (await stored_subscriber(db, 1)).tz == "America/Santarem"

    # The time zone screen of the settings message.
    sent = telegram.sent[-1]
    await dp.feed_update(bot, command(1, "/settings"))
    sent = telegram.sent[-1]
    await dp.feed_update(bot, _press(sent, _button(sent.buttons(), "Time zone")))
    text, buttons = _shown(telegram, sent)
    assert text.startswith("Time zone: America/Santarem (UTC−3)")
    await dp.feed_update(bot, _press(sent, _button(buttons, "Europe/Berlin")))
    text, _ = _shown(telegram, sent)
    assert text.startswith("Settings")
    assert "Time zone: Europe/Berlin" in text
    stored = await stored_subscriber(db, 1)
    assert (stored.tz, _local(stored).strftime("%H:%M")) == ("Europe/Berlin", "08:00")


async def test_stories_count(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    sent = await _open(bot, dp, telegram)
    assert [b["text"] for b in sent.buttons() if b["text"].strip("• ").isdecimal()] == [
        "3", "• 5 •", "7", "10",
    ]  # fmt: skip
    await dp.feed_update(bot, _press(sent, _button(sent.buttons(), "7")))
    text, buttons = _shown(telegram, sent)
    assert "Stories per digest: 7" in text
    assert "• 7 •" in [b["text"] for b in buttons]
    assert (await stored_subscriber(db, 1)).digest_size == 7
    await dp.feed_update(bot, command(1, "/settings size 12"))
    assert (await stored_subscriber(db, 1)).digest_size == 12


async def test_sources_are_chosen_on_paged_list(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    ids = []
    for n in range(1, 9):
        feed = await feeds.add(db, url=f"https://example.com/{n}.xml", title=f"Feed {n}")
        assert feed is not None
        ids.append(feed.id)
    sent = await _open(bot, dp, telegram)
    await dp.feed_update(bot, _press(sent, _button(sent.buttons(), "Sources")))
    text, buttons = _shown(telegram, sent)
    assert text.startswith("Digest sources")
    labels = [b["text"] for b in buttons]
    assert labels[:6] == [f"✅ Feed {n}" for n in range(1, 7)]
    assert labels[6:] == ["Next »", "✓ All sources", "« Settings"]

    await dp.feed_update(bot, _press(sent, _button(buttons, "Feed 2")))
    text, buttons = _shown(telegram, sent)
    assert "Sources: 7 of 8" in text
    assert "▫️ Feed 2" in [b["text"] for b in buttons]
    assert await subscribers.feed_ids(db, chat_id=1) == [i for i in ids if i != ids[1]]

    await dp.feed_update(bot, _press(sent, _button(buttons, "Next »")))
    text, buttons = _shown(telegram, sent)
    assert [b["text"] for b in buttons] == [
        "✅ Feed 7", "✅ Feed 8", "« Back", "All sources", "« Settings",
    ]  # fmt: skip
    await dp.feed_update(bot, _press(sent, _button(buttons, "All sources")))
    _, buttons = _shown(telegram, sent)
    assert "✓ All sources" in [b["text"] for b in buttons]
    assert await subscribers.feed_ids(db, chat_id=1) == []

    await dp.feed_update(bot, _press(sent, _button(buttons, "« Settings")))
    text, _ = _shown(telegram, sent)
    assert "Sources: all" in text


async def test_the_last_source_cannot_be_left_out(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    feed = await feeds.add(db, url="https://example.com/only.xml", title="Only")
    assert feed is not None
    sent = await _open(bot, dp, telegram)
    await dp.feed_update(bot, _press(sent, _button(sent.buttons(), "Sources")))
    edits = len(telegram.edits)
    _, buttons = _shown(telegram, sent)
    await dp.feed_update(bot, _press(sent, _button(buttons, "Only")))
    assert telegram.answered[-1]["text"] == say("en", "prefs-last-feed")
    assert len(telegram.edits) == edits
    assert await subscribers.feed_ids(db, chat_id=1) == []


async def test_language_button_switches_the_whole_bot(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    sent = await _open(bot, dp, telegram)
    await dp.feed_update(bot, _press(sent, _button(sent.buttons(), "Русский")))
    text, buttons = _shown(telegram, sent)
    assert text.startswith("Настройки\nДайджест: каждый день в 08:00")
    assert "Язык: русский" in text
    assert "✓ Русский" in [b["text"] for b in buttons]
    assert (await stored_subscriber(db, 1)).lang == "ru"
    await dp.feed_update(bot, command(1, "/help"))
    assert telegram.sent[-1].text == say("ru", "start-help")
    assert "/settings" in say("ru", "start-help")
    assert "/settings" in say("en", "start-help")


async def test_only_group_administrators_change_settings(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    telegram.members[GROUP, 8] = "administrator"
    await dp.feed_update(bot, command(GROUP, "/start", user_id=8))
    await dp.feed_update(bot, command(GROUP, "/settings", user_id=7))
    assert telegram.sent[-1].text == say("en", "prefs-admins-only")
    await dp.feed_update(bot, command(GROUP, "/settings time 09:00", user_id=7))
    assert telegram.sent[-1].text == say("en", "prefs-admins-only")
    assert (await stored_subscriber(db, GROUP)).digest_time == "08:00"

    await dp.feed_update(bot, command(GROUP, "/settings", user_id=8))
    sent = telegram.sent[-1]
    assert parse_html(sent.text).startswith("Settings")
    off = _button(sent.buttons(), "Digest on")
    await dp.feed_update(bot, _press(sent, off, user_id=7))  # a member presses
    assert telegram.answered[-1]["text"] == say("en", "prefs-admins-only")
    assert telegram.edits == []
    assert (await stored_subscriber(db, GROUP)).digest_enabled
    await dp.feed_update(bot, _press(sent, off, user_id=8))  # the administrator
    assert not (await stored_subscriber(db, GROUP)).digest_enabled
    assert len(telegram.edits) == 1


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("/settings foo", say("en", "prefs-usage")),
        ("/settings on please", say("en", "prefs-usage")),
        ("/settings time", say("en", "prefs-time-usage")),
        ("/settings time 25:99", say("en", "prefs-time-usage")),
        ("/settings time <b>", say("en", "prefs-time-usage")),
        ("/settings tz", say("en", "prefs-zone-usage")),
        ("/settings tz Atlantis", say("en", "prefs-zone-usage")),
        ("/settings tz +15", say("en", "prefs-zone-usage")),
        ("/settings size 50", say("en", "prefs-size-usage")),
        ("/settings size 0", say("en", "prefs-size-usage")),
        ("/settings size ten", say("en", "prefs-size-usage")),
    ],
)
async def test_junk_arguments_get_one_line(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    db: aiosqlite.Connection,
    text: str,
    answer: str,
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/start"))
    before = await stored_subscriber(db, 1)
    await dp.feed_update(bot, command(1, text))
    assert telegram.sent[-1].text == answer
    assert await stored_subscriber(db, 1) == before


async def test_user_text_in_the_question_is_escaped(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(1, "/settings tz america<b>"))
    assert telegram.sent[-1].text == say("en", "prefs-zone-usage")
    await dp.feed_update(bot, command(1, "/settings tz san&"))
    assert telegram.sent[-1].text == say("en", "prefs-zone-usage")
    await dp.feed_update(bot, command(1, "/settings tz Indiana"))
    assert parse_html(telegram.sent[-1].text) == "Which time zone for “Indiana”?"


@pytest.mark.parametrize(
    "data", ["st:size:99", "st:size:x", "st:lang:de", "st:tz:Mars/Base", "st:time:2561",
             "st:bogus:1", "st:on:2", "sf:999:1:0"],
)  # fmt: skip
async def test_forged_buttons_change_nothing(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection, data: str
) -> None:
    bot, dp = stack
    sent = await _open(bot, dp, telegram)
    before = await stored_subscriber(db, 1)
    await dp.feed_update(bot, _press(sent, data))
    assert telegram.answered[-1]["text"] == say("en", "prefs-expired")
    assert telegram.edits == []
    assert await stored_subscriber(db, 1) == before


async def test_settings_before_start_are_kept(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(5, "/settings time 06:00"))
    text = parse_html(telegram.sent[-1].text)
    assert "This chat is not subscribed" in text
    assert "Next one" not in text
    assert not (await stored_subscriber(db, 5)).active
    await dp.feed_update(bot, command(5, "/start"))
    stored = await stored_subscriber(db, 5)
    assert (stored.active, stored.digest_time) == (True, "06:00")
    assert _local(stored).strftime("%H:%M") == "06:00"


async def test_unchanged_message_is_not_an_error() -> None:
    class Unchanged:
        async def edit_text(self, *args: object, **kwargs: object) -> None:
            raise TelegramBadRequest(
                method=EditMessageText(text="x"),
                message="Bad Request: message is not modified: specified new message content "
                "and reply markup are exactly the same",
            )

    class Gone:
        async def edit_text(self, *args: object, **kwargs: object) -> None:
            raise TelegramBadRequest(
                method=EditMessageText(text="x"), message="Bad Request: message to edit not found"
            )

    await edit_in_place(Unchanged(), "x", None)  # type: ignore[arg-type]
    with pytest.raises(TelegramBadRequest):
        await edit_in_place(Gone(), "x", None)  # type: ignore[arg-type]
