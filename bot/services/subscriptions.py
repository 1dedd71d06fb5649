"""Subscribing chats: /start, /stop, /lang, chats that block or remove the bot, and when
each chat's next digest is due."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import aiosqlite

from bot import locales
from bot.config import Settings
from bot.digest import schedule
from bot.storage import subscribers
from bot.storage.db import transaction
from bot.storage.subscribers import Subscriber

log = logging.getLogger(__name__)

# The interface languages (bot/locales), in the order the language buttons show them.
LANGUAGES = locales.LOCALES

STOPPED = "stopped"  # /stop
BLOCKED = "blocked"  # the user blocked the bot, or the group removed it


def _now() -> datetime:
    return datetime.now(tz=UTC)


def next_due(subscriber: Subscriber, *, now: datetime) -> datetime | None:
    """The next due time of a stored row; None (logged) if its zone or time is unusable."""
    try:
        return schedule.next_digest_at(
            tz=subscriber.tz, digest_time=subscriber.digest_time, after=now
        )
    except ValueError as exc:
        # A zone this system's tz database lacks (the row came from a newer one): the chat
        # stays unscheduled rather than failing every tick; /settings can fix it.
        log.warning("chat %s: cannot schedule its digest: %s", subscriber.chat_id, exc)
        return None


async def ensure_stored(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    lang: str | None = None,
    now: datetime | None = None,
) -> None:
    """Store a chat that never subscribed (its preferences, its sources, its language) in a
    row that stays inactive until /start: the defaults, and ``lang`` or the sender's
    language. A stored chat is left as it is."""
    await subscribers.add_inactive(
        db,
        chat_id=chat_id,
        kind=kind,
        lang=lang or locales.language_of(language_code),
        tz=settings.default_timezone,
        digest_time=settings.default_digest_time.strftime("%H:%M"),
        now=now or _now(),
    )


async def scheduled(
    db: aiosqlite.Connection, subscriber: Subscriber, *, now: datetime
) -> Subscriber:
    """The subscriber with a next digest, if it had none or missed it while away (else it
    would get a digest the minute it comes back); within the caller's transaction."""
    if subscriber.next_digest_at is not None and subscriber.next_digest_at > now:
        return subscriber
    due = next_due(subscriber, now=now)
    if due is None:
        return subscriber
    stored = await subscribers.set_next_digest(db, chat_id=subscriber.chat_id, next_at=due)
    return stored or subscriber


async def subscribe(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    thread_id: int | None = None,
    now: datetime | None = None,
) -> Subscriber:
    """Subscribe the chat, or reactivate it with its earlier settings.

    The next digest is scheduled for a new chat, and for a returning one whose due time is
    unset or has passed while it was away (else it would get a digest the minute it comes
    back).

    Args:
        kind: "private" or "group" (supergroups are groups).
        language_code: the sender's, for a chat not stored yet.
        thread_id: the forum topic /start was sent in: the chat's digests go there.
    """
    now = now or _now()
    async with transaction(db):
        subscriber = await subscribers.upsert_active(
            db,
            chat_id=chat_id,
            kind=kind,
            lang=locales.language_of(language_code),
            tz=settings.default_timezone,
            digest_time=settings.default_digest_time.strftime("%H:%M"),
            now=now,
            thread_id=thread_id,
        )
        return await scheduled(db, subscriber, now=now)


async def schedule_unscheduled(db: aiosqlite.Connection, *, now: datetime | None = None) -> int:
    """Schedule the active chats that have no next digest yet (stored before digests).

    Returns how many were scheduled; rows whose zone or time is unusable are left (logged).
    """
    now = now or _now()
    filled = 0
    async with transaction(db):
        for subscriber in await subscribers.unscheduled(db):
            due = next_due(subscriber, now=now)
            if due is not None:
                await subscribers.set_next_digest(db, chat_id=subscriber.chat_id, next_at=due)
                filled += 1
    return filled


async def unsubscribe(db: aiosqlite.Connection, *, chat_id: int) -> bool:
    """Stop sending to the chat (/stop); False if it was not subscribed."""
    return await subscribers.deactivate(db, chat_id=chat_id, reason=STOPPED, now=_now())


async def blocked(db: aiosqlite.Connection, *, chat_id: int) -> bool:
    """The user blocked the bot or the group removed it; False if it was not subscribed."""
    return await subscribers.deactivate(db, chat_id=chat_id, reason=BLOCKED, now=_now())


async def deactivated(db: aiosqlite.Connection, *, chat_id: int, reason: str) -> bool:
    """Telegram refused to deliver (blocked, deleted, gone): unsubscribed with its reason."""
    return await subscribers.deactivate(db, chat_id=chat_id, reason=reason, now=_now())


async def is_subscribed(db: aiosqlite.Connection, *, chat_id: int) -> bool:
    """Whether the chat is an active subscriber."""
    stored = await subscribers.get(db, chat_id=chat_id)
    return stored is not None and stored.active


async def ui_lang_of(db: aiosqlite.Connection, chat_id: int, language_code: str | None) -> str:
    """The chat's interface language: its stored choice, else the sender's language code."""
    stored = await subscribers.get(db, chat_id=chat_id)
    if stored is not None and stored.lang in LANGUAGES:
        return stored.lang
    return locales.language_of(language_code)


async def set_language(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    lang: str,
    language_code: str | None,
) -> str:
    """Set the chat's interface language; returns it.

    A chat that never subscribed gets a preferences row that stays inactive until /start.

    Raises:
        ValueError: ``lang`` is not one of LANGUAGES.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}")
    async with transaction(db):
        await ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, lang=lang
        )
        await subscribers.set_lang(db, chat_id=chat_id, lang=lang)
    return lang
