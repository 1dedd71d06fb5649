"""/search QUERY: stored summaries by words in any form, paged with inline buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram_i18n import I18nContext

from bot.digest.render import render_page
from bot.services import reading
from bot.services.context import Services
from bot.services.reading import QueryError
from bot.telegram.i18n import html_of
from bot.telegram.paging import SearchPage, chat_of, page_keyboard, show_page

PAGE_SIZE = 5


async def _page(
    services: Services, i18n: I18nContext, query: str, *, chat_id: int | None, offset: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    page = await reading.search(
        services.reader, services.nlp, query, chat_id=chat_id, limit=PAGE_SIZE, offset=offset
    )
    if not page.items:
        return html_of(i18n, "search-none", query=query), None
    last = offset + len(page.items)
    header = i18n.get("search-header", query=query, first=offset + 1, last=last)
    html = render_page(page.items, t=i18n, header=header, first=offset + 1)
    key = services.queries.key(query)
    keyboard = page_keyboard(
        page,
        i18n,
        SearchPage(key=key, offset=max(0, offset - PAGE_SIZE), limit=PAGE_SIZE),
        SearchPage(key=key, offset=offset + PAGE_SIZE, limit=PAGE_SIZE),
    )
    return html, keyboard


async def search(
    message: Message, command: CommandObject, services: Services, i18n: I18nContext
) -> None:
    try:
        html, keyboard = await _page(
            services, i18n, command.args or "", chat_id=message.chat.id, offset=0
        )
    except QueryError:
        await message.answer(html_of(i18n, "search-usage"))
        return
    await message.answer(html, reply_markup=keyboard, disable_web_page_preview=True)


async def search_page(
    callback: CallbackQuery,
    callback_data: SearchPage,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    query = services.queries.get(callback_data.key)
    if query is None:
        callback_answer.text = i18n.get("search-expired")
        callback_answer.show_alert = True
        return
    offset = max(0, callback_data.offset)
    html, keyboard = await _page(services, i18n, query, chat_id=chat_of(callback), offset=offset)
    await show_page(callback, html, keyboard)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(search, Command("search"))
    router.callback_query.register(search_page, SearchPage.filter())
    return router
