"""/settings: the chat's preferences (digest on/off, time, time zone, size, sources,
language) on screens of buttons: ``callbacks`` (button data), ``screens`` (text and
keyboards), ``handlers`` (the command and the presses)."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command

from bot.telegram.preferences.callbacks import PreferenceFeed, PreferenceSet, PreferenceView
from bot.telegram.preferences.handlers import on_feed, on_set, on_view, settings_command


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(settings_command, Command("settings"))
    router.callback_query.register(on_set, PreferenceSet.filter())
    router.callback_query.register(on_view, PreferenceView.filter())
    router.callback_query.register(on_feed, PreferenceFeed.filter())
    return router
