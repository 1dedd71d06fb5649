"""/search QUERY: stored summaries by words in any form, paged with inline buttons."""

from __future__ import annotations

import aiosqlite
from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message

from bot.analysis.models import NlpModels
from bot.digest.render import render_line, render_page
from bot.services import reading
from bot.services.reading import QueryCache, QueryError
from bot.telegram.paging import SearchPage, chat_of, page_keyboard, show_page
from bot.telegram.texts import (
    SEARCH_EXPIRED,
    SEARCH_HEADER,
    SEARCH_NONE,
    SEARCH_USAGE,
)

PAGE_SIZE = 5


async def _page(
    reader: aiosqlite.Connection, nlp: NlpModels, queries: QueryCache, lang: str, query: str,
    *, chat_id: int | None, offset: int,
) -> tuple[str, InlineKeyboardMarkup | None]:  # fmt: skip
    page = await reading.search(
        reader, nlp, query, chat_id=chat_id, limit=PAGE_SIZE, offset=offset
    )
    if not page.items:
        return render_line(SEARCH_NONE[lang].format(query=query)), None
    header = SEARCH_HEADER[lang].format(
        query=query, first=offset + 1, last=offset + len(page.items)
    )
    html = render_page(page.items, ui_lang=lang, header=header, first=offset + 1)
    key = queries.key(query)
    keyboard = page_keyboard(
        page,
        lang,
        SearchPage(key=key, offset=max(0, offset - PAGE_SIZE), limit=PAGE_SIZE),
        SearchPage(key=key, offset=offset + PAGE_SIZE, limit=PAGE_SIZE),
    )
    return html, keyboard


async def search(
    message: Message,
    *,
    command: CommandObject,
    reader: aiosqlite.Connection,
    nlp: NlpModels,
    queries: QueryCache,
    lang: str,
) -> None:
    try:
        html, keyboard = await _page(
            reader, nlp, queries, lang, command.args or "", chat_id=message.chat.id, offset=0
        )
    except QueryError:
        await message.answer(SEARCH_USAGE[lang])
        return
    await message.answer(html, reply_markup=keyboard, disable_web_page_preview=True)


async def search_page(
    callback: CallbackQuery,
    *,
    callback_data: SearchPage,
    reader: aiosqlite.Connection,
    nlp: NlpModels,
    queries: QueryCache,
    lang: str,
) -> None:
    query = queries.get(callback_data.key)
    if query is None:
        await callback.answer(SEARCH_EXPIRED[lang], show_alert=True)
        return
    try:
        html, keyboard = await _page(
            reader,
            nlp,
            queries,
            lang,
            query,
            chat_id=chat_of(callback),
            offset=max(0, callback_data.offset),
        )
        await show_page(callback, html, keyboard)
    finally:
        await callback.answer()


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(search, Command("search"))
    router.callback_query.register(search_page, SearchPage.filter())
    return router
