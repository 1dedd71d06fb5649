"""Who published the story, and where and when it was filed: its source and dateline.

Pure: the article text, its mentions and what the page says about itself in; the source,
the dateline and the publication date out. Markers are recognised by their structure:

- a dateline before the first sentence (``bot.extraction.dateline``, the recogniser the
  cleaner uses too): «ЛОНДОН, 9 августа. /ТАСС/.», "МОСКВА, 10 авг - РИА Новости.", "Москва.
  9 мая. INTERFAX.RU - ", "ТАСС, 11 августа.", "WASHINGTON (Reuters) -", "(CNN) --",
  "WASHINGTON — " (a place in capitals alone);
- an outlet cited by a reporting verb: "сообщает РИА Новости", "пишет «Коммерсантъ»", "по
  данным Reuters", "according to the Associated Press", when the name is an outlet's: a big
  agency (a short prior list), a name after "агентство", "газета", "newspaper"..., or an
  outlet's name form ("Lenta.ru", "... News", "... Новости"); a credit line of its own
  ("Источник: ТАСС"); in the lead paragraph only, an interview, a story or a finding of an
  outlet («в интервью агентству ИТАР-ТАСС», «в материале «Ленты.ру»», «выяснила «Медуза»»)
  and an outlet told something («сказал «Медузе»», «сообщили РИА Новости»): further down
  such a credit is for one quote, not for the story;
- the page's publisher: its metadata (``site_name``, read by ``bot.extraction.html``), else
  the brand the page or text names itself by ("More from WIRED", "WIRED may earn a portion",
  "Follow ONE Esports on Twitter"), else the holder of the page's copyright line ("© 2022,
  Los Angeles Times", "© АО «Коммерсантъ»"), often the brand's owner (Condé Nast, G/O Media).

The source is the dateline's agency, else the publisher, else the first cited outlet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from bot.analysis.dates import page_date, resolve_year
from bot.extraction.dateline import Dateline, find_dateline, known_agency, leading_dateline
from bot.extraction.datewords import safe_date
from bot.models import Mention

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
_GENERIC_HEAD = re.compile(
    r"(?:news|новости|times|post|journal|press|tv|тв|fm|media|медиа|daily)",
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
# A credit line of its own: "Источник: ТАСС", "По материалам РИА Новости", "Source: Reuters"
# (an outlet only when the name is one: "Source: Congressional Budget Office" is data).
_CREDIT_LINE = re.compile(
    r"^[ \t]*(?:Источник|По материалам|Source|Sources)[ \t]*:?[ \t]*"
    r"[«\"“]?(?P<bare>" + _NAME + r")[»\"”]?[ \t.]*$",
    re.MULTILINE,
)
# Credits that name an outlet in the lead (the first paragraph) only: there they attribute
# the story («Об этом заявил ... в интервью агентству ИТАР-ТАСС», «выяснила «Медуза»»,
# «Подробнее — в материале «Ленты.ру»»); further down they credit one quote (an interview
# with ESPN in a roundup) and the story is not theirs.
_LEAD_CITE_RU = re.compile(
    r"(?i:\b(?:в\s+(?:интервью|материале|статье|публикации|эфире|расследовании)|"
    r"(?P<media>выяснил[аи]?)|"
    r"(?P<told>(?:рас)?сказал[аи]?|сообщил[аи]?|заявил[аи]?|пояснил[аи]?|признал(?:ся|ась|ись)|"
    r"ответил[аи]?)))\s+"
    r"(?P<before>(?:[а-яё]+\s+){0,1}?)(?:" + _QUOTED + "|(?P<bare>" + _NAME + "))"
)
# The lead zone: the first paragraph, at most this many characters.
LEAD_CITE_CHARS = 1000
# The publisher speaking of itself: "More from WIRED", "WIRED may earn a portion of sales",
# "Follow ONE Esports on Facebook", "some of the links on ONE Esports are affiliate links".
# A name so used at least SELF_MENTIONS_MIN times on the page (or in the text) is its brand,
# shown before the copyright holder (the brand's owner: "Condé Nast" for WIRED).
_BRAND = r"[A-Z0-9][\w.&'’/-]*(?:[ \t]+[A-Z0-9][\w.&'’/-]*){0,3}"
_SELF_CUES = (
    re.compile(rf"^\s*More [Ff]rom (?:the )?(?P<name>{_BRAND})\s*$", re.MULTILINE),
    re.compile(
        rf"(?:^|[.!?]\s+)(?P<name>{_BRAND})\s+(?:may|might|can|will)\s+"
        r"(?:earn|get|receive|collect)\s+(?:a\s+)?(?:portion|commission|share|compensation)",
        re.MULTILINE,
    ),
    re.compile(
        rf"\b[Ff]ollow (?:the )?(?P<name>{_BRAND}) on (?:Facebook|Twitter|X|Instagram|YouTube|"
        r"TikTok|Telegram|LinkedIn|Threads|Google News)\b"
    ),
    re.compile(rf"\blinks (?:on|in) (?P<name>{_BRAND}) (?:are|may be) affiliate"),
    re.compile(rf"^[ \t]*About (?:the )?(?P<name>{_BRAND})[ \t]*$", re.MULTILINE),
    re.compile(
        rf"^[ \t]*(?P<name>{_BRAND})[ \t]+(?:Store|Shop|Newsletters?|Podcasts?|Apps?|Careers|"
        r"Events|Studios|Archive|Magazine|Subscriptions?)[ \t]*$",
        re.MULTILINE,
    ),
    re.compile(rf"\b(?:[Ss]ubscribe|[Ss]ign up) (?:to|for) (?:the )?(?P<name>{_BRAND})\b"),
    re.compile(rf"\b[Dd]ownload the (?P<name>{_BRAND}) app\b"),
    re.compile(rf"^[ \t]*Contact (?:the )?(?P<name>{_BRAND})[ \t]*$", re.MULTILINE),
)
SELF_MENTIONS_MIN = 2
# Cues an author box also gives ("More from / Follow / About / Contact Victor Davis Hanson"):
# a brand needs one of the others too (its store, newsletter, app, affiliate notice).
_AUTHOR_CUES = frozenset({0, 2, 4, 8})
_PRONOUNS = {"we", "you", "it", "they", "this", "our", "he", "she", "i", "us", "me", "them"}
# Name words a capitalised run may carry after the name proper («ТАСС [link]», "Reuters on").
_TRAILING = re.compile(r"\s+(?:[A-ZА-ЯЁ]\w*)$")

_LEGAL_FORM = re.compile(
    r"^(?:АО|ОАО|ЗАО|ПАО|ООО|ИД|Издательский дом)\s+|"
    r",?\s+(?:Inc\.?|LLC|Ltd\.?|Limited|plc|Co\.|Corp\.?|GmbH|S\.A\.)$"
)
# A copyright line: the mark at the start of a line (or after a tag or a footer separator),
# or followed by a year; "Фото: © Иван Петров", "Bild2: ©Geert Pieters" are photo credits.
_COPYRIGHT_MARK = r"(?:©|ⓒ|\(c\)|&copy;|&#169;|\bcopyright\b)"
_COPYRIGHT = re.compile(
    rf"(?:^[ \t]*(?:(?:все права защищены|all rights reserved)\.?[ \t]*)?|(?<=[>|•·])[ \t]*|"
    rf"(?={_COPYRIGHT_MARK}\s*(?:©|&copy;)?\s*(?:19|20)\d{{2}}))"
    rf"{_COPYRIGHT_MARK}\s*(?:©|&copy;)?\s*"
    r"(?:(?:19|20)\d{2}(?:\s*[-–—]\s*(?:19|20)\d{2})?\s*,?\s*)?"
    r"(?P<name>[«\"“]?[A-ZА-ЯЁ](?:[^|.<>\n©]|\.(?=[A-Za-zА-Яа-яЁё]{2})){1,60})",
    re.IGNORECASE | re.MULTILINE,
)
# Words after which a copyright holder's name has ended ("All rights reserved").
_COPYRIGHT_END = re.compile(
    r"\s*(?:[,;]|\s\/\s|\ball rights\b|\balle rechte\b|\bвсе права\b|\d{4,}|\bтел\b).*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the story comes from: its source, dateline and publication date."""

    source: str | None
    outlets: tuple[str, ...]  # agencies and outlets the text credits (never actors)
    dateline: Dateline | None
    published: date | None


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


