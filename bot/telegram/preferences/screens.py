"""The /settings screens: text and keyboard of each (pure), in the language the chat's
preferences hold, so a screen shown right after a language button is already in the new one."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.formatting import Bold, Text, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.locales import Translator, translator
from bot.services import preferences
from bot.services.preferences import ChatPreferences
from bot.services.subscriptions import LANGUAGES
from bot.telegram.preferences.callbacks import PreferenceFeed, PreferenceSet, PreferenceView

Screen = tuple[str, InlineKeyboardMarkup]

SIZES = (3, 5, 7, 10)  # issue 4: the stories-count buttons; /settings size N takes 1..20
FEEDS_PER_PAGE = 6
FEED_LABEL_CHARS = 40
# Offered on the time zone screen: the audience's (Belarus and its neighbours, issue 3).
COMMON_ZONES = (
    "Europe/Minsk", "Europe/Moscow", "Europe/Kyiv", "Europe/Vilnius", "Europe/Warsaw",
    "Europe/Berlin", "Europe/London", "UTC",
)  # fmt: skip
# The time buttons: label key and minutes.
TIME_SHIFTS = (
    ("prefs-button-hour-minus", -60),
    ("prefs-button-minutes-minus", -15),
    ("prefs-button-minutes-plus", 15),
    ("prefs-button-hour-plus", 60),
)


def _sources_line(view: ChatPreferences, t: Translator) -> Text:
    if view.all_feeds:
        return Text(t.get("prefs-sources-all"))
    return Text(t.get("prefs-sources-some", chosen=view.chosen_count, total=len(view.feeds)))


def main(view: ChatPreferences) -> Screen:
    """The main screen: every preference, with buttons to change them."""
    t = translator(view.subscriber.lang)
    sub = view.subscriber
    lines: list[Text | Bold] = [Bold(t.get("prefs-title"))]
    if not sub.active:
        lines.append(Text(t.get("prefs-not-subscribed")))
    if sub.digest_enabled:
        lines.append(Text(t.get("prefs-digest-on", time=sub.digest_time)))
        if view.next_local is not None:
            lines.append(Text(t.get("prefs-next", when=view.next_local)))
    else:
        lines.append(Text(t.get("prefs-digest-off")))
    lines.append(Text(t.get("prefs-zone", zone=view.zone_label)))
    lines.append(Text(t.get("prefs-size", size=sub.digest_size)))
    lines.append(_sources_line(view, t))
    lines.append(Text(t.get("prefs-language")))
    lines.append(Text("\n" + t.get("prefs-hint")))

    builder = InlineKeyboardBuilder()
    toggle = "0" if sub.digest_enabled else "1"
    builder.button(
        text=t.get("prefs-button-on" if sub.digest_enabled else "prefs-button-off"),
        callback_data=PreferenceSet(field="on", value=toggle),
    )
    for key, minutes in TIME_SHIFTS:
        moved = preferences.shift_time(sub.digest_time, minutes).replace(":", "")
        builder.button(text=t.get(key), callback_data=PreferenceSet(field="time", value=moved))
    for size in SIZES:
        text = f"• {size} •" if size == sub.digest_size else str(size)
        builder.button(text=text, callback_data=PreferenceSet(field="size", value=str(size)))
    builder.button(text=t.get("prefs-button-zone"), callback_data=PreferenceView(view="tz"))
    builder.button(text=t.get("prefs-button-sources"), callback_data=PreferenceView(view="feeds"))
    names = language_names()
    for code in LANGUAGES:
        text = ("✓ " if code == sub.lang else "") + names[code]
        builder.button(text=text, callback_data=PreferenceSet(field="lang", value=code))
    builder.adjust(1, 4, len(SIZES), 2, 2, 2)
    return as_list(*lines).as_html(), builder.as_markup()


def language_names() -> dict[str, str]:
    """Each interface language named in itself ("Беларуская", "English")."""
    return {code: translator(code).get("language-self") for code in LANGUAGES}


def _zone_button(zone: str, view: ChatPreferences) -> tuple[str, PreferenceSet]:
    label = preferences.zone_label(zone, view.now)
    mark = "✓ " if zone == view.subscriber.tz else ""
    return mark + label, PreferenceSet(field="tz", value=zone)


def zones(view: ChatPreferences) -> Screen:
    """The time zone screen: the audience's common zones, and how to type another."""
    t = translator(view.subscriber.lang)
    builder = InlineKeyboardBuilder()
    for name in COMMON_ZONES:
        text, data = _zone_button(name, view)
        builder.button(text=text, callback_data=data)
    builder.button(text=t.get("prefs-button-back"), callback_data=PreferenceView(view="main"))
    builder.adjust(2)
    return Text(t.get("prefs-zone-choose", zone=view.zone_label)).as_html(), builder.as_markup()


def matches(view: ChatPreferences, query: str, found: list[str]) -> Screen:
    """Which of several zones a typed city meant."""
    t = translator(view.subscriber.lang)
    builder = InlineKeyboardBuilder()
    for name in found:
        text, data = _zone_button(name, view)
        builder.button(text=text, callback_data=data)
    builder.button(text=t.get("prefs-button-back"), callback_data=PreferenceView(view="main"))
    builder.adjust(1)
    question = Text(t.get("prefs-zone-matches", query=query))
    return question.as_html(), builder.as_markup()


def feeds(view: ChatPreferences, page: int) -> Screen:
    """A page of the sources screen: a tick per feed the digest takes."""
    t = translator(view.subscriber.lang)
    builder = InlineKeyboardBuilder()
    if not view.feeds:
        builder.button(text=t.get("prefs-button-back"), callback_data=PreferenceView(view="main"))
        return Text(t.get("prefs-no-feeds")).as_html(), builder.as_markup()
    pages = (len(view.feeds) + FEEDS_PER_PAGE - 1) // FEEDS_PER_PAGE
    page = max(0, min(page, pages - 1))
    shown = view.feeds[page * FEEDS_PER_PAGE : (page + 1) * FEEDS_PER_PAGE]
    sizes: list[int] = []
    for feed in shown:
        taken = view.takes(feed.id)
        title = feed.title or feed.url
        if len(title) > FEED_LABEL_CHARS:
            title = title[: FEED_LABEL_CHARS - 1] + "…"
        builder.button(
            text=("✅ " if taken else "▫️ ") + title,
            callback_data=PreferenceFeed(feed_id=feed.id, on=not taken, page=page),
        )
        sizes.append(1)
    paging = 0
    if page > 0:
        previous = PreferenceView(view="feeds", page=page - 1)
        builder.button(text=t.get("page-previous"), callback_data=previous)
        paging += 1
    if page < pages - 1:
        following = PreferenceView(view="feeds", page=page + 1)
        builder.button(text=t.get("page-next"), callback_data=following)
        paging += 1
    if paging:
        sizes.append(paging)
    all_text = ("✓ " if view.all_feeds else "") + t.get("prefs-button-all-sources")
    builder.button(text=all_text, callback_data=PreferenceFeed(feed_id=0, on=True, page=page))
    builder.button(text=t.get("prefs-button-back"), callback_data=PreferenceView(view="main"))
    sizes.append(2)
    builder.adjust(*sizes)
    header = Text(t.get("prefs-sources-header"))
    return as_list(header, _sources_line(view, t)).as_html(), builder.as_markup()
