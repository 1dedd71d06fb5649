"""/start, /help, /stop and /lang; a chat that blocks or removes the bot is unsubscribed."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import (
    IS_NOT_MEMBER,
    ChatMemberUpdatedFilter,
    Command,
    CommandObject,
    CommandStart,
)
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.services import subscriptions
from bot.services.context import Services
from bot.telegram.i18n import html_of
from bot.telegram.paging import edit_in_place
from bot.telegram.permissions import chat_kind, may_manage, may_manage_chat_of


class LangChoice(CallbackData, prefix="lang"):
    """A language button of /lang: the locale to switch to."""

    code: str


def _code(message: Message) -> str | None:
    return message.from_user.language_code if message.from_user else None


def language_keyboard(i18n: I18nContext) -> InlineKeyboardMarkup:
    """One button per interface language, each named in its own language; ✓ on the current."""
    builder = InlineKeyboardBuilder()
    for code in subscriptions.LANGUAGES:
        mark = "✓ " if code == i18n.locale else ""
        builder.button(
            text=mark + i18n.get("language-self", code), callback_data=LangChoice(code=code)
        )
    builder.adjust(2)
    return builder.as_markup()


async def start(message: Message, bot: Bot, services: Services, i18n: I18nContext) -> None:
    if not await may_manage_chat_of(message, bot):
        await message.answer(html_of(i18n, "start-admins-only"))
        return
    subscriber = await subscriptions.subscribe(
        services.db,
        services.settings,
        chat_id=message.chat.id,
        kind=chat_kind(message.chat),
        language_code=_code(message),
        # In a forum, the topic /start was sent in is where the digests go.
        thread_id=message.message_thread_id if message.is_topic_message else None,
    )
    with i18n.use_locale(subscriber.lang):  # a returning chat: its own language
        await message.answer(html_of(i18n, "start-greeting"))


async def help_(message: Message, i18n: I18nContext) -> None:
    await message.answer(html_of(i18n, "start-help"))


async def stop(message: Message, bot: Bot, services: Services, i18n: I18nContext) -> None:
    if not await may_manage_chat_of(message, bot):
        await message.answer(html_of(i18n, "start-admins-only"))
        return
    stopped = await subscriptions.unsubscribe(services.db, chat_id=message.chat.id)
    await message.answer(html_of(i18n, "start-stopped" if stopped else "start-not-subscribed"))


async def switch_lang(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    wanted = (command.args or "").strip().lower()
    if not wanted:
        keyboard = language_keyboard(i18n)
        await message.answer(html_of(i18n, "lang-choose"), reply_markup=keyboard)
        return
    if wanted not in subscriptions.LANGUAGES:
        await message.answer(html_of(i18n, "lang-usage"))
        return
    if not await may_manage_chat_of(message, bot):
        await message.answer(html_of(i18n, "start-admins-only"))
        return
    chosen = await subscriptions.set_language(
        services.db,
        services.settings,
        chat_id=message.chat.id,
        kind=chat_kind(message.chat),
        lang=wanted,
        language_code=_code(message),
    )
    with i18n.use_locale(chosen):
        await message.answer(html_of(i18n, "lang-set"))


async def on_lang_button(
    callback: CallbackQuery,
    *,
    callback_data: LangChoice,
    bot: Bot,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    message = callback.message
    if not isinstance(message, Message) or callback_data.code not in subscriptions.LANGUAGES:
        callback_answer.text = i18n.get("prefs-expired")
        return
    if not await may_manage(bot, chat=message.chat, user=callback.from_user):
        callback_answer.text = i18n.get("start-admins-only")
        callback_answer.show_alert = True
        return
    chosen = await subscriptions.set_language(
        services.db,
        services.settings,
        chat_id=message.chat.id,
        kind=chat_kind(message.chat),
        lang=callback_data.code,
        language_code=callback.from_user.language_code,
    )
    with i18n.use_locale(chosen):
        await edit_in_place(message, html_of(i18n, "lang-set"), language_keyboard(i18n))


async def removed(event: ChatMemberUpdated, services: Services) -> None:
    # Blocked in a private chat (kicked), or removed from a group (left/kicked). Being added
    # back changes nothing: the chat subscribes again with /start.
    await subscriptions.blocked(services.db, chat_id=event.chat.id)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(stop, Command("stop"))
    router.message.register(switch_lang, Command("lang"))
    router.callback_query.register(on_lang_button, LangChoice.filter())
    router.my_chat_member.register(
        removed, ChatMemberUpdatedFilter(member_status_changed=IS_NOT_MEMBER)
    )
    return router
