"""The dateline before an article's first sentence: one recogniser for the cleaner and analysis.

Pure: text in, the dateline's span, place, day and agency out. The cleaner
(``bot.extraction.boilerplate``) makes the dateline a paragraph of its own, so the first
sentence starts clean; the analysis (``bot.analysis.source``) reads its place, day and agency.
Both call ``find_dateline``, so what one sees as a dateline the other does too.

A dateline is recognised by its structure, at the very start of the text: a place in capitals
or a capitalised place followed by a day, an agency in a mark (``/ТАСС/``, ``(Reuters)``) or
named bare after the day (``- РИА Новости.``, ``INTERFAX.RU -``), and a separator (a dash, the
mark's own full stop, or the end of the paragraph) before the sentence, which starts with a
capital, a digit or an opening quotation mark:

- «ЛОНДОН, 9 августа. /ТАСС/.», "WASHINGTON (Reuters) -", "LONDON, Aug 9 (Reuters) -",
  "BATON ROUGE, La. (AP) -";
- "(CNN) --", "/ТАСС/.";
- "МОСКВА, 10 авг - РИА Новости.", "Москва. 9 мая. INTERFAX.RU - ", "INTERFAX.RU - ";
- "ТАСС, 11 августа." (a known agency, or a word the text's entities call an organisation)
  or "МОСКВА, 11 августа." (a place);
- "WASHINGTON — " (a place in capitals alone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.extraction.datewords import EN_MONTH, RU_MONTH, RU_MONTH_SHORT, month_en, month_ru
from bot.models import Mention

# The big agencies, as a prior for names that carry no other mark of an outlet; keys are
# lowercase spellings, values the name shown.
AGENCIES: dict[str, str] = {
    "тасс": "ТАСС", "итар-тасс": "ИТАР-ТАСС", "риа новости": "РИА Новости",
    "риа": "РИА Новости", "интерфакс": "Интерфакс", "interfax": "Interfax",
    "interfax.ru": "Интерфакс", "прайм": "ПРАЙМ", "рбк": "РБК", "reuters": "Reuters",
    "рейтер": "Рейтер", "ap": "AP", "associated press": "Associated Press", "afp": "AFP",
    "agence france-presse": "AFP", "франс пресс": "Франс Пресс", "bloomberg": "Bloomberg",
    "блумберг": "Bloomberg", "xinhua": "Xinhua", "синьхуа": "Синьхуа", "dpa": "dpa",
    "efe": "EFE", "ansa": "ANSA", "kyodo": "Kyodo", "yonhap": "Yonhap", "upi": "UPI",
    "bbc": "BBC", "би-би-си": "Би-би-си", "cnn": "CNN", "белта": "БелТА",
    "укринформ": "Укринформ", "униан": "УНИАН", "sputnik": "Sputnik",
}  # fmt: skip

_DASH = r"\s*[-–—]{1,2}\s*"
_PLACE_CAPS = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+){0,3}"
_STATE = r"(?:,\s*(?:[A-Z][a-z]{1,4}\.|[A-Z]{2,}(?:\s+[A-Z]{2,})?))?"
_PLACE_WORD = r"[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*){0,2}"
_YEAR_PART = r"(?:,?\s*(?P<year>(?:19|20)\d{2})(?:\s*(?:года|г\.|г\b))?)?"
_DAY_RU = rf"(\d{{1,2}})\s+({RU_MONTH[1:-1]}|{RU_MONTH_SHORT[1:-4]})\.?"
_DAY_EN = rf"{EN_MONTH}\s+(\d{{1,2}})"
_DAY_EN_REV = rf"(\d{{1,2}})\s+{EN_MONTH}"
_DAY = rf"(?:{_DAY_RU}|{_DAY_EN}|{_DAY_EN_REV}){_YEAR_PART}"
_TIME = r"(?:,?\s*\d{1,2}:\d{2})?"
_AGENCY_MARK = r"(?:/\s*(?P<slash>[^/\n]{2,40}?)\s*/|\((?P<paren>[^()\n]{2,30})\))"
_AGENCY_BARE = r"(?P<bare>[A-ZА-ЯЁ][\w.&-]*(?:\s+[A-ZА-ЯЁ][\w.&-]*){0,2})"
# An agency in capitals with its domain ("INTERFAX.RU"): an outlet by its form alone.
_AGENCY_DOMAIN = r"(?P<bare>[A-ZА-ЯЁ]{2,}\.[A-ZА-ЯЁ]{2,3})"
_NEXT = r"(?=\s*[«\"“„(]?[A-ZА-ЯЁ0-9])"
# The separator between the dateline and its sentence, kept apart so the cleaner can drop it.
_SEP = rf"(?P<sep>{_DASH}{_NEXT}|\s+{_NEXT}|[ \t]*(?=\n))"


def _patterns() -> list[re.Pattern[str]]:
    return [
        # «ЛОНДОН, 9 августа. /ТАСС/.», "WASHINGTON (Reuters) -", "LONDON, Aug 9 (Reuters) -",
        # «Минск, 9 августа. /БЕЛТА/.» (a mixed-case place when a day follows it)
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}{_STATE}|{_PLACE_WORD}(?=[,.]\s*\d))"
            rf"(?:[,.]\s*(?P<day>{_DAY}))?[,.]?\s*{_AGENCY_MARK}\.?{_SEP}"
        ),
        # "(CNN) --", "/ТАСС/."
        re.compile(rf"^{_AGENCY_MARK}\.?{_SEP}"),
        # "МОСКВА, 10 авг - РИА Новости.", "МОСКВА, 9 авг — РИА Новости, Анна Петрова."
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}|{_PLACE_WORD})[,.]\s*(?P<day>{_DAY}){_TIME}\.?{_DASH}"
            rf"{_AGENCY_BARE}(?:,\s*{_PLACE_WORD})?\.{_SEP}"
        ),
        # "Москва. 9 мая. INTERFAX.RU - "
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}|{_PLACE_WORD})[,.]\s*(?P<day>{_DAY}){_TIME}\.?\s*"
            rf"{_AGENCY_BARE}(?P<sep>{_DASH}{_NEXT}|[ \t]*(?=\n))"
        ),
        # "Москва, 9 августа 2019, 12:30 — REGNUM Текст": an agency in capitals after the
        # dash of a day and time ("Москва, 9 августа — МИД России заявил" is a sentence)
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}|{_PLACE_WORD})[,.]\s*(?P<day>{_DAY})"
            rf",?\s*\d{{1,2}}:\d{{2}}\.?{_DASH}"
            rf"(?P<bare>[A-ZА-ЯЁ]{{3,}})(?P<sep>\.?\s+{_NEXT})"
        ),
        # "INTERFAX.RU - "
        re.compile(rf"^{_AGENCY_DOMAIN}(?P<sep>{_DASH}{_NEXT}|[ \t]*(?=\n))"),
        # "ТАСС, 11 августа." (or "МОСКВА, 11 августа.": a place, told apart below)
        re.compile(rf"^(?P<head>{_PLACE_CAPS}|{_PLACE_WORD}),\s*(?P<day>{_DAY})\.{_SEP}"),
        # "Washington, D.C. — ", "Sacramento, Calif. — " (a place and its state's abbreviation)
        re.compile(
            rf"^(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}},\s*"
            rf"(?:[A-Z]\.[A-Z]\.|[A-Z]{{2}}|[A-Z][a-z]{{1,4}}\.))(?P<sep>{_DASH}{_NEXT})"
        ),
        # "WASHINGTON — ", "GENEVA, Nov 1 — " (a place in capitals, no agency)
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}{_STATE})(?:,\s*(?P<day>{_DAY}))?(?P<sep>{_DASH}{_NEXT})"
        ),
    ]


_DATELINES = _patterns()
_PLACE_ALONE = _DATELINES[-2:]
_DAY_PARTS = (
    re.compile(rf"^{_DAY_RU}", re.IGNORECASE),
    re.compile(rf"^{_DAY_EN}"),
    re.compile(rf"^{_DAY_EN_REV}"),
)
_DAY_YEAR = re.compile(r"(?:19|20)\d{2}")
_LOWER_PARTS = {"на", "де", "of", "upon", "on", "de", "du", "da", "do", "del", "la", "le", "en"}
# The dateline is read from the first characters of the text (or of a page's line).
DATELINE_MAX_CHARS = 160


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline before the first sentence: its span, place, day and agency.

    ``start``..``end`` covers the dateline and its separator (the sentence starts at ``end``);
    ``words_end`` is where its words end (before a dash separator): the paragraph the cleaner
    keeps. ``year`` is set when the dateline writes one.
    """

    start: int
    end: int
    place: str | None
    place_span: tuple[int, int] | None
    month: int | None
    day: int | None
    agency: str | None
    agency_span: tuple[int, int] | None
    words_end: int = -1
    year: int | None = None


