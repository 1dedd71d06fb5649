"""The interface language of each update, found once and handed to handlers as ``lang``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject, User

from bot.services import subscriptions


class LangMiddleware(BaseMiddleware):
    """Outer update middleware: ``data["lang"]`` is the chat's stored choice (/lang), else
    the sender's Telegram language; error handlers see it too (the dict is shared)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        user: User | None = data.get("event_from_user")
        code = user.language_code if user is not None else None
        db: aiosqlite.Connection = data.get("reader") or data["db"]
        if chat is not None:
            data["lang"] = await subscriptions.ui_lang_of(db, chat.id, code)
        else:
            data["lang"] = subscriptions.language_of(code)
        return await handler(event, data)
