"""When it happened: explicit and relative dates of the story as ISO dates.

«10 июля» takes its year from the same day and month written with a year anywhere in the
page (a caption often has «10 июля 2025 года»), else from the publication date (the year
that puts the date closest before it); «вчера», "on Friday" resolve against the
publication date and are left out when it is unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.extraction.datewords import (
    EN_MONTH,
    ISO_DATE_RE,
    RU_MONTH,
    RU_MONTH_SHORT,
    YEAR,
    month_en,
    month_ru,
    safe_date,
)

_RU_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:-?го)?\s+{RU_MONTH}(?:\s+{YEAR}\s*(?:года|г\.|г\b)?)?", re.IGNORECASE
)
_EN_MONTH_DAY = re.compile(rf"\b{EN_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+{YEAR})?")
_EN_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{EN_MONTH}(?:,?\s+{YEAR})?"
)
_NUMERIC = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b")
# A numeric date whose dots were lost in copying ("Приказом от 21 10 2016"): day, month and a
# four-digit year, with no other number next to them.
_NUMERIC_SPACED = re.compile(
    r"(?<![\d.,])(?<!\d )\b(\d{1,2}) (\d{1,2}) ((?:19|20)\d{2})\b(?![.,]?\d)(?! \d)"
)

_RU_RELATIVE = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
_EN_RELATIVE = {"yesterday": -1, "today": 0, "tomorrow": 1}
_RU_WEEKDAYS = {
    "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
    "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
}  # fmt: skip
_EN_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
_RU_RELATIVE_RE = re.compile(r"\b(позавчера|вчера|сегодня|послезавтра|завтра)\b", re.IGNORECASE)
_EN_RELATIVE_RE = re.compile(r"\b(yesterday|today|tomorrow)\b", re.IGNORECASE)
_RU_WEEKDAY_RE = re.compile(
    r"\b(?:в|во)\s+(понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)\b",
    re.IGNORECASE,
)
_EN_WEEKDAY_RE = re.compile(
    r"\b(?:on|last|this|next)?\s*(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
_FUTURE_RU = re.compile(r"\b(в следующ|на следующ|будет|будут|планиру|намерен|пройдет|состоится)")
_FUTURE_EN = re.compile(r"\b(next|will|is due|are due|plans? to|is set to|scheduled)\b")

# A date without a year is put in the year that brings it closest to the publication date,
# looking at most this many days ahead (news reports announcements of near-future events).
MAX_DAYS_AHEAD = 60


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date found in the text, with its span and ISO value."""

    start: int
    end: int
    iso: str


def _year_for(
    month: int, day: int, published: date | None, hints: dict[tuple[int, int], int]
) -> int | None:
    if (month, day) in hints:
        return hints[(month, day)]
    if published is None:
        return None
    candidates = [
        d
        for year in (published.year - 1, published.year, published.year + 1)
        if (d := safe_date(year, month, day)) and (d - published).days <= MAX_DAYS_AHEAD
    ]
    return max(candidates).year if candidates else None


def _explicit(text: str, lang: str) -> Iterable[tuple[int, int, int, int, int | None]]:
    """(start, end, day, month, year or None) of every explicit calendar date."""
    if lang == "ru":
        for m in _RU_DAY_MONTH.finditer(text):
            yield (
                m.start(),
                m.end(),
                int(m.group(1)),
                month_ru(m.group(2)),
                (int(m.group(3)) if m.group(3) else None),
            )
    else:
        for m in _EN_MONTH_DAY.finditer(text):
            yield (
                m.start(),
                m.end(),
                int(m.group(2)),
                month_en(m.group(1)),
                (int(m.group(3)) if m.group(3) else None),
            )
        for m in _EN_DAY_MONTH.finditer(text):
            yield (
                m.start(),
                m.end(),
                int(m.group(1)),
                month_en(m.group(2)),
                (int(m.group(3)) if m.group(3) else None),
            )
    for m in _NUMERIC.finditer(text):
        yield m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3))
    for m in _NUMERIC_SPACED.finditer(text):
        if 1 <= int(m.group(2)) <= 12:  # noqa: PLR2004
            yield m.start(), m.end(), int(m.group(1)), int(m.group(2)), int(m.group(3))
    for m in ISO_DATE_RE.finditer(text):
        yield m.start(), m.end(), int(m.group(3)), int(m.group(2)), int(m.group(1))


