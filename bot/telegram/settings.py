"""/settings: the daily digest's on/off, time, time zone, size and sources, and the language.

One message shows the settings with buttons; each press edits it in place. Typed forms set
exact values: ``/settings time 07:30``, ``/settings tz Минск``, ``/settings size 7``,
``/settings on|off``. In groups only administrators change them.
"""

from __future__ import annotations

from typing import TypedDict

import aiosqlite
from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, Chat, InlineKeyboardMarkup, Message, User
from aiogram.utils.formatting import Bold, Text, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.config import Settings
from bot.digest.schedule import local_time, parse_time
from bot.digest.timezones import zone_label
from bot.services import settings as chat_settings
from bot.services.settings import ChatSettings, SettingsError
from bot.services.subscriptions import LANGUAGES
from bot.telegram.admins import may_manage
from bot.telegram.paging import edit_in_place
from bot.telegram.texts import (
    LANGUAGE_NAMES,
    NEXT_PAGE,
    PREVIOUS_PAGE,
    SETTINGS_ADMINS_ONLY,
    SETTINGS_BUTTONS,
    SETTINGS_DIGEST_OFF,
    SETTINGS_DIGEST_ON,
    SETTINGS_EXPIRED,
    SETTINGS_HINT,
    SETTINGS_LANGUAGE,
    SETTINGS_LAST_FEED,
    SETTINGS_NEXT,
    SETTINGS_NO_FEEDS,
    SETTINGS_NOT_SUBSCRIBED,
    SETTINGS_SIZE,
    SETTINGS_SIZE_USAGE,
    SETTINGS_SOURCES_ALL,
    SETTINGS_SOURCES_HEADER,
    SETTINGS_SOURCES_SOME,
    SETTINGS_TIME_USAGE,
    SETTINGS_TITLE,
    SETTINGS_USAGE,
    SETTINGS_ZONE,
    SETTINGS_ZONE_CHOOSE,
    SETTINGS_ZONE_MATCHES,
    SETTINGS_ZONE_USAGE,
)

SIZES = (3, 5, 7, 10)  # issue 4: the stories-count buttons; /settings size N takes 1..20
FEEDS_PER_PAGE = 6
FEED_LABEL_CHARS = 40
# Offered on the time zone screen: the audience's (Belarus and its neighbours, issue 3).
COMMON_ZONES = (
    "Europe/Minsk", "Europe/Moscow", "Europe/Kyiv", "Europe/Vilnius", "Europe/Warsaw",
    "Europe/Berlin", "Europe/London", "UTC",
)  # fmt: skip

# Typed forms: /settings <word> <value>.
TIME_WORDS = frozenset({"time", "время"})
ZONE_WORDS = frozenset({"tz", "zone", "timezone", "пояс"})
SIZE_WORDS = frozenset({"size", "count", "статей"})
ON_WORDS = frozenset({"on", "вкл"})
OFF_WORDS = frozenset({"off", "выкл"})


class SettingsSet(CallbackData, prefix="st"):
    """Set one field to a value: "on" (1/0), "time" (HHMM: no ':' in callback data),
    "size", "lang", "tz". Values are absolute, so a double press sets the same thing."""

    field: str
    value: str


class SettingsView(CallbackData, prefix="sv"):
    """Show a screen: "main", "tz" or "feeds" (its ``page``)."""

    view: str
    page: int = 0


class SettingsFeed(CallbackData, prefix="sf"):
    """Take (``on``) or leave out a feed, shown on sources page ``page``; feed 0: all."""

    feed_id: int
    on: bool
    page: int


def _kind(chat: Chat) -> str:
    return "private" if chat.type == ChatType.PRIVATE else "group"


class _Who(TypedDict):
    """Whose settings: the service functions' chat keywords."""

    chat_id: int
    kind: str
    language_code: str | None


def _who(chat: Chat, user: User | None) -> _Who:
    return _Who(
        chat_id=chat.id,
        kind=_kind(chat),
        language_code=user.language_code if user is not None else None,
    )


# ---------------------------------------------------------------- screens