def proper_case(name: str) -> str:
    """«ЛОНДОН» → «Лондон», "RIO DE JANEIRO" → "Rio de Janeiro"; mixed case stays."""
    if name != name.upper():
        return name
    words = []
    for i, word in enumerate(name.split()):
        parts = word.split("-")
        out = []
        for j, part in enumerate(parts):
            low = part.lower()
            middle = (0 < j < len(parts) - 1) or (len(parts) == 1 and i > 0)
            out.append(low if middle and low in _LOWER_PARTS else low[:1].upper() + low[1:])
        words.append("-".join(out))
    return " ".join(words)


def known_agency(name: str) -> str | None:
    """The shown name of a big agency spelled ``name`` ("interfax.ru" → "Интерфакс"), or None."""
    return AGENCIES.get(name.lower().strip(' .,«»"“”'))


def clean_agency(raw: str) -> str | None:
    """The agency a marker names: "Корр. ТАСС Иван Иванов" → "ТАСС"; None for no name."""
    raw = raw.strip(" .,")
    known = known_agency(raw)
    if known:
        return known
    for word in raw.split():
        if known_agency(word):
            return known_agency(word)
    if not raw or not raw[0].isupper() or len(raw.split()) > 4:  # noqa: PLR2004
        return None
    return raw


def _day_of(text: str) -> tuple[int, int, int | None] | None:
    """(month, day, year or None) of a dateline's day part ("10 авг", "Aug 9, 2019")."""
    text = text.strip()
    for i, pattern in enumerate(_DAY_PARTS):
        m = pattern.match(text)
        if not m:
            continue
        year_m = _DAY_YEAR.search(text, m.end())
        year = int(year_m.group(0)) if year_m else None
        if i == 0:
            return month_ru(m.group(2)), int(m.group(1)), year
        if i == 1:
            return month_en(m.group(1)), int(m.group(2)), year
        return month_en(m.group(2)), int(m.group(1)), year
    return None


