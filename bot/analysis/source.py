"""Who published the story, and where and when it was filed: its source and dateline.

Pure: the article text, its mentions and what the page says about itself in; the source,
the dateline and the publication date out. Markers are recognised by their structure:

- a dateline before the first sentence: «ЛОНДОН, 9 августа. /ТАСС/.», "МОСКВА, 10 авг - РИА
  Новости.", "Москва. 9 мая. INTERFAX.RU - ", "ТАСС, 11 августа.", "WASHINGTON (Reuters) -",
  "LONDON, Aug 9 (Reuters) -", "(CNN) --", "WASHINGTON — " (a place in capitals alone);
- an outlet cited by a reporting verb: "сообщает РИА Новости", "пишет «Коммерсантъ»", "по
  данным Reuters", "according to the Associated Press", when the name is an outlet's: a big
  agency (a short prior list), a name after "агентство", "газета", "newspaper"..., or an
  outlet's name form ("Lenta.ru", "... News", "... Новости");
- the page's publisher: its metadata (``site_name``), else the holder of the page's copyright
  line ("© 2022, Los Angeles Times", "© АО «Коммерсантъ»").

The source is the dateline's agency, else the publisher, else the first cited outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from bot.analysis.dates import _EN_MONTH, _RU_MONTH, _month_en, _month_ru, page_date, resolve_year
from bot.models import Mention

# The big agencies, as a prior for cited names that carry no other outlet mark; keys are
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
# A word before a name that says the name is an outlet («агентство ТАСС», "the newspaper").
_OUTLET_WORD = re.compile(
    r"(?:агентств\w*|информагентств\w*|газет\w*|издани\w*|журнал\w*|телеканал\w*|"
    r"радиостанци\w*|портал\w*|newspaper|news\s+agency|agency|outlet|broadcaster|"
    r"magazine|wire\s+service|network)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# An outlet's own name form: a domain ("Lenta.ru", "INTERFAX.RU") or a head word that news
# outlets take ("РИА Новости", "Fox News", "The Washington Post").
_OUTLET_NAME = re.compile(
    r"\.(?:ru|com|net|org|ua|by|kz|uk|io|info)$|"
    r"\b(?:news|новости|times|post|journal|press|tv|тв|fm|media|медиа|herald|tribune|"
    r"daily|gazette|telegraph|ведомости|известия)$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZА-ЯЁ][\w&'’-]*(?:\.[A-Za-zА-Яа-яЁё]{2,})*"
_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}"
_QUOTED = r"[«\"“](?P<quoted>[^»\"”\n]{2,40})[»\"”]"
_CITE_RU = re.compile(
    r"(?i:\b(?:сообща(?:ет|ют|ло|л|ла)|(?P<media>пиш(?:ет|ут)|переда(?:ет|ёт|ют))|"
    r"по\s+данным|со\s+ссылкой\s+на|по\s+сообщению|по\s+информации))\s+"
    r"(?P<before>(?:[а-яё]+\s+){0,2}?)(?:" + _QUOTED + "|(?P<bare>" + _NAME + "))"
)
_CITE_EN = re.compile(
    r"\b(?:according\s+to|reported\s+by|reports?|told|cited\s+by|said\s+in\s+a\s+report\s+by)"
    r"\s+(?P<before>(?:the\s+)?(?:[a-z]+\s+){0,2}?)(?:" + _QUOTED + "|(?P<bare>" + _NAME + "))",
)
_CITE_EN_AFTER = re.compile(
    r"(?:^|[\s(])(" + _NAME + r")(\s+(?:news\s+agency|newspaper|agency|network))?"
    r"\s+(?:reported|reports)\b"
)
# Name words a capitalised run may carry after the name proper («ТАСС [link]», "Reuters on").
_TRAILING = re.compile(r"\s+(?:[A-ZА-ЯЁ]\w*)$")

_DASH = r"\s*[-–—]{1,2}\s*"
_PLACE_CAPS = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ'’.-]+){0,3}"
_STATE = r"(?:,\s*(?:[A-Z][a-z]{1,4}\.|[A-Z]{2,}(?:\s+[A-Z]{2,})?))?"
_PLACE_WORD = r"[A-ZА-ЯЁ][\w'’-]*(?:\s+[A-ZА-ЯЁ][\w'’-]*){0,2}"
_DAY_RU = rf"(\d{{1,2}})\s+({_RU_MONTH[1:-1]}|янв|фев|мар|апр|июн|июл|авг|сен|сент|окт|ноя|дек)\.?"
_DAY_EN = rf"{_EN_MONTH}\s+(\d{{1,2}})"
_DAY_EN_REV = rf"(\d{{1,2}})\s+{_EN_MONTH}"
_AGENCY_MARK = r"(?:/\s*(?P<slash>[^/\n]{2,40}?)\s*/|\((?P<paren>[^()\n]{2,30})\))"
_AGENCY_BARE = r"(?P<bare>[A-ZА-ЯЁ][\w.&-]*(?:\s+[A-ZА-ЯЁ][\w.&-]*){0,2})"
_NEXT = r"(?=\s*[«\"“„(]?[A-ZА-ЯЁ0-9])"


def _dateline_patterns() -> list[re.Pattern[str]]:
    day = rf"(?:{_DAY_RU}|{_DAY_EN}|{_DAY_EN_REV})"
    return [
        # «ЛОНДОН, 9 августа. /ТАСС/.», "WASHINGTON (Reuters) -", "LONDON, Aug 9 (Reuters) -"
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}{_STATE})(?:[,.]\s*(?P<day>{day}))?[,.]?\s*"
            rf"{_AGENCY_MARK}\.?(?:{_DASH}|\s+){_NEXT}"
        ),
        # "(CNN) --", "/ТАСС/."
        re.compile(rf"^{_AGENCY_MARK}\.?(?:{_DASH}|\s+){_NEXT}"),
        # "МОСКВА, 10 авг - РИА Новости."
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}|{_PLACE_WORD})[,.]\s*(?P<day>{day})\.?{_DASH}"
            rf"{_AGENCY_BARE}\.\s*{_NEXT}"
        ),
        # "Москва. 9 мая. INTERFAX.RU - "
        re.compile(
            rf"^(?P<place>{_PLACE_CAPS}|{_PLACE_WORD})[,.]\s*(?P<day>{day})\.?\s*"
            rf"{_AGENCY_BARE}(?:{_DASH}{_NEXT}|[ \t]*(?=\n))"
        ),
        # "ТАСС, 11 августа." (or "МОСКВА, 11 августа.": a place, told apart below)
        re.compile(rf"^(?P<head>{_PLACE_CAPS}|{_PLACE_WORD}),\s*(?P<day>{day})\.\s*{_NEXT}"),
        # "WASHINGTON — " (a place in capitals alone)
        re.compile(rf"^(?P<place>{_PLACE_CAPS}{_STATE}){_DASH}{_NEXT}"),
    ]


_DATELINES = _dateline_patterns()
_DAY_PARTS = (
    re.compile(rf"^{_DAY_RU}$", re.IGNORECASE),
    re.compile(rf"^{_DAY_EN}$"),
    re.compile(rf"^{_DAY_EN_REV}$"),
)
_LOWER_PARTS = {"на", "де", "of", "upon", "on", "de", "du", "da", "do", "del", "la", "le", "en"}
_LEGAL_FORM = re.compile(
    r"^(?:АО|ОАО|ЗАО|ПАО|ООО|ИД|Издательский дом)\s+|"
    r",?\s+(?:Inc\.?|LLC|Ltd\.?|Limited|plc|Co\.|Corp\.?|GmbH|S\.A\.)$"
)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|&copy;|&#169;|\bcopyright\b)\s*(?:©|&copy;)?\s*"
    r"(?:(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?\s*,?\s*)?"
    r"(?P<name>[«\"“]?[A-ZА-ЯЁ][^|.<>\n©]{1,60})",
    re.IGNORECASE,
)
# Words after which a copyright holder's name has ended ("All rights reserved").
_COPYRIGHT_END = re.compile(
    r"\s*(?:[,;]|\ball rights\b|\bвсе права\b|\d{4,}|\bтел\b).*$", re.IGNORECASE
)
# The dateline is read from the first characters of the text (or of the page's lead line).
DATELINE_MAX_CHARS = 160


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline before the first sentence: its span, place, day and agency."""

    start: int
    end: int
    place: str | None
    place_span: tuple[int, int] | None
    month: int | None
    day: int | None
    agency: str | None
    agency_span: tuple[int, int] | None


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the story comes from: its source, dateline and publication date."""

    source: str | None
    outlets: tuple[str, ...]  # agencies and outlets the text credits (never actors)
    dateline: Dateline | None
    published: date | None


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


def _clean_agency(raw: str) -> str | None:
    """The agency a marker names: "Корр. ТАСС Иван Иванов" → "ТАСС"; None for no name."""
    raw = raw.strip(" .,")
    known = _known_agency(raw)
    if known:
        return known
    for word in raw.split():
        if _known_agency(word):
            return _known_agency(word)
    if not raw or not raw[0].isupper() or len(raw.split()) > 4:  # noqa: PLR2004
        return None
    return raw


def _known_agency(name: str) -> str | None:
    return AGENCIES.get(name.lower().strip(' .,«»"“”'))


_RU_ABBREVIATED = {
    "янв": 1, "фев": 2, "мар": 3, "апр": 4, "июн": 6, "июл": 7, "авг": 8, "сен": 9,
    "сент": 9, "окт": 10, "ноя": 11, "дек": 12,
}  # fmt: skip


def _day_of(text: str) -> tuple[int, int] | None:
    """(month, day) of a dateline's day part ("10 авг", "9 августа", "Aug 9")."""
    for i, pattern in enumerate(_DAY_PARTS):
        m = pattern.match(text.strip())
        if not m:
            continue
        if i == 0:
            word = m.group(2).lower()
            return _RU_ABBREVIATED.get(word) or _month_ru(word), int(m.group(1))
        if i == 1:
            return _month_en(m.group(1)), int(m.group(2))
        return _month_en(m.group(2)), int(m.group(1))
    return None


