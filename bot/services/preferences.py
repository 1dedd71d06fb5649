"""A chat's preferences (the /settings screens): digest on or off, time, zone, size, sources,
language. "Preferences" is the chat's; ``config.Settings`` is the operator's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from types import EllipsisType

import aiosqlite

from bot.config import Settings
from bot.digest import schedule, timezones
from bot.services import subscriptions
from bot.services.subscriptions import LANGUAGES
from bot.storage import chat_feeds, feeds, subscribers
from bot.storage.db import transaction
from bot.storage.feeds import Feed
from bot.storage.subscribers import Subscriber

MIN_SIZE = 1  # the schema's CHECK (digest_size BETWEEN 1 AND 20)
MAX_SIZE = 20
MINUTES_PER_DAY = 24 * 60
# How a chat's follow alerts come (subscribers.follow_alerts): a message at once, or a
# section of its daily digest.
ALERTS_INSTANT = "instant"
ALERTS_DIGEST = "digest"
ALERT_MODES = (ALERTS_INSTANT, ALERTS_DIGEST)


class PreferenceError(ValueError):
    """A preference the chat cannot have; ``reason`` names which, for the adapter's text.

    Reasons: "zone", "time", "size", "lang", "feed" (not an enabled feed), "last_feed" (the
    digest would have no source left), "alerts" (not a way follow alerts come), "quiet" (quiet
    hours that start when they end), "digest_off" (follow alerts in the digest of a chat that
    gets none).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ChatPreferences:
    """What the /settings message shows."""

    subscriber: Subscriber
    chosen: frozenset[int]  # feed ids the chat chose; empty: all feeds
    feeds: tuple[Feed, ...]  # the enabled feeds, in the order they were added
    now: datetime

    @property
    def zone_label(self) -> str:
        """The chat's zone as shown: "Минск (UTC+3)"-like, with today's offset."""
        return timezones.zone_label(self.subscriber.tz, self.now)

    @property
    def next_local(self) -> str | None:
        """When the next digest comes, in the chat's zone ("31.12 08:00"); None if none."""
        sub = self.subscriber
        if not (sub.active and sub.digest_enabled) or sub.next_digest_at is None:
            return None
        return schedule.local_time(sub.tz, sub.next_digest_at).strftime("%d.%m %H:%M")

    @property
    def all_feeds(self) -> bool:
        """Whether the digest takes every feed (none chosen, or all of them)."""
        return not self.chosen or {feed.id for feed in self.feeds} <= self.chosen

    def takes(self, feed_id: int) -> bool:
        """Whether the digest takes this feed's stories."""
        return not self.chosen or feed_id in self.chosen

    @property
    def chosen_count(self) -> int:
        """How many of the enabled feeds the digest takes."""
        return sum(1 for feed in self.feeds if self.takes(feed.id))


def _now() -> datetime:
    return datetime.now(tz=UTC)


def shift_time(digest_time: str, minutes: int) -> str:
    """``digest_time`` ("HH:MM") moved by ``minutes`` around the clock: 23:30 + 60 = 00:30."""
    hours, mins = (int(part) for part in digest_time.split(":"))
    total = (hours * 60 + mins + minutes) % MINUTES_PER_DAY
    return f"{total // 60:02d}:{total % 60:02d}"


def parse_time(text: str) -> str | None:
    """A digest time typed by the user ("7:30", "07.30") as "HH:MM"; None if it is not one."""
    return schedule.parse_time(text)


def zone_label(zone: str, now: datetime) -> str:
    """A zone as the buttons show it, with its offset at ``now``."""
    return timezones.zone_label(zone, now)


def find_zones(query: str) -> list[str]:
    """Time zones for a city or an offset typed by the user, best first."""
    return timezones.find_timezone(query)


