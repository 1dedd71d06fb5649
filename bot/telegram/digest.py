"""/digest: the digest now, as a reply; the schedule and the watermark stay as they are."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram_i18n import I18nContext

from bot.services import digests, subscriptions
from bot.services.context import Services


async def digest_now(message: Message, services: Services, i18n: I18nContext) -> None:
    chat_id = message.chat.id
    if not await subscriptions.is_subscribed(services.reader, chat_id=chat_id):
        await message.answer(i18n.get("digest-not-subscribed"))
        return
    messages = await digests.preview(services.db, chat_id=chat_id, morph=services.nlp.morph_vocab)
    if not messages:
        await message.answer(i18n.get("digest-nothing"))
        return
    for text in messages:
        await message.answer(text, disable_web_page_preview=True)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(digest_now, Command("digest"))
    return router
