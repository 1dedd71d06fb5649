"""Bodies named by their kind («правительство Якутии», «власти заявили»), for the fact line."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from bot.analysis.entities.words import (
    _TOKEN,
    NORMAL_CACHE_SIZE,
    _agreement_key,
    _joined,
    _nominative,
    _parses,
    _sentence_start,
)
from bot.extraction.dateline import known_agency
from bot.models import Mention

# Nouns that name a state's or an organisation's body by its kind: «правительство Якутии»,
# «Судейский комитет ФИФА», «власти республики», «Правительство работает над...». natasha
# tags names, not these phrases, so the fact line missed the government acting in a story
# (the brief's known problem, from half A of the realworld labels and factRuEval). A closed
# class, as honorifics are; besides it, a noun the dictionary marks as an organisation's
# abbreviation (Orgn: «миде»). «Власть» counts only in the plural (the authorities).
_RU_BODY_WORDS = (
    "правительство кабмин власть министерство комитет комиссия совет суд парламент "
    "администрация мэрия прокуратура полиция руководство ведомство посольство правление"
)
_RU_BODY_NOUNS = frozenset(_RU_BODY_WORDS.split())
_RU_BODY_STARTS = tuple(sorted({n[:3] for n in _RU_BODY_NOUNS}))
# A bare body noun (no name after it) is an actor only as a subject: a finite verb agreeing
# in number follows within this many words, with no punctuation between.
BODY_VERB_WINDOW_WORDS = 6
_CLAUSE_BREAK = re.compile(r"[,.;:!?()«»\"“”—–]")


@lru_cache(maxsize=NORMAL_CACHE_SIZE)
def _body_parse(vocab: Any, word: str) -> Any | None:
    """The reading of ``word`` as a body noun («правительства», «власти», «миде»), if any."""
    for p in _parses(vocab, word):
        if p.pos != "NOUN":
            continue
        if "Orgn" in p.tag.grammemes and "Abbr" in p.tag.grammemes:
            return p
        if p.normal in _RU_BODY_NOUNS and (
            p.normal != "власть" or p.feats.get("Number") == "Plur"
        ):
            return p
    return None


def _finite_verb_after(text: str, end: int, number: str | None, vocab: Any) -> bool:
    """Whether a finite verb agreeing in number follows within the clause."""
    rest = text[end : end + 120]
    stop = _CLAUSE_BREAK.search(rest)
    for k, word in enumerate(_TOKEN.findall(rest[: stop.start() if stop else None])):
        if k >= BODY_VERB_WINDOW_WORDS:
            return False
        for p in _parses(vocab, word):
            if p.pos in {"VERB", "AUX"} and p.feats.get("VerbForm") == "Fin":
                return p.feats.get("Number") in {number, None}
    return False


def body_mentions(
    text: str,
    mentions: Sequence[Mention],
    vocab: Any,
    known: Sequence[Mention] = (),
) -> list[Mention]:
    """ORG mentions of bodies named by their kind, for the fact line (Russian).

    A body noun with its adjectives before it («Судейский комитет») and a place's or an
    organisation's name right after it («правительство Якутии», «комитет ФИФА») is named so
    in any case; without a name after it, only as the subject of a verb («Правительство
    работает», «кабмин выступает против»). Normal: the noun and its adjectives in the
    nominative (number kept), the name as written. A bare body noun is the body with that
    noun named before it, or in the headline's ``known`` bodies («Власти Египта …» / «власти
    заявляют»). Not for ``find_mentions``: the entity benchmarks' conventions tag the name
    alone.
    """
    bodies = [(_body_noun(m.normal, vocab), m.normal) for m in known]
    starts = [m.start for m in mentions]
    tokens = list(_TOKEN.finditer(text))
    found: list[Mention] = []
    for k, tok in enumerate(tokens):
        word = tok.group()
        if not word.lower().startswith(_RU_BODY_STARTS) and not (
            word.islower() and len(word) <= MAX_ABBREVIATION_LETTERS
        ):
            continue
        capital = word[:1].isupper() and word[1:].islower() and _sentence_start(text, tok.start())
        head = _body_parse(vocab, word) if word.islower() or capital else None
        body = (
            _body_at(text, tokens, k, head, mentions=mentions, starts=starts, vocab=vocab)
            if head
            else None
        )
        if body is None:
            continue
        start, stop, noun, name = body
        if stop > tok.end():
            bodies.append((noun, name))
        else:
            name = next((n for w, n in reversed(bodies) if w == noun), name)
        found.append(Mention(start, stop, "ORG", text[start:stop], name))
    return found


# Lowercase abbreviations of organisations («мид», «миде», «оон») are looked up when this
# short (most words of a text are not looked up at all).
MAX_ABBREVIATION_LETTERS = 4


def _body_noun(name: str, vocab: Any) -> str:
    """The body noun of a body's name («Власти Египта» → «власти»), lowercase."""
    return next((w.lower() for w in name.split() if _body_parse(vocab, w)), "")


