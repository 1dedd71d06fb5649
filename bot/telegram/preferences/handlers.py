"""/settings typed forms and the screens' buttons; in groups only administrators change them.

Typed forms set exact values: ``/settings time 07:30``, ``/settings tz Минск``,
``/settings size 7``, ``/settings on|off``. Each button press edits the message in place and
is answered by aiogram's CallbackAnswerMiddleware (a refusal as an alert).
"""

from __future__ import annotations

from typing import TypedDict

from aiogram import Bot
from aiogram.filters import CommandObject
from aiogram.types import CallbackQuery, Chat, Message, User
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext

from bot.services import preferences
from bot.services.context import Services
from bot.services.preferences import ChatPreferences, PreferenceError
from bot.telegram.i18n import html_of
from bot.telegram.paging import edit_in_place
from bot.telegram.permissions import chat_kind, may_manage
from bot.telegram.preferences import screens
from bot.telegram.preferences.callbacks import PreferenceFeed, PreferenceSet, PreferenceView

# Typed forms: /settings <word> <value>, in English or in the interface languages.
TIME_WORDS = frozenset({"time", "время", "час"})
ZONE_WORDS = frozenset({"tz", "zone", "timezone", "пояс"})
SIZE_WORDS = frozenset({"size", "count", "статей"})
ON_WORDS = frozenset({"on", "вкл"})
OFF_WORDS = frozenset({"off", "выкл"})


class _Who(TypedDict):
    """Whose preferences: the service functions' chat keywords."""

    chat_id: int
    kind: str
    language_code: str | None


def _who(chat: Chat, user: User | None) -> _Who:
    return _Who(
        chat_id=chat.id,
        kind=chat_kind(chat),
        language_code=user.language_code if user is not None else None,
    )


async def settings_command(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    if not await may_manage(
        bot, chat=message.chat, user=message.from_user, sender_chat=message.sender_chat
    ):
        await message.answer(html_of(i18n, "prefs-admins-only"))
        return
    db, settings = services.db, services.settings
    who = _who(message.chat, message.from_user)
    word, _, value = (command.args or "").strip().partition(" ")
    word, value = word.lower(), value.strip()
    if not word:
        view = await preferences.current(db, settings, **who)
    elif word in ON_WORDS | OFF_WORDS and not value:
        view = await preferences.change(db, settings, **who, digest_enabled=word in ON_WORDS)
    elif word in TIME_WORDS:
        digest_time = preferences.parse_time(value)
        if digest_time is None:
            await message.answer(html_of(i18n, "prefs-time-usage"))
            return
        view = await preferences.change(db, settings, **who, digest_time=digest_time)
    elif word in SIZE_WORDS:
        size = int(value) if value.isdecimal() and len(value) <= 2 else 0  # noqa: PLR2004
        if not preferences.MIN_SIZE <= size <= preferences.MAX_SIZE:
            await message.answer(html_of(i18n, "prefs-size-usage"))
            return
        view = await preferences.change(db, settings, **who, digest_size=size)
    elif word in ZONE_WORDS:
        zones = preferences.find_zones(value)
        if not zones:
            await message.answer(html_of(i18n, "prefs-zone-usage"))
            return
        if len(zones) > 1:
            view = await preferences.current(db, settings, **who)
            html, keyboard = screens.matches(view, value, zones)
            await message.answer(html, reply_markup=keyboard)
            return
        view = await preferences.change(db, settings, **who, tz=zones[0])
    else:
        await message.answer(html_of(i18n, "prefs-usage"))
        return
    html, keyboard = screens.main(view)
    await message.answer(html, reply_markup=keyboard)


async def _managed(
    callback: CallbackQuery, bot: Bot, i18n: I18nContext, answer: CallbackAnswer
) -> Message | None:
    """The settings message pressed, or None with the refusal set as the answer's alert."""
    message = callback.message
    if not isinstance(message, Message):
        refusal = "prefs-expired"  # too old to edit: an InaccessibleMessage
    elif not await may_manage(bot, chat=message.chat, user=callback.from_user):
        refusal = "prefs-admins-only"
    else:
        return message
    answer.text = i18n.get(refusal)
    answer.show_alert = True
    return None


async def _apply(services: Services, who: _Who, data: PreferenceSet) -> ChatPreferences:
    db, settings, value = services.db, services.settings, data.value
    if data.field == "on" and value in {"0", "1"}:
        return await preferences.change(db, settings, **who, digest_enabled=value == "1")
    if data.field == "time" and len(value) == 4 and value.isdecimal():  # noqa: PLR2004 (HHMM)
        digest_time = f"{value[:2]}:{value[2:]}"
        return await preferences.change(db, settings, **who, digest_time=digest_time)
    if data.field == "size" and value.isdecimal() and len(value) <= 2:  # noqa: PLR2004
        return await preferences.change(db, settings, **who, digest_size=int(value))
    if data.field == "lang":
        return await preferences.change(db, settings, **who, lang=value)
    if data.field == "tz":
        return await preferences.change(db, settings, **who, tz=value)
    raise PreferenceError(data.field, value)


async def on_set(
    callback: CallbackQuery,
    *,
    callback_data: PreferenceSet,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = await _managed(callback, bot, i18n, callback_answer)
    if message is None:
        return
    try:
        view = await _apply(services, _who(message.chat, callback.from_user), callback_data)
    except PreferenceError:
        callback_answer.text = i18n.get("prefs-expired")  # data we never sent, or outdated
        callback_answer.show_alert = True
        return
    await edit_in_place(message, *screens.main(view))


async def on_view(
    callback: CallbackQuery,
    *,
    callback_data: PreferenceView,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = await _managed(callback, bot, i18n, callback_answer)
    if message is None:
        return
    who = _who(message.chat, callback.from_user)
    view = await preferences.current(services.db, services.settings, **who)
    if callback_data.view == "tz":
        await edit_in_place(message, *screens.zones(view))
    elif callback_data.view == "feeds":
        await edit_in_place(message, *screens.feeds(view, callback_data.page))
    else:
        await edit_in_place(message, *screens.main(view))


async def on_feed(
    callback: CallbackQuery,
    *,
    callback_data: PreferenceFeed,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = await _managed(callback, bot, i18n, callback_answer)
    if message is None:
        return
    who = _who(message.chat, callback.from_user)
    try:
        if callback_data.feed_id == 0:
            view = await preferences.all_feeds(services.db, services.settings, **who)
        else:
            view = await preferences.choose_feed(
                services.db,
                services.settings,
                **who,
                feed_id=callback_data.feed_id,
                chosen=callback_data.on,
            )
    except PreferenceError as exc:
        last = exc.reason == "last_feed"
        callback_answer.text = i18n.get("prefs-last-feed" if last else "prefs-expired")
        callback_answer.show_alert = True
        return
    await edit_in_place(message, *screens.feeds(view, callback_data.page))
