"""One error handler: domain errors are told to the user in one line, the rest is logged."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent

from bot.errors import NewsbriefError
from bot.telegram.texts import FAILED

log = logging.getLogger(__name__)


async def on_domain_error(event: ErrorEvent, message: object) -> None:
    await event.update.message.answer(str(event.exception))  # type: ignore[union-attr]


async def on_unexpected(event: ErrorEvent, message: object, lang: str = "en") -> None:
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    msg = event.update.message
    if msg is not None:
        await msg.answer(FAILED[lang])


async def on_callback_error(event: ErrorEvent, callback: CallbackQuery) -> None:
    # A paging button failed: the handler has already answered the query (it always does).
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.error.register(
        on_domain_error, ExceptionTypeFilter(NewsbriefError), F.update.message.as_("message")
    )
    router.error.register(on_unexpected, F.update.message.as_("message"))
    router.error.register(on_callback_error, F.update.callback_query.as_("callback"))
    return router
