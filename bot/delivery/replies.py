"""Replies to a user's own command: sent at once, but through the same limiter, first in line.

An aiogram request middleware on the Bot's session: every ``sendMessage`` the handlers make
takes a priority slot of the limiter (the outbox worker's own sends are marked with
``IN_BACKGROUND`` and pace themselves). A 429 on a reply pauses the chat (or everything) and
the reply is tried again after ``retry_after``, twice at most, when the wait is short.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.delivery.limiter import Limiter
from bot.delivery.worker import IN_BACKGROUND

log = logging.getLogger(__name__)

RETRIES = 2
LONGEST_WAIT = 30  # seconds; a reply that would wait longer fails (the user may ask again)


class ReplyLimits(BaseRequestMiddleware):
    """Paces the handlers' sendMessage calls with priority and retries them after a 429."""

    def __init__(self, limiter: Limiter) -> None:
        self.limiter = limiter

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        chat_id = getattr(method, "chat_id", None)
        if method.__api_method__ != "sendMessage" or not isinstance(chat_id, int):
            return await make_request(bot, method)
        if IN_BACKGROUND.get():
            return await make_request(bot, method)
        for attempt in range(RETRIES + 1):
            await self.limiter.acquire(chat_id, priority=True)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                wait = int(exc.retry_after)
                if attempt == RETRIES or wait > LONGEST_WAIT:
                    raise
                log.warning("429 on a reply to chat %d: retrying in %d s", chat_id, wait)
                self.limiter.throttled(chat_id, wait)
        raise AssertionError("unreachable")  # pragma: no cover


def install(bot: Bot, limiter: Limiter) -> None:
    """Put the reply limits on the bot's session."""
    bot.session.middleware(ReplyLimits(limiter))