def _main(view: ChatSettings) -> tuple[str, InlineKeyboardMarkup]:
    sub = view.subscriber
    lang = sub.lang
    lines: list[Text | Bold] = [Bold(SETTINGS_TITLE[lang])]
    if not sub.active:
        lines.append(Text(SETTINGS_NOT_SUBSCRIBED[lang]))
    if sub.digest_enabled:
        lines.append(Text(SETTINGS_DIGEST_ON[lang].format(time=sub.digest_time)))
        if sub.active and sub.next_digest_at is not None:
            when = local_time(sub.tz, sub.next_digest_at).strftime("%d.%m %H:%M")
            lines.append(Text(SETTINGS_NEXT[lang].format(when=when)))
    else:
        lines.append(Text(SETTINGS_DIGEST_OFF[lang]))
    lines.append(Text(SETTINGS_ZONE[lang].format(zone=zone_label(sub.tz, view.now))))
    lines.append(Text(SETTINGS_SIZE[lang].format(size=sub.digest_size)))
    if view.all_feeds:
        lines.append(Text(SETTINGS_SOURCES_ALL[lang]))
    else:
        sources = SETTINGS_SOURCES_SOME[lang]
        lines.append(Text(sources.format(chosen=view.chosen_count, total=len(view.feeds))))
    lines.append(Text(SETTINGS_LANGUAGE[lang]))
    lines.append(Text("\n" + SETTINGS_HINT[lang]))

    labels = SETTINGS_BUTTONS[lang]
    builder = InlineKeyboardBuilder()
    toggle = "0" if sub.digest_enabled else "1"
    builder.button(
        text=labels["on" if sub.digest_enabled else "off"],
        callback_data=SettingsSet(field="on", value=toggle),
    )
    for key, minutes in (
        ("hour_minus", -60), ("minutes_minus", -15), ("minutes_plus", 15), ("hour_plus", 60),
    ):  # fmt: skip
        moved = chat_settings.shift_time(sub.digest_time, minutes).replace(":", "")
        builder.button(text=labels[key], callback_data=SettingsSet(field="time", value=moved))
    for size in SIZES:
        text = f"• {size} •" if size == sub.digest_size else str(size)
        builder.button(text=text, callback_data=SettingsSet(field="size", value=str(size)))
    builder.button(text=labels["zone"], callback_data=SettingsView(view="tz"))
    builder.button(text=labels["sources"], callback_data=SettingsView(view="feeds"))
    for code in LANGUAGES:
        text = ("✓ " if code == lang else "") + LANGUAGE_NAMES[code]
        builder.button(text=text, callback_data=SettingsSet(field="lang", value=code))
    builder.adjust(1, 4, len(SIZES), 2, len(LANGUAGES))
    return as_list(*lines).as_html(), builder.as_markup()


def _zone_button(zone: str, view: ChatSettings) -> tuple[str, SettingsSet]:
    label = zone_label(zone, view.now)
    mark = "✓ " if zone == view.subscriber.tz else ""
    return mark + label, SettingsSet(field="tz", value=zone)


def _zones(view: ChatSettings) -> tuple[str, InlineKeyboardMarkup]:
    lang = view.subscriber.lang
    zone = zone_label(view.subscriber.tz, view.now)
    builder = InlineKeyboardBuilder()
    for name in COMMON_ZONES:
        text, data = _zone_button(name, view)
        builder.button(text=text, callback_data=data)
    builder.button(text=SETTINGS_BUTTONS[lang]["back"], callback_data=SettingsView(view="main"))
    builder.adjust(2)
    return Text(SETTINGS_ZONE_CHOOSE[lang].format(zone=zone)).as_html(), builder.as_markup()


def _matches(view: ChatSettings, query: str, zones: list[str]) -> tuple[str, InlineKeyboardMarkup]:
    lang = view.subscriber.lang
    builder = InlineKeyboardBuilder()
    for name in zones:
        text, data = _zone_button(name, view)
        builder.button(text=text, callback_data=data)
    builder.button(text=SETTINGS_BUTTONS[lang]["back"], callback_data=SettingsView(view="main"))
    builder.adjust(1)
    question = Text(SETTINGS_ZONE_MATCHES[lang].format(query=query))
    return question.as_html(), builder.as_markup()