def _body_at(
    text: str,
    tokens: Sequence[re.Match[str]],
    k: int,
    head: Any,
    *,
    mentions: Sequence[Mention],
    starts: Sequence[int],
    vocab: Any,
) -> tuple[int, int, str, str] | None:
    """The body whose noun is token ``k`` (read as ``head``): start, end, noun and name."""
    word = tokens[k].group()
    first = _agreeing_adjectives_start(text, tokens, k, head, vocab)
    start, end = tokens[first].start(), tokens[k].end()
    i = bisect_right(starts, start) - 1
    if i >= 0 and mentions[i].end > start:
        return None  # inside a name («Министерство финансов»)
    j = bisect_right(starts, end)
    after = mentions[j] if j < len(mentions) else None
    plural = head.feats.get("Number") == "Plur"
    if after is not None and not text[end : after.start].strip():
        if after.type not in {"LOC", "ORG"} or known_agency(after.normal):
            return None  # «сообщила полиция РИА Новости»: told the agency
        stop, complement = after.end, text[after.start : after.end]
        nxt = mentions[j + 1] if j + 1 < len(mentions) else None
        if nxt is not None and nxt.type == "PER" and not text[stop : nxt.start].strip():
            return None  # a person's title: «председателя правительства РФ Сергей Иванов»
    elif head.feats.get("Case") == "Nom" and _finite_verb_after(
        text, end, head.feats.get("Number"), vocab
    ):
        stop, complement = end, ""
    else:
        return None
    words = [m.group() for m in tokens[first:k]]
    normal = [_nominative(_agreeing_adjective(vocab, w, head), w, plural) for w in words]
    noun = _nominative(head, word, plural)
    normal.append(noun.upper() if "Abbr" in head.tag.grammemes else noun)
    name = " ".join([*normal, complement]).strip()
    return start, stop, noun.lower(), name[:1].upper() + name[1:]


def _agreeing_adjective(vocab: Any, word: str, head: Any) -> Any | None:
    """The reading of ``word`` as an adjective agreeing with the noun ``head``, if any."""
    case, number, gender = _agreement_key(head)
    for p in _parses(vocab, word):
        if p.pos != "ADJ" or p.feats.get("Case") != case or p.feats.get("Number") != number:
            continue
        if number == "Plur" or p.feats.get("Gender") in {gender, None}:
            return p
    return None


def _agreeing_adjectives_start(
    text: str, tokens: Sequence[re.Match[str]], k: int, head: Any, vocab: Any
) -> int:
    """The first of the adjectives agreeing with the noun ``k`` right before it (or ``k``)."""
    first = k
    while first > 0 and _joined(text, tokens[first - 1], tokens[first]):
        prev = tokens[first - 1].group()
        capital = prev[:1].isupper() and prev[1:].islower()
        if not (prev.islower() or (capital and _sentence_start(text, tokens[first - 1].start()))):
            break
        if _agreeing_adjective(vocab, prev, head) is None:
            break
        first -= 1
    return first
