"""Subscribing chats: /start, /stop, /lang, and chats that block or remove the bot."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.config import Settings
from bot.storage import subscribers
from bot.storage.db import transaction
from bot.storage.subscribers import Subscriber

LANGUAGES = ("ru", "en")
# Telegram language codes answered in Russian: Belarusian and Ukrainian users read it more
# readily than English (the bot's audience, issue 3); every other code gets English.
RUSSIAN_READERS = frozenset({"ru", "be", "uk"})

STOPPED = "stopped"  # /stop
BLOCKED = "blocked"  # the user blocked the bot, or the group removed it


def language_of(language_code: str | None) -> str:
    """The interface language ("ru" or "en") for a Telegram user's language code."""
    return "ru" if (language_code or "").split("-")[0].lower() in RUSSIAN_READERS else "en"


def _now() -> datetime:
    return datetime.now(tz=UTC)


async def subscribe(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
) -> Subscriber:
    """Subscribe the chat, or reactivate it with its earlier settings.

    Args:
        kind: "private" or "group" (supergroups are groups).
        language_code: the sender's, for a chat not stored yet.
    """
    return await subscribers.upsert_active(
        db,
        chat_id=chat_id,
        kind=kind,
        lang=language_of(language_code),
        tz=settings.default_timezone,
        digest_time=settings.default_digest_time.strftime("%H:%M"),
        now=_now(),
    )


async def unsubscribe(db: aiosqlite.Connection, *, chat_id: int) -> bool:
    """Stop sending to the chat (/stop); False if it was not subscribed."""
    return await subscribers.deactivate(db, chat_id=chat_id, reason=STOPPED, now=_now())


async def blocked(db: aiosqlite.Connection, *, chat_id: int) -> bool:
    """The user blocked the bot or the group removed it; False if it was not subscribed."""
    return await subscribers.deactivate(db, chat_id=chat_id, reason=BLOCKED, now=_now())


async def ui_lang_of(db: aiosqlite.Connection, chat_id: int, language_code: str | None) -> str:
    """The chat's interface language: its stored choice, else the sender's language code."""
    stored = await subscribers.get(db, chat_id=chat_id)
    return stored.lang if stored is not None else language_of(language_code)


async def set_language(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    lang: str | None,
    language_code: str | None,
) -> str:
    """Set the chat's interface language (``lang``) or switch ru <-> en (None); returns it.

    A chat that never subscribed gets a settings row that stays inactive until /start.
    """
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}")
    async with transaction(db):
        current = await ui_lang_of(db, chat_id, language_code)
        chosen = lang or ("en" if current == "ru" else "ru")
        await subscribers.add_inactive(
            db,
            chat_id=chat_id,
            kind=kind,
            lang=chosen,
            tz=settings.default_timezone,
            digest_time=settings.default_digest_time.strftime("%H:%M"),
            now=_now(),
        )
        await subscribers.set_lang(db, chat_id=chat_id, lang=chosen)
    return chosen
