"""Time zones from what people type: a city ("Минск", "new york") or a UTC offset ("+3").

Pure: reads only the system's time zone database (zoneinfo), never the network.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import available_timezones

from bot.digest.schedule import is_zone, local_time

MAX_MATCHES = 8
MAX_QUERY_CHARS = 64
# A query this long may match the beginning of a city ("санкт", "buenos"); shorter ones only
# whole names, or "la" would list half of America.
MIN_PREFIX = 3

# The regions of canonical IANA names; the rest (US/Eastern, W-SU, Etc/..., posix/...) are
# aliases or fixed offsets, found only by their full name or by an offset.
REGIONS = frozenset({
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe",
    "Indian", "Pacific",
})  # fmt: skip

# Renamed zones whose old name is still an alias: the new one is offered, the old one only if
# this system's database lacks the new (tzdata before 2022b has no Europe/Kyiv).
RENAMED = {
    "Europe/Kiev": "Europe/Kyiv",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Saigon": "Asia/Ho_Chi_Minh",
    "Asia/Rangoon": "Asia/Yangon",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "Europe/Uzhgorod": "Europe/Kyiv",
    "Europe/Zaporozhye": "Europe/Kyiv",
    "Pacific/Enderbury": "Pacific/Kanton",
    "Atlantic/Faeroe": "Atlantic/Faroe",
}

# City names the bot's readers type in Russian, Belarusian or Ukrainian (lower case, ё as е),
# with their zones, the preferred name first.
CITIES: dict[str, tuple[str, ...]] = {
    # Belarus
    "минск": ("Europe/Minsk",), "мінск": ("Europe/Minsk",), "гомель": ("Europe/Minsk",),
    "брест": ("Europe/Minsk",), "брэст": ("Europe/Minsk",), "гродно": ("Europe/Minsk",),
    "гродна": ("Europe/Minsk",), "витебск": ("Europe/Minsk",), "віцебск": ("Europe/Minsk",),
    "могилев": ("Europe/Minsk",), "магілеў": ("Europe/Minsk",), "бобруйск": ("Europe/Minsk",),
    "барановичи": ("Europe/Minsk",), "пинск": ("Europe/Minsk",), "беларусь": ("Europe/Minsk",),
    # Ukraine
    "киев": ("Europe/Kyiv", "Europe/Kiev"), "київ": ("Europe/Kyiv", "Europe/Kiev"),
    "кіеў": ("Europe/Kyiv", "Europe/Kiev"), "харьков": ("Europe/Kyiv", "Europe/Kiev"),
    "харків": ("Europe/Kyiv", "Europe/Kiev"), "одесса": ("Europe/Kyiv", "Europe/Kiev"),
    "одеса": ("Europe/Kyiv", "Europe/Kiev"), "львов": ("Europe/Kyiv", "Europe/Kiev"),
    "львів": ("Europe/Kyiv", "Europe/Kiev"), "днепр": ("Europe/Kyiv", "Europe/Kiev"),
    "дніпро": ("Europe/Kyiv", "Europe/Kiev"), "украина": ("Europe/Kyiv", "Europe/Kiev"),
    "україна": ("Europe/Kyiv", "Europe/Kiev"),
    # Russia
    "москва": ("Europe/Moscow",), "санкт-петербург": ("Europe/Moscow",),
    "петербург": ("Europe/Moscow",), "питер": ("Europe/Moscow",), "спб": ("Europe/Moscow",),
    "смоленск": ("Europe/Moscow",), "калининград": ("Europe/Kaliningrad",),
    "самара": ("Europe/Samara",), "казань": ("Europe/Moscow",),
    "екатеринбург": ("Asia/Yekaterinburg",), "омск": ("Asia/Omsk",),
    "новосибирск": ("Asia/Novosibirsk",), "красноярск": ("Asia/Krasnoyarsk",),
    "иркутск": ("Asia/Irkutsk",), "якутск": ("Asia/Yakutsk",),
    "владивосток": ("Asia/Vladivostok",), "магадан": ("Asia/Magadan",),
    "камчатка": ("Asia/Kamchatka",), "петропавловск-камчатский": ("Asia/Kamchatka",),
    # Neighbours and where people moved
    "вильнюс": ("Europe/Vilnius",), "вільнюс": ("Europe/Vilnius",), "рига": ("Europe/Riga",),
    "таллин": ("Europe/Tallinn",), "таллинн": ("Europe/Tallinn",),
    "варшава": ("Europe/Warsaw",), "белосток": ("Europe/Warsaw",), "краков": ("Europe/Warsaw",),
    "вроцлав": ("Europe/Warsaw",), "гданьск": ("Europe/Warsaw",), "прага": ("Europe/Prague",),
    "берлин": ("Europe/Berlin",), "мюнхен": ("Europe/Berlin",), "вена": ("Europe/Vienna",),
    "париж": ("Europe/Paris",), "лондон": ("Europe/London",), "рим": ("Europe/Rome",),
    "мадрид": ("Europe/Madrid",), "барселона": ("Europe/Madrid",),
    "амстердам": ("Europe/Amsterdam",), "брюссель": ("Europe/Brussels",),
    "хельсинки": ("Europe/Helsinki",), "стокгольм": ("Europe/Stockholm",),
    "осло": ("Europe/Oslo",), "копенгаген": ("Europe/Copenhagen",),
    "будапешт": ("Europe/Budapest",), "бухарест": ("Europe/Bucharest",),
    "кишинев": ("Europe/Chisinau",), "софия": ("Europe/Sofia",), "афины": ("Europe/Athens",),
    "белград": ("Europe/Belgrade",), "стамбул": ("Europe/Istanbul",),
    "анкара": ("Europe/Istanbul",), "лиссабон": ("Europe/Lisbon",),
    "тбилиси": ("Asia/Tbilisi",), "батуми": ("Asia/Tbilisi",), "ереван": ("Asia/Yerevan",),
    "баку": ("Asia/Baku",), "алматы": ("Asia/Almaty",), "алма-ата": ("Asia/Almaty",),
    "астана": ("Asia/Almaty",), "ташкент": ("Asia/Tashkent",), "бишкек": ("Asia/Bishkek",),
    "душанбе": ("Asia/Dushanbe",), "тель-авив": ("Asia/Jerusalem",),
    "иерусалим": ("Asia/Jerusalem",), "дубай": ("Asia/Dubai",), "пекин": ("Asia/Shanghai",),
    "токио": ("Asia/Tokyo",), "бангкок": ("Asia/Bangkok",), "дели": ("Asia/Kolkata",),
    "нью-йорк": ("America/New_York",), "вашингтон": ("America/New_York",),
    "чикаго": ("America/Chicago",), "лос-анджелес": ("America/Los_Angeles",),
    "сан-франциско": ("America/Los_Angeles",), "торонто": ("America/Toronto",),
    "ванкувер": ("America/Vancouver",), "сидней": ("Australia/Sydney",),
    # Latin spellings of cities that have no zone of their own
    "brest": ("Europe/Minsk",), "homel": ("Europe/Minsk",), "gomel": ("Europe/Minsk",),
    "grodno": ("Europe/Minsk",), "hrodna": ("Europe/Minsk",), "vitebsk": ("Europe/Minsk",),
    "viciebsk": ("Europe/Minsk",), "mogilev": ("Europe/Minsk",), "mahilyow": ("Europe/Minsk",),
    "belarus": ("Europe/Minsk",), "kharkiv": ("Europe/Kyiv", "Europe/Kiev"),
    "odesa": ("Europe/Kyiv", "Europe/Kiev"), "lviv": ("Europe/Kyiv", "Europe/Kiev"),
    "saint petersburg": ("Europe/Moscow",), "st petersburg": ("Europe/Moscow",),
    "krakow": ("Europe/Warsaw",), "bialystok": ("Europe/Warsaw",),
    "tbilisi": ("Asia/Tbilisi",), "yerevan": ("Asia/Yerevan",),
}  # fmt: skip

# Offsets that are not whole hours, to a zone that keeps that offset all year where one
# exists (else the best known zone with it as standard time).
HALF_HOUR_ZONES = {
    -570: "Pacific/Marquesas",
    -210: "America/St_Johns",
    210: "Asia/Tehran",
    270: "Asia/Kabul",
    330: "Asia/Kolkata",
    345: "Asia/Kathmandu",
    390: "Asia/Yangon",
    525: "Australia/Eucla",
    570: "Australia/Darwin",
    630: "Australia/Lord_Howe",
    765: "Pacific/Chatham",
}

# "+3", "UTC+3", "GMT -5", "+05:30", "utc+0530", "UTC−11" (after dash normalisation), "utc".
_OFFSET = re.compile(
    r"^(?:utc|gmt|uct)?\s*(?:(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?:[:.]?(?P<minutes>\d{2}))?)?$",
    re.ASCII,
)
_DASHES = str.maketrans({"−": "-", "–": "-", "—": "-", "‐": "-", "‑": "-", "ё": "е"})


def _normal(text: str) -> str:
    """Lower case, ё as е, every dash as "-", spaces squeezed."""
    return " ".join(text.strip().lower().translate(_DASHES).split())


def _key(text: str) -> str:
    """A name compared loosely: "New_York", "new-york" and "new york" are one key."""
    return " ".join(re.split(r"[\s_\-']+", text.lower())).strip()


@cache
def _index() -> tuple[tuple[str, str, str], ...]:
    """(city key, full-name key, zone) for every canonical zone, sorted by zone."""
    rows = []
    for name in sorted(available_timezones()):
        parts = name.split("/")
        if len(parts) < 2 or parts[0] not in REGIONS:  # noqa: PLR2004 (Region/City)
            continue
        rows.append((_key(parts[-1]), _key(name.replace("/", " ")), name))
    return tuple(rows)


def _preferred(name: str) -> str:
    renamed = RENAMED.get(name)
    return renamed if renamed is not None and is_zone(renamed) else name


def offset_zone(query: str) -> str | None:
    """The zone for a typed UTC offset ("+3" -> "Etc/GMT-3"); None if it is not one.

    Etc/GMT zones carry POSIX's inverted sign: Etc/GMT-3 is three hours *ahead* of UTC.
    Offsets that are not whole hours map to a real zone using them (HALF_HOUR_ZONES).
    """
    match = _OFFSET.match(_normal(query))
    if match is None or not query.strip():
        return None
    hours = int(match.group("hours") or 0)
    minutes = int(match.group("minutes") or 0)
    total = (hours * 60 + minutes) * (-1 if match.group("sign") == "-" else 1)
    name: str | None
    if minutes >= 60 or not -12 * 60 <= total <= 14 * 60:  # noqa: PLR2004 (UTC-12 to UTC+14)
        name = None
    elif total == 0:
        name = "UTC"  # also "utc" or "gmt" alone
    elif minutes == 0:
        name = f"Etc/GMT{'-' if total > 0 else '+'}{hours}"
    else:
        name = HALF_HOUR_ZONES.get(total)
    return name if name is not None and is_zone(name) else None


def find_timezone(query: str) -> list[str]:
    """IANA zones for a city name or a UTC offset, best matches first (at most MAX_MATCHES).

    Args:
        query: "Минск", "new york", "New_York", "Europe/Minsk", "+3", "UTC+05:30", "GMT−5".

    Returns:
        Zone names known to this system; empty when nothing matches.
    """
    text = _normal(query)
    if not text or len(text) > MAX_QUERY_CHARS:
        return []
    by_offset = offset_zone(text)
    if by_offset is not None:
        return [by_offset]
    found: list[str] = []

    def add(name: str) -> None:
        name = _preferred(name)
        if name not in found and is_zone(name):
            found.append(name)

    # 1. The name itself, any case: "europe/minsk", "US/Eastern", "Etc/GMT-3".
    exact = {name.lower(): name for name in available_timezones()}.get(text.replace(" ", "_"))
    if exact is not None:
        add(exact)
    key = _key(text)
    if not key:
        return found
    # 2. A city of the built-in table, whole name then its beginning ("санкт" -> Петербург).
    for whole in (True, False):
        for city, zones in CITIES.items():
            city_key = _key(city)
            if city_key == key or (
                not whole and len(key) >= MIN_PREFIX and city_key.startswith(key)
            ):
                add(next((name for name in zones if is_zone(name)), zones[0]))
    # 3. English city names of the database: whole city, then its beginning, then anywhere.
    matches: tuple[Callable[[str, str], bool], ...] = (
        lambda city, full: key in (city, full),
        lambda city, _: len(key) >= MIN_PREFIX and city.startswith(key),
        lambda _, full: len(key) > MIN_PREFIX and key in full,
    )
    for match in matches:
        for city, full, name in _index():
            if match(city, full):
                add(name)
    return found[:MAX_MATCHES]


def offset_label(tz: str, at: datetime) -> str:
    """The zone's UTC offset at ``at``: "UTC+3", "UTC−11", "UTC+5:45" (real minus), "UTC"."""
    offset = local_time(tz, at).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_label(tz: str, at: datetime) -> str:
    """How a zone is shown: "Europe/Minsk (UTC+3)"; a fixed offset zone just "UTC+3"."""
    label = offset_label(tz, at)
    if tz.startswith("Etc/") or tz in {"UTC", "GMT"}:
        return label
    return f"{tz.replace('_', ' ')} ({label})"