def find_dateline(
    text: str, mentions: Sequence[Mention] = (), *, offset: int = 0
) -> Dateline | None:
    """The dateline at the start of ``text``, if there is one (offsets plus ``offset``)."""
    head = text[:DATELINE_MAX_CHARS]
    lead = len(head) - len(head.lstrip())
    head = head[lead:]
    base = offset + lead
    for m in _DATELINES:
        match = m.match(head)
        if not match:
            continue
        groups = match.groupdict()
        place_span: tuple[int, int] | None = None
        agency: str | None = None
        agency_span: tuple[int, int] | None = None
        if groups.get("head") is not None:
            # "ТАСС, 11 августа." names an agency; "МОСКВА, 11 августа." a place.
            span = (base + match.start("head"), base + match.end("head"))
            word = groups["head"]
            kinds = {x.type for x in mentions if x.start < span[1] and span[0] < x.end}
            if _known_agency(word) or (kinds == {"ORG"} and word.isupper()):
                agency, agency_span = _clean_agency(word), span
            elif "LOC" in kinds or word.isupper():
                place_span = span
            else:
                continue
        elif groups.get("place") is not None:
            place_span = (base + match.start("place"), base + match.end("place"))
        for key in ("slash", "paren", "bare"):
            if groups.get(key):
                agency = _clean_agency(groups[key])
                agency_span = (base + match.start(key), base + match.end(key))
        if m is _DATELINES[-1] and place_span is None:
            continue
        day_text = groups.get("day")
        month_day = _day_of(day_text) if day_text else None
        place = None
        if place_span is not None:
            raw = text[place_span[0] - offset : place_span[1] - offset]
            place = proper_case(raw.split(",")[0].strip(" ."))
            place_span = (place_span[0], place_span[0] + len(raw.split(",")[0].rstrip(" .")))
        return Dateline(
            start=base,
            end=base + match.end(),
            place=place,
            place_span=place_span,
            month=month_day[0] if month_day else None,
            day=month_day[1] if month_day else None,
            agency=agency,
            agency_span=agency_span,
        )
    return None