def _year_hints(texts: Iterable[str], lang: str) -> dict[tuple[int, int], int]:
    hints: dict[tuple[int, int], int] = {}
    for t in texts:
        for _s, _e, day, month, year in _explicit(t, lang):
            if year and month:
                hints.setdefault((month, day), year)
    return hints


def _weekday_before(published: date, weekday: int, future: bool) -> date:
    delta = (weekday - published.weekday()) % 7
    if future:
        return published + timedelta(days=delta)
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def find_dates(
    text: str, lang: str, published: date | None = None, *, context: str = ""
) -> list[DateMention]:
    """Every date of the text that can be pinned to a calendar day, in text order.

    Args:
        text: the article text.
        lang: "ru" or "en".
        published: the publication date, when known, for relative dates and missing years.
        context: the whole page the text came from (captions, date lines), for years only.
    """
    hints = _year_hints((text, context), lang)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for start, end, day, month, year in sorted(_explicit(text, lang)):
        if not month or any(s < end and start < e for s, e in taken):
            continue
        y = year or _year_for(month, day, published, hints)
        d = safe_date(y, month, day) if y else None
        if d:
            found.append(DateMention(start, end, d.isoformat()))
            taken.append((start, end))
    if published is not None:
        relative, rel_re, week, week_re, future_re = (
            (_RU_RELATIVE, _RU_RELATIVE_RE, _RU_WEEKDAYS, _RU_WEEKDAY_RE, _FUTURE_RU)
            if lang == "ru"
            else (_EN_RELATIVE, _EN_RELATIVE_RE, _EN_WEEKDAYS, _EN_WEEKDAY_RE, _FUTURE_EN)
        )
        for m in rel_re.finditer(text):
            d = published + timedelta(days=relative[m.group(1).lower()])
            found.append(DateMention(m.start(), m.end(), d.isoformat()))
        for m in week_re.finditer(text):
            window = text[max(0, m.start() - 60) : m.end() + 60]
            future = bool(future_re.search(window)) or m.group(0).lower().startswith("next")
            d = _weekday_before(published, week[m.group(1).lower()], future)
            found.append(DateMention(m.start(), m.end(), d.isoformat()))
    found.sort(key=lambda dm: dm.start)
    return found


def story_dates(mentions: Iterable[DateMention], limit: int = 3) -> list[str]:
    """Distinct ISO dates in order of first mention (the lead's date first), at most ``limit``."""
    out: list[str] = []
    for dm in mentions:
        if dm.iso not in out:
            out.append(dm.iso)
    return out[:limit]


# A date shown on a page as a line of its own (next to the headline or the byline):
# "Dec. 16, 2016 2:05 PM PT", "Nov 7, 2023 2:00 AM", "14.05.2025, 20:28", "10/13/16",
# "Updated 10:46 AM ET, Thu October 13, 2016", "Опубликовано: 10 августа 2019, 12:00".
# a year ends at a word boundary, or runs into a time ("Nov 20 20194:29 AM": lost spacing)
_YEAR_END = r"(?:\b|(?=\d{1,2}:\d{2}))"
_SHOWN_EN = re.compile(
    rf"\b{EN_MONTH}\s*,?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{YEAR}{_YEAR_END}"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{EN_MONTH},?\s+{YEAR}{_YEAR_END}",
    re.IGNORECASE,
)
# An ISO date with its time ("2019-11-19T12:48:14Z"): the time is part of the date.
_SHOWN_ISO = re.compile(
    ISO_DATE_RE.pattern + r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
# a month in full or cut short ("10 авг. 2019, 12:00")
_SHOWN_RU_MONTH = rf"({RU_MONTH[1:-1]}|{RU_MONTH_SHORT[1:-4]}(?=\.|\s))\.?"
_SHOWN_RU = re.compile(rf"\b(\d{{1,2}})\s+{_SHOWN_RU_MONTH}\s+{YEAR}\b", re.IGNORECASE)
_SHOWN_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)?\d{2})(?![\d.])")
_SHOWN_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)?\d{2})(?![\d/])")
# Times and separators a date line holds besides the date (other words are counted).
_SHOWN_NOISE = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?!\w)|[|·•,:;/()–—-]", re.IGNORECASE
)
_WORD = re.compile(r"[^\W\d_]+")
# A date line holds the date and at most this many other words ("Updated", "Thu", "ET", a
# weekday, "Published", a two-word byline): prose with a date in it ("In this photo dated...")
# has more. Chosen by reading the flattened pages of realworld-dev half A.
MAX_DATE_LINE_WORDS = 5
MAX_DATE_LINE_CHARS = 80
# ... or at most this many words when all are capitalised: the names of a byline that holds
# the date ("Ярослав Кузишин Антон Зелинский Карина Гасимова 8 января, 17:46").
MAX_BYLINE_NAME_WORDS = 8
# A date line without a year ("8 января, 17:46", "Jan. 8, 5:46 PM"): sites leave the year out
# for stories of the current year, so it is the year the page was made (its copyright year).
_SHOWN_RU_NO_YEAR = re.compile(
    rf"\b(\d{{1,2}})\s+{_SHOWN_RU_MONTH}(?!\s*,?\s*\d{{4}})", re.IGNORECASE
)
_SHOWN_EN_NO_YEAR = re.compile(
    rf"\b{EN_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*\d{{4}})"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{EN_MONTH}(?!\s*,?\s*\d{{4}})"
)
_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|&copy;|\bcopyright\b)\s*(?:(?:19|20)\d{2}\s*[-–]\s*)?((?:19|20)\d{2})",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^\s*(?:by|from|автор\w*|текст|author)\b\s*:?\s*\S", re.IGNORECASE)


