"""How follow alerts come, chosen in the chat: /following's buttons (at once or in the digest,
quiet hours) and /quiet, through the real aiogram stack against the fake Bot API."""

from __future__ import annotations

from typing import Any

import aiosqlite
from aiogram import Bot, Dispatcher

from bot.config import Settings
from bot.services import subscriptions
from tests.factories import command, press, say, stored_subscriber
from tests.fake_telegram import FakeTelegram, parse_html

GROUP, ADMIN, MEMBER = -100500, 7, 8
ZONE = "Europe/Minsk (UTC+3)"  # the default zone (DEFAULT_TIMEZONE)


def _texts(markup: dict[str, Any] | None) -> list[str]:
    rows = (markup or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


def _data(markup: dict[str, Any] | None, text: str) -> str:
    rows = (markup or {}).get("inline_keyboard", [])
    return next(b["callback_data"] for row in rows for b in row if b["text"] == text)


def _chosen(label: str) -> str:
    return say("en", "follow-chosen", label=label)


def _range(start: str, end: str) -> str:
    return say("en", "quiet-range", **{"from": start, "to": end})


async def _quiet_of(db: aiosqlite.Connection, chat_id: int) -> tuple[str, str | None, str | None]:
    chat = await stored_subscriber(db, chat_id)
    return chat.follow_alerts, chat.quiet_from, chat.quiet_to


async def test_buttons_change_how_alerts_come_and_the_screen(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await subscriptions.subscribe(db, Settings(), chat_id=1, kind="private", language_code="en")
    await dp.feed_update(bot, command(1, "/follow санкции"))
    await dp.feed_update(bot, command(1, "/following"))
    listing = telegram.sent[-1]
    instant, digest = say("en", "follow-alerts-instant"), say("en", "follow-alerts-digest")
    quiet_off = say("en", "quiet-button", hours=say("en", "quiet-off"))
    assert parse_html(listing.text) == say("en", "following-header", n=1)
    assert _texts(listing.reply_markup) == [
        say("en", "following-stop", term="санкции"), _chosen(instant), digest, quiet_off,
    ]  # fmt: skip

    # In the digest: stored, the mark moves, a notice says so.
    await dp.feed_update(bot, press(1, listing.message_id, _data(listing.reply_markup, digest)))
    assert await _quiet_of(db, 1) == ("digest", None, None)
    edit = telegram.edits[-1]
    assert _texts(edit.reply_markup)[1:3] == [instant, _chosen(digest)]
    assert telegram.answered[-1]["text"] == say("en", "follow-alerts-now-digest")

    # Quiet hours: the choices, on the chat's clock; one chosen; back on the list.
    await dp.feed_update(bot, press(1, listing.message_id, _data(edit.reply_markup, quiet_off)))
    menu = telegram.edits[-1]
    assert parse_html(menu.text) == say(
        "en", "quiet-menu", zone=ZONE, hours=say("en", "quiet-off")
    )
    assert _texts(menu.reply_markup) == [
        _chosen(say("en", "quiet-off")), _range("22:00", "07:00"), _range("23:00", "08:00"),
        _range("00:00", "09:00"), say("en", "quiet-back"),
    ]  # fmt: skip
    night = _data(menu.reply_markup, _range("23:00", "08:00"))
    await dp.feed_update(bot, press(1, listing.message_id, night))
    assert await _quiet_of(db, 1) == ("digest", "23:00", "08:00")
    assert telegram.answered[-1]["text"] == say(
        "en", "quiet-set", zone=ZONE, **{"from": "23:00", "to": "08:00"}
    )
    back = telegram.edits[-1]
    assert parse_html(back.text) == say("en", "following-header", n=1)
    assert _texts(back.reply_markup)[-1] == say(
        "en", "quiet-button", hours=_range("23:00", "08:00")
    )
    # Opened again: the chosen hours are marked; off turns them off.
    await dp.feed_update(bot, press(1, listing.message_id, _data(back.reply_markup, _texts(
        back.reply_markup)[-1])))  # fmt: skip
    menu = telegram.edits[-1]
    assert _chosen(_range("23:00", "08:00")) in _texts(menu.reply_markup)
    off = _data(menu.reply_markup, say("en", "quiet-off"))
    await dp.feed_update(bot, press(1, listing.message_id, off))
    assert await _quiet_of(db, 1) == ("digest", None, None)
    assert telegram.answered[-1]["text"] == say("en", "quiet-cleared")

    # A forged choice changes nothing.
    await dp.feed_update(bot, press(1, listing.message_id, "fquiet:9999-0700"))
    await dp.feed_update(bot, press(1, listing.message_id, "falerts:weekly"))
    assert await _quiet_of(db, 1) == ("digest", None, None)
    # Back to at once.
    shown = telegram.edits[-1].reply_markup
    await dp.feed_update(bot, press(1, listing.message_id, _data(shown, instant)))
    assert await _quiet_of(db, 1) == ("instant", None, None)
    assert telegram.answered[-1]["text"] == say("en", "follow-alerts-now-instant")


async def test_digest_mode_needs_a_digest(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, command(2, "/following"))  # never subscribed
    listing = telegram.sent[-1]
    assert parse_html(listing.text) == say("en", "following-none")
    digest = _data(listing.reply_markup, say("en", "follow-alerts-digest"))
    await dp.feed_update(bot, press(2, listing.message_id, digest))
    assert telegram.answered[-1]["text"] == say("en", "follow-digest-off")
    assert telegram.answered[-1]["show_alert"] in {True, "true"}
    async with db.execute("SELECT follow_alerts FROM subscribers WHERE chat_id = 2") as cur:
        assert [tuple(r) for r in await cur.fetchall()] in ([], [("instant",)])


async def test_quiet_command(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack

    async def said(text: str) -> str:
        await dp.feed_update(bot, command(3, text))
        return parse_html(telegram.sent[-1].text)

    assert await said("/quiet 22:30 7") == say(
        "en", "quiet-set", zone=ZONE, **{"from": "22:30", "to": "07:00"}
    )
    assert await _quiet_of(db, 3) == ("instant", "22:30", "07:00")
    assert await said("/quiet 13:00 – 15:00") == say(
        "en", "quiet-set", zone=ZONE, **{"from": "13:00", "to": "15:00"}
    )
    usage = say("en", "quiet-usage")
    for bad in ("/quiet 25:00 07:00", "/quiet 8 08:00", "/quiet 22:00", "/quiet a b c",
                "/quiet soon later"):  # fmt: skip
        assert await said(bad) == usage, bad
    assert await _quiet_of(db, 3) == ("instant", "13:00", "15:00")  # nothing lost
    assert await said("/quiet") == say(
        "en", "quiet-menu", zone=ZONE, hours=_range("13:00", "15:00")
    )
    assert await said("/quiet OFF") == say("en", "quiet-cleared")
    assert await _quiet_of(db, 3) == ("instant", None, None)


async def test_in_a_group_only_administrators_change_it(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, db: aiosqlite.Connection
) -> None:
    bot, dp = stack
    telegram.members[GROUP, ADMIN] = "administrator"
    denied = say("en", "sources-admins-only")
    await dp.feed_update(bot, command(GROUP, "/quiet 23:00 08:00", user_id=MEMBER))
    assert parse_html(telegram.sent_to(GROUP)[-1].text) == denied
    # Anyone sees the list; a member's presses are refused with an alert.
    await dp.feed_update(bot, command(GROUP, "/following", user_id=MEMBER))
    listing = telegram.sent_to(GROUP)[-1]
    for text in (say("en", "follow-alerts-digest"), _texts(listing.reply_markup)[-1]):
        data = _data(listing.reply_markup, text)
        await dp.feed_update(bot, press(GROUP, listing.message_id, data, user_id=MEMBER))
        assert telegram.answered[-1]["text"] == denied
        assert telegram.answered[-1]["show_alert"] in {True, "true"}
    await dp.feed_update(bot, press(GROUP, listing.message_id, "fquiet:2200-0700", user_id=MEMBER))
    assert telegram.edits == []
    async with db.execute("SELECT quiet_from FROM subscribers WHERE chat_id = ?", (GROUP,)) as c:
        assert [tuple(r) for r in await c.fetchall()] in ([], [(None,)])
    # The administrator may.
    await dp.feed_update(bot, command(GROUP, "/quiet 23:00 08:00", user_id=ADMIN))
    assert parse_html(telegram.sent_to(GROUP)[-1].text) == say(
        "en", "quiet-set", zone=ZONE, **{"from": "23:00", "to": "08:00"}
    )
    await dp.feed_update(bot, press(GROUP, listing.message_id, "fquiet:off", user_id=ADMIN))
    assert await _quiet_of(db, GROUP) == ("instant", None, None)
