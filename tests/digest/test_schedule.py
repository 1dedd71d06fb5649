"""Digest due times: local wall clock in any zone, across DST gaps and overlaps, kept in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest.schedule import (
    due_on,
    local_date,
    local_time,
    next_digest_at,
    parse_time,
    rescheduled,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def wall(tz: str, moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M %z")


@pytest.mark.parametrize(
    ("tz", "digest_time", "after", "shown"),
    [
        # Europe/Berlin springs forward 02:00 -> 03:00 on 2025-03-30: the gap's end.
        ("Europe/Berlin", "02:30", utc(2025, 3, 29, 12), "2025-03-30 03:00 +0200"),
        ("Europe/Berlin", "02:00", utc(2025, 3, 29, 12), "2025-03-30 03:00 +0200"),
        ("Europe/Berlin", "02:59", utc(2025, 3, 29, 12), "2025-03-30 03:00 +0200"),
        ("Europe/Berlin", "03:00", utc(2025, 3, 29, 12), "2025-03-30 03:00 +0200"),
        ("Europe/Berlin", "01:59", utc(2025, 3, 29, 12), "2025-03-30 01:59 +0100"),
        # ... and falls back 03:00 -> 02:00 on 2025-10-26: the first 02:30 (summer time).
        ("Europe/Berlin", "02:30", utc(2025, 10, 25, 12), "2025-10-26 02:30 +0200"),
        ("Europe/Berlin", "02:00", utc(2025, 10, 25, 12), "2025-10-26 02:00 +0200"),
        ("Europe/Berlin", "03:00", utc(2025, 10, 25, 12), "2025-10-26 03:00 +0100"),
        # America/New_York: gap 02:00-03:00 on 2025-03-09, overlap 01:00-02:00 on 2025-11-02.
        ("America/New_York", "02:15", utc(2025, 3, 8, 12), "2025-03-09 03:00 -0400"),
        ("America/New_York", "01:30", utc(2025, 11, 1, 12), "2025-11-02 01:30 -0400"),
        ("America/New_York", "08:00", utc(2025, 11, 1, 12), "2025-11-02 08:00 -0500"),
        # Australia/Lord_Howe moves its clock by 30 minutes: 02:00 -> 02:30 on 2025-10-05,
        # 02:00 -> 01:30 on 2025-04-06.
        ("Australia/Lord_Howe", "02:15", utc(2025, 10, 4), "2025-10-05 02:30 +1100"),
        ("Australia/Lord_Howe", "02:30", utc(2025, 10, 4), "2025-10-05 02:30 +1100"),
        ("Australia/Lord_Howe", "01:45", utc(2025, 4, 5), "2025-04-06 01:45 +1100"),
        ("Australia/Lord_Howe", "02:00", utc(2025, 4, 5), "2025-04-06 02:00 +1030"),
        # America/Santiago springs forward at midnight (00:00 -> 01:00 on 2025-09-07).
        ("America/Santiago", "00:30", utc(2025, 9, 6, 12), "2025-09-07 01:00 -0300"),
        ("America/Santiago", "23:30", utc(2025, 9, 6, 12), "2025-09-06 23:30 -0400"),
        # The edges of the world's offsets, a 45-minute one and the default zone.
        ("Pacific/Pago_Pago", "08:00", utc(2025, 7, 10, 12), "2025-07-10 08:00 -1100"),
        ("Pacific/Kiritimati", "08:00", utc(2025, 7, 10, 12), "2025-07-11 08:00 +1400"),
        ("Asia/Kathmandu", "08:00", utc(2025, 7, 10, 1), "2025-07-10 08:00 +0545"),
        ("Europe/Minsk", "08:00", utc(2025, 7, 10, 4, 59), "2025-07-10 08:00 +0300"),
    ],
)
def test_next_digest_at(tz: str, digest_time: str, after: datetime, shown: str) -> None:
    due = next_digest_at(tz=tz, digest_time=digest_time, after=after)
    assert due.tzinfo is UTC
    assert wall(tz, due) == shown


def test_gap_end_is_the_transition_instant() -> None:
    due = next_digest_at(tz="Europe/Berlin", digest_time="02:30", after=utc(2025, 3, 29, 12))
    assert due == utc(2025, 3, 30, 1)  # the moment CET becomes CEST
    assert (due - timedelta(seconds=1)).astimezone(ZoneInfo("Europe/Berlin")).hour == 1


def test_strictly_after() -> None:
    due = utc(2025, 7, 10, 5)  # 08:00 in Minsk
    assert next_digest_at(tz="Europe/Minsk", digest_time="08:00", after=due) == utc(2025, 7, 11, 5)
    just_before = due - timedelta(microseconds=1)
    assert next_digest_at(tz="Europe/Minsk", digest_time="08:00", after=just_before) == due


def test_after_in_another_zone_is_the_same_instant() -> None:
    after = utc(2025, 7, 10, 4).astimezone(ZoneInfo("America/New_York"))
    assert next_digest_at(tz="Europe/Minsk", digest_time="08:00", after=after) == utc(
        2025, 7, 10, 5
    )


ZONES = [
    "Pacific/Pago_Pago",  # UTC-11
    "Etc/GMT+12",  # UTC-12, no one lives there
    "Pacific/Marquesas",  # UTC-09:30
    "America/St_Johns",  # UTC-03:30 with DST
    "America/New_York",
    "America/Santiago",  # DST at midnight, southern hemisphere
    "America/Havana",  # DST at midnight
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Minsk",
    "Asia/Kathmandu",  # UTC+05:45
    "Asia/Kolkata",
    "Australia/Adelaide",  # UTC+09:30 with DST
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Chatham",  # UTC+12:45 with DST
    "Pacific/Auckland",
    "Pacific/Kiritimati",  # UTC+14
]
TIMES = ["00:00", "00:30", "01:30", "02:00", "02:30", "08:00", "23:30", "23:59"]


@pytest.mark.parametrize("tz", ZONES)
def test_one_digest_per_local_day_for_400_days(tz: str) -> None:
    where = ZoneInfo(tz)
    for digest_time in TIMES:
        wanted = datetime.strptime(digest_time, "%H:%M").time()  # noqa: DTZ007 (a clock time)
        due = utc(2024, 12, 20)
        day: date | None = None
        for _ in range(400):
            following = next_digest_at(tz=tz, digest_time=digest_time, after=due)
            assert following > due
            due = following
            shown = due.astimezone(where)
            # The next local day each time: none twice, none skipped.
            assert day is None or shown.date() == day + timedelta(days=1), (tz, shown)
            day = shown.date()
            if shown.time() != wanted:
                # Only a gap moves the digest: the clock jumps from before to after the
                # wanted time, and the digest comes at the first instant after the jump.
                # (A gap at midnight jumps from the day before.)
                before = (due - timedelta(seconds=1)).astimezone(where)
                target = datetime.combine(shown.date(), wanted)
                naive = shown.replace(tzinfo=None)
                assert before.replace(tzinfo=None) < target < naive, (tz, digest_time, shown)
                assert shown.utcoffset() != before.utcoffset()


@pytest.mark.parametrize("tz", ZONES)
def test_each_day_in_a_year_once(tz: str) -> None:
    seen: list[date] = []
    due = utc(2025, 1, 1)
    while due < utc(2026, 1, 1):
        due = next_digest_at(tz=tz, digest_time="02:30", after=due)
        seen.append(local_date(tz, due))
    first = seen[0]
    assert seen == [first + timedelta(days=n) for n in range(len(seen))]


def test_zones_that_skipped_a_day() -> None:
    # Samoa jumped over 2011-12-30 to the other side of the date line; Kiritimati over
    # 1994-12-31. No digest on a day that did not happen, and none doubled the next day.
    assert due_on(tz="Pacific/Apia", digest_time="08:00", day=date(2011, 12, 30)) is None
    due = next_digest_at(tz="Pacific/Apia", digest_time="08:00", after=utc(2011, 12, 29, 20))
    assert wall("Pacific/Apia", due) == "2011-12-31 08:00 +1400"
    due = next_digest_at(tz="Pacific/Kiritimati", digest_time="08:00", after=utc(1994, 12, 30, 19))
    assert local_date("Pacific/Kiritimati", due) == date(1995, 1, 1)


def test_local_date_across_the_date_line() -> None:
    noon = utc(2025, 7, 10, 12)
    assert local_date("Pacific/Pago_Pago", noon) == date(2025, 7, 10)
    assert local_date("Pacific/Kiritimati", noon) == date(2025, 7, 11)
    assert local_date("Europe/Minsk", utc(2025, 7, 10, 21)) == date(2025, 7, 11)
    assert local_time("Asia/Kathmandu", noon).strftime("%H:%M") == "17:45"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"tz": "Mars/Olympus", "digest_time": "08:00"}, "unknown time zone"),
        ({"tz": "", "digest_time": "08:00"}, "unknown time zone"),
        ({"tz": "../etc/passwd", "digest_time": "08:00"}, "unknown time zone"),
        ({"tz": "UTC", "digest_time": "8:00"}, "HH:MM"),
        ({"tz": "UTC", "digest_time": "24:00"}, "HH:MM"),
    ],
)
def test_bad_settings_are_refused(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        next_digest_at(after=utc(2025, 1, 1), **kwargs)


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        next_digest_at(tz="UTC", digest_time="08:00", after=datetime(2025, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="naive"):
        local_date("UTC", datetime(2025, 1, 1))  # noqa: DTZ001


def test_rescheduled_never_sends_twice_a_day() -> None:
    minsk = "Europe/Minsk"
    sent_today = utc(2025, 7, 10, 5)  # 08:00 local, done
    now = utc(2025, 7, 10, 7)  # 10:00 local

    def moved(digest_time: str, last: datetime | None, at: datetime = now) -> str:
        due = rescheduled(tz=minsk, digest_time=digest_time, now=at, last_digest_at=last)
        return wall(minsk, due)

    # After today's digest, a later time starts tomorrow, and so does an earlier one.
    assert moved("20:00", sent_today) == "2025-07-11 20:00 +0300"
    assert moved("09:00", sent_today) == "2025-07-11 09:00 +0300"
    # No digest today yet (the last one yesterday, or none): the new time today.
    assert moved("20:00", sent_today - timedelta(days=1)) == "2025-07-10 20:00 +0300"
    assert moved("20:00", None) == "2025-07-10 20:00 +0300"
    assert moved("07:00", None, utc(2025, 7, 10, 3)) == "2025-07-10 07:00 +0300"
    # "Today" is the chat's: 23:30 UTC on the 10th is already the 11th in Minsk.
    late = utc(2025, 7, 10, 21, 30)
    assert moved("08:00", late, late + timedelta(minutes=5)) == "2025-07-12 08:00 +0300"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("8", "08:00"), ("08", "08:00"), ("8:5", "08:05"), ("08:05", "08:05"),
        ("20.30", "20:30"), (" 7 30 ", "07:30"), ("20-30", "20:30"), ("0805", "08:05"),
        ("930", "09:30"), ("00:00", "00:00"), ("23:59", "23:59"), ("8am", "08:00"),
        ("8:30 PM", "20:30"), ("12am", "00:00"), ("12pm", "12:00"), ("20ч", "20:00"),
        ("8h", "08:00"),
        ("24", None), ("24:00", None), ("8:60", None), ("13pm", None), ("0am", None),
        ("", None), ("abc", None), ("8:00:00", None), ("-1", None), ("12345", None),
        ("٨:٠٠", None),
    ],
)  # fmt: skip
def test_parse_time(text: str, parsed: str | None) -> None:
    assert parse_time(text) == parsed
