"""/start, /help, /stop and /lang; a chat that blocks or removes the bot is unsubscribed."""

from __future__ import annotations

import aiosqlite
from aiogram import Bot, Router
from aiogram.enums import ChatMemberStatus, ChatType
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
from bot.telegram.texts import (
    ADMINS_ONLY,
    GREETING,
    HELP,
    LANG_SET,
    LANG_USAGE,
    NOT_SUBSCRIBED,
    STOPPED,
)

router = Router(name=__name__)

_ADMIN = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})


def _code(message: Message) -> str | None:
    return message.from_user.language_code if message.from_user else None


def _kind(message: Message) -> str:
    return "private" if message.chat.type == ChatType.PRIVATE else "group"


async def _may_manage(message: Message, bot: Bot) -> bool:
    """Anyone manages their private chat; in a group only its administrators (issue 3)."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    if message.sender_chat is not None and message.sender_chat.id == message.chat.id:
        return True  # an anonymous administrator, writing as the group itself
    if message.from_user is None:
        return False
    member = await bot.get_chat_member(message.chat.id, message.from_user.id)
    return member.status in _ADMIN


async def _lang(message: Message, db: aiosqlite.Connection) -> str:
    return await subscriptions.ui_lang_of(db, message.chat.id, _code(message))


@router.message(CommandStart())
async def start(message: Message, bot: Bot, db: aiosqlite.Connection, settings: Settings) -> None:
    if not await _may_manage(message, bot):
        await message.answer(ADMINS_ONLY[await _lang(message, db)])
        return
    subscriber = await subscriptions.subscribe(
        db, settings, chat_id=message.chat.id, kind=_kind(message), language_code=_code(message)
    )
    await message.answer(GREETING[subscriber.lang])


@router.message(Command("help"))
async def help_(message: Message, db: aiosqlite.Connection) -> None:
    await message.answer(HELP[await _lang(message, db)])


@router.message(Command("stop"))
async def stop(message: Message, bot: Bot, db: aiosqlite.Connection) -> None:
    lang = await _lang(message, db)
    if not await _may_manage(message, bot):
        await message.answer(ADMINS_ONLY[lang])
        return
    stopped = await subscriptions.unsubscribe(db, chat_id=message.chat.id)
    await message.answer((STOPPED if stopped else NOT_SUBSCRIBED)[lang])


@router.message(Command("lang"))
async def lang(
    message: Message,
    command: CommandObject,
    bot: Bot,
    db: aiosqlite.Connection,
    settings: Settings,
) -> None:
    wanted = (command.args or "").strip().lower() or None
    if wanted is not None and wanted not in subscriptions.LANGUAGES:
        await message.answer(LANG_USAGE[await _lang(message, db)])
        return
    if not await _may_manage(message, bot):
        await message.answer(ADMINS_ONLY[await _lang(message, db)])
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


@router.my_chat_member(ChatMemberUpdatedFilter(member_status_changed=IS_NOT_MEMBER))
async def removed(event: ChatMemberUpdated, db: aiosqlite.Connection) -> None:
    # Blocked in a private chat (kicked), or removed from a group (left/kicked). Being added
    # back changes nothing: the chat subscribes again with /start.
    await subscriptions.blocked(db, chat_id=event.chat.id)
