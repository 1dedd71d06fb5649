"""Who: the people and organisations a story is about, in order of importance."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from bot.analysis.entities import body_mentions
from bot.analysis.salience.spans import (
    _CYRILLIC,
    _WORDS,
    CAPTION_FACTOR,
    QUOTED_FACTOR,
    _in_title,
    _inside,
    _key,
    _surname,
    caption_spans,
    quoted_spans,
)
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
