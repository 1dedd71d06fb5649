"""The /settings screens' buttons: what each carries in its callback data (64 bytes)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class PreferenceSet(CallbackData, prefix="st"):
    """Set one field to a value: "on" (1/0), "time" (HHMM: no ':' in callback data),
    "size", "lang", "tz". Values are absolute, so a double press sets the same thing."""

    field: str
    value: str


class PreferenceView(CallbackData, prefix="sv"):
    """Show a screen: "main", "tz" or "feeds" (its ``page``)."""

    view: str
    page: int = 0


class PreferenceFeed(CallbackData, prefix="sf"):
    """Take (``on``) or leave out a feed, shown on sources page ``page``; feed 0: all."""

    feed_id: int
    on: bool
    page: int
