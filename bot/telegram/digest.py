"""/digest: the digest now, as a reply; the schedule and the watermark stay as they are."""

from __future__ import annotations

import aiosqlite
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.analysis.models import NlpModels
from bot.services import digests
from bot.storage import subscribers
from bot.telegram.texts import DIGEST_NOT_SUBSCRIBED, DIGEST_NOTHING


async def digest_now(
    message: Message, db: aiosqlite.Connection, nlp: NlpModels, lang: str
) -> None:
    subscriber = await subscribers.get(db, chat_id=message.chat.id)
    if subscriber is None or not subscriber.active:
        await message.answer(DIGEST_NOT_SUBSCRIBED[lang])
        return
    messages = await digests.preview(db, chat_id=message.chat.id, morph=nlp.morph_vocab)
    if not messages:
        await message.answer(DIGEST_NOTHING[lang])
        return
    for text in messages:
        await message.answer(text, disable_web_page_preview=True)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(digest_now, Command("digest"))
    return router
