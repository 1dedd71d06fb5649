"""Flood guard: a user's links and texts beyond the limit are answered politely, not analysed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import Message, TelegramObject

from bot.services.flood import FloodGuard
from bot.telegram.i18n import html_of

# The handler flag that marks analysis: only flagged handlers are counted, so commands,
# stickers and the like never use up a user's allowance.
ANALYSIS_FLAG = "analysis"


class FloodMiddleware(BaseMiddleware):
    """Per-update check of the sender against a FloodGuard, for handlers flagged ``analysis``."""

    def __init__(self, guard: FloodGuard) -> None:
        self.guard = guard

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Message) or not get_flag(data, ANALYSIS_FLAG):
            return await handler(event, data)
        user = event.from_user
        key = user.id if user is not None else event.chat.id
        if self.guard.allow(key):
            return await handler(event, data)
        if self.guard.should_warn(key):
            # Told once per refusal period: answering every message of a flood is a flood.
            await event.answer(html_of(data["i18n"], "submit-too-many"))
        return None
