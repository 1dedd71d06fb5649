"""The interface language of each update, found once, for aiogram-i18n's middleware.

Handlers get the update's ``i18n`` (an ``I18nContext``) and render every string through it;
the locale is the chat's stored choice (/lang, /settings), else the sender's Telegram
language. Error handlers see the same context (the middleware is an outer update one).
"""

from __future__ import annotations

from typing import Any

from aiogram import Dispatcher
from aiogram.types import Chat, User
from aiogram.utils.formatting import Text
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.managers import BaseManager

from bot import locales
from bot.locales import Translator
from bot.services import subscriptions
from bot.services.context import Services
from bot.text import strip_unsafe


class ChatLocaleManager(BaseManager):
    """Locale of an update: the chat's stored language, else the sender's language code."""

    async def get_locale(
        self,
        services: Services,
        event_chat: Chat | None = None,
        event_from_user: User | None = None,
    ) -> str:
        code = event_from_user.language_code if event_from_user is not None else None
        if event_chat is None:  # an inline query: no chat, the user's own language
            return locales.language_of(code)
        return await subscriptions.ui_lang_of(services.reader, event_chat.id, code)

    async def set_locale(self, locale: str) -> None:
        # Stored by the services that change it (subscriptions.set_language, preferences);
        # the context only switches the current update's locale.
        return None


def install(dp: Dispatcher) -> None:
    """Register the i18n middleware on ``dp`` (outer, on every update, errors included).

    Not ``I18nMiddleware.setup``: that would also hang the core's load and clear on the
    Dispatcher's startup and shutdown, and the core is loaded once per process and shared.
    """
    middleware = I18nMiddleware(
        core=locales.core(),
        manager=ChatLocaleManager(default_locale=locales.FALLBACK),
        default_locale=locales.FALLBACK,
    )
    dp.update.outer_middleware.register(middleware)


def html_of(i18n: Translator, key: str, /, **kwargs: Any) -> str:
    """The message ``key`` as Telegram HTML: its text and arguments escaped (a translation or
    a user's words can never become markup; control and direction characters removed)."""
    return Text(strip_unsafe(i18n.get(key, **kwargs))).as_html()
