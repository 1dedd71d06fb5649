"""When a subscriber's daily digest is due: local wall-clock time in its zone, kept in UTC.

Pure (no I/O). The rules, for a digest at local time ``HH:MM`` in zone ``tz``:

- one due time per local calendar day, at ``HH:MM`` on that day's wall clock;
- a time that does not exist that day (the clock springs forward over it) is due at the end
  of the gap, the first instant the clock shows after it (02:30 in Berlin on the last Sunday
  of March is due at 03:00 CEST);
- a time that happens twice (the clock falls back) is due at its first occurrence (fold=0);
- a day the zone skips altogether (Pacific/Apia on 2011-12-30) has no digest; a gap whose
  end falls on the next local day does not move that day's digest there.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# "HH:MM" as stored in subscribers.digest_time.
_STORED_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

# What people type for a time: "8", "08", "8:05", "8.05", "8-05", "08 05", "0805", "8h",
# "8am", "8:30 pm", "20ч", "20:30ч".
_TYPED_TIME = re.compile(
    r"^(?P<hour>\d{1,2})(?:\s*[:.\-\s]\s*(?P<minute>\d{2})|(?P<packed>\d{2}))?"
    r"\s*(?P<suffix>am|a\.m\.|pm|p\.m\.|h|ч|час(?:а|ов)?)?\.?$",
    re.ASCII,  # digits 0-9 only
)

# Local days tried, relative to the local date of `after`: the day before (harmless, and safe
# should a zone's clock ever step back over midnight), today, and up to two days on in case
# a day is skipped.
_SEARCH_DAYS = range(-1, 3)


def zone(tz: str) -> ZoneInfo:
    """The zone called ``tz``; ValueError when there is no such IANA zone."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r}") from None


def is_zone(tz: str) -> bool:
    """Whether ``tz`` names an IANA zone known to this system."""
    try:
        zone(tz)
    except ValueError:
        return False
    return True


def _clock(digest_time: str) -> time:
    match = _STORED_TIME.match(digest_time)
    if match is None:
        raise ValueError(f"digest time must be HH:MM, got {digest_time!r}")
    return time(int(match.group(1)), int(match.group(2)))


def _aware_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r} for {name}: use an aware UTC time")
    return moment.astimezone(UTC)


def _gap_end(wall: datetime, where: ZoneInfo) -> datetime:
    """The UTC instant the clock jumps over the non-existent local time ``wall``.

    fold=1 reads ``wall`` with the offset after the jump and fold=0 with the offset before,
    so the transition lies between the two readings; bisect it to the second.
    """
    low = int(wall.replace(tzinfo=where, fold=1).timestamp())  # before the jump
    high = int(wall.replace(tzinfo=where, fold=0).timestamp())  # after it
    if low > high:  # a backwards reading cannot happen in a gap; keep the search sound
        low, high = high, low
    after_offset = datetime.fromtimestamp(high, tz=where).utcoffset()
    while low < high:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz=where).utcoffset() == after_offset:
            high = middle
        else:
            low = middle + 1
    return datetime.fromtimestamp(low, tz=UTC)


def due_on(*, tz: str, digest_time: str, day: date) -> datetime | None:
    """The digest's due instant (aware UTC) on local ``day``; None if the zone skips ``day``."""
    where = zone(tz)
    wall = datetime.combine(day, _clock(digest_time))
    first = wall.replace(tzinfo=where, fold=0)  # the first occurrence of an ambiguous time
    moment = first.astimezone(UTC)
    if moment.astimezone(where).replace(tzinfo=None) != wall:  # not on the clock: a gap
        moment = _gap_end(wall, where)
    if moment.astimezone(where).date() != day:
        return None  # the gap ends on the next day (or the day is skipped): no digest today
    return moment


def next_digest_at(*, tz: str, digest_time: str, after: datetime) -> datetime:
    """The first moment strictly after ``after`` when the clock in ``tz`` shows ``digest_time``.

    Args:
        tz: IANA zone name, e.g. "Europe/Minsk".
        digest_time: "HH:MM", local to ``tz``.
        after: an aware datetime (any zone).

    Returns:
        Aware UTC. DST gaps and overlaps follow the module's rules, so iterating this
        function gives exactly one due time per local day.

    Raises:
        ValueError: unknown zone, malformed time, or naive ``after``.
    """
    after = _aware_utc(after, "after")
    today = after.astimezone(zone(tz)).date()
    for shift in _SEARCH_DAYS:
        due = due_on(tz=tz, digest_time=digest_time, day=today + timedelta(days=shift))
        if due is not None and due > after:
            return due
    raise AssertionError(f"no digest time within {len(_SEARCH_DAYS)} days in {tz}")