def _head_kind(word: str, span: tuple[int, int], mentions: Sequence[Mention]) -> str | None:
    """Whether the head of "ТАСС, 11 августа." is an agency, a place, or neither (None)."""
    kinds = {x.type for x in mentions if x.start < span[1] and span[0] < x.end}
    if known_agency(word) or (kinds == {"ORG"} and word.isupper()):
        return "agency"
    if "LOC" in kinds or word.isupper():
        return "place"
    return None


def _names_a_place(raw: str, span: tuple[int, int], mentions: Sequence[Mention]) -> bool:
    """True when a mark's name is no known agency and the text's entities call it a place."""
    kinds = {x.type for x in mentions if x.start < span[1] and span[0] < x.end}
    return not known_agency(raw) and kinds == {"LOC"}


def find_dateline(
    text: str, mentions: Sequence[Mention] = (), *, offset: int = 0
) -> Dateline | None:
    """The dateline at the start of ``text``, if there is one (offsets plus ``offset``).

    Args:
        text: the article text (or a paragraph, or a page's line).
        mentions: the text's entity mentions, when known: they tell whether the first word
            of "ТАСС, 11 августа." is an agency or a place; without them a word in capitals
            is a place and a mixed-case one no dateline.
        offset: added to every offset returned.
    """
    head = text[:DATELINE_MAX_CHARS]
    lead = len(head) - len(head.lstrip())
    head = head[lead:]
    base = offset + lead
    for pattern in _DATELINES:
        match = pattern.match(head)
        if not match:
            continue
        groups = match.groupdict()
        place_span: tuple[int, int] | None = None
        agency: str | None = None
        agency_span: tuple[int, int] | None = None
        if groups.get("head") is not None:
            span = (base + match.start("head"), base + match.end("head"))
            kind = _head_kind(groups["head"], span, mentions)
            if kind is None:
                continue
            if kind == "agency":
                agency, agency_span = clean_agency(groups["head"]), span
            else:
                place_span = span
        elif groups.get("place") is not None:
            place_span = (base + match.start("place"), base + match.end("place"))
        for key in ("slash", "paren", "bare"):
            if groups.get(key):
                agency = clean_agency(groups[key])
                agency_span = (base + match.start(key), base + match.end(key))
                if place_span is None and _names_a_place(groups[key], agency_span, mentions):
                    # "(CHICAGO) A purported gang leader...": a place in the mark
                    place_span, agency, agency_span = agency_span, None, None
        day_text = groups.get("day")
        day = _day_of(day_text) if day_text else None
        place = None
        if place_span is not None:
            raw = text[place_span[0] - offset : place_span[1] - offset]
            place = proper_case(raw.split(",")[0].strip(" ."))
            place_span = (place_span[0], place_span[0] + len(raw.split(",")[0].rstrip(" .")))
        sep_start = match.start("sep")
        # a place alone keeps its dash: "WASHINGTON —" on its own still reads as a dateline
        words_end = match.end("sep") if pattern in _PLACE_ALONE else sep_start
        return Dateline(
            start=base,
            end=base + match.end(),
            place=place,
            place_span=place_span,
            month=day[0] if day else None,
            day=day[1] if day else None,
            agency=agency,
            agency_span=agency_span,
            words_end=base + len(head[:words_end].rstrip()),
            year=day[2] if day else None,
        )
    return None


# A dateline may open the second or third paragraph, under a deck or a byline of at most
# this many characters each ("В финале он сыграет с «Ливерпулем»\nМосква. 9 мая. INTERFAX.RU").
DATELINE_PARAGRAPHS = 3
DATELINE_ABOVE_MAX_CHARS = 300


def leading_dateline(text: str, mentions: Sequence[Mention] = ()) -> Dateline | None:
    """The dateline opening one of the text's first paragraphs, under short ones only."""
    start = 0
    for _ in range(DATELINE_PARAGRAPHS):
        found = find_dateline(text[start:], mentions, offset=start)
        if found is not None:
            return found
        end = text.find("\n", start + len(text[start:]) - len(text[start:].lstrip()))
        if end < 0 or end - start > DATELINE_ABOVE_MAX_CHARS:
            return None
        start = end + 1
    return None
