"""/settings use cases on a real migrated SQLite file."""

from __future__ import annotations

from datetime import time
from zoneinfo import ZoneInfo

import aiosqlite
import pytest

from bot.config import Settings
from bot.services import preferences, subscriptions
from bot.services.preferences import PreferenceError, shift_time
from bot.storage import feeds, subscribers
from tests.factories import count_active

SETTINGS = Settings(default_timezone="Europe/Minsk", default_digest_time=time(8, 0))
CHAT = {"chat_id": 1, "kind": "private", "language_code": "ru"}


async def _feeds(db: aiosqlite.Connection, count: int) -> list[int]:
    ids = []
    for n in range(count):
        feed = await feeds.add(db, url=f"https://example.com/{n}.xml", title=f"Feed {n}")
        assert feed is not None
        ids.append(feed.id)
    return ids


async def test_current_stores_defaults_without_subscribing(db: aiosqlite.Connection) -> None:
    view = await preferences.current(db, SETTINGS, **CHAT)
    sub = view.subscriber
    assert (sub.tz, sub.digest_time, sub.digest_enabled, sub.digest_size, sub.lang) == (
        "Europe/Minsk", "08:00", True, 5, "ru",
    )  # fmt: skip
    assert not sub.active
    assert view.all_feeds
    assert await count_active(db) == 0
    # Chosen before /start, kept by it.
    await preferences.change(db, SETTINGS, **CHAT, digest_time="06:45")
    started = await subscriptions.subscribe(
        db, SETTINGS, chat_id=1, kind="private", language_code="en"
    )
    assert (started.active, started.digest_time, started.lang) == (True, "06:45", "ru")
    assert started.next_digest_at is not None
    assert started.next_digest_at.astimezone(ZoneInfo("Europe/Minsk")).strftime("%H:%M") == (
        "06:45"
    )


async def test_change_reschedules_and_validates(db: aiosqlite.Connection) -> None:
    await subscriptions.subscribe(db, SETTINGS, chat_id=1, kind="private", language_code="ru")
    view = await preferences.change(
        db, SETTINGS, **CHAT, tz="America/New_York", digest_time="21:15", digest_size=7,
        lang="en", digest_enabled=False,
    )  # fmt: skip
    sub = view.subscriber
    assert (sub.tz, sub.digest_time, sub.digest_size, sub.lang, sub.digest_enabled) == (
        "America/New_York", "21:15", 7, "en", False,
    )  # fmt: skip
    assert sub.next_digest_at is not None
    assert sub.next_digest_at.astimezone(ZoneInfo("America/New_York")).strftime("%H:%M") == (
        "21:15"
    )
    for kwargs, reason in (
        ({"tz": "Mars/Base"}, "zone"),
        ({"digest_time": "8:00"}, "time"),
        ({"digest_time": "25:00"}, "time"),
        ({"digest_size": 0}, "size"),
        ({"digest_size": 21}, "size"),
        ({"lang": "de"}, "lang"),
    ):
        with pytest.raises(PreferenceError) as caught:
            await preferences.change(db, SETTINGS, **CHAT, **kwargs)  # type: ignore[arg-type]
        assert caught.value.reason == reason
    assert (await preferences.current(db, SETTINGS, **CHAT)).subscriber == sub


async def test_feed_choice_shows_what_the_digest_takes(db: aiosqlite.Connection) -> None:
    one, two, three = await _feeds(db, 3)
    view = await preferences.current(db, SETTINGS, **CHAT)
    assert view.all_feeds
    assert view.chosen_count == 3
    # From "all": leaving one out keeps the other two.
    view = await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=two, chosen=False)
    assert view.chosen == {one, three}
    assert not view.all_feeds
    assert [view.takes(f) for f in (one, two, three)] == [True, False, True]
    view = await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=one, chosen=False)
    assert view.chosen == {three}
    with pytest.raises(PreferenceError) as caught:
        await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=three, chosen=False)
    assert caught.value.reason == "last_feed"
    # Every feed ticked again is stored as "all", so feeds added later are in too.
    await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=one, chosen=True)
    view = await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=two, chosen=True)
    assert view.chosen == frozenset()
    assert view.all_feeds
    await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=one, chosen=False)
    view = await preferences.all_feeds(db, SETTINGS, **CHAT)
    assert view.all_feeds
    assert await subscribers.feed_ids(db, chat_id=1) == []
    with pytest.raises(PreferenceError) as caught:
        await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=999, chosen=True)
    assert caught.value.reason == "feed"


async def test_disabled_feeds_are_not_offered(db: aiosqlite.Connection) -> None:
    one, two = await _feeds(db, 2)
    await db.execute("UPDATE feeds SET enabled = 0 WHERE id = ?", (two,))
    view = await preferences.current(db, SETTINGS, **CHAT)
    assert [feed.id for feed in view.feeds] == [one]
    with pytest.raises(PreferenceError):
        await preferences.choose_feed(db, SETTINGS, **CHAT, feed_id=two, chosen=True)


@pytest.mark.parametrize(
    ("start", "minutes", "shifted"),
    [("08:00", 60, "09:00"), ("23:30", 60, "00:30"), ("00:10", -15, "23:55"),
     ("08:50", 15, "09:05"), ("00:00", -60, "23:00")],
)  # fmt: skip
def test_shift_time(start: str, minutes: int, shifted: str) -> None:
    assert shift_time(start, minutes) == shifted


def test_find_zones() -> None:
    assert preferences.find_zones("Гродно") == ["Europe/Minsk"]
    assert preferences.find_zones("+3") == ["Etc/GMT-3"]