async def _view(db: aiosqlite.Connection, *, chat_id: int, now: datetime) -> ChatPreferences:
    subscriber = await subscribers.get(db, chat_id=chat_id)
    assert subscriber is not None  # noqa: S101 (stored by ensure_stored)
    # The operator's feeds only: a feed chats added (/add) is theirs, never listed to others.
    shared = await chat_feeds.shared_feed_ids(db)
    enabled = tuple(feed for feed in await feeds.all(db) if feed.enabled and feed.id in shared)
    chosen = frozenset(await subscribers.feed_ids(db, chat_id=chat_id))
    return ChatPreferences(subscriber=subscriber, chosen=chosen, feeds=enabled, now=now)


async def current(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
) -> ChatPreferences:
    """The chat's settings; a chat not stored yet gets the defaults (stored, not subscribed).

    Args:
        kind: "private" or "group".
        language_code: the sender's, the language of a chat not stored yet.
    """
    now = _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        return await _view(db, chat_id=chat_id, now=now)


async def change(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    tz: str | None = None,
    digest_time: str | None = None,
    digest_enabled: bool | None = None,
    digest_size: int | None = None,
    lang: str | None = None,
    now: datetime | None = None,
) -> ChatPreferences:
    """Change the given preferences (None keeps one); the next digest is rescheduled.

    Raises:
        PreferenceError: an unknown zone, a time that is not "HH:MM", a size outside 1..20 or
            an unknown language; nothing is changed.
    """
    if tz is not None and not schedule.is_zone(tz):
        raise PreferenceError("zone", tz)
    if digest_time is not None and schedule.parse_time(digest_time) != digest_time:
        raise PreferenceError("time", digest_time)
    if digest_size is not None and not MIN_SIZE <= digest_size <= MAX_SIZE:
        raise PreferenceError("size", str(digest_size))
    if lang is not None and lang not in LANGUAGES:
        raise PreferenceError("lang", lang)
    now = now or _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        current = await subscribers.get(db, chat_id=chat_id)
        assert current is not None  # noqa: S101 (stored by ensure_stored)
        new_tz = current.tz if tz is None else tz
        new_time = current.digest_time if digest_time is None else digest_time
        due = current.next_digest_at
        # Rescheduled (from now, never on the local day of the last digest) when the zone or
        # time changes, when none is scheduled, or when the digest is switched on with a due
        # time that passed while it was off. Other changes keep it, so a language switch in
        # the minute a digest falls due does not skip it.
        if (
            (new_tz, new_time) != (current.tz, current.digest_time)
            or due is None
            or (digest_enabled and not current.digest_enabled and due <= now)
        ):
            due = schedule.rescheduled(
                tz=new_tz, digest_time=new_time, now=now, last_digest_at=current.last_digest_at
            )
        await subscribers.update_preferences(
            db,
            chat_id=chat_id,
            next_digest_at=due,
            tz=tz,
            digest_time=digest_time,
            digest_enabled=digest_enabled,
            digest_size=digest_size,
            lang=lang,
        )
        if digest_enabled is False and current.follow_alerts == ALERTS_DIGEST:
            # No digest to carry them: follow alerts come at once again rather than never.
            await subscribers.set_follow_delivery(
                db, chat_id=chat_id, follow_alerts=ALERTS_INSTANT
            )
        return await _view(db, chat_id=chat_id, now=now)


async def choose_feed(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    feed_id: int,
    chosen: bool,
) -> ChatPreferences:
    """Take (``chosen``) or leave out one feed's stories; every feed taken is stored as all.

    With all feeds taken, leaving one out keeps the others: the check marks show what the
    digest takes. Storing "all" rather than the list lets feeds added later in too.

    Raises:
        PreferenceError: "feed" for a feed that is not enabled, "last_feed" when it would
            leave the digest without a source.
    """
    now = _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        view = await _view(db, chat_id=chat_id, now=now)
        enabled = {feed.id for feed in view.feeds}
        if feed_id not in enabled:
            raise PreferenceError("feed", str(feed_id))
        taken = {fid for fid in enabled if view.takes(fid)}
        taken = taken | {feed_id} if chosen else taken - {feed_id}
        if not taken:
            raise PreferenceError("last_feed")
        await subscribers.set_feeds(
            db, chat_id=chat_id, feed_ids=[] if taken >= enabled else sorted(taken)
        )
        return await _view(db, chat_id=chat_id, now=now)