def local_date(tz: str, at: datetime) -> date:
    """The calendar date the clock in ``tz`` shows at the aware moment ``at``."""
    return _aware_utc(at, "at").astimezone(zone(tz)).date()


def local_time(tz: str, at: datetime) -> datetime:
    """The aware moment ``at`` on the clock of ``tz`` (for showing it to a user)."""
    return _aware_utc(at, "at").astimezone(zone(tz))


def rescheduled(
    *, tz: str, digest_time: str, now: datetime, last_digest_at: datetime | None
) -> datetime:
    """The next due time after a settings change: never a second digest on the same day.

    The next ``digest_time`` after ``now``, but not on the local day (in ``tz``) of the last
    digest, ``last_digest_at``: moving 08:00 to 20:00 after the 08:00 digest must not send
    another one tonight, so it starts tomorrow evening.
    """
    due = next_digest_at(tz=tz, digest_time=digest_time, after=now)
    if last_digest_at is None:
        return due
    done = local_date(tz, last_digest_at)
    while local_date(tz, due) <= done:
        due = next_digest_at(tz=tz, digest_time=digest_time, after=due)
    return due


def parse_time(text: str) -> str | None:
    """A typed time of day as "HH:MM", or None when it is not one.

    Accepts "8", "08", "8:5", "8:05", "8.05", "20-30", "0805", "20ч", "8h" and 12-hour forms
    ("8am", "8:30 pm"; "12am" is midnight, "12pm" noon).
    """
    cleaned = " ".join(text.strip().lower().split())
    match = _TYPED_TIME.match(cleaned)
    if match is None:
        # One-digit minutes after a separator ("8:5"): 08:05.
        loose = re.match(r"^(\d{1,2})\s*[:.]\s*(\d)$", cleaned, re.ASCII)
        if loose is None:
            return None
        hour, minute, suffix = int(loose.group(1)), int(loose.group(2)), None
    else:
        hour = int(match.group("hour"))
        minutes = match.group("minute") or match.group("packed")
        minute = int(minutes) if minutes else 0
        suffix = match.group("suffix")
    if suffix is not None and suffix.startswith(("a", "p")):
        if not 1 <= hour <= 12:  # noqa: PLR2004 (the 12-hour clock)
            return None
        hour %= 12
        if suffix.startswith("p"):
            hour += 12
    if hour > 23 or minute > 59:  # noqa: PLR2004 (the clock)
        return None
    return f"{hour:02d}:{minute:02d}"


def _on_clock(day: date, clock: time, where: ZoneInfo) -> datetime:
    """The aware UTC instant the clock in ``where`` shows ``clock`` on ``day``: the first of
    two when it shows it twice, the end of the gap when it skips it."""
    wall = datetime.combine(day, clock)
    moment = wall.replace(tzinfo=where, fold=0).astimezone(UTC)
    if moment.astimezone(where).replace(tzinfo=None) != wall:  # not on the clock: a gap
        moment = _gap_end(wall, where)
    return moment


def quiet_end(
    tz: str, quiet_from: str | None, quiet_to: str | None, now: datetime
) -> datetime | None:
    """When the chat's quiet hours that ``now`` falls in end (aware UTC); None outside them.

    Quiet hours run from ``quiet_from`` to ``quiet_to`` ("HH:MM" on the clock of ``tz``),
    through midnight when ``quiet_from`` is later (23:00–08:00); the start is in them, the
    end is not. None as either time, or the two equal, means no quiet hours, and so does a
    zone this system does not know (an alert is better late than lost, not better never).
    A start or end the clock skips that day (DST spring) is read as the end of the gap, one
    the clock shows twice (DST autumn) as its first occurrence, like a digest's due time.

    Raises:
        ValueError: a naive ``now`` or a time that is not "HH:MM".
    """
    now = _aware_utc(now, "now")
    if quiet_from is None or quiet_to is None:
        return None
    start, end = _clock(quiet_from), _clock(quiet_to)
    if start == end:
        return None
    try:
        where = zone(tz)
    except ValueError:
        return None
    today = now.astimezone(where).date()
    overnight = start > end
    # Quiet hours that began yesterday (through midnight) or today.
    for day in (today - timedelta(days=1), today):
        begins = _on_clock(day, start, where)
        ends = _on_clock(day + timedelta(days=1) if overnight else day, end, where)
        if begins <= now < ends:
            return ends
    return None
