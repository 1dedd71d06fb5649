"""Who may change a chat's subscription and settings: anyone in private, admins in groups."""

from __future__ import annotations

from aiogram import Bot
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.types import Chat, Message, User

_ADMIN = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})


async def may_manage(
    bot: Bot, *, chat: Chat, user: User | None, sender_chat: Chat | None = None
) -> bool:
    """Anyone manages their private chat; in a group only its administrators (issue 3)."""
    if chat.type == ChatType.PRIVATE:
        return True
    if sender_chat is not None and sender_chat.id == chat.id:
        return True  # an anonymous administrator, writing as the group itself
    if user is None:
        return False
    member = await bot.get_chat_member(chat.id, user.id)
    return member.status in _ADMIN


async def may_manage_chat_of(message: Message, bot: Bot) -> bool:
    """Whether the sender of ``message`` may manage its chat."""
    return await may_manage(
        bot, chat=message.chat, user=message.from_user, sender_chat=message.sender_chat
    )