def _century(year: int) -> int:
    return year if year >= 100 else 2000 + year  # noqa: PLR2004 (two-digit years: 20xx)


def _shown_words(line: str, lang: str) -> tuple[date, str] | None:
    """The first full date written in words in the line, and the line without it."""
    m = _SHOWN_EN.search(line)
    if m and m.group(1):
        found = safe_date(int(m.group(3)), month_en(m.group(1)), int(m.group(2)))
    elif m:
        found = safe_date(int(m.group(6)), month_en(m.group(5)), int(m.group(4)))
    else:
        m = _SHOWN_RU.search(line) if lang == "ru" else None
        if m is None:
            return None
        found = safe_date(int(m.group(3)), month_ru(m.group(2)), int(m.group(1)))
    return (found, line[: m.start()] + " " + line[m.end() :]) if found else None


def _shown_numeric(line: str, lang: str) -> tuple[date, str] | None:
    """The first numeric date of the line ("14.05.2025", "10/13/16"), and the rest."""
    for pattern in (_SHOWN_ISO, _SHOWN_DOTTED, _SHOWN_SLASHED):
        m = pattern.search(line)
        if not m:
            continue
        a, b, c = (int(g) for g in m.groups())
        if pattern is _SHOWN_ISO:
            found = safe_date(a, b, c)
        elif pattern is _SHOWN_SLASHED and lang == "en" and a <= 12:  # noqa: PLR2004
            found = safe_date(_century(c), a, b)
        else:
            # day first; a month of 13 or more means it was month first ("11.14.2019")
            found = safe_date(_century(c), b, a) or safe_date(_century(c), a, b)
        return (found, line[: m.start()] + " " + line[m.end() :]) if found else None
    return None


def _shown_without_year(line: str, lang: str, year: int) -> tuple[date, str] | None:
    """A day and month without a year ("8 января, 17:46"), in ``year``, and the rest."""
    if lang == "ru":
        m = _SHOWN_RU_NO_YEAR.search(line)
        found = safe_date(year, month_ru(m.group(2)), int(m.group(1))) if m else None
    else:
        m = _SHOWN_EN_NO_YEAR.search(line)
        if m and m.group(1):
            found = safe_date(year, month_en(m.group(1)), int(m.group(2)))
        elif m:
            found = safe_date(year, month_en(m.group(4)), int(m.group(3)))
        else:
            found = None
    if m is None or found is None:
        return None
    return found, line[: m.start()] + " " + line[m.end() :]


