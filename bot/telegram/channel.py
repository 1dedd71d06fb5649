"""/channel @name: link a channel from a private chat; /channel lists them, /channel @name off
unlinks one. Both the user and the bot must be administrators of the channel (the bot with
the right to post): checked with getChatMember when it is linked."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import Command, CommandObject
from aiogram.types import ChatFullInfo, ChatMemberAdministrator, Message
from aiogram_i18n import I18nContext

from bot.services import channels
from bot.services.context import Services
from bot.telegram.i18n import html_of

_ADMIN = frozenset({ChatMemberStatus.CREATOR, ChatMemberStatus.ADMINISTRATOR})
# @name as Telegram allows it: 5 to 32 letters, digits and underscores.
MAX_NAME = 33
OFF_WORDS = frozenset({"off", "выкл", "адкл", "вимк"})  # /channel @name off


async def resolve(bot: Bot, name: str) -> ChatFullInfo | None:
    """The chat named ``@name``, or None if Telegram knows none (or the bot may not see it)."""
    try:
        return await bot.get_chat(name)
    except (TelegramBadRequest, TelegramForbiddenError):
        return None


async def _refusal(bot: Bot, channel: ChatFullInfo, user_id: int) -> str | None:
    """Why the channel cannot be linked by this user (a locale key), or None."""
    if channel.type != ChatType.CHANNEL:
        return "channel-not-channel"
    try:
        user = await bot.get_chat_member(channel.id, user_id)
        me = await bot.get_chat_member(channel.id, bot.id)
    except (TelegramBadRequest, TelegramForbiddenError):
        return "channel-bot-not-admin"  # the bot is not in the channel at all
    if user.status not in _ADMIN:
        return "channel-not-admin"
    if not (isinstance(me, ChatMemberAdministrator) and me.can_post_messages):
        return "channel-bot-not-admin"
    return None


def _name(args: str) -> tuple[str, bool] | None:
    """``@name`` and whether "off" follows it; None when the arguments are not that."""
    words = args.split()
    if not words or len(words) > 2 or not words[0].startswith("@") or len(words[0]) > MAX_NAME:  # noqa: PLR2004
        return None
    off = len(words) == 2 and words[1].lower() in OFF_WORDS  # noqa: PLR2004
    if len(words) == 2 and not off:  # noqa: PLR2004
        return None
    return words[0], off


async def _list(message: Message, bot: Bot, services: Services, i18n: I18nContext) -> None:
    linked = await channels.linked(services.reader, manager_chat_id=message.chat.id)
    if not linked:
        await message.answer(html_of(i18n, "channel-none"))
        return
    lines = [i18n.get("channel-list-header")]
    for channel in linked:
        found = await resolve(bot, str(channel.chat_id))
        title = found.title if found is not None and found.title else str(channel.chat_id)
        lines.append(f"• {title}")
    await message.answer(html_of(i18n, "channel-list", channels="\n".join(lines)))


async def channel_command(
    message: Message, command: CommandObject, bot: Bot, services: Services, i18n: I18nContext
) -> None:
    if message.chat.type != ChatType.PRIVATE or message.from_user is None:
        await message.answer(html_of(i18n, "channel-private-only"))
        return
    args = (command.args or "").strip()
    if not args:
        await _list(message, bot, services, i18n)
        return
    parsed = _name(args)
    if parsed is None:
        await message.answer(html_of(i18n, "channel-usage"))
        return
    name, off = parsed
    found = await resolve(bot, name)
    if found is None:
        await message.answer(html_of(i18n, "channel-not-found", name=name))
        return
    title = found.title or name
    if off:
        done = await channels.unlink(
            services.db, manager_chat_id=message.chat.id, channel_id=found.id
        )
        key = "channel-unlinked" if done else "channel-not-linked"
        await message.answer(html_of(i18n, key, title=title))
        return
    refusal = await _refusal(bot, found, message.from_user.id)
    if refusal is not None:
        await message.answer(html_of(i18n, refusal, title=title))
        return
    channel = await channels.link(
        services.db, services.settings, channel_id=found.id, manager_chat_id=message.chat.id
    )
    await message.answer(
        html_of(i18n, "channel-linked", title=title, time=channel.digest_time, name=name)
    )


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(channel_command, Command("channel"))
    return router
