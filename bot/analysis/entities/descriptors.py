"""Organisations as the fact line counts them: compound names joined, descriptors credited."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from bot.analysis.entities.words import (
    _ACRONYM,
    _TOKEN,
    _WORD,
    _joined,
    _key,
    _parses,
    _sentence_start,
)
from bot.extraction.dateline import known_agency
from bot.models import Mention


def merge_compound_orgs(
    text: str, mentions: Sequence[Mention], lang: str | None = None, vocab: Any = None
) -> list[Mention]:
    """The mentions as the fact line counts them: compound organisations joined, descriptors
    of organisations («ведомство», "the department") credited to the one named before.

    Descriptors are read when ``lang`` is given (for Russian with its morphology ``vocab``).
    """
    joined = _join_org_and_country(text, mentions)
    if lang == "en" or (lang == "ru" and vocab is not None):
        found = _descriptor_mentions(text, joined, vocab if lang == "ru" else None)
        return sorted(joined + found, key=lambda m: m.start)
    return joined


# Nouns an article uses to name again an organisation it has just named. A descriptor whose
# noun is a word of an organisation's name («министерство» → Министерство финансов, "the
# department" → Department of Justice) is that organisation; a generic one («ведомство»,
# «компания», "the company") is the organisation named before it when only one is named in
# the window (with several it could be any). A closed class, as honorifics.
_RU_ORG_WORDS = (
    "министерство банк суд партия агентство служба комитет фонд корпорация концерн холдинг "
    "ведомство компания организация"
)
_RU_ORG_NOUNS = frozenset(_RU_ORG_WORDS.split())
# Their first letters: only words starting so are looked up (most words of a text are not).
_RU_ORG_STARTS = tuple(sorted({n[:4] for n in _RU_ORG_NOUNS}))
_RU_GENERIC_ORG_NOUNS = frozenset({"ведомство", "компания", "организация"})
_EN_ORG_WORDS = (
    "department ministry bank court party agency committee foundation corporation company "
    "firm organisation organization"
)
_EN_ORG_NOUNS = frozenset(_EN_ORG_WORDS.split())
_EN_GENERIC_ORG_NOUNS = frozenset({"company", "firm", "organisation", "organization"})
# How far before a descriptor the organisation it names may be (about three sentences).
DESCRIPTOR_WINDOW_CHARS = 500


def _descriptor_mentions(text: str, mentions: Sequence[Mention], vocab: Any) -> list[Mention]:
    """ORG mentions for the descriptors of organisations named earlier in the text."""
    orgs = [m for m in mentions if m.type == "ORG" and not known_agency(m.normal)]
    if not orgs:
        return []
    english = vocab is None
    nouns = _EN_ORG_NOUNS if english else _RU_ORG_NOUNS
    starts = [m.start for m in mentions]
    tokens = list(_TOKEN.finditer(text))
    found: list[Mention] = []
    for k, tok in enumerate(tokens):
        word = tok.group()
        capital = word[:1].isupper() and word[1:].islower() and _sentence_start(text, tok.start())
        if not (word.islower() or capital):
            continue
        word = word.lower()
        if not english and not word.startswith(_RU_ORG_STARTS):
            continue
        lemma = word if english else _singular_noun_lemma(vocab, word)
        if lemma not in nouns:
            continue
        first = _descriptor_start(text, tokens, k, english, vocab)
        if first is None:
            continue
        start, end = tokens[first].start(), tok.end()
        i = bisect_right(starts, start) - 1
        if i >= 0 and mentions[i].end > start:
            continue  # inside a name («Министерство финансов»)
        if _names_another(text[end : end + 40], english, vocab):
            continue  # «министерство обороны», "the department of education"
        target = _named_before(orgs, start, lemma, english)
        if target is not None:
            found.append(Mention(start, end, "ORG", text[start:end], target.normal))
    return found


def _descriptor_start(
    text: str, tokens: Sequence[re.Match[str]], k: int, english: bool, vocab: Any
) -> int | None:
    """The first token of the descriptor whose noun is token ``k``, or None for no descriptor.

    English: "the" with at most one lowercase word between ("the department", "the
    tech company"). Russian: the adjectives right before the noun, lowercase or first in
    their sentence («Российское внешнеполитическое ведомство»).
    """
    if english:
        for back in (1, 2):
            j = k - back
            if j < 0 or not _joined(text, tokens[j], tokens[j + 1]):
                return None
            if tokens[j].group().lower() == "the":
                return j + 1
            if not tokens[j].group().islower():
                return None
        return None
    first = k
    while first > 0 and _joined(text, tokens[first - 1], tokens[first]):
        prev = tokens[first - 1].group()
        sentence_start = _sentence_start(text, tokens[first - 1].start())
        if not (prev.islower() or (prev[:1].isupper() and prev[1:].islower() and sentence_start)):
            break
        if not any(p.pos == "ADJ" for p in _parses(vocab, prev)):
            break
        first -= 1
    return first


def _singular_noun_lemma(vocab: Any, word: str) -> str | None:
    """The dictionary form of ``word`` read as a singular noun, if it can be one."""
    for p in _parses(vocab, word):
        if p.pos == "NOUN" and p.feats.get("Number") == "Sing":
            return str(p.normal)
    return None


def _names_another(after: str, english: bool, vocab: Any) -> bool:
    """Whether the words after a descriptor make it a name of its own."""
    nxt = re.match(r"\s*([\w«\"“]+)", after)
    if not nxt:
        return False
    word = nxt.group(1)
    if word[:1].isupper() or word[:1] in '«"“':
        return True  # «компания Apple», "the company Apple"
    if english:
        return word in {"of", "for"}
    return any(p.pos == "NOUN" and p.feats.get("Case") == "Gen" for p in _parses(vocab, word))


def _named_before(
    orgs: Sequence[Mention], start: int, lemma: str, english: bool
) -> Mention | None:
    """The organisation a descriptor names.

    The last one before it whose name has its noun; for a generic noun, the only one named
    in the window before it.
    """
    near = [m for m in orgs if m.end <= start and start - m.end <= DESCRIPTOR_WINDOW_CHARS]
    own = [m for m in near if lemma in {_key(w) for w in _WORD.findall(m.normal)}]
    if own:
        return own[-1]
    generic = _EN_GENERIC_ORG_NOUNS if english else _RU_GENERIC_ORG_NOUNS
    if lemma not in generic or len({_key(m.normal) for m in near}) != 1:
        return None  # a generic noun is no name when several organisations are about
    return near[-1]


def _join_org_and_country(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Join an organisation and the country right after it: МИД + РФ → «МИД РФ».

    natasha tags «МИД РФ» as ORG «МИД» and LOC «РФ»; for the fact line and for speakers the
    organisation is the whole phrase. Only a country written as an acronym, or a single word
    directly after the organisation, is joined (the factRuEval convention is kept in
    ``find_mentions``, which the entity benchmark scores).
    """
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and m.type == "ORG"
            and nxt.type == "LOC"
            and nxt.start - m.end == 1
            and text[m.end].isspace()
            and (_ACRONYM.match(nxt.text) or " " not in nxt.text)
            and (_ACRONYM.match(m.text.split()[-1]) or nxt.text != nxt.normal)
        ):
            surface = text[m.start : nxt.end]
            out.append(Mention(m.start, nxt.end, "ORG", surface, f"{m.normal} {nxt.text}"))
            i += 2
            continue
        out.append(m)
        i += 1
    return out