def _feeds(view: ChatSettings, page: int) -> tuple[str, InlineKeyboardMarkup]:
    lang = view.subscriber.lang
    labels = SETTINGS_BUTTONS[lang]
    builder = InlineKeyboardBuilder()
    if not view.feeds:
        builder.button(text=labels["back"], callback_data=SettingsView(view="main"))
        return Text(SETTINGS_NO_FEEDS[lang]).as_html(), builder.as_markup()
    pages = (len(view.feeds) + FEEDS_PER_PAGE - 1) // FEEDS_PER_PAGE
    page = max(0, min(page, pages - 1))
    shown = view.feeds[page * FEEDS_PER_PAGE : (page + 1) * FEEDS_PER_PAGE]
    sizes: list[int] = []
    for feed in shown:
        taken = view.takes(feed.id)
        title = feed.title or feed.url
        if len(title) > FEED_LABEL_CHARS:
            title = title[: FEED_LABEL_CHARS - 1] + "…"
        builder.button(
            text=("✅ " if taken else "▫️ ") + title,
            callback_data=SettingsFeed(feed_id=feed.id, on=not taken, page=page),
        )
        sizes.append(1)
    paging = 0
    if page > 0:
        previous = SettingsView(view="feeds", page=page - 1)
        builder.button(text=PREVIOUS_PAGE[lang], callback_data=previous)
        paging += 1
    if page < pages - 1:
        following = SettingsView(view="feeds", page=page + 1)
        builder.button(text=NEXT_PAGE[lang], callback_data=following)
        paging += 1
    if paging:
        sizes.append(paging)
    all_text = ("✓ " if view.all_feeds else "") + labels["all_sources"]
    builder.button(text=all_text, callback_data=SettingsFeed(feed_id=0, on=True, page=page))
    builder.button(text=labels["back"], callback_data=SettingsView(view="main"))
    sizes.append(2)
    builder.adjust(*sizes)
    header = SETTINGS_SOURCES_HEADER[lang]
    if view.all_feeds:
        status = SETTINGS_SOURCES_ALL[lang]
    else:
        status = SETTINGS_SOURCES_SOME[lang].format(
            chosen=view.chosen_count, total=len(view.feeds)
        )
    return as_list(Text(header), Text(status)).as_html(), builder.as_markup()


# ---------------------------------------------------------------- /settings typed


async def settings_command(
    message: Message,
    *,
    command: CommandObject,
    bot: Bot,
    db: aiosqlite.Connection,
    settings: Settings,
    lang: str,
) -> None:
    if not await may_manage(
        bot, chat=message.chat, user=message.from_user, sender_chat=message.sender_chat
    ):
        await message.answer(SETTINGS_ADMINS_ONLY[lang])
        return
    who = _who(message.chat, message.from_user)
    word, _, value = (command.args or "").strip().partition(" ")
    word, value = word.lower(), value.strip()
    if not word:
        view = await chat_settings.current(db, settings, **who)
    elif word in ON_WORDS | OFF_WORDS and not value:
        view = await chat_settings.change(db, settings, **who, digest_enabled=word in ON_WORDS)
    elif word in TIME_WORDS:
        digest_time = parse_time(value)
        if digest_time is None:
            await message.answer(SETTINGS_TIME_USAGE[lang])
            return
        view = await chat_settings.change(db, settings, **who, digest_time=digest_time)
    elif word in SIZE_WORDS:
        size = int(value) if value.isdecimal() and len(value) <= 2 else 0  # noqa: PLR2004
        if not chat_settings.MIN_SIZE <= size <= chat_settings.MAX_SIZE:
            await message.answer(SETTINGS_SIZE_USAGE[lang])
            return
        view = await chat_settings.change(db, settings, **who, digest_size=size)
    elif word in ZONE_WORDS:
        zones = chat_settings.find_zones(value)
        if not zones:
            await message.answer(SETTINGS_ZONE_USAGE[lang])
            return
        if len(zones) > 1:
            view = await chat_settings.current(db, settings, **who)
            html, keyboard = _matches(view, value, zones)
            await message.answer(html, reply_markup=keyboard)
            return
        view = await chat_settings.change(db, settings, **who, tz=zones[0])
    else:
        await message.answer(SETTINGS_USAGE[lang])
        return
    html, keyboard = _main(view)
    await message.answer(html, reply_markup=keyboard)