def _outlet_form(name: str) -> bool:
    """An outlet's name form ("Fox News", "Lenta.ru"); a head word alone ("Media reports
    said", "News") is a common noun at the start of a sentence."""
    return bool(_OUTLET_NAME.search(name)) and not _GENERIC_HEAD.fullmatch(name.strip())


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
    known = known_agency(name)
    if known:
        return known
    if _OUTLET_WORD.search(before):
        return name
    if bare:
        # A capitalised run may run into the next sentence words: keep the outlet part.
        while name and not (known_agency(name) or _OUTLET_NAME.search(name)):
            shorter = _TRAILING.sub("", name)
            if shorter == name:
                break
            name = shorter
        if known_agency(name):
            return known_agency(name)
    if _OUTLET_WORD.search(before) or _outlet_form(name) or (quoted and media_verb):
        return name
    return None


def _mention_normal(
    mentions: Sequence[Mention], start: int, end: int, name: str
) -> tuple[str, bool]:
    """The dictionary form of a cited name from the mention over it, and whether it differs.

    «Ленты.ру» → ("Лента.ру", True); a name no ORG mention covers stays as written.
    """
    for m in mentions:
        covers = m.type == "ORG" and m.start < end and start < m.end
        if covers and m.normal and _norm(m.text) == _norm(name):
            return m.normal, _norm(m.normal) != _norm(name)
    return name, False


