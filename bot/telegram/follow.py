"""/follow NAME|WORD, /following (with a button to stop each, and how alerts come: at once
or in the digest, quiet hours), /unfollow NAME|WORD, /quiet FROM TO|off."""

from __future__ import annotations

import re

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.services import follows, preferences
from bot.services.context import Services
from bot.services.follows import FollowTermError
from bot.services.preferences import FollowDelivery, PreferenceError
from bot.telegram.i18n import html_of
from bot.telegram.paging import edit_in_place
from bot.telegram.permissions import chat_kind, may_manage, may_manage_chat_of


class StopFollowing(CallbackData, prefix="unfollow"):
    """The button that stops following one term; ``key``: follows.key_of (a short hash)."""

    key: str


class AlertMode(CallbackData, prefix="falerts"):
    """The button that makes follow alerts come at once or in the digest."""

    mode: str  # preferences.ALERT_MODES


class QuietHours(CallbackData, prefix="fquiet"):
    """The quiet-hours buttons: "menu" opens the choices, "back" returns to the list, "off"
    turns them off, "HHMM-HHMM" sets them (no colons: they separate callback data)."""

    choice: str


MENU, BACK, OFF = "menu", "back", "off"
# The quiet hours offered as buttons, on the chat's clock; /quiet takes any.
QUIET_CHOICES = (("22:00", "07:00"), ("23:00", "08:00"), ("00:00", "09:00"))
# What /quiet takes for "no quiet hours", in the interface languages.
QUIET_OFF = frozenset({"off", "no", "none", "выкл", "выкл.", "нет", "выключить", "вимк",
                       "вимк.", "вимкнути", "ні", "адключыць"})  # fmt: skip
_TIMES_SPLIT = re.compile(r"\s*[\u2013\u2014]\s*|\s+-\s+|\s+")


def _choice(start: str, end: str) -> str:
    return f"{start.replace(':', '')}-{end.replace(':', '')}"


def _hours(i18n: I18nContext, delivery: FollowDelivery) -> str:
    if delivery.quiet_from is None or delivery.quiet_to is None:
        return i18n.get("quiet-off")
    return i18n.get("quiet-range", **{"from": delivery.quiet_from, "to": delivery.quiet_to})


def _marked(i18n: I18nContext, label: str, chosen: bool) -> str:
    return i18n.get("follow-chosen", label=label) if chosen else label


async def _listing(
    services: Services, i18n: I18nContext, chat_id: int
) -> tuple[str, InlineKeyboardMarkup]:
    found = await follows.following(services.db, chat_id=chat_id)
    delivery = await preferences.follow_delivery(services.db, services.settings, chat_id=chat_id)
    builder = InlineKeyboardBuilder()
    for item in found:
        builder.button(
            text=i18n.get("following-stop", term=item.term_display),
            callback_data=StopFollowing(key=follows.key_of(item)),
        )
    for mode, key in (
        (preferences.ALERTS_INSTANT, "follow-alerts-instant"),
        (preferences.ALERTS_DIGEST, "follow-alerts-digest"),
    ):
        builder.button(
            text=_marked(i18n, i18n.get(key), delivery.alerts == mode),
            callback_data=AlertMode(mode=mode),
        )
    builder.button(
        text=i18n.get("quiet-button", hours=_hours(i18n, delivery)),
        callback_data=QuietHours(choice=MENU),
    )
    builder.adjust(*([1] * len(found)), 2, 1)
    if not found:
        return html_of(i18n, "following-none"), builder.as_markup()
    return html_of(i18n, "following-header", n=len(found)), builder.as_markup()


def _quiet_menu(i18n: I18nContext, delivery: FollowDelivery) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=_marked(i18n, i18n.get("quiet-off"), delivery.quiet_from is None),
        callback_data=QuietHours(choice=OFF),
    )
    for start, end in QUIET_CHOICES:
        label = i18n.get("quiet-range", **{"from": start, "to": end})
        chosen = (delivery.quiet_from, delivery.quiet_to) == (start, end)
        builder.button(
            text=_marked(i18n, label, chosen), callback_data=QuietHours(choice=_choice(start, end))
        )
    builder.button(text=i18n.get("quiet-back"), callback_data=QuietHours(choice=BACK))
    builder.adjust(1, 3, 1)
    text = html_of(i18n, "quiet-menu", zone=delivery.zone, hours=_hours(i18n, delivery))
    return text, builder.as_markup()


async def _allowed(message: Message, bot: Bot, i18n: I18nContext) -> bool:
    if await may_manage_chat_of(message, bot):
        return True
    await message.answer(html_of(i18n, "sources-admins-only"))
    return False


