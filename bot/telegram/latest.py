"""/latest [N]: the newest stored summaries, paged with inline buttons."""

from __future__ import annotations

import aiosqlite
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.digest.render import render_page
from bot.services import reading
from bot.telegram.paging import LatestPage, chat_of, page_keyboard, show_page
from bot.telegram.texts import LATEST_EMPTY, LATEST_HEADER, LATEST_USAGE

DEFAULT_COUNT = 5  # issue 3: "/latest [N] (default 5, at most 20)"
MAX_COUNT = 20


def parse_count(args: str | None) -> int | None:
    """N of ``/latest N``, clamped to 1..20; None when it is not a number."""
    if not args or not args.strip():
        return DEFAULT_COUNT
    word = args.split()[0]
    if not word.isdecimal():
        return None
    return max(1, min(MAX_COUNT, int(word)))


async def _page(
    reader: aiosqlite.Connection, lang: str, *, chat_id: int | None, limit: int, offset: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    page = await reading.latest(reader, chat_id=chat_id, limit=limit, offset=offset)
    if not page.items:
        return LATEST_EMPTY[lang], None
    header = LATEST_HEADER[lang].format(
        first=offset + 1, last=offset + len(page.items), total=page.total
    )
    html = render_page(page.items, ui_lang=lang, header=header, first=offset + 1)
    keyboard = page_keyboard(
        page,
        lang,
        LatestPage(offset=max(0, offset - limit), limit=limit),
        LatestPage(offset=offset + limit, limit=limit),
    )
    return html, keyboard


async def latest(
    message: Message, command: CommandObject, reader: aiosqlite.Connection, lang: str
) -> None:
    count = parse_count(command.args)
    if count is None:
        await message.answer(LATEST_USAGE[lang])
        return
    html, keyboard = await _page(reader, lang, chat_id=message.chat.id, limit=count, offset=0)
    await message.answer(html, reply_markup=keyboard, disable_web_page_preview=True)


async def latest_page(
    callback: CallbackQuery, callback_data: LatestPage, reader: aiosqlite.Connection, lang: str
) -> None:
    limit = max(1, min(MAX_COUNT, callback_data.limit))
    try:
        html, keyboard = await _page(
            reader,
            lang,
            chat_id=chat_of(callback),
            limit=limit,
            offset=max(0, callback_data.offset),
        )
        await show_page(callback, html, keyboard)
    finally:
        await callback.answer()


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(latest, Command("latest"))
    router.callback_query.register(latest_page, LatestPage.filter())
    return router
