"""One error handler: domain errors are told to the user in one line, the rest is logged."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram.utils.formatting import Text

from bot.errors import NewsbriefError
from bot.telegram.texts import FAILED
from bot.text import one_line

log = logging.getLogger(__name__)

# An error message is one line; quoted URLs are already cut to 100-odd characters, so this
# only stops a hostile message from filling the chat (Telegram would take 4,096).
ERROR_CHARS = 400


async def on_domain_error(event: ErrorEvent, message: Message, lang: str = "en") -> None:
    # The message quotes what came from outside (a URL, a site's Content-Type header): sent
    # as plain text on one line, escaped, so it can neither carry a link nor break the HTML.
    text = one_line(str(event.exception), ERROR_CHARS) or FAILED[lang]
    await message.answer(Text(text).as_html(), disable_web_page_preview=True)


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
