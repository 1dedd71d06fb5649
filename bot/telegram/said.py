"""/said NAME: the latest direct quotes of a person or organisation, paged with buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.formatting import Bold, Italic, Text, as_list
from aiogram_i18n import I18nContext

from bot.digest.render import linked
from bot.services import said as said_service
from bot.services.context import Services
from bot.services.said import FoundQuote, SaidNameError, SaidPage
from bot.telegram.i18n import html_of
from bot.telegram.paging import chat_of, page_keyboard, show_page
from bot.text import strip_unsafe

PAGE_SIZE = 5
# A quote longer than this is cut (five fit in a message of 4096 with their links).
QUOTE_CHARS = 600
TITLE_CHARS = 120


class SaidPageData(CallbackData, prefix="said"):
    """A /said page; ``key`` names the name asked for in the QueryCache."""

    key: str
    offset: int


def _cut(text: str, limit: int) -> str:
    text = " ".join(strip_unsafe(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _item(quote: FoundQuote, i18n: I18nContext) -> Text:
    # The article's own date only: when it was stored may be when another chat sent it.
    moment = quote.published_at
    label = _cut(quote.title or i18n.get("said-article"), TITLE_CHARS)
    source = linked(label, quote.url)  # a web link only, escaped as render does
    return as_list(
        Text("«", _cut(quote.text, QUOTE_CHARS), "»"),
        Text(
            "— ",
            Bold(_cut(quote.speaker, TITLE_CHARS)),
            f", {moment:%d.%m.%Y}" if moment is not None else "",
        ),
        Italic(source),
    )


def _render(page: SaidPage, name: str, i18n: I18nContext) -> str:
    first = page.offset + 1
    header = i18n.get("said-header", name=name, first=first, last=page.offset + len(page.items))
    parts: list[Text] = [Bold(_cut(header, TITLE_CHARS * 2))]
    parts.extend(_item(q, i18n) for q in page.items)
    return as_list(*parts, sep="\n\n").as_html()


async def _page(
    services: Services, i18n: I18nContext, name: str, *, chat_id: int | None, offset: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    page = await said_service.said(
        services.reader, services.nlp, name, chat_id=chat_id, limit=PAGE_SIZE, offset=offset
    )
    if not page.items:
        return html_of(i18n, "said-none", name=name), None
    key = services.queries.key(name)
    keyboard = page_keyboard(
        page,
        i18n,
        SaidPageData(key=key, offset=max(0, offset - PAGE_SIZE)),
        SaidPageData(key=key, offset=offset + PAGE_SIZE),
    )
    return _render(page, name, i18n), keyboard


async def said(
    message: Message, command: CommandObject, services: Services, i18n: I18nContext
) -> None:
    name = " ".join((command.args or "").split())
    try:
        html_text, keyboard = await _page(services, i18n, name, chat_id=message.chat.id, offset=0)
    except SaidNameError:
        await message.answer(html_of(i18n, "said-usage"))
        return
    await message.answer(html_text, reply_markup=keyboard, disable_web_page_preview=True)


async def said_page(
    callback: CallbackQuery,
    callback_data: SaidPageData,
    services: Services,
    i18n: I18nContext,
    callback_answer: CallbackAnswer,
) -> None:
    name = services.queries.get(callback_data.key)
    if name is None:
        callback_answer.text = i18n.get("said-expired")
        callback_answer.show_alert = True
        return
    try:
        html_text, keyboard = await _page(
            services, i18n, name, chat_id=chat_of(callback), offset=max(0, callback_data.offset)
        )
    except SaidNameError:  # pragma: no cover - a remembered name was accepted once
        return
    await show_page(callback, html_text, keyboard)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(said, Command("said"))
    router.callback_query.register(said_page, SaidPageData.filter())
    return router
