"""/follow NAME|WORD, /following (with a button to stop each), /unfollow NAME|WORD."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

from bot.services import follows
from bot.services.context import Services
from bot.services.follows import FollowTermError
from bot.telegram.i18n import html_of
from bot.telegram.paging import edit_in_place
from bot.telegram.permissions import chat_kind, may_manage, may_manage_chat_of


class StopFollowing(CallbackData, prefix="unfollow"):
    """The button that stops following one term; ``key``: follows.key_of (a short hash)."""

    key: str


async def _listing(
    services: Services, i18n: I18nContext, chat_id: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    found = await follows.following(services.db, chat_id=chat_id)
    if not found:
        return html_of(i18n, "following-none"), None
    builder = InlineKeyboardBuilder()
    for item in found:
        builder.button(
            text=i18n.get("following-stop", term=item.term_display),
            callback_data=StopFollowing(key=follows.key_of(item)),
        )
    builder.adjust(1)
    return html_of(i18n, "following-header", n=len(found)), builder.as_markup()


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
        await message.answer(html_of(i18n, "follow-added", term=term.display))


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


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(follow, Command("follow"))
    router.message.register(following, Command("following"))
    router.message.register(unfollow, Command("unfollow"))
    router.callback_query.register(stop_following, StopFollowing.filter())
    return router
