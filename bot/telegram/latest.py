"""/latest [N]: the newest stored summaries, paged with inline buttons."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram_i18n import I18nContext

from bot.digest.render import render_page
from bot.services import reading
from bot.services.context import Services
from bot.telegram.i18n import html_of
from bot.telegram.paging import LatestPage, chat_of, page_keyboard, show_page

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
    services: Services, i18n: I18nContext, *, chat_id: int | None, limit: int, offset: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    page = await reading.latest(services.reader, chat_id=chat_id, limit=limit, offset=offset)
    if not page.items:
        return html_of(i18n, "latest-empty"), None
    header = i18n.get(
        "latest-header", first=offset + 1, last=offset + len(page.items), total=page.total
    )
    html = render_page(page.items, t=i18n, header=header, first=offset + 1)
    keyboard = page_keyboard(
        page,
        i18n,
        LatestPage(offset=max(0, offset - limit), limit=limit),
        LatestPage(offset=offset + limit, limit=limit),
    )
    return html, keyboard


async def latest(
    message: Message, command: CommandObject, services: Services, i18n: I18nContext
) -> None:
    count = parse_count(command.args)
    if count is None:
        await message.answer(html_of(i18n, "latest-usage"))
        return
    html, keyboard = await _page(services, i18n, chat_id=message.chat.id, limit=count, offset=0)
    await message.answer(html, reply_markup=keyboard, disable_web_page_preview=True)


async def latest_page(
    callback: CallbackQuery, callback_data: LatestPage, services: Services, i18n: I18nContext
) -> None:
    limit = max(1, min(MAX_COUNT, callback_data.limit))
    offset = max(0, callback_data.offset)
    html, keyboard = await _page(
        services, i18n, chat_id=chat_of(callback), limit=limit, offset=offset
    )
    await show_page(callback, html, keyboard)


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(latest, Command("latest"))
    router.callback_query.register(latest_page, LatestPage.filter())
    return router
