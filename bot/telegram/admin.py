"""Operator commands, for ``ADMIN_IDS`` only: /broadcast TEXT and /stats."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.formatting import Bold, Text, as_key_value, as_list, as_section
from aiogram_i18n import I18nContext

from bot.services import admin
from bot.services.context import Services
from bot.telegram.permissions import BotOperator


async def broadcast(
    message: Message, command: CommandObject, services: Services, i18n: I18nContext
) -> None:
    text = (command.args or "").strip()
    if not text:
        await message.answer(Text(i18n.get("admin-broadcast-usage")).as_html())
        return
    # The admin's words are shown as they are typed: escaped, never taken as markup.
    queued = await admin.broadcast(
        services.db, html=html.quote(text), chat_id=message.chat.id, message_id=message.message_id
    )
    services.wake_outbox()
    await message.answer(Text(i18n.get("admin-broadcast-queued", n=queued)).as_html())


async def show_stats(message: Message, services: Services, i18n: I18nContext) -> None:
    figures = await admin.figures(services.db)
    sections: list[Text] = [
        as_section(
            Bold(i18n.get("admin-stats-subscribers")),
            as_key_value(i18n.get("admin-stats-active"), figures.active),
            as_key_value(i18n.get("admin-stats-inactive"), figures.inactive),
        ),
        as_section(
            Bold(i18n.get("admin-stats-articles")),
            *(as_key_value(day.isoformat(), n) for day, n in figures.per_day),
        ),
        as_section(
            Bold(i18n.get("admin-stats-outbox")),
            *(as_key_value(status, n) for status, n in figures.queue.items()),
        ),
    ]
    if figures.failures:
        sections.append(
            as_section(
                Bold(i18n.get("admin-stats-failures")),
                *(as_key_value(reason, n) for reason, n in figures.failures),
            )
        )
    await message.answer(as_list(*sections, sep="\n\n").as_html())


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher); only the operator's
    messages reach it."""
    router = Router(name=__name__)
    router.message.filter(BotOperator())
    router.message.register(broadcast, Command("broadcast"))
    router.message.register(show_stats, Command("stats"))
    return router
