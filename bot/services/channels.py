"""Channels a user links from a private chat (/channel @name): the channel gets the digests
(and its own sources' instant posts) and is managed from that private chat.

Whether the user and the bot are administrators of the channel is the adapter's check
(Telegram's getChatMember); this module stores what the adapter verified.
"""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.config import Settings
from bot.services.subscriptions import scheduled
from bot.storage import subscribers
from bot.storage.db import transaction
from bot.storage.subscribers import Subscriber

UNLINKED = "unlinked"  # deactivated_reason of a channel its manager unlinked


async def link(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    channel_id: int,
    manager_chat_id: int,
    now: datetime | None = None,
) -> Subscriber:
    """Link the channel to the private chat that manages it; it subscribes at once.

    A new channel takes its manager's language, time zone and digest time (the defaults if
    the manager has none); a channel linked before keeps its own.
    """
    now = now or datetime.now(tz=UTC)
    async with transaction(db):
        manager = await subscribers.get(db, chat_id=manager_chat_id)
        channel = await subscribers.link_channel(
            db,
            chat_id=channel_id,
            managed_by=manager_chat_id,
            lang=manager.lang if manager else "ru",
            tz=manager.tz if manager else settings.default_timezone,
            digest_time=(
                manager.digest_time if manager else settings.default_digest_time.strftime("%H:%M")
            ),
            now=now,
        )
        return await scheduled(db, channel, now=now)


async def linked(db: aiosqlite.Connection, *, manager_chat_id: int) -> list[Subscriber]:
    """The channels the private chat manages."""
    return await subscribers.channels_of(db, managed_by=manager_chat_id)


async def managed_channel(
    db: aiosqlite.Connection, *, manager_chat_id: int, channel_id: int
) -> Subscriber | None:
    """The channel, if this private chat manages it (else None: never another's)."""
    channel = await subscribers.get(db, chat_id=channel_id)
    if channel is None or channel.kind != "channel" or not channel.active:
        return None
    return channel if channel.managed_by == manager_chat_id else None


async def unlink(db: aiosqlite.Connection, *, manager_chat_id: int, channel_id: int) -> bool:
    """Stop posting to the channel; False if this chat does not manage it."""
    if await managed_channel(db, manager_chat_id=manager_chat_id, channel_id=channel_id) is None:
        return False
    return await subscribers.deactivate(
        db, chat_id=channel_id, reason=UNLINKED, now=datetime.now(tz=UTC)
    )
