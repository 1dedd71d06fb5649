"""/start, /help, /stop and /lang; a chat that blocks or removes the bot is unsubscribed."""

from __future__ import annotations

import aiosqlite
from aiogram import Bot, Router
from aiogram.enums import ChatType
from aiogram.filters import (
    IS_NOT_MEMBER,
    ChatMemberUpdatedFilter,
    Command,
    CommandObject,
    CommandStart,
)
from aiogram.types import ChatMemberUpdated, Message

from bot.config import Settings
from bot.services import subscriptions
from bot.telegram.admins import may_manage_chat_of
from bot.telegram.texts import (
    ADMINS_ONLY,
    GREETING,
    HELP,
    LANG_SET,
    LANG_USAGE,
    NOT_SUBSCRIBED,
    STOPPED,
)


def _code(message: Message) -> str | None:
    return message.from_user.language_code if message.from_user else None


def _kind(message: Message) -> str:
    return "private" if message.chat.type == ChatType.PRIVATE else "group"


async def start(
    message: Message, bot: Bot, db: aiosqlite.Connection, settings: Settings, lang: str
) -> None:
    if not await may_manage_chat_of(message, bot):
        await message.answer(ADMINS_ONLY[lang])
        return
    subscriber = await subscriptions.subscribe(
        db, settings, chat_id=message.chat.id, kind=_kind(message), language_code=_code(message)
    )
    await message.answer(GREETING[subscriber.lang])


async def help_(message: Message, lang: str) -> None:
    await message.answer(HELP[lang])


async def stop(message: Message, bot: Bot, db: aiosqlite.Connection, lang: str) -> None:
    if not await may_manage_chat_of(message, bot):
        await message.answer(ADMINS_ONLY[lang])
        return
    stopped = await subscriptions.unsubscribe(db, chat_id=message.chat.id)
    await message.answer((STOPPED if stopped else NOT_SUBSCRIBED)[lang])


async def switch_lang(
    message: Message,
    *,
    command: CommandObject,
    bot: Bot,
    db: aiosqlite.Connection,
    settings: Settings,
    lang: str,
) -> None:
    wanted = (command.args or "").strip().lower() or None
    if wanted is not None and wanted not in subscriptions.LANGUAGES:
        await message.answer(LANG_USAGE[lang])
        return
    if not await may_manage_chat_of(message, bot):
        await message.answer(ADMINS_ONLY[lang])
        return
    chosen = await subscriptions.set_language(
        db,
        settings,
        chat_id=message.chat.id,
        kind=_kind(message),
        lang=wanted,
        language_code=_code(message),
    )
    await message.answer(LANG_SET[chosen])


async def removed(event: ChatMemberUpdated, db: aiosqlite.Connection) -> None:
    # Blocked in a private chat (kicked), or removed from a group (left/kicked). Being added
    # back changes nothing: the chat subscribes again with /start.
    await subscriptions.blocked(db, chat_id=event.chat.id)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(stop, Command("stop"))
    router.message.register(switch_lang, Command("lang"))
    router.my_chat_member.register(
        removed, ChatMemberUpdatedFilter(member_status_changed=IS_NOT_MEMBER)
    )
    return router
