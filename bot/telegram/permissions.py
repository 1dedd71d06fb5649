"""Who may do what: anyone manages their private chat, administrators manage a group, and
the operator commands answer ``ADMIN_IDS`` only."""

from __future__ import annotations

from aiogram import Bot
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.filters import Filter
from aiogram.types import Chat, Message, User

from bot.services.context import Services

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


class BotOperator(Filter):
    """Passes messages from one of ``ADMIN_IDS`` (set on the operator commands' router).

    For anyone else the operator commands do not exist: their message goes on to the
    routers after, which answer an unknown command as such.
    """

    async def __call__(self, message: Message, services: Services) -> bool:
        user = message.from_user
        return user is not None and user.id in services.settings.admin_ids


def chat_kind(chat: Chat) -> str:
    """The subscriber kind of a chat: "private", or "group" (supergroups too)."""
    return "private" if chat.type == ChatType.PRIVATE else "group"
