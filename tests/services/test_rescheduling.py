"""When a chat's next digest is due after it subscribes or changes its preferences (the
services compute it; storage only stores it), on a real migrated SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import aiosqlite
import pytest

from bot.config import Settings
from bot.services import preferences, subscriptions
from bot.services.preferences import PreferenceError
from bot.storage import subscribers
from tests.factories import stored_subscriber

SETTINGS = Settings(default_timezone="Europe/Minsk", default_digest_time=time(8, 0))
T0 = datetime(2025, 7, 10, 12, 0, tzinfo=UTC)  # 15:00 in Minsk (UTC+3)
TOMORROW_8 = datetime(2025, 7, 11, 5, 0, tzinfo=UTC)  # 08:00 in Minsk the next day


async def subscribe(db: aiosqlite.Connection, chat_id: int, *, now: datetime = T0) -> None:
    await subscriptions.subscribe(
        db, SETTINGS, chat_id=chat_id, kind="private", language_code="ru", now=now
    )


async def change(
    db: aiosqlite.Connection, *, now: datetime, **fields: object
) -> subscribers.Subscriber:
    view = await preferences.change(
        db,
        SETTINGS,
        chat_id=1,
        kind="private",
        language_code="ru",
        now=now,
        **fields,  # type: ignore[arg-type]
    )
    return view.subscriber


async def test_a_new_chat_is_scheduled_at_its_next_digest_time(db: aiosqlite.Connection) -> None:
    await subscribe(db, 1)
    assert (await stored_subscriber(db, 1)).next_digest_at == TOMORROW_8


async def test_a_returning_chat_keeps_a_due_time_ahead_and_renews_a_passed_one(
    db: aiosqlite.Connection,
) -> None:
    await subscribe(db, 1)
    await subscriptions.unsubscribe(db, chat_id=1)
    await subscribe(db, 1, now=T0 + timedelta(hours=1))
    assert (await stored_subscriber(db, 1)).next_digest_at == TOMORROW_8  # still ahead: kept
    await subscriptions.unsubscribe(db, chat_id=1)
    # Back after a week: the old due time has long passed; no digest the minute it returns.
    await subscribe(db, 1, now=T0 + timedelta(days=7))
    assert (await stored_subscriber(db, 1)).next_digest_at == TOMORROW_8 + timedelta(days=7)


async def test_a_new_time_or_zone_reschedules(db: aiosqlite.Connection) -> None:
    await subscribe(db, 1)
    # 15:00 in Minsk, subscribed after today's 08:00: no digest today yet.
    changed = await change(db, now=T0, digest_time="20:30")
    assert changed.digest_time == "20:30"
    assert changed.next_digest_at == datetime(2025, 7, 10, 17, 30, tzinfo=UTC)  # tonight
    changed = await change(db, now=T0, tz="Asia/Kathmandu")
    assert changed.next_digest_at == datetime(2025, 7, 10, 14, 45, tzinfo=UTC)  # 20:30 +05:45
    assert await stored_subscriber(db, 1) == changed


async def test_after_todays_digest_a_new_time_starts_tomorrow(db: aiosqlite.Connection) -> None:
    morning = datetime(2025, 7, 10, 3, 0, tzinfo=UTC)  # 06:00 in Minsk
    await subscribe(db, 1, now=morning)
    assert (await stored_subscriber(db, 1)).next_digest_at == datetime(2025, 7, 10, 5, tzinfo=UTC)
    # Before the digest: moved within the day.
    changed = await change(db, now=morning, digest_time="07:15")
    assert changed.next_digest_at == datetime(2025, 7, 10, 4, 15, tzinfo=UTC)
    # Sent at 07:15; moved to the evening at 10:00: not a second one tonight.
    sent = datetime(2025, 7, 10, 4, 15, tzinfo=UTC)
    await subscribers.digest_done(
        db, chat_id=1, watermark=sent, next_at=datetime(2025, 7, 11, 4, 15, tzinfo=UTC)
    )
    changed = await change(db, now=datetime(2025, 7, 10, 7, tzinfo=UTC), digest_time="20:00")
    assert changed.next_digest_at == datetime(2025, 7, 11, 17, tzinfo=UTC)


async def test_other_preferences_keep_the_schedule(db: aiosqlite.Connection) -> None:
    await subscribe(db, 1)
    due_now = TOMORROW_8 + timedelta(seconds=20)  # the tick has not taken it yet
    changed = await change(db, now=due_now, lang="uk", digest_size=10, digest_enabled=False)
    assert (changed.lang, changed.digest_size, changed.digest_enabled) == ("uk", 10, False)
    assert changed.next_digest_at == TOMORROW_8
    assert (changed.tz, changed.digest_time) == ("Europe/Minsk", "08:00")
    # Switched on again three days later: the stale due time is renewed, not sent at once.
    changed = await change(db, now=T0 + timedelta(days=3), digest_enabled=True)
    assert changed.digest_enabled
    assert changed.next_digest_at == TOMORROW_8 + timedelta(days=3)


async def test_bad_values_change_nothing(db: aiosqlite.Connection) -> None:
    await subscribe(db, 1)
    before = await stored_subscriber(db, 1)
    bad: list[dict[str, object]] = [
        {"tz": "Mars/Base"}, {"digest_time": "8"}, {"digest_size": 0}, {"digest_size": 21},
        {"lang": "de"},
    ]  # fmt: skip
    for fields in bad:
        with pytest.raises(PreferenceError):
            await change(db, now=T0, **fields)
    assert await stored_subscriber(db, 1) == before


async def test_chats_from_before_digests_are_scheduled_at_start(
    db: aiosqlite.Connection,
) -> None:
    for chat_id, tz, active in ((1, "Europe/Minsk", 1), (2, "Pacific/Kiritimati", 1),
                                (3, "Europe/Minsk", 0), (4, "Nowhere/Land", 1)):  # fmt: skip
        await db.execute(
            "INSERT INTO subscribers (chat_id, kind, lang, tz, digest_time, active, created_at) "
            "VALUES (?, 'private', 'ru', ?, '08:00', ?, ?)",
            (chat_id, tz, active, int(T0.timestamp())),
        )
    await subscribe(db, 5)
    assert await subscriptions.schedule_unscheduled(db, now=T0) == 2
    assert (await stored_subscriber(db, 1)).next_digest_at == TOMORROW_8
    assert (await stored_subscriber(db, 2)).next_digest_at == datetime(
        2025, 7, 10, 18, tzinfo=UTC
    )  # 08:00 +14
    assert (await stored_subscriber(db, 3)).next_digest_at is None  # inactive: scheduled on /start
    assert (await stored_subscriber(db, 4)).next_digest_at is None  # unknown zone: left, logged
    assert await subscriptions.schedule_unscheduled(db, now=T0) == 0
