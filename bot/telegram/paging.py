"""Paging buttons: callback data classes and the inline keyboard of a page.

They live in the adapter, not in ``digest``: callback data is what the routers filter on.
"""

from __future__ import annotations

from typing import Protocol

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.locales import Translator

NOT_MODIFIED = "message is not modified"


class LatestPage(CallbackData, prefix="latest"):
    """A /latest page: ``limit`` summaries from ``offset``."""

    offset: int
    limit: int


class SearchPage(CallbackData, prefix="search"):
    """A /search page; ``key`` names the query in the QueryCache (callback data is tiny)."""

    key: str
    offset: int
    limit: int


class Paged(Protocol):
    """A page of results: where it starts, and whether another follows."""

    @property
    def offset(self) -> int: ...

    @property
    def has_more(self) -> bool: ...


def page_keyboard(
    page: Paged, t: Translator, previous: CallbackData | None, following: CallbackData | None
) -> InlineKeyboardMarkup | None:
    """ "Previous" and "next" buttons for the pages that exist; None when there is one page."""
    builder = InlineKeyboardBuilder()
    if previous is not None and page.offset > 0:
        builder.button(text=t.get("page-previous"), callback_data=previous)
    if following is not None and page.has_more:
        builder.button(text=t.get("page-next"), callback_data=following)
    return builder.as_markup() if builder.buttons else None


async def edit_in_place(
    message: Message, html: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Edit a message the bot sent; an edit that changes nothing is a no-op, not an error.

    Telegram refuses an edit that changes nothing ("message is not modified"): that is the
    expected outcome of a double press, or of pressing the value already set.
    """
    try:
        await message.edit_text(html, reply_markup=keyboard, disable_web_page_preview=True)
    except TelegramBadRequest as exc:
        if NOT_MODIFIED not in exc.message:
            raise


def chat_of(callback: CallbackQuery) -> int | None:
    """The chat whose page a button asks for: the chat of the message it belongs to.

    Never the presser's user id (in a group, the page is the group's) and never anything in
    the callback data (a forged button cannot name another chat). None when Telegram sends
    no message (a button under an inline message): only shared articles are shown then.
    """
    return None if callback.message is None else callback.message.chat.id


async def show_page(
    callback: CallbackQuery, html: str, keyboard: InlineKeyboardMarkup | None
) -> None:
    """Edit the message the button belongs to; a second press of the same button is a no-op."""
    if not isinstance(callback.message, Message):
        return  # the message is too old to edit (InaccessibleMessage)
    await edit_in_place(callback.message, html, keyboard)