def cited_outlets(text: str, lang: str, mentions: Sequence[Mention] = ()) -> list[tuple[int, str]]:
    """Outlets the text cites («сообщает ТАСС», "according to Reuters"): (offset, name).

    Names are given in dictionary form where an ORG mention covers them («Ленты.ру»).
    """
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
                key = "quoted" if groups["quoted"] else "bare"
                found.append((m.start(), _cited_form(name, m, key, mentions)))
    if lang == "ru":
        found.extend(_lead_cited(text, mentions))
    for m in _CREDIT_LINE.finditer(text):
        name = _outlet_name("", None, m.group("bare"))
        if name:
            found.append((m.start("bare"), _cited_form(name, m, "bare", mentions)))
    if lang != "ru":
        for m in _CITE_EN_AFTER.finditer(text):
            name = known_agency(m.group(1)) or (
                m.group(1) if m.group(2) or _outlet_form(m.group(1)) else None
            )
            if name:
                found.append((m.start(1), name))
    found.sort()
    return found


def _cited_form(
    name: str, m: re.Match[str], key: str, mentions: Sequence[Mention], *, shift: int = 0
) -> str:
    """The cited name in dictionary form (a big agency's shown name stays)."""
    if known_agency(name) or not mentions:
        return name
    start = shift + m.start(key)
    return _mention_normal(mentions, start, start + len(name), name)[0]


def _lead_cited(text: str, mentions: Sequence[Mention]) -> list[tuple[int, str]]:
    """Outlets credited in the lead: an interview or a story of theirs, told or found by them."""
    stripped = text.lstrip()
    skip = len(text) - len(stripped)
    lead = stripped.split("\n", 1)[0][:LEAD_CITE_CHARS]
    found: list[tuple[int, str]] = []
    for m in _LEAD_CITE_RU.finditer(lead):
        groups = m.groupdict()
        quoted, bare = groups["quoted"], groups["bare"]
        if groups["told"]:
            # «сказал «Медузе»»: told an outlet (a quoted name in an oblique case); «заявил
            # «Газпром»» is the company speaking (the name as written is its dictionary form);
            # «сообщили РИА Новости», «рассказал изданию «Подъем»»: a named outlet
            if quoted:
                start = skip + m.start("quoted")
                normal, inflected = _mention_normal(mentions, start, start + len(quoted), quoted)
                if inflected:
                    found.append((skip + m.start(), normal))
                    continue
            name = _outlet_name(groups["before"] or "", quoted, bare)
            if name:
                key = "quoted" if quoted else "bare"
                found.append((skip + m.start(), _cited_form(name, m, key, mentions, shift=skip)))
            continue
        name = _outlet_name(groups["before"] or "", quoted, bare)
        if name is None and quoted and _is_org(mentions, skip + m.start("quoted"), quoted):
            # «в материале «Ленты.ру»», «выяснила «Медуза»»: a quoted organisation; «в статье
            # «О статусе военнослужащих»» names a law
            name = quoted.strip(" .,")
        if name:
            key = "quoted" if quoted else "bare"
            found.append((skip + m.start(), _cited_form(name, m, key, mentions, shift=skip)))
    return found