def shown_date(line: str, lang: str, *, year: int | None = None) -> date | None:
    """The date a short line shows when the line is a date line, else None.

    Numeric dates are day first ("14.05.2025") except slashes in English ("10/13/16" is
    October 13th; "13/10/16" is read day first, as the month cannot be 13). A day and month
    without a year count only when ``year`` (the page's year) is given.
    """
    line = line.strip()
    if not line or len(line) > MAX_DATE_LINE_CHARS:
        return None
    hit = _shown_words(line, lang) or _shown_numeric(line, lang)
    if hit is None and year is not None:
        hit = _shown_without_year(line, lang, year)
    if hit is None:
        return None
    found, rest = hit
    words = _WORD.findall(_SHOWN_NOISE.sub(" ", rest))
    if len(words) <= MAX_DATE_LINE_WORDS:
        return found
    names = len(words) <= MAX_BYLINE_NAME_WORDS and all(w[0].isupper() for w in words)
    return found if names else None


def page_year(page: str) -> int | None:
    """The year a page was made: the last year of its copyright line ("© 2000-2026")."""
    years = [int(m.group(1)) for m in _COPYRIGHT_YEAR.finditer(page)]
    return years[-1] if years else None


# The page's publication date sits next to the headline or byline, just above the lead:
# a date line at most this many lines above the article's first line (or two below it)
# is taken, the nearest first. The flattened pages of realworld-dev half A have it 3 to 13
# lines above the lead (share buttons and a caption between).
DATE_LINE_WINDOW_ABOVE = 20
DATE_LINE_WINDOW_BELOW = 2
_LEAD_KEY_CHARS = 40
# A byline's date sits on the byline or at most this many lines under it ("By Nelson D.
# Schwartz" / "Sept. 25, 2018").
BYLINE_DATE_LINES = 2


def page_date(page: str, lead: str, lang: str, *, title: str | None = None) -> date | None:
    """The publication date a flattened page shows next to its headline or byline.

    Read, best first: a date line up to DATE_LINE_WINDOW_ABOVE lines above the article's
    first line or its headline, the nearest first (a day and month alone take the page's
    copyright year); the first full date on or under a byline above the article (the
    cleaner may have kept a later block as the article's start, far below its date); a date
    line just below the first line or the headline; last, the nearest full date line further
    above (a header area with images and share buttons between the date and the text).

    Args:
        page: the page as text, one block per line (a flattened page or pasted text).
        lead: the article's first paragraph as the cleaner kept it.
        lang: "ru" or "en".
        title: the headline, when known (the date line may sit above it).
    """
    lines = page.split("\n")
    year = page_year(page)
    anchors = [key for key in (lead.strip()[:_LEAD_KEY_CHARS], (title or "").strip()) if key]
    found = [
        at
        for key in anchors
        if (at := next((i for i, line in enumerate(lines) if key in line), None)) is not None
    ]
    above = [range(at - 1, max(-1, at - DATE_LINE_WINDOW_ABOVE - 1), -1) for at in found]
    below = [range(at + 1, min(len(lines), at + DATE_LINE_WINDOW_BELOW + 1)) for at in found]
    for i in (i for window in above for i in window):
        if (shown := shown_date(lines[i], lang, year=year)) is not None:
            return shown
    if (shown := _byline_date(lines[: min(found, default=len(lines))], lang)) is not None:
        return shown
    for i in (i for window in below for i in window):
        if (shown := shown_date(lines[i], lang, year=year)) is not None:
            return shown
    for i in range(min(found, default=0) - DATE_LINE_WINDOW_ABOVE - 1, -1, -1):
        if (shown := shown_date(lines[i], lang)) is not None:
            return shown
    return None


def _byline_date(lines: Sequence[str], lang: str) -> date | None:
    """The first full date on a byline line or in the BYLINE_DATE_LINES lines under it."""
    for i, line in enumerate(lines):
        if len(line) > MAX_DATE_LINE_CHARS or not _BYLINE.match(line):
            continue
        for below in lines[i : i + BYLINE_DATE_LINES + 1]:
            shown = shown_date(below, lang)
            if shown is not None:
                return shown
    return None


def resolve_year(
    month: int, day: int, published: date | None, *, page: str = "", text: str = "", lang: str
) -> date | None:
    """The day ``day.month`` of a dateline with its year, or None rather than a guess.

    The year comes from the same day written with a year on the page or in the text, else
    from the publication date (the nearest year), else from the year the page was made (its
    copyright year), else from the year named nearest the top of the text.
    """
    hints = _year_hints((text, page), lang)
    year = _year_for(month, day, published, hints) or page_year(page)
    if year is None:
        m = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
        year = int(m.group(1)) if m else None
    return safe_date(year, month, day) if year else None
