"""One error handler: domain errors are told to the user in one line, the rest is logged."""

from __future__ import annotations

import logging
from contextlib import suppress

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent, Message
from aiogram.utils.formatting import Text
from aiogram_i18n import I18nContext

from bot import locales
from bot.errors import NewsbriefError
from bot.locales import Translator
from bot.telegram.i18n import html_of
from bot.text import one_line

log = logging.getLogger(__name__)

# An error message is one line; quoted URLs are already cut to 100-odd characters, so this
# only stops a hostile message from filling the chat (Telegram would take 4,096).
ERROR_CHARS = 400


def _translator(i18n: I18nContext | None) -> Translator:
    # None when the failure came before the locale was chosen (the database, say).
    return i18n if i18n is not None else locales.translator(locales.FALLBACK)


def told(error: BaseException, t: Translator) -> str:
    """The error in the chat's language: its message in bot/locales, else its English line
    (an error with no key, or one whose arguments do not fit its message)."""
    if isinstance(error, NewsbriefError) and error.key is not None:
        try:
            return t.get(error.key, **error.params)
        except Exception:  # a key without a message, a missing argument: the English line
            log.warning("no message %r for %s", error.key, type(error).__name__)
    return str(error)


async def on_domain_error(
    event: ErrorEvent, message: Message, i18n: I18nContext | None = None
) -> None:
    # The message quotes what came from outside (a URL, a site's Content-Type header): sent
    # as plain text on one line, escaped, so it can neither carry a link nor break the HTML.
    text = one_line(told(event.exception, _translator(i18n)), ERROR_CHARS)
    html = Text(text).as_html() if text else html_of(_translator(i18n), "error-failed")
    await message.answer(html, disable_web_page_preview=True)


async def on_unexpected(
    event: ErrorEvent, message: Message, i18n: I18nContext | None = None
) -> None:
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    await message.answer(html_of(_translator(i18n), "error-failed"))


async def on_callback_error(event: ErrorEvent, callback: CallbackQuery) -> None:
    # A button's handler failed before CallbackAnswerMiddleware answered: stop the spinner.
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    with suppress(TelegramBadRequest):  # already answered, or too old to answer
        await callback.answer()


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.error.register(
        on_domain_error, ExceptionTypeFilter(NewsbriefError), F.update.message.as_("message")
    )
    router.error.register(on_unexpected, F.update.message.as_("message"))
    router.error.register(on_callback_error, F.update.callback_query.as_("callback"))
    return router
