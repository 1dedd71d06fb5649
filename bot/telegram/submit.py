"""A link or a text sent in chat: answered with its summary."""

from __future__ import annotations

import re

import aiosqlite
from aiogram import F, Router
from aiogram.types import Message

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.digest.render import render_summary
from bot.services import summaries
from bot.telegram.texts import NOT_TEXT, ui_lang

router = Router(name=__name__)
_LINK = re.compile(r"^\s*(https?://\S+)\s*$", re.IGNORECASE)


@router.message(F.text)
async def submit(
    message: Message, nlp: NlpModels, settings: Settings, db: aiosqlite.Connection
) -> None:
    lang = ui_lang(message.from_user.language_code if message.from_user else None)
    text = message.text or ""
    link = _LINK.match(text)
    if link:
        summary = await summaries.summarize_link(
            db, link.group(1), nlp, allow_private=settings.allow_private_urls
        )
    else:
        summary = await summaries.summarize_text(db, text, nlp)
    await message.answer(render_summary(summary, lang), disable_web_page_preview=True)


@router.message()
async def other(message: Message) -> None:
    lang = ui_lang(message.from_user.language_code if message.from_user else None)
    await message.answer(NOT_TEXT[lang])
