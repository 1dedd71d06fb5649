"""How a chat's follow alerts come (at once or in the digest) and its quiet hours, on a real
migrated SQLite file."""

from __future__ import annotations

from datetime import time

import aiosqlite
import pytest

from bot.config import Settings
from bot.services import preferences, subscriptions
from bot.services.preferences import PreferenceError, parse_quiet
from tests.factories import stored_subscriber

SETTINGS = Settings(default_timezone="Europe/Minsk", default_digest_time=time(8, 0))
CHAT = {"chat_id": 1, "kind": "private", "language_code": "ru"}


async def test_defaults_without_storing_then_quiet_hours_set_and_off(
    db: aiosqlite.Connection,
) -> None:
    shown = await preferences.follow_delivery(db, SETTINGS, chat_id=1)
    assert (shown.alerts, shown.quiet_from, shown.quiet_to, shown.digest_on) == (
        "instant", None, None, False,
    )  # fmt: skip
    assert shown.zone.startswith("Europe/Minsk (UTC+3")
    async with db.execute("SELECT COUNT(*) FROM subscribers") as cur:
        assert (await cur.fetchone())[0] == 0  # type: ignore[index]

    view = await preferences.change_follow_delivery(db, SETTINGS, **CHAT, quiet=("22.30", "7"))
    assert (view.alerts, view.quiet_from, view.quiet_to) == ("instant", "22:30", "07:00")
    stored = await stored_subscriber(db, 1)  # stored (not subscribed) as /settings does
    assert (stored.active, stored.quiet_from, stored.quiet_to) == (False, "22:30", "07:00")
    view = await preferences.change_follow_delivery(db, SETTINGS, **CHAT, quiet=None)
    assert (view.quiet_from, view.quiet_to) == (None, None)


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"alerts": "weekly"}, "alerts"),
        ({"quiet": ("22:00", "25:00")}, "time"),
        ({"quiet": ("soon", "07:00")}, "time"),
        ({"quiet": ("7", "07:00")}, "quiet"),
        ({"alerts": "digest"}, "digest_off"),  # stored, never subscribed: no digest
    ],
)
async def test_bad_changes_are_refused_and_nothing_changes(
    db: aiosqlite.Connection, changes: dict[str, object], reason: str
) -> None:
    await preferences.change_follow_delivery(db, SETTINGS, **CHAT, quiet=("23:00", "08:00"))
    with pytest.raises(PreferenceError) as refused:
        await preferences.change_follow_delivery(db, SETTINGS, **CHAT, **changes)  # type: ignore[arg-type]
    assert refused.value.reason == reason
    stored = await stored_subscriber(db, 1)
    assert (stored.follow_alerts, stored.quiet_from, stored.quiet_to) == (
        "instant", "23:00", "08:00",
    )  # fmt: skip


async def test_digest_alerts_need_a_digest_and_fall_back_when_it_is_turned_off(
    db: aiosqlite.Connection,
) -> None:
    await subscriptions.subscribe(db, SETTINGS, chat_id=1, kind="private", language_code="ru")
    view = await preferences.change_follow_delivery(db, SETTINGS, **CHAT, alerts="digest")
    assert (view.alerts, view.digest_on) == ("digest", True)
    # The digest switched off: alerts come at once again, not never.
    await preferences.change(db, SETTINGS, **CHAT, digest_enabled=False)
    assert (await stored_subscriber(db, 1)).follow_alerts == "instant"
    with pytest.raises(PreferenceError, match="digest_off"):
        await preferences.change_follow_delivery(db, SETTINGS, **CHAT, alerts="digest")
    # Other changes leave the mode alone.
    await preferences.change(db, SETTINGS, **CHAT, digest_enabled=True)
    await preferences.change_follow_delivery(db, SETTINGS, **CHAT, alerts="digest")
    await preferences.change(db, SETTINGS, **CHAT, digest_size=3, lang="en")
    assert (await stored_subscriber(db, 1)).follow_alerts == "digest"
    view = await preferences.change_follow_delivery(db, SETTINGS, **CHAT, alerts="instant")
    assert view.alerts == "instant"


def test_parse_quiet() -> None:
    assert parse_quiet("23", "8am") == ("23:00", "08:00")
    assert parse_quiet(" 0:30 ", "09.15") == ("00:30", "09:15")
    with pytest.raises(PreferenceError, match="quiet"):
        parse_quiet("8", "08:00")