# ---------------------------------------------------------------- buttons


async def _managed(callback: CallbackQuery, bot: Bot, lang: str) -> tuple[Message | None, str]:
    """The settings message pressed, or None and why not (the line to show the presser)."""
    message = callback.message
    if not isinstance(message, Message):
        return None, SETTINGS_EXPIRED[lang]  # too old to edit: an InaccessibleMessage
    if not await may_manage(bot, chat=message.chat, user=callback.from_user):
        return None, SETTINGS_ADMINS_ONLY[lang]
    return message, ""


async def _edit(message: Message, screen: tuple[str, InlineKeyboardMarkup]) -> None:
    await edit_in_place(message, *screen)


async def _apply(
    db: aiosqlite.Connection, settings: Settings, who: _Who, data: SettingsSet
) -> ChatSettings:
    value = data.value
    if data.field == "on" and value in {"0", "1"}:
        return await chat_settings.change(db, settings, **who, digest_enabled=value == "1")
    if data.field == "time" and len(value) == 4 and value.isdecimal():  # noqa: PLR2004 (HHMM)
        digest_time = f"{value[:2]}:{value[2:]}"
        return await chat_settings.change(db, settings, **who, digest_time=digest_time)
    if data.field == "size" and value.isdecimal() and len(value) <= 2:  # noqa: PLR2004
        return await chat_settings.change(db, settings, **who, digest_size=int(value))
    if data.field == "lang":
        return await chat_settings.change(db, settings, **who, lang=value)
    if data.field == "tz":
        return await chat_settings.change(db, settings, **who, tz=value)
    raise SettingsError(data.field, value)


async def on_set(
    callback: CallbackQuery,
    *,
    callback_data: SettingsSet,
    bot: Bot,
    db: aiosqlite.Connection,
    settings: Settings,
    lang: str,
) -> None:
    notice: str | None = None
    try:
        message, refusal = await _managed(callback, bot, lang)
        if message is None:
            notice = refusal
            return
        try:
            who = _who(message.chat, callback.from_user)
            view = await _apply(db, settings, who, callback_data)
        except SettingsError:
            notice = SETTINGS_EXPIRED[lang]  # callback data we never sent, or outdated
            return
        await _edit(message, _main(view))
    finally:
        await callback.answer(notice, show_alert=notice is not None)


async def on_view(
    callback: CallbackQuery,
    *,
    callback_data: SettingsView,
    bot: Bot,
    db: aiosqlite.Connection,
    settings: Settings,
    lang: str,
) -> None:
    notice: str | None = None
    try:
        message, refusal = await _managed(callback, bot, lang)
        if message is None:
            notice = refusal
            return
        view = await chat_settings.current(db, settings, **_who(message.chat, callback.from_user))
        if callback_data.view == "tz":
            await _edit(message, _zones(view))
        elif callback_data.view == "feeds":
            await _edit(message, _feeds(view, callback_data.page))
        else:
            await _edit(message, _main(view))
    finally:
        await callback.answer(notice, show_alert=notice is not None)


async def on_feed(
    callback: CallbackQuery,
    *,
    callback_data: SettingsFeed,
    bot: Bot,
    db: aiosqlite.Connection,
    settings: Settings,
    lang: str,
) -> None:
    notice: str | None = None
    try:
        message, refusal = await _managed(callback, bot, lang)
        if message is None:
            notice = refusal
            return
        who = _who(message.chat, callback.from_user)
        try:
            if callback_data.feed_id == 0:
                view = await chat_settings.all_feeds(db, settings, **who)
            else:
                view = await chat_settings.choose_feed(
                    db, settings, **who, feed_id=callback_data.feed_id, chosen=callback_data.on
                )
        except SettingsError as exc:
            last = exc.reason == "last_feed"
            notice = (SETTINGS_LAST_FEED if last else SETTINGS_EXPIRED)[lang]
            return
        await _edit(message, _feeds(view, callback_data.page))
    finally:
        await callback.answer(notice, show_alert=notice is not None)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(settings_command, Command("settings"))
    router.callback_query.register(on_set, SettingsSet.filter())
    router.callback_query.register(on_view, SettingsView.filter())
    router.callback_query.register(on_feed, SettingsFeed.filter())
    return router