async def follow(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    if not await _allowed(message, bot, i18n):
        return
    user = message.from_user
    try:
        result, term = await follows.follow(
            services.db,
            services.settings,
            services.nlp,
            chat_id=message.chat.id,
            chat_kind=chat_kind(message.chat),
            language_code=None if user is None else user.language_code,
            text=command.args or "",
        )
    except FollowTermError:
        await message.answer(html_of(i18n, "follow-usage"))
        return
    if result == "full":
        await message.answer(html_of(i18n, "follow-full", n=follows.MAX_FOLLOWS))
    elif result == "exists":
        await message.answer(html_of(i18n, "follow-exists", term=term.display))
    else:
        kind = "word" if term.kind == "word" else "name"
        await message.answer(html_of(i18n, "follow-added", term=term.display, kind=kind))


async def following(message: Message, services: Services, i18n: I18nContext) -> None:
    html, keyboard = await _listing(services, i18n, message.chat.id)
    await message.answer(html, reply_markup=keyboard)


async def unfollow(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    if not (command.args or "").strip():
        await following(message, services, i18n)
        return
    if not await _allowed(message, bot, i18n):
        return
    try:
        term = await follows.unfollow(
            services.db, services.nlp, chat_id=message.chat.id, text=command.args or ""
        )
    except FollowTermError:
        await message.answer(html_of(i18n, "follow-usage"))
        return
    shown = " ".join((command.args or "").split())
    if term is None:
        await message.answer(html_of(i18n, "unfollow-unknown", term=shown))
    else:
        await message.answer(html_of(i18n, "unfollow-done", term=term.display))


async def stop_following(
    callback: CallbackQuery,
    *,
    callback_data: StopFollowing,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    if not isinstance(callback.message, Message):
        return  # too old to edit: /following again
    chat = callback.message.chat
    if not await may_manage(bot, chat=chat, user=callback.from_user):
        callback_answer.text = i18n.get("sources-admins-only")
        callback_answer.show_alert = True
        return
    stopped = await follows.unfollow_key(services.db, chat_id=chat.id, key=callback_data.key)
    if stopped is not None:
        callback_answer.text = i18n.get("unfollow-done", term=stopped.term_display)
    html, keyboard = await _listing(services, i18n, chat.id)
    await edit_in_place(callback.message, html, keyboard)


async def quiet(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    words = [w for w in _TIMES_SPLIT.split((command.args or "").strip()) if w]
    if not words:
        delivery = await preferences.follow_delivery(
            services.db, services.settings, chat_id=message.chat.id
        )
        html, keyboard = _quiet_menu(i18n, delivery)
        await message.answer(html, reply_markup=keyboard)
        return
    off = len(words) == 1 and words[0].lower() in QUIET_OFF
    if not off and len(words) != 2:  # noqa: PLR2004 (a start and an end)
        await message.answer(html_of(i18n, "quiet-usage"))
        return
    if not await _allowed(message, bot, i18n):
        return
    user = message.from_user
    try:
        delivery = await preferences.change_follow_delivery(
            services.db,
            services.settings,
            chat_id=message.chat.id,
            kind=chat_kind(message.chat),
            language_code=None if user is None else user.language_code,
            quiet=None if off else (words[0], words[1]),
        )
    except PreferenceError:
        await message.answer(html_of(i18n, "quiet-usage"))
        return
    await message.answer(_quiet_said(i18n, delivery))


def _quiet_said(i18n: I18nContext, delivery: FollowDelivery) -> str:
    if delivery.quiet_from is None or delivery.quiet_to is None:
        return html_of(i18n, "quiet-cleared")
    return html_of(
        i18n,
        "quiet-set",
        zone=delivery.zone,
        **{"from": delivery.quiet_from, "to": delivery.quiet_to},
    )


async def _may_press(
    callback: CallbackQuery, bot: Bot, i18n: I18nContext, callback_answer: CallbackAnswer
) -> Message | None:
    """The message under the pressed button, when the presser may manage its chat."""
    if not isinstance(callback.message, Message):
        return None  # too old to edit: /following again
    if not await may_manage(bot, chat=callback.message.chat, user=callback.from_user):
        callback_answer.text = i18n.get("sources-admins-only")
        callback_answer.show_alert = True
        return None
    return callback.message


async def choose_alerts(
    callback: CallbackQuery,
    *,
    callback_data: AlertMode,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = await _may_press(callback, bot, i18n, callback_answer)
    if message is None:
        return
    try:
        delivery = await preferences.change_follow_delivery(
            services.db,
            services.settings,
            chat_id=message.chat.id,
            kind=chat_kind(message.chat),
            language_code=callback.from_user.language_code,
            alerts=callback_data.mode,
        )
    except PreferenceError as exc:
        if exc.reason == "digest_off":
            callback_answer.text = i18n.get("follow-digest-off")
            callback_answer.show_alert = True
        return
    callback_answer.text = i18n.get(
        "follow-alerts-now-digest"
        if delivery.alerts == preferences.ALERTS_DIGEST
        else "follow-alerts-now-instant"
    )
    html, keyboard = await _listing(services, i18n, message.chat.id)
    await edit_in_place(message, html, keyboard)


async def choose_quiet(
    callback: CallbackQuery,
    *,
    callback_data: QuietHours,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = await _may_press(callback, bot, i18n, callback_answer)
    if message is None:
        return
    chat_id = message.chat.id
    choice = callback_data.choice
    if choice == MENU:
        delivery = await preferences.follow_delivery(
            services.db, services.settings, chat_id=chat_id
        )
        html, keyboard = _quiet_menu(i18n, delivery)
        await edit_in_place(message, html, keyboard)
        return
    if choice != BACK:
        start, _, end = choice.partition("-")
        try:
            delivery = await preferences.change_follow_delivery(
                services.db,
                services.settings,
                chat_id=chat_id,
                kind=chat_kind(message.chat),
                language_code=callback.from_user.language_code,
                quiet=None if choice == OFF else (start, end),
            )
        except PreferenceError:
            return  # not a button of ours
        callback_answer.text = (
            i18n.get("quiet-cleared")
            if delivery.quiet_from is None
            else i18n.get(
                "quiet-set",
                zone=delivery.zone,
                **{"from": delivery.quiet_from, "to": delivery.quiet_to},
            )
        )
    html, keyboard = await _listing(services, i18n, chat_id)
    await edit_in_place(message, html, keyboard)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(follow, Command("follow"))
    router.message.register(following, Command("following"))
    router.message.register(unfollow, Command("unfollow"))
    router.message.register(quiet, Command("quiet"))
    router.callback_query.register(stop_following, StopFollowing.filter())
    router.callback_query.register(choose_alerts, AlertMode.filter())
    router.callback_query.register(choose_quiet, QuietHours.filter())
    return router