def page_dateline(page: str, lead: str) -> Dateline | None:
    """A dateline the page shows in front of the article's first line (which the cleaner cut).

    Offsets refer to the page, so only the place, day and agency are of use.
    """
    key = lead.strip()[:40]
    if not key or not page:
        return None
    lines = page.split("\n")
    for line in lines:
        at = line.find(key)
        if at > 0:
            found = find_dateline(line[: at + len(key)])
            if found is not None:
                return found
    # The cleaner may have kept another block as the lead: a line of the page that opens with
    # an agency's mark ("MOSCOW (AP) — ...") still credits the story, when the page's lines
    # credit one agency only (a page of teasers from several agencies credits none).
    marked = [
        d
        for line in lines
        if line[:1].isupper() or line[:1] in "(/"
        for d in [find_dateline(line)]
        if d is not None and d.agency and d.agency_span and "(" in line[: d.end] + "/"
    ]
    if marked and len({d.agency for d in marked}) == 1:
        return marked[0]
    return None


def _outlet_name(
    before: str, quoted: str | None, bare: str | None, *, media_verb: bool = False
) -> str | None:
    """The name a citation gives when it names an outlet, else None.

    ``media_verb``: the verb is one that outlets do («пишет», «передает»), so a name in
    quotation marks after it is an outlet's («пишет «Коммерсантъ»»).
    """
    name = (quoted or bare or "").strip(" .,")
    if not name:
        return None
    known = _known_agency(name)
    if known:
        return known
    if _OUTLET_WORD.search(before):
        return name
    if bare:
        # A capitalised run may run into the next sentence words: keep the outlet part.
        while name and not (_known_agency(name) or _OUTLET_NAME.search(name)):
            shorter = _TRAILING.sub("", name)
            if shorter == name:
                break
            name = shorter
        if _known_agency(name):
            return _known_agency(name)
    if _OUTLET_WORD.search(before) or _OUTLET_NAME.search(name) or (quoted and media_verb):
        return name
    return None


