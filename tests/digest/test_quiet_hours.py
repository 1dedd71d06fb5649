"""Quiet hours: when those that a moment falls in end, on the chat's clock, across midnight and
DST changes (a local end time the clock skips, or shows twice)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.digest.schedule import quiet_end


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("tz", "quiet", "now", "end"),
    [
        # Minsk is UTC+3 all year. Through midnight: 23:00–08:00.
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 10, 21), utc(2026, 1, 11, 5)),
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 10, 20), utc(2026, 1, 11, 5)),  # 23:00
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 11, 3), utc(2026, 1, 11, 5)),  # 06:00
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 11, 4, 59), utc(2026, 1, 11, 5)),
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 11, 5), None),  # 08:00: the end
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 10, 19, 59), None),  # 22:59
        ("Europe/Minsk", ("23:00", "08:00"), utc(2026, 1, 10, 12), None),  # 15:00
        # Within a day: 13:00–15:00.
        ("Europe/Minsk", ("13:00", "15:00"), utc(2026, 1, 10, 10, 30), utc(2026, 1, 10, 12)),
        ("Europe/Minsk", ("13:00", "15:00"), utc(2026, 1, 10, 10), utc(2026, 1, 10, 12)),
        ("Europe/Minsk", ("13:00", "15:00"), utc(2026, 1, 10, 12), None),
        ("Europe/Minsk", ("13:00", "15:00"), utc(2026, 1, 10, 9, 59), None),
        ("Europe/Minsk", ("13:00", "15:00"), utc(2026, 1, 10, 21), None),  # 00:00
        # None, one of them, or the two equal: no quiet hours.
        ("Europe/Minsk", (None, None), utc(2026, 1, 10, 21), None),
        ("Europe/Minsk", ("23:00", None), utc(2026, 1, 10, 21), None),
        ("Europe/Minsk", ("08:00", "08:00"), utc(2026, 1, 10, 5), None),
        # A zone this system does not know: no quiet hours rather than no alert.
        ("Mars/Olympus_Mons", ("23:00", "08:00"), utc(2026, 1, 10, 21), None),
        # London springs forward 01:00 GMT -> 02:00 BST on 2026-03-29: an end of 01:30 does
        # not exist that night; the quiet hours end when the clock jumps (01:00 UTC).
        ("Europe/London", ("00:00", "01:30"), utc(2026, 3, 29, 0, 15), utc(2026, 3, 29, 1)),
        ("Europe/London", ("00:00", "01:30"), utc(2026, 3, 29, 1), None),
        # ... and a night that spans the change is an hour shorter: 07:00 BST is 06:00 UTC.
        ("Europe/London", ("22:00", "07:00"), utc(2026, 3, 28, 23), utc(2026, 3, 29, 6)),
        ("Europe/London", ("22:00", "07:00"), utc(2026, 3, 28, 22), utc(2026, 3, 29, 6)),
        # London falls back 02:00 BST -> 01:00 GMT on 2026-10-25: 01:30 comes twice; the
        # quiet hours end at the first (00:30 UTC), as a digest at 01:30 would come then.
        ("Europe/London", ("00:00", "01:30"), utc(2026, 10, 24, 23, 30), utc(2026, 10, 25, 0, 30)),
        ("Europe/London", ("00:00", "01:30"), utc(2026, 10, 25, 1), None),
        ("Europe/London", ("22:00", "07:00"), utc(2026, 10, 25, 3), utc(2026, 10, 25, 7)),
        # New York springs forward 02:00 EST -> 03:00 EDT on 2026-03-08: an end of 02:30 is
        # the gap's end (07:00 UTC); quiet hours that start at 02:30 start then.
        ("America/New_York", ("22:00", "02:30"), utc(2026, 3, 8, 6), utc(2026, 3, 8, 7)),
        ("America/New_York", ("02:30", "07:00"), utc(2026, 3, 8, 7, 30), utc(2026, 3, 8, 11)),
        ("America/New_York", ("02:30", "07:00"), utc(2026, 3, 8, 6, 59), None),  # 01:59 EST
        # ... and falls back 02:00 EDT -> 01:00 EST on 2026-11-01: the first 01:30 (EDT).
        ("America/New_York", ("23:00", "01:30"), utc(2026, 11, 1, 5), utc(2026, 11, 1, 5, 30)),
        ("America/New_York", ("23:00", "01:30"), utc(2026, 11, 1, 6), None),  # 01:00 EST
        ("America/New_York", ("23:00", "08:00"), utc(2026, 11, 1, 6), utc(2026, 11, 1, 13)),
    ],
)
def test_quiet_end(
    tz: str, quiet: tuple[str | None, str | None], now: datetime, end: datetime | None
) -> None:
    found = quiet_end(tz, quiet[0], quiet[1], now)
    assert found == end
    if found is not None:
        assert found.tzinfo == UTC
        assert found > now


def test_quiet_end_refuses_a_naive_moment_or_a_malformed_time() -> None:
    with pytest.raises(ValueError, match="naive"):
        quiet_end("Europe/Minsk", "23:00", "08:00", datetime(2026, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValueError, match="HH:MM"):
        quiet_end("Europe/Minsk", "25:00", "08:00", utc(2026, 1, 1))
