"""Salience: which people, organisations and places a story is about, in order.

Pure: the text, its sentences, mentions, quotes and provenance in; the ordered ``who`` and
``where`` out. A mention's weight comes from where it stands in the text, read by structure,
not by names: the headline and the lead weigh most; a mention inside a direct quote, a quoted
passage or a caption line (a short line that is no sentence) weighs little, since people
named only there are not the story's actors; an outlet the text cites as its source
(«пишет X», "according to X", «рассказал “Известиям”», "(X) -") is no actor at all. A place
weighs by how the text uses it: «в Москве» (where things happen) over «в Москву» (where
someone goes) over «МИД России» (a place qualifying a name); the dateline's place and the
headline's places lead; a street or a building counts less than its city.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from bot.analysis.entities import body_mentions
from bot.models import Entity, EntityType, Mention, Quote, Sentence

# ---------------------------------------------------------------- weights
# Importance of an entity = the sum of its mentions' weights. The base weights (chosen by
# hand on the example page and spot checks of the BBC and tgcontest dev articles; there is
# no gold ordering to tune against): a mention counts 1, one in the lead sentence 2 more,
# one in the first paragraph 1 more, the headline's entities 3 more, each quote the entity
# speaks 2 more.
MENTION_WEIGHT = 1.0
LEAD_SENTENCE_BONUS = 2.0
FIRST_PARAGRAPH_BONUS = 1.0
TITLE_BONUS = 3.0
SPEAKER_BONUS = 2.0
# A mention inside quoted words or a caption line counts this fraction (lead bonus included):
# chosen on half A of benchmarks/realworld_labels.jsonl (scientists named in a quote ranked
# above the story's subject) and checked on half B and on bench_main.py's factRuEval halves;
# a quarter keeps a person quoted often still visible.
QUOTED_FACTOR = 0.25
CAPTION_FACTOR = 0.25
# A quoted passage is one of at least this many words (shorter ones are names: «Роснефть»).
MIN_QUOTED_WORDS = 4
# A caption line: a paragraph without a sentence end and at most this many words.
MAX_CAPTION_WORDS = 12

# Places: a mention after a locative preposition in the locative case («в Москве», "in
# Moscow"), or completing a locative phrase («в центре Москвы», "in the centre of Moscow"),
# counts 1; one after a preposition of direction or origin («в Москву», «из Москвы», "to
# Moscow") a half; any other (a place qualifying a title or a name: «министр России», «МИД
# РФ») a quarter; places listed after one («в Лондоне и Бирмингеме», «в Цюрихе (Швейцария)»)
# count as the first does. In the lead a mention counts three times its weight (the lead
# bonus, 2, times the weight); a place named in the headline gets 3 more; the dateline's
# place leads. A street, square or building counts a third: the city it is in is the
# story's place. The weights of the old summarize._places (1, 0.25, lead 2) were kept; the
# direction weight, the headline bonus and the factors were chosen by hand on half A of the
# realworld labels (Fontanka: streets listed, the city in the headline; Kommersant: «в
# Зеленой гостиной Кремля» over «поедет в Стамбул») and of bench_main.py (Zurich), and
# checked on the B halves.
LOCATIVE_WEIGHT = 1.0
DIRECTION_WEIGHT = 0.5
OTHER_PLACE_WEIGHT = 0.25
LEAD_PLACE_BONUS = 2.0
TITLE_PLACE_BONUS = 3.0
DATELINE_PLACE_BONUS = 100.0  # the dateline names where the story was filed: first
MICROTOPONYM_FACTOR = 1 / 3
# A "place" whose name has an organisation's head word ("Brookings Institution", «Институт
# Склифосовского») is an organisation the tagger typed as a place: it counts a tenth. The
# brief's known problem, from half B of the realworld labels (no such case in half A).
ORG_PLACE_FACTOR = 0.1

_PREPOSITION = {
    "ru": re.compile(
        r"\b(?P<prep>в|во|на|под|из|изо|около|возле|близ|у|до|к|ко|через)\s+$", re.IGNORECASE
    ),
    "en": re.compile(
        r"\b(?P<prep>in|at|near|from|outside|across|inside|to|into|towards?|throughout)\s+"
        r"(?:the\s+)?$",
        re.IGNORECASE,
    ),
}
_RU_LOCATIVE_PHRASE = re.compile(
    r"(?i:\b(?:в|во|на|под)\s+(?P<words>(?:[а-яё-]+\s+){0,2}[а-яё-]+)\s+[«\"“]?$)"
)
_EN_LOCATIVE_PHRASE = re.compile(
    r"\b(?:in|at|near|inside|outside)\s+(?:the\s+|a\s+)?(?:[\w'’-]+\s+){1,3}of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Between places of one list, or a place and its country in parentheses («в Цюрихе
# (Швейцария)», "in Lombard (Illinois)").
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*(?:и|или|and|or|&)|\()\s*", re.IGNORECASE)
_RU_LOCATIVE_PREPS = {"в", "во", "на", "под"}
_EN_LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "throughout", "across"}
# Heads of street, square and building names (the generic word of a microtoponym; not "St.",
# which is also Saint: St. Petersburg, St. Louis).
_MICROTOPONYM = re.compile(
    r"(?i:\b(?:улиц\w*|проспект\w*|переул\w*|проезд\w*|площад\w*|набережн\w*|бульвар\w*|"
    r"шоссе|тупик\w*|мост\w*|сквер\w*|дворц?\w*|дом|дома|доме|зал\w*|гостин\w*|фойе|собор\w*|"
    r"стадион\w*|вокзал\w*)\b)|"
    r"\b(?:Street|Avenue|Road|Boulevard|Lane|Square|Plaza|Bridge|"
    r"Hall|Palace|Tower|Building|Stadium|Station|Park)\b"
)
# A street, square, hall or palace named as an organisation or a person («Андреевский зал»,
# "Trump Tower") is a place, never an actor.
_BUILDING = re.compile(
    r"(?i:\b(?:улиц\w*|проспект\w*|переул\w*|проезд\w*|площад\w*|набережн\w*|бульвар\w*|"
    r"шоссе|зал|зала|зале|залом|гостин\w*|фойе|дворец|дворц\w*)\b)|"
    r"\b(?:Street|Avenue|Road|Boulevard|Lane|Square|Plaza|Palace|Tower)\b"
)
# A law, a treaty or a plan typed as an organisation ("Paris Climate Accord", "Affordable
# Care Act", «Парижское соглашение») is no actor: its last word names a document. A closed
# class, as the building heads above.
_DOCUMENT = re.compile(
    r"(?i:\b(?:закон\w*|договор\w*|соглашени\w*|конвенци\w*|пакт\w*|протокол\w*)$)|"
    r"\b(?:Act|Accord|Accords|Agreement|Treaty|Bill|Law|Protocol|Convention|Pact|Plan|"
    r"Program|Programme|Doctrine)$"
)
# A "person" (or "organisation": the CRF types both) named by titles alone ("First Lady",
# "Vice President", "Senator") is no one's name: the person is named elsewhere, or nowhere.
_TITLE_ONLY = re.compile(
    r"(?:(?:First|Former|Vice|Deputy|Acting|Chief|Lady|President|Senator|Governor|Mayor|"
    r"Minister|Secretary|Speaker|Chancellor|Judge|Justice|General|Prince|Princess|King|"
    r"Queen|Pope|Attorney|Sheriff|Officer|Detective|Prosecutor)\s*)+"
)
# "a Colorado Democrat", "an Iowa Republican": one unnamed member of a party, described.
_UNNAMED_MEMBER = re.compile(r"\b(?:Democrat|Republican)$")
# Head words of organisations' names.
_ORG_HEAD = re.compile(
    r"(?i:\b(?:институт\w*|университет\w*|министерств\w*|ведомств\w*|агентств\w*|"
    r"комитет\w*|комисси\w*|банк\w*|компани\w*|корпораци\w*|ассоциаци\w*|фонд\w*|"
    r"суд|суда|суде|судом|управлени\w*|служб\w*|полици\w*|больниц\w*)\b)|"
    r"\b(?:Institution|Institute|University|College|School|Department|Ministry|Agency|"
    r"Council|Committee|Commission|Bank|Company|Corporation|Association|Foundation|Court|"
    r"Office|Hospital|Police)\b"
)
# An outlet cited as the source of the news, by the words right before its name.
_CITED = {
    "ru": re.compile(
        r"(?i:\b(?:пишет|пишут|сообщает|сообщают|передает|передаёт|передают|"
        r"по\s+данным|со\s+ссылкой\s+на|по\s+сообщению|по\s+информации|как\s+сообщил[аои]?|"
        r"в\s+интервью|в\s+эфире|корреспондент\w*|журналист\w*|обозревател\w*|"
        r"редакци\w*)"
        r"\s+(?:(?:агентств\w*|газет\w*|издани\w*|[\w-]*канал\w*|журнал\w*|радио\w*)\s+)?"
        r"[«\"“„]?)$"
    ),
    "en": re.compile(
        r"(?:\baccording\s+to|\breported\s+by|\breports?|\btold|\bcited\s+by|"
        r"\bin\s+an\s+interview\s+with|\bcorrespondent\s+for|\breporter\s+for|"
        r"\bwrote\s+in)\s+(?:the\s+)?[\"“]?$"
    ),
}
# An outlet right before a dateline dash ("(Reuters) -", "/ТАСС/.") also cites it; a name
# in parentheses alone does not ("the Service Employees International Union (SEIU)").
_CITED_AFTER = re.compile(r"^[)/]\s*\.?\s*[-–—]")
_SPEECH_VERB_RU = re.compile(
    r"(?i:\b(?:рассказал|заявил|сказал|пояснил|подтвердил|признался|сообщил)[аои]?"
    r"(?:\s+(?:он|она|оно|они|мы|я))?\s+[«\"“„]?$)"
)
_NAME_GRAMS = {"Name", "Surn", "Patr"}
_SENTENCE_END = re.compile(r"[.!?…:;]\s*$")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}


# ---------------------------------------------------------------- spans


def quoted_spans(text: str, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Spans of quoted words: the quotes found, and passages of several words in quotes."""
    spans = [(q.start, q.end) for q in quotes if q.direct and q.end > q.start]
    for paragraph in re.finditer(r"[^\n]+", text):
        line, base = paragraph.group(), paragraph.start()
        i = 0
        while i < len(line):
            close = _QUOTE_PAIRS.get(line[i])
            if close is None:
                i += 1
                continue
            j = line.find(close, i + 1)
            if j < 0:
                break
            if len(line[i + 1 : j].split()) >= MIN_QUOTED_WORDS:
                spans.append((base + i, base + j + 1))
            i = j + 1
    return sorted(spans)


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are no sentence: captions, credits, subheads (short, no sentence end).

    Paragraphs are blank-line separated when the text has blank lines, else lines; when most
    paragraphs look so (a hard-wrapped text), none is taken for a caption. The first paragraph
    is the headline or the lead, never a caption.
    """
    sep = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    spans, count = [], 0
    pos, first_listed = 0, False
    for part in re.split(f"({sep})", text):
        start, pos = pos, pos + len(part)
        block = part.strip()
        if not block or re.fullmatch(sep, part):
            continue
        count += 1
        words = block.split()
        if len(words) <= MAX_CAPTION_WORDS and not _SENTENCE_END.search(block):
            spans.append((start, pos))
            first_listed = first_listed or count == 1
    if len(spans) * 2 > count:
        return []
    return spans[1:] if first_listed else spans


def _inside(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], m: Mention, text: str | None = None
) -> bool:
    """Whether the mention lies in one of the spans (sorted, with their starts).

    With ``text``, a span counts only when it holds MIN_QUOTED_WORDS words besides the
    mention: a name in quotation marks («Агропромышленное объединение „Макфа“») is no quote.
    """
    i = bisect_right(starts, m.start) - 1
    for a, b in spans[max(0, i - 3) : i + 1]:
        if not a <= m.start < b:
            continue
        if text is None:
            return True
        rest = text[a : m.start] + " " + text[m.end : b]
        if len(_WORDS.findall(rest)) >= MIN_QUOTED_WORDS:
            return True
    return False


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


def _in_title(entity: Entity, title_keys: set[str], title: str) -> bool:
    """Whether the headline names the entity: as a name found in it, or as the text writes it.

    The headline's own mentions may be typed or cut otherwise («Центр Петербурга» as one
    organisation), so the words of the entity's mentions are also looked for in it, with
    their capitals ("US" is not "us"), unless the headline is all capitals.
    """
    if _key(entity.name) in title_keys:
        return True
    if not title:
        return False
    forms = {entity.name} | {m.text for m in entity.mentions}
    if title.isupper():
        title, forms = _key(title), {_key(f) for f in forms}
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", title) for f in forms if f)


def _surname(name: str) -> str:
    return _key(name.rsplit(maxsplit=1)[-1]) if name.split() else ""


# ---------------------------------------------------------------- who


# An acronym matched to a full name without a gloss has at least this many letters.
MIN_ACRONYM = 3
_GLOSS = re.compile(r"\s*\(\s*([^()\n]{2,120}?)\s*\)")


def _initials(name: str) -> set[str]:
    """Acronyms a name may have: the first letters of all its words, or of its capitalised
    words ("Service Employees International Union" SEIU, «Парламентская ассамблея Совета
    Европы» ПАСЕ, "Union of Concerned Scientists" UCS)."""
    words = _WORDS.findall(name)
    return {
        "".join(w[0] for w in words).upper(),
        "".join(w[0] for w in words if w[0].isupper()),
    }


def acronym_glosses(text: str, mentions: Sequence[Mention]) -> dict[str, tuple[EntityType, str]]:
    """Acronyms the text glosses, each with the type and name of the organisation it stands for.

    "the Service Employees International Union (SEIU)" or «ПАСЕ (Парламентская ассамблея
    Совета Европы)»: a name and, in parentheses right after it, its initials (either way
    round). Every mention of the acronym then counts for that organisation: one entry.
    """
    glosses: dict[str, tuple[EntityType, str]] = {}
    for m in mentions:
        if m.type != "ORG":
            continue
        gloss = _GLOSS.match(text, m.end)
        if gloss is None:
            continue
        inner = gloss.group(1)
        if inner.isupper() and inner.replace(".", "") in _initials(m.normal):
            glosses[inner] = (m.type, m.normal)  # "Union (SEIU)"
        elif m.text.isupper() and m.text.replace(".", "") in _initials(inner):
            full = next(
                (x for x in mentions if x.start == gloss.start(1) and x.end == gloss.end(1)),
                None,
            )
            if full is not None and full.type == "ORG":
                glosses[m.text] = (full.type, full.normal)  # «ПАСЕ (Парламентская ...)»
    # an acronym of at least MIN_ACRONYM letters that is the initials of one organisation
    # named in full in the text, glossed or not ("the Service Employees International
    # Union" ... "SEIU spokesman")
    full_names: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.type == "ORG" and len(m.normal.split()) >= MIN_ACRONYM:
            for initials in _initials(m.normal):
                full_names[initials].add(m.normal)
    for m in mentions:
        acronym = m.text.strip().replace(".", "")
        names = full_names.get(acronym, set())
        if acronym.isupper() and len(acronym) >= MIN_ACRONYM and len(names) == 1:
            glosses.setdefault(m.text.strip(), ("ORG", next(iter(names))))
    return glosses


def is_cited(text: str, lang: str, m: Mention, vocab: Any = None) -> bool:
    """True when the mention names an outlet the text cites (пишет X, "told X", "(X) -")."""
    before = text[max(0, m.start - 40) : m.start]
    if lang == "ru" and vocab is not None and _SPEECH_VERB_RU.search(before):
        # «рассказал “Известиям”», «рассказала Telegram-каналу»: the addressee of speech, in
        # the dative alone («заявил МИД» has МИД as its subject), is an outlet unless it is
        # a person's name («сообщил Иванову»)
        word = m.text.split()[0].strip('«»"“”„') if m.text.split() else ""
        parses = vocab(word.lower()) if _CYRILLIC.search(word) else []
        cases = {p.tag.case for p in parses}
        named = any(_NAME_GRAMS & set(p.tag.grammemes) for p in parses)
        if "datv" in cases and "nomn" not in cases and not named:
            return True
    if _CITED[lang].search(before) or _CITED_AFTER.match(text[m.end : m.end + 4]):
        return m.type == "ORG"
    return False


def _group(
    text: str, mentions: Sequence[Mention], title: str
) -> tuple[dict[tuple[EntityType, str], list[Mention]], dict[tuple[EntityType, str], str]]:
    """Mentions grouped by type and canonical name (an acronym with its organisation), and
    the name each group is shown by."""
    grouped: dict[tuple[EntityType, str], list[Mention]] = defaultdict(list)
    display: dict[tuple[EntityType, str], str] = {}
    glossed = acronym_glosses(text, mentions)
    for m in mentions:
        kind, normal = glossed.get(m.text.strip(), (m.type, m.normal))
        key = (kind, _key(normal))
        grouped[key].append(m)
        display.setdefault(key, normal)
    for key, ms in grouped.items():
        # an organisation named both in full and by its acronym is shown as the headline
        # names it, else as the text names it most (ties: in full)
        forms = Counter(m.normal for m in ms)
        if len(forms) > 1 and any(m.text.strip() in glossed for m in ms):
            display[key] = max(
                forms,
                key=lambda f: (
                    bool(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", title)),
                    forms[f],
                    len(f),
                ),
            )
    return grouped, display


def _headline_only(
    entities: Sequence[Entity], title_mentions: Sequence[Mention], title: str, text: str
) -> list[Entity]:
    """People and organisations the headline names and the text does not («Встреча с послом
    в миде Грузии»): the headline's weight, no mentions in the text. A name inside a quote
    of the headline is left out, as in the text, and so is one whose words the text has
    (typed otherwise there: «Центр Петербурга» / «центр Петербурга»)."""
    known = {_key(e.name) for e in entities}
    words = _key(text)
    surnames = {_surname(e.name) for e in entities if e.type == "PER"}
    quoted = quoted_spans(title, ())
    quoted_starts = [a for a, _b in quoted]
    out: list[Entity] = []
    for m in title_mentions:
        key = _key(m.normal)
        if m.type == "LOC" or key in known or _inside(quoted, quoted_starts, m, title):
            continue
        if re.search(rf"(?<!\w){re.escape(_key(m.text))}(?!\w)", words):
            continue
        if m.type == "PER" and _surname(m.normal) in surnames:
            continue
        known.add(key)
        out.append(Entity(name=m.normal, type=m.type, mentions=(), score=TITLE_BONUS))
    return out


def rank_entities(
    text: str,
    lang: str,
    mentions: Iterable[Mention],
    sentences: Sequence[Sentence],
    roles: dict[str, str],
    *,
    title_mentions: Iterable[Mention] = (),
    quotes: Sequence[Quote] = (),
    title: str | None = None,
    vocab: Any = None,
) -> list[Entity]:
    """Group mentions by canonical name and order them by importance in the story.

    With the Russian morphology ``vocab``, bodies named by their kind («правительство
    Якутии», «Правительство работает») count as organisations too (``body_mentions``).
    """
    lead_end = sentences[0].end if sentences else 0
    first_paragraph = sentences[0].paragraph if sentences else 0
    para_end = max((s.end for s in sentences if s.paragraph == first_paragraph), default=0)
    mentions = list(mentions)
    title_mentions = list(title_mentions)
    titled_bodies: list[Mention] = []
    if lang == "ru" and vocab is not None:
        titled_bodies = body_mentions(title, title_mentions, vocab) if title else []
        mentions += body_mentions(text, mentions, vocab, titled_bodies)
    quoted = quoted_spans(text, quotes)
    quoted_starts = [s for s, _e in quoted]
    captions = caption_spans(text)
    caption_starts = [s for s, _e in captions]
    grouped, display = _group(text, mentions, title or "")
    titled = list(title_mentions)
    title_keys = {_key(m.normal) for m in titled}
    title_text = title or ""
    title_surnames = {_surname(m.normal) for m in titled if m.type == "PER"}
    said: dict[str, int] = defaultdict(int)
    for q in quotes:
        if q.speaker:
            said[q.speaker] += 1
    entities = []
    for key, ms in grouped.items():
        score = 0.0
        for m in ms:
            weight = MENTION_WEIGHT
            if m.start < lead_end:
                weight += LEAD_SENTENCE_BONUS
            elif m.start < para_end:
                weight += FIRST_PARAGRAPH_BONUS
            if _inside(quoted, quoted_starts, m, text):
                weight *= QUOTED_FACTOR
            elif _inside(captions, caption_starts, m):
                weight *= CAPTION_FACTOR
            score += weight
        name = display[key]
        entity = Entity(name=name, type=key[0], mentions=tuple(ms))
        if _in_title(entity, title_keys, title_text) or (
            key[0] == "PER" and _surname(name) in title_surnames
        ):
            score += TITLE_BONUS
        score += SPEAKER_BONUS * said.get(name, 0)
        entities.append(
            Entity(name=name, type=key[0], mentions=tuple(ms), role=roles.get(name), score=score)
        )
    if lang == "ru":
        # English headlines are mostly Title Case, where the CRF's types are guesses
        # ("Leaves Shareholders With Little Say" gave an actor "Little")
        entities += _headline_only(entities, [*title_mentions, *titled_bodies], title or "", text)
    entities.sort(key=lambda e: (-e.score, e.mentions[0].start if e.mentions else len(text)))
    return entities


def choose_who(
    entities: Sequence[Entity],
    text: str,
    lang: str,
    outlets: Iterable[str],
    *,
    is_outlet: Any,
    vocab: Any = None,
    quotes: Sequence[Quote] = (),
    dateline: tuple[int, int] | None = None,
) -> list[Entity]:
    """People and organisations in order: no outlet, no building, no one named only in quotes.

    Args:
        entities: every entity, by importance.
        text: the article text.
        lang: "ru" or "en".
        outlets: the outlets provenance found (the dateline's agency, the publisher, cited).
        is_outlet: ``source.is_outlet``: whether a name is one of the outlets.
        vocab: the Russian morphology dictionary (addressees of speech), or None.
        quotes: the quotes found: a person named only inside them or in captions, who says
            nothing, is no actor of the story.
        dateline: the span of the dateline («ANNAPOLIS, Md. (AP) —»): a name only there
            (a state, an agency) is no actor.
    """
    known = tuple(outlets)
    quoted = quoted_spans(text, quotes)
    quoted_starts = [a for a, _b in quoted]
    captions = caption_spans(text)
    caption_starts = [a for a, _b in captions]
    speakers = {q.speaker for q in quotes if q.speaker}
    return [
        e
        for e in entities
        if e.type in {"PER", "ORG"}
        and not is_outlet(e.name, known)
        and not (e.mentions and all(is_cited(text, lang, m, vocab) for m in e.mentions))
        and not _BUILDING.search(e.name)
        and not _DOCUMENT.search(e.name)
        and not _TITLE_ONLY.fullmatch(e.name)
        and not _UNNAMED_MEMBER.search(e.name)
        and not (
            dateline
            and e.mentions
            and all(dateline[0] <= m.start < dateline[1] for m in e.mentions)
        )
        and (
            e.name in speakers
            or not e.mentions
            or not all(
                _inside(quoted, quoted_starts, m, text) or _inside(captions, caption_starts, m)
                for m in e.mentions
            )
        )
    ]


# ---------------------------------------------------------------- where


def _ru_locative_head(text: str, m: Mention, vocab: Any) -> bool:
    """«в центре Москвы», «в Зеленой гостиной Кремля»: the place completes a locative phrase.

    A locative preposition, adjectives, then a noun in the locative case right before the
    place (in the genitive): the place says where the thing is.
    """
    match = _RU_LOCATIVE_PHRASE.search(text[max(0, m.start - 60) : m.start])
    if not match or vocab is None:
        return False
    words = match.group("words").split()
    head = vocab(words[-1].lower())
    if not any(p.tag.case in {"loct", "loc2"} and p.tag.POS == "NOUN" for p in head):
        return False
    if not all(any(p.tag.POS in {"ADJF", "PRTF"} for p in vocab(w.lower())) for w in words[:-1]):
        return False
    word = m.text.split()[-1] if m.text.split() else ""
    return not _CYRILLIC.search(word) or any(p.tag.case == "gent" for p in vocab(word.lower()))


_PLACE_USE_WEIGHT = {
    "locative": LOCATIVE_WEIGHT,
    "direction": DIRECTION_WEIGHT,
    "other": OTHER_PLACE_WEIGHT,
}


def place_use(text: str, lang: str, m: Mention, vocab: Any = None) -> str:
    """How the text uses a place mention: "locative", "direction" (or origin), or "other"."""
    window = text[max(0, m.start - 60) : m.start]
    match = _PREPOSITION[lang].search(window[-25:])
    if not match:
        if lang == "en":
            phrase = bool(_EN_LOCATIVE_PHRASE.search(window))  # "in the centre of Moscow"
        else:
            phrase = _ru_locative_head(text, m, vocab)
        return "locative" if phrase else "other"
    prep = match.group("prep").lower()
    if lang == "en":
        return "locative" if prep in _EN_LOCATIVE_PREPS else "direction"
    if prep not in _RU_LOCATIVE_PREPS:
        return "direction"
    words = m.text.split()
    word = words[-1].strip('«»"“”„') if words else ""
    parses = vocab(word.lower()) if vocab is not None and _CYRILLIC.search(word) else []
    cases = {str(p.tag.case) for p in parses}
    # the locative case, or a name the dictionary cannot decline (the preposition decides);
    # else the accusative: «в Москву», «на Украину», where someone goes
    return "locative" if cases & {"loct", "loc2"} or "accs" not in cases else "direction"


def _place_uses(text: str, lang: str, places: Sequence[Entity], vocab: Any) -> dict[int, str]:
    """Each place mention's use by its start; a place listed after another one («в Лондоне и
    Бирмингеме», "in Paris, Lyon and Nice") is used as the first of the list is."""
    uses: dict[int, str] = {}
    previous: tuple[Mention, str] | None = None
    for m in sorted((m for e in places for m in e.mentions), key=lambda m: m.start):
        use = place_use(text, lang, m, vocab)
        if previous and _LIST_GAP.fullmatch(text[previous[0].end : m.start]):
            use = previous[1]
        uses[m.start] = use
        previous = (m, use)
    return uses


def place_scores(
    text: str,
    lang: str,
    sentences: Sequence[Sentence],
    places: Sequence[Entity],
    *,
    title_mentions: Iterable[Mention] = (),
    dateline_place: str | None = None,
    quotes: Sequence[Quote] = (),
    vocab: Any = None,
    title: str | None = None,
) -> list[tuple[str, float]]:
    """Each place's name and score, most important first (see ``rank_places``)."""
    lead_end = sentences[0].end if sentences else 0
    quoted = quoted_spans(text, quotes)
    quoted_starts = [s for s, _e in quoted]
    title_mentions = list(title_mentions)
    title_keys = {_key(m.normal) for m in title_mentions}
    title_text = title or ""
    uses = _place_uses(text, lang, places, vocab)
    scored = []
    for e in places:
        score = 0.0
        for m in e.mentions:
            use = uses[m.start]
            weight = _PLACE_USE_WEIGHT[use]
            if use != "other" and m.start < lead_end:
                # the lead says where the story is, or where it goes («перекинулись на Ливерпуль»)
                weight += LEAD_PLACE_BONUS * weight
            if _inside(quoted, quoted_starts, m, text):
                weight *= QUOTED_FACTOR
            score += weight
        if _in_title(e, title_keys, title_text):
            score += TITLE_PLACE_BONUS
        if _MICROTOPONYM.search(e.name):
            score *= MICROTOPONYM_FACTOR
        if _ORG_HEAD.search(e.name):
            score *= ORG_PLACE_FACTOR
        if dateline_place and _key(e.name) == _key(dateline_place):
            score += DATELINE_PLACE_BONUS
        scored.append((score, e.mentions[0].start if e.mentions else 0, e.name))
    # a place the headline names that the text does not
    named = {_key(e.name) for e in places}
    for m in title_mentions:
        if m.type == "LOC" and _key(m.normal) not in named:
            named.add(_key(m.normal))
            scored.append((TITLE_PLACE_BONUS, len(text), m.normal))
    scored.sort(key=lambda t: (-t[0], t[1]))
    ranked = [(name, score) for score, _start, name in scored]
    if dateline_place and _key(dateline_place) not in {_key(n) for n, _s in ranked}:
        ranked.insert(0, (dateline_place, DATELINE_PLACE_BONUS))  # read from the page
    return ranked


def rank_places(
    text: str,
    lang: str,
    sentences: Sequence[Sentence],
    places: Sequence[Entity],
    *,
    title_mentions: Iterable[Mention] = (),
    dateline_place: str | None = None,
    quotes: Sequence[Quote] = (),
    vocab: Any = None,
    title: str | None = None,
) -> list[str]:
    """Places ordered by how much the story happens there."""
    scored = place_scores(
        text,
        lang,
        sentences,
        places,
        title_mentions=title_mentions,
        dateline_place=dateline_place,
        quotes=quotes,
        vocab=vocab,
        title=title,
    )
    return [name for name, _score in scored]