def cited_outlets(text: str, lang: str) -> list[tuple[int, str]]:
    """Outlets the text cites («сообщает ТАСС», "according to Reuters"): (offset, name)."""
    found: list[tuple[int, str]] = []
    patterns = (_CITE_RU,) if lang == "ru" else (_CITE_EN,)
    for pattern in patterns:
        for m in pattern.finditer(text):
            groups = m.groupdict()
            name = _outlet_name(
                groups["before"] or "",
                groups["quoted"],
                groups["bare"],
                media_verb=bool(groups.get("media")),
            )
            if name:
                found.append((m.start(), name))
    if lang != "ru":
        for m in _CITE_EN_AFTER.finditer(text):
            name = _known_agency(m.group(1)) or (
                m.group(1) if m.group(2) or _OUTLET_NAME.search(m.group(1)) else None
            )
            if name:
                found.append((m.start(1), name))
    found.sort()
    return found


def copyright_holder(page: str) -> str | None:
    """The holder a page's copyright line names ("© 2022, Los Angeles Times"), if any."""
    holders = []
    for m in _COPYRIGHT.finditer(page):
        name = _COPYRIGHT_END.sub("", m.group("name")).strip(" .,-–—")
        name = _LEGAL_FORM.sub("", name).strip(' .,«»"“”')
        if name and len(name.split()) <= 5 and not name.lower().startswith(("all ", "все ")):  # noqa: PLR2004
            holders.append(name)
    return holders[-1] if holders else None


def _norm(name: str) -> str:
    return re.sub(r"[«»\"“”]", "", name).lower().replace("ё", "е").strip()


def is_outlet(name: str, outlets: Iterable[str]) -> bool:
    """True when ``name`` is one of the outlets, or the same agency spelled otherwise."""
    got = _norm(name)
    known = _known_agency(name)
    return any(got == _norm(o) or (known and known == _known_agency(o)) for o in outlets if o)


def provenance(
    text: str,
    lang: str,
    mentions: Sequence[Mention] = (),
    *,
    publisher: str | None = None,
    published: date | None = None,
    page: str = "",
    title: str | None = None,
) -> Provenance:
    """The source, dateline and publication date of an article.

    Args:
        text: the clean article text.
        lang: "ru" or "en".
        mentions: the text's entity mentions (a dateline's first word: place or agency).
        publisher: the page's site name from its metadata, when known.
        published: the publication date from the page or the feed entry, when known.
        page: the page the text was cleaned from (flattened text or HTML), or "".
        title: the headline, when known.
    """
    dateline = find_dateline(text, mentions)
    if dateline is None and page:
        dateline = page_dateline(page, text.lstrip().split("\n", 1)[0])
        if dateline is not None:
            dateline = Dateline(-1, -1, dateline.place, None, dateline.month, dateline.day,
                                dateline.agency, None)  # fmt: skip
    lead = text.lstrip().split("\n", 1)[0]
    shown = None
    if page and "<" not in page[:200]:
        shown = page_date(page, lead, lang, title=title)
    known = published or shown
    day = None
    if dateline is not None and dateline.month and dateline.day:
        day = resolve_year(dateline.month, dateline.day, known, page=page, text=text, lang=lang)
    cited = cited_outlets(text, lang)
    holder = publisher or (copyright_holder(page) if page else None)
    agency = dateline.agency if dateline else None
    source = agency or holder or (cited[0][1] if cited else None)
    outlets = tuple(dict.fromkeys(n for n in (agency, source, *(c for _o, c in cited)) if n))
    return Provenance(source=source, outlets=outlets, dateline=dateline, published=day or known)


def mark_dateline(
    text: str, mentions: Sequence[Mention], dateline: Dateline | None
) -> list[Mention]:
    """Mentions with the dateline read: its place in proper case, its agency no actor."""
    if dateline is None or dateline.start < 0:
        return list(mentions)
    out: list[Mention] = []
    placed = False
    for m in mentions:
        if (
            dateline.agency_span
            and m.start < dateline.agency_span[1]
            and dateline.agency_span[0] < m.end
        ):
            continue
        span = dateline.place_span
        if span and m.start < span[1] and span[0] < m.end and dateline.place:
            out.append(Mention(span[0], span[1], "LOC", text[span[0] : span[1]], dateline.place))
            placed = True
            continue
        out.append(m)
    if dateline.place and dateline.place_span and not placed:
        start, end = dateline.place_span
        out.append(Mention(start, end, "LOC", text[start:end], dateline.place))
        out.sort(key=lambda m: m.start)
    return out
