"""One error handler: domain errors are told to the user in one line, the rest is logged."""

from __future__ import annotations

import logging

from aiogram import F, Router
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import CallbackQuery, ErrorEvent

from bot.errors import NewsbriefError
from bot.telegram.texts import FAILED, ui_lang

log = logging.getLogger(__name__)
router = Router(name=__name__)


@router.error(ExceptionTypeFilter(NewsbriefError), F.update.message.as_("message"))
async def on_domain_error(event: ErrorEvent, message: object) -> None:
    await event.update.message.answer(str(event.exception))  # type: ignore[union-attr]


@router.error(F.update.message.as_("message"))
async def on_unexpected(event: ErrorEvent, message: object) -> None:
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
    msg = event.update.message
    if msg is not None:
        lang = ui_lang(msg.from_user.language_code if msg.from_user else None)
        await msg.answer(FAILED[lang])


@router.error(F.update.callback_query.as_("callback"))
async def on_callback_error(event: ErrorEvent, callback: CallbackQuery) -> None:
    # A paging button failed: the handler has already answered the query (it always does).
    log.error("update %s failed", event.update.update_id, exc_info=event.exception)
