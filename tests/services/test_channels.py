"""Channels linked from a private chat: stored as subscribers managed by that chat, with
its preferences, and never manageable from another chat."""

from __future__ import annotations

from datetime import UTC, datetime, time

import aiosqlite

from bot.config import Settings
from bot.services import channels, preferences, subscriptions

SETTINGS = Settings(
    _env_file=None,  # type: ignore[call-arg]
    default_timezone="UTC",
    default_digest_time=time(8, 0),
)
T0 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CHANNEL = -1001234


async def test_a_linked_channel_takes_its_managers_preferences_and_subscribes(
    db: aiosqlite.Connection,
) -> None:
    await subscriptions.subscribe(
        db, SETTINGS, chat_id=5, kind="private", language_code="be", now=T0
    )
    await preferences.change(
        db, SETTINGS, chat_id=5, kind="private", language_code="be", tz="Europe/Minsk",
        digest_time="19:30", now=T0,
    )  # fmt: skip
    channel = await channels.link(db, SETTINGS, channel_id=CHANNEL, manager_chat_id=5, now=T0)
    assert (channel.kind, channel.managed_by, channel.active) == ("channel", 5, True)
    assert (channel.lang, channel.tz, channel.digest_time) == ("be", "Europe/Minsk", "19:30")
    assert channel.next_digest_at == datetime(2026, 12, 7, 16, 30, tzinfo=UTC)  # 19:30 Minsk
    assert [c.chat_id for c in await channels.linked(db, manager_chat_id=5)] == [CHANNEL]
    assert await channels.linked(db, manager_chat_id=6) == []


async def test_only_its_manager_manages_or_unlinks_it(db: aiosqlite.Connection) -> None:
    await channels.link(db, SETTINGS, channel_id=CHANNEL, manager_chat_id=5, now=T0)
    assert await channels.managed_channel(db, manager_chat_id=6, channel_id=CHANNEL) is None
    assert not await channels.unlink(db, manager_chat_id=6, channel_id=CHANNEL)
    assert await channels.managed_channel(db, manager_chat_id=5, channel_id=CHANNEL)
    # A chat id that is not a channel is never "managed" (a group, a private chat).
    await subscriptions.subscribe(
        db, SETTINGS, chat_id=-77, kind="group", language_code="ru", now=T0
    )
    assert await channels.managed_channel(db, manager_chat_id=5, channel_id=-77) is None
    assert await channels.unlink(db, manager_chat_id=5, channel_id=CHANNEL)
    assert await channels.linked(db, manager_chat_id=5) == []
    # Linked again later (by another admin): it comes back with its settings, new manager.
    again = await channels.link(db, SETTINGS, channel_id=CHANNEL, manager_chat_id=6, now=T0)
    assert (again.active, again.managed_by) == (True, 6)
