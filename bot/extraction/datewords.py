"""Calendar words and ISO dates as pages and texts write them (pure; shared by every reader).

One place for the month names of Russian and English, the ISO date pattern and the reading
of an ISO date or timestamp: the page metadata (``bot.extraction.html``), datelines
(``bot.extraction.dateline``) and the dates of the text (``bot.analysis.dates``) all use it.
"""

from __future__ import annotations

import re
from datetime import date

RU_MONTHS = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6, "июл": 7,
    "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
}  # fmt: skip
EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# Abbreviated Russian months of agency datelines ("МОСКВА, 10 авг - РИА Новости").
RU_ABBREVIATED = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "сент": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip
# Regex groups (one group each) for a month word.
RU_MONTH = r"(январ[ьяе]|феврал[ьяе]|марта?|марте|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|августа?|августе|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"  # noqa: E501
RU_MONTH_SHORT = r"(янв|фев|мар|апр|июн|июл|авг|сент|сен|окт|ноя|дек)\.?"
EN_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"  # noqa: E501
YEAR = r"((?:19|20)\d{2})"
# An ISO date anywhere in a text or attribute: 2016-10-04, 2016-10-04T12:00:00-04:00.
ISO_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")
_ISO_START_RE = re.compile(r"^\s*((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


def month_ru(word: str) -> int:
    """The month a Russian month word names («августа», «авг»), or 0."""
    w = word.lower().rstrip(".")
    if w in RU_ABBREVIATED:
        return RU_ABBREVIATED[w]
    for stem, number in sorted(RU_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if w.startswith(stem):
            return number
    return 0


def month_en(word: str) -> int:
    """The month an English month word names ("Sept.", "August"), or 0."""
    return EN_MONTHS.get(word.lower().rstrip("."), 0)


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when the parts name no calendar day (31 February)."""
    try:
        return date(year, month, day)
    except ValueError:
        return None


def iso_day(value: str | None, *, min_year: int = 1900) -> date | None:
    """The calendar date an ISO date or timestamp starts with, as written (no time zones).

    "2016-07-29T16:42:00-04:00" is 29 July 2016 even though it is the 30th in UTC: the date
    the outlet printed is the one a reader expects.
    """
    m = _ISO_START_RE.match(value or "")
    if m is None or int(m.group(1)) < min_year:
        return None
    return safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