async def all_feeds(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
) -> ChatPreferences:
    """Take every feed's stories, feeds added later included."""
    now = _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        await subscribers.set_feeds(db, chat_id=chat_id, feed_ids=[])
        return await _view(db, chat_id=chat_id, now=now)


@dataclass(frozen=True, slots=True)
class FollowDelivery:
    """How the chat's follow alerts come: what /following's buttons and /quiet show."""

    alerts: str  # ALERTS_INSTANT or ALERTS_DIGEST
    quiet_from: str | None  # quiet hours, "HH:MM" on the chat's clock; None: none
    quiet_to: str | None
    zone: str  # the chat's zone as shown, "Минск (UTC+3)"-like
    digest_on: bool  # whether the chat gets a daily digest (alerts may go into it)


def _delivery(subscriber: Subscriber | None, settings: Settings, now: datetime) -> FollowDelivery:
    if subscriber is None:  # a chat never stored: the defaults
        return FollowDelivery(
            alerts=ALERTS_INSTANT,
            quiet_from=None,
            quiet_to=None,
            zone=timezones.zone_label(settings.default_timezone, now),
            digest_on=False,
        )
    return FollowDelivery(
        alerts=subscriber.follow_alerts,
        quiet_from=subscriber.quiet_from,
        quiet_to=subscriber.quiet_to,
        zone=timezones.zone_label(subscriber.tz, now),
        digest_on=subscriber.active and subscriber.digest_enabled,
    )


async def follow_delivery(
    db: aiosqlite.Connection, settings: Settings, *, chat_id: int
) -> FollowDelivery:
    """How the chat's follow alerts come (a chat not stored: the defaults; nothing stored)."""
    return _delivery(await subscribers.get(db, chat_id=chat_id), settings, _now())


def parse_quiet(first: str, second: str) -> tuple[str, str]:
    """Quiet hours typed by the user ("22:30", "7") as ("HH:MM", "HH:MM").

    Raises:
        PreferenceError: "time" for a time that is not one, "quiet" for two equal times.
    """
    start, end = schedule.parse_time(first), schedule.parse_time(second)
    if start is None or end is None:
        raise PreferenceError("time", first if start is None else second)
    if start == end:
        raise PreferenceError("quiet", start)
    return start, end


async def change_follow_delivery(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    alerts: str | None = None,
    quiet: tuple[str, str] | EllipsisType | None = ...,
    now: datetime | None = None,
) -> FollowDelivery:
    """Change how the chat's follow alerts come: ``alerts`` (None keeps it) and its quiet
    hours, ``quiet`` as typed (``...`` keeps them, None turns them off).

    Taking alerts in the digest needs a digest: a chat that gets none (not subscribed, or
    its digest off) is refused rather than left to lose its alerts.

    Raises:
        PreferenceError: "alerts" (an unknown mode), "time" or "quiet" (``parse_quiet``),
            "digest_off"; nothing is changed.
    """
    if alerts is not None and alerts not in ALERT_MODES:
        raise PreferenceError("alerts", alerts)
    hours = quiet if isinstance(quiet, EllipsisType) or quiet is None else parse_quiet(*quiet)
    now = now or _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        chat = await subscribers.get(db, chat_id=chat_id)
        assert chat is not None  # noqa: S101 (stored by ensure_stored)
        if alerts == ALERTS_DIGEST and not (chat.active and chat.digest_enabled):
            raise PreferenceError("digest_off")
        await subscribers.set_follow_delivery(
            db, chat_id=chat_id, follow_alerts=alerts, quiet=hours
        )
        return _delivery(await subscribers.get(db, chat_id=chat_id), settings, now)
