"""Every user-facing string, in Fluent files: ``bot/locales/<locale>/*.ftl``.

One way in: handlers get the update's ``I18nContext`` from aiogram-i18n's middleware (the
locale chosen once per update, from the chat's stored choice); code that runs outside an
update (digests, the CLI's preview) asks ``translator(locale)``. Both read the same
FluentRuntimeCore, loaded once. Russian is the fallback for a key missing in Belarusian or
Ukrainian; plural forms are Fluent's (CLDR rules: 1 сообщение, 2 сообщения, 5 сообщений).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Protocol

from aiogram_i18n.cores import FluentRuntimeCore

LOCALES_DIR = Path(__file__).parent
# The interface languages, in the order the language buttons show them.
LOCALES = ("ru", "be", "uk", "en")
FALLBACK = "ru"
# A key missing in a locale is looked up here (aiogram-i18n's locales_map): one step only.
FALLBACKS = {"be": FALLBACK, "uk": FALLBACK}


class Translator(Protocol):
    """What renders a message: ``t("key", name=value)`` (aiogram-i18n's I18nContext is one)."""

    @property
    def locale(self) -> str: ...

    def get(self, key: str, /, **kwargs: Any) -> str: ...


def language_of(language_code: str | None) -> str:
    """The interface locale for a Telegram user's language code ("be-BY" -> "be").

    Codes of languages the bot has no interface for get English.
    """
    base = (language_code or "").split("-")[0].lower()
    return base if base in LOCALES else "en"


def load(directory: Path = LOCALES_DIR) -> FluentRuntimeCore:
    """The Fluent bundles of every locale under ``directory`` (``<locale>/*.ftl``), loaded.

    A key missing in a locale of FALLBACKS is looked up in Russian; a key missing there too
    raises KeyNotFoundError (tests/test_locales.py keeps every key in every locale).
    """
    loaded = FluentRuntimeCore(
        path=directory / "{locale}",
        default_locale=FALLBACK,
        locales_map=dict(FALLBACKS),
        raise_key_error=True,
    )
    loaded.locales.update(loaded.find_locales())
    return loaded


@cache
def core() -> FluentRuntimeCore:
    """The bot's Fluent bundles, loaded once per process."""
    return load()


class _Bound:
    """A Translator for one locale, for code that runs outside an update."""

    __slots__ = ("_core", "locale")

    def __init__(self, locale: str) -> None:
        self._core = core()
        self.locale = locale if locale in LOCALES else FALLBACK

    def get(self, key: str, /, **kwargs: Any) -> str:
        return self._core.get(key, self.locale, **kwargs)


def translator(locale: str) -> Translator:
    """The Translator of ``locale`` (an unknown one gets the fallback, Russian)."""
    return _Bound(locale)