def _is_org(mentions: Sequence[Mention], start: int, name: str) -> bool:
    end = start + len(name)
    return any(x.type == "ORG" and x.start < end and start < x.end for x in mentions)


def self_named_brand(page: str) -> str | None:
    """The brand a page (or text) names itself by ("More from WIRED", "Follow X on Twitter").

    None unless one name (in any letter case) comes with at least SELF_MENTIONS_MIN kinds
    of self-reference, one of them no author box's: an author's "More from Jason Cipriani",
    "Follow Victor Davis Hanson on Twitter", "About Victor Davis Hanson" make no brand.
    """
    kinds: dict[str, set[int]] = {}
    spellings: dict[str, list[str]] = {}
    for i, cue in enumerate(_SELF_CUES):
        for m in cue.finditer(page):
            name = m.group("name").strip(" .,")
            if name.lower() in _PRONOUNS:
                continue
            kinds.setdefault(name.lower(), set()).add(i)
            spellings.setdefault(name.lower(), []).append(name)
    kinds = {n: k for n, k in kinds.items() if k - _AUTHOR_CUES}
    best = max(kinds, key=lambda n: len(kinds[n]), default=None)
    if best is None or len(kinds[best]) < SELF_MENTIONS_MIN:
        return None
    names = spellings[best]
    return max(names, key=names.count)


def copyright_holder(page: str) -> str | None:
    """The holder a page's copyright line names ("© 2022, Los Angeles Times"), if any."""
    holders = []
    for m in _COPYRIGHT.finditer(page):
        name = _COPYRIGHT_END.sub("", m.group("name")).strip(" .,-–—")
        # the brand is the innermost quoted name: АО «Издательский дом «Комсомольская правда»»
        name = _LEGAL_FORM.sub("", name.rsplit("«", 1)[-1]).strip(' .,«»"“”')
        if name and len(name.split()) <= 5 and not name.lower().startswith(("all ", "все ")):  # noqa: PLR2004
            holders.append(name)
    return holders[-1] if holders else None


def _norm(name: str) -> str:
    return re.sub(r"[«»\"“”]", "", name).lower().replace("ё", "е").strip()


def is_outlet(name: str, outlets: Iterable[str]) -> bool:
    """True when ``name`` is one of the outlets, or the same agency spelled otherwise."""
    got = _norm(name)
    known = known_agency(name)
    return any(got == _norm(o) or (known and known == known_agency(o)) for o in outlets if o)


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
    dateline = leading_dateline(text, mentions)
    if dateline is None and page:
        dateline = page_dateline(page, text.lstrip().split("\n", 1)[0])
        if dateline is not None:
            dateline = replace(
                dateline, start=-1, end=-1, place_span=None, agency_span=None, words_end=-1
            )
    lead = text.lstrip().split("\n", 1)[0]
    shown = None
    if page and "<" not in page[:200]:
        shown = page_date(page, lead, lang, title=title)
    known = published or shown
    day = None
    if dateline is not None and dateline.month and dateline.day and dateline.year:
        day = safe_date(dateline.year, dateline.month, dateline.day)
    elif dateline is not None and dateline.month and dateline.day:
        day = resolve_year(dateline.month, dateline.day, known, page=page, text=text, lang=lang)
    cited = cited_outlets(text, lang, mentions)
    brand = self_named_brand(page or text)
    holder = publisher or brand or (copyright_holder(page) if page else None)
    agency = dateline.agency if dateline else None
    source = agency or holder or (cited[0][1] if cited else None)
    credited = (agency, source, holder, *(c for _o, c in cited))
    outlets = tuple(dict.fromkeys(n for n in credited if n))
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
