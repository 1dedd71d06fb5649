"""Time zones from city names and UTC offsets; the labels the settings message shows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest.timezones import (
    CITIES,
    HALF_HOUR_ZONES,
    MAX_MATCHES,
    RENAMED,
    find_timezone,
    offset_label,
    offset_zone,
    zone_label,
)

JULY = datetime(2025, 7, 10, 12, tzinfo=UTC)
JANUARY = datetime(2025, 1, 10, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("minsk", "Europe/Minsk"), ("Minsk", "Europe/Minsk"), ("  MINSK ", "Europe/Minsk"),
        ("New York", "America/New_York"), ("new_york", "America/New_York"),
        ("new-york", "America/New_York"), ("europe/minsk", "Europe/Minsk"),
        ("Europe/Minsk", "Europe/Minsk"), ("US/Eastern", "US/Eastern"),
        ("kathmandu", "Asia/Kathmandu"), ("kiritimati", "Pacific/Kiritimati"),
        ("pago pago", "Pacific/Pago_Pago"), ("Port-au-Prince", "America/Port-au-Prince"),
        ("buenos", "America/Argentina/Buenos_Aires"), ("kiev", "Europe/Kyiv"),
        ("Brest", "Europe/Minsk"), ("Saint Petersburg", "Europe/Moscow"),
        # The built-in table: Russian, Belarusian, Ukrainian; any case; ё as е.
        ("Минск", "Europe/Minsk"), ("мінск", "Europe/Minsk"), ("ГОМЕЛЬ", "Europe/Minsk"),
        ("Брест", "Europe/Minsk"), ("Гродно", "Europe/Minsk"), ("Витебск", "Europe/Minsk"),
        ("Могилёв", "Europe/Minsk"), ("Могилев", "Europe/Minsk"), ("Киев", "Europe/Kyiv"),
        ("Київ", "Europe/Kyiv"), ("Москва", "Europe/Moscow"),
        ("Санкт-Петербург", "Europe/Moscow"), ("санкт", "Europe/Moscow"),
        ("Екатеринбург", "Asia/Yekaterinburg"), ("Новосибирск", "Asia/Novosibirsk"),
        ("Владивосток", "Asia/Vladivostok"), ("Вильнюс", "Europe/Vilnius"),
        ("Варшава", "Europe/Warsaw"), ("Берлин", "Europe/Berlin"), ("Лондон", "Europe/London"),
        ("Нью-Йорк", "America/New_York"), ("нью йорк", "America/New_York"),
        ("Тбилиси", "Asia/Tbilisi"), ("Ереван", "Asia/Yerevan"), ("Алматы", "Asia/Almaty"),
        ("Ташкент", "Asia/Tashkent"), ("Рига", "Europe/Riga"), ("Таллин", "Europe/Tallinn"),
        ("Прага", "Europe/Prague"), ("Париж", "Europe/Paris"),
    ],
)  # fmt: skip
def test_city(query: str, first: str) -> None:
    assert find_timezone(query)[0] == first


@pytest.mark.parametrize(
    ("query", "zone"),
    [
        ("+3", "Etc/GMT-3"), ("UTC+3", "Etc/GMT-3"), ("utc +3", "Etc/GMT-3"),
        ("+03:00", "Etc/GMT-3"), ("GMT-5", "Etc/GMT+5"), ("UTC−11", "Etc/GMT+11"),
        ("−11", "Etc/GMT+11"), ("UTC–8", "Etc/GMT+8"), ("+14", "Etc/GMT-14"),
        ("-12", "Etc/GMT+12"), ("+05:30", "Asia/Kolkata"), ("+0530", "Asia/Kolkata"),
        ("UTC+5:45", "Asia/Kathmandu"), ("-3:30", "America/St_Johns"),
        ("-09:30", "Pacific/Marquesas"), ("+12:45", "Pacific/Chatham"),
        ("UTC", "UTC"), ("gmt", "UTC"), ("+0", "UTC"), ("UTC-0", "UTC"),
    ],
)  # fmt: skip
def test_offset(query: str, zone: str) -> None:
    assert find_timezone(query) == [zone]


@pytest.mark.parametrize("hours", range(-12, 15))
def test_whole_hour_offsets_mind_the_inverted_sign(hours: int) -> None:
    (zone,) = find_timezone(f"UTC{hours:+d}")
    assert ZoneInfo(zone).utcoffset(JULY) == timedelta(hours=hours)


def test_half_hour_zones_have_their_offset_as_standard_time() -> None:
    for minutes, zone in HALF_HOUR_ZONES.items():
        offsets = {ZoneInfo(zone).utcoffset(moment) for moment in (JULY, JANUARY)}
        assert timedelta(minutes=minutes) in offsets, zone


@pytest.mark.parametrize(
    "query",
    ["", "   ", "xx", "Atlantis", "+15", "-13", "+3:75", "+5:15", "UTC+", "++3", "3",
     "../../etc/passwd", "a" * 200, "Гондор"],
)  # fmt: skip
def test_no_match(query: str) -> None:
    assert find_timezone(query) == []


def test_at_most_eight_real_zones_best_first() -> None:
    many = find_timezone("america")
    assert len(many) == MAX_MATCHES
    for zone in many:
        ZoneInfo(zone)
    san = find_timezone("san")
    assert all("san" in zone.lower() for zone in san)
    # Whole-name matches rank before names that only begin with the query.
    assert find_timezone("paris")[0] == "Europe/Paris"


def test_every_table_entry_is_a_known_zone() -> None:
    for city, zones in CITIES.items():
        assert city == city.lower().replace("ё", "е"), city
        assert find_timezone(city), city
        ZoneInfo(zones[0] if zones[0] != "Europe/Kyiv" else find_timezone(city)[0])
    for new in RENAMED.values():
        assert find_timezone(new) == [new] or find_timezone(new)[0] == new


def test_offset_zone_only_offsets() -> None:
    assert offset_zone("Minsk") is None
    assert offset_zone("+3") == "Etc/GMT-3"


@pytest.mark.parametrize(
    ("zone", "at", "label"),
    [
        ("Europe/Minsk", JULY, "Europe/Minsk (UTC+3)"),
        ("Europe/Berlin", JANUARY, "Europe/Berlin (UTC+1)"),
        ("Europe/Berlin", JULY, "Europe/Berlin (UTC+2)"),
        ("America/New_York", JANUARY, "America/New York (UTC−5)"),
        ("Asia/Kathmandu", JULY, "Asia/Kathmandu (UTC+5:45)"),
        ("Pacific/Pago_Pago", JULY, "Pacific/Pago Pago (UTC−11)"),
        ("Etc/GMT-3", JULY, "UTC+3"),
        ("Etc/GMT+11", JULY, "UTC−11"),
        ("UTC", JULY, "UTC"),
    ],
)
def test_zone_label(zone: str, at: datetime, label: str) -> None:
    assert zone_label(zone, at) == label


def test_offset_label_follows_dst() -> None:
    assert offset_label("Australia/Lord_Howe", JULY) == "UTC+10:30"
    assert offset_label("Australia/Lord_Howe", JANUARY) == "UTC+11"
