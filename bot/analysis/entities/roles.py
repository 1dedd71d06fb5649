"""Roles of people: the title before a name or the apposition after it."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.analysis.entities.normal import _join_like, normalize_phrase
from bot.analysis.entities.words import (
    _ACRONYM,
    _NAME_GRAMS,
    _UD_CASES,
    _WORD,
    _parses,
    _singular_parses,
)
from bot.analysis.models import NlpModels
from bot.models import Mention, Sentence

# Heads of roles in English news ("Foreign Minister", "chief executive", "spokeswoman").
_EN_ROLE_HEADS = {
    "president",
    "minister",
    "secretary",
    "chancellor",
    "premier",
    "king",
    "queen",
    "prince",
    "princess",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "chief",
    "executive",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "governor",
    "mayor",
    "senator",
    "congressman",
    "congresswoman",
    "representative",
    "ambassador",
    "envoy",
    "leader",
    "head",
    "commissioner",
    "general",
    "commander",
    "judge",
    "prosecutor",
    "attorney",
    "officer",
    "manager",
    "coach",
    "founder",
    "ceo",
    "cfo",
    "economist",
    "analyst",
    "professor",
    "lawyer",
    "adviser",
    "advisor",
    "deputy",
    "speaker",
    "mp",
    "lawmaker",
    "candidate",
    "nominee",
    "pope",
    "archbishop",
    "bishop",
    "sheikh",
    "emir",
    "monarch",
    "diplomat",
    "official",
    "inspector",
    "captain",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "boss",
    "editor",
    "author",
    "actor",
    "actress",
    "singer",
    "star",
    "champion",
    "player",
    "scientist",
    "researcher",
    "vice",
    "treasurer",
    "partner",
    "owner",
    "president-elect",
    "sergeant",
}
_EN_ROLE_GLUE = {"of", "for", "the", "and", "at", "on", "'s", "’s"}
_EN_STOP_BEFORE = {"the", "a", "an", "by", "with", "and", "said", "says", "told", "to"}
_RU_STOP_POS = {"ADP", "VERB", "CCONJ", "SCONJ", "PRON", "PART", "ADV", "NUM", "INTJ"}
# Longest role we accept, in words ("первый заместитель министра иностранных дел России").
MAX_ROLE_WORDS = 8
# How far before a name a role is looked for: eight long words and their adjectives.
ROLE_WINDOW_CHARS = 240


@dataclass(frozen=True, slots=True)
class _Tok:
    start: int
    end: int
    text: str


def _tokens(text: str, start: int, end: int) -> list[_Tok]:
    return [
        _Tok(start + m.start(), start + m.end(), m.group())
        for m in re.finditer(r"\w+(?:[-.'’]\w+)*\.?|[^\w\s]", text[start:end])
    ]


def _tokens_before(text: str, sent: Sentence, end: int) -> list[_Tok]:
    """Tokens of the sentence before ``end``, at most ROLE_WINDOW_CHARS back (roles are short)."""
    start = max(sent.start, end - ROLE_WINDOW_CHARS)
    toks = _tokens(text, start, end)
    return toks[1:] if start > sent.start else toks  # the first may be a cut word


def _sentence_of(sentences: Sequence[Sentence], pos: int) -> Sentence | None:
    i = bisect_right([s.start for s in sentences], pos) - 1
    if i >= 0 and sentences[i].start <= pos < sentences[i].end:
        return sentences[i]
    return None


def _is_role_head(tok: _Tok, parses: Sequence[Any], cases: set[str], sent: Sentence) -> bool:
    """An animate common noun (министр, госсекретарь) in the case of the name it names."""
    if tok.text[:1].isupper() and tok.start != sent.start:
        return False
    return any(
        p.pos == "NOUN"
        and "anim" in p.tag.grammemes
        and not (_NAME_GRAMS & set(p.tag.grammemes))
        and p.feats.get("Case") in cases
        for p in parses
    )


def _ru_role_before(text: str, m: Mention, sent: Sentence, vocab: Any) -> str | None:
    toks = _tokens_before(text, sent, m.start)
    # The cases the name can be in; a foreign name without Russian readings fits any case.
    cases: set[str] = set(_UD_CASES)
    for w in _WORD.findall(m.text):
        readings = {p.feats.get("Case") for p in _singular_parses(vocab, w)} - {None}
        if readings and readings & cases:
            cases &= readings
    chain: list[_Tok] = []
    for i in range(len(toks) - 1, -1, -1):
        tok = toks[i]
        if not _WORD.fullmatch(tok.text) or len(chain) >= MAX_ROLE_WORDS:
            return None
        parses = _parses(vocab, tok.text)
        if not parses or parses[0].pos in _RU_STOP_POS:
            return None
        chain.insert(0, tok)
        if _is_role_head(tok, parses, cases, sent):
            head_count = 1
            # adjectives agreeing with the head belong to the role (бывший, российский)
            for j in range(i - 1, -1, -1):
                prev = toks[j]
                capital = prev.text[:1].isupper() and prev.start != sent.start
                if capital or not any(p.pos == "ADJ" for p in _parses(vocab, prev.text)):
                    break
                chain.insert(0, prev)
                head_count += 1
            words = [t.text for t in chain]
            spans = [(t.start, t.end) for t in chain]
            normal = normalize_phrase(words[:head_count], vocab) + words[head_count:]
            role = _join_like(normal, text, spans)
            return role if _ACRONYM.match(words[0]) else role[:1].lower() + role[1:]
        # between the head and the name only genitive complements (иностранных дел России)
        if not (_ACRONYM.match(tok.text) or any(p.feats.get("Case") == "Gen" for p in parses)):
            return None
    return None


def _en_role_before(text: str, m: Mention, sent: Sentence) -> str | None:
    toks = _tokens_before(text, sent, m.start)
    chain: list[_Tok] = []
    for tok in reversed(toks):
        low = tok.text.lower().rstrip(".")
        if low in _EN_STOP_BEFORE and not chain:
            return None
        if tok.text[:1].isupper() or low in _EN_ROLE_GLUE or low in _EN_ROLE_HEADS:
            if low in {"the", "a", "an"}:
                break
            chain.insert(0, tok)
            if len(chain) > MAX_ROLE_WORDS:
                return None
            continue
        break
    while chain and chain[0].text.lower() in _EN_ROLE_GLUE:
        chain.pop(0)
    if not chain or not any(t.text.lower().rstrip(".") in _EN_ROLE_HEADS for t in chain):
        return None
    # the role ends with its head word ("Foreign Minister", "Secretary of State")
    return text[chain[0].start : chain[-1].end]


_EN_APPOSITION = re.compile(r"^,\s+(?:the\s+|a\s+|an\s+)?([^,;:()\"“”]{3,80}?),")
_RU_APPOSITION = re.compile(r"^,\s+([^,;:()«»\"—]{3,80}?),")


def _apposition_after(text: str, m: Mention, lang: str, vocab: Any) -> str | None:
    match = (_EN_APPOSITION if lang == "en" else _RU_APPOSITION).match(text[m.end : m.end + 90])
    if not match:
        return None
    role = match.group(1).strip()
    words = role.split()
    if not words or len(words) > MAX_ROLE_WORDS:
        return None
    if lang == "en":
        if any(w.lower().strip(".'’s") in _EN_ROLE_HEADS for w in words):
            return role
        return None
    first = _parses(vocab, words[0])
    if (
        first
        and first[0].pos == "NOUN"
        and "anim" in first[0].tag.grammemes
        and not (_NAME_GRAMS & set(first[0].tag.grammemes))
        and not words[0][:1].isupper()
    ):
        return role
    return None


def find_roles(
    text: str,
    mentions: Sequence[Mention],
    sentences: Sequence[Sentence],
    lang: str,
    nlp: NlpModels,
) -> dict[str, str]:
    """Roles of people from appositions, keyed by canonical name; the first one found wins."""
    roles: dict[str, str] = {}
    for m in mentions:
        if m.type != "PER" or m.normal in roles:
            continue
        sent = _sentence_of(sentences, m.start)
        if sent is None:
            continue
        if lang == "ru":
            role = _ru_role_before(text, m, sent, nlp.morph_vocab)
        else:
            role = _en_role_before(text, m, sent)
        role = role or _apposition_after(text, m, lang, nlp.morph_vocab)
        if role:
            roles[m.normal] = role
    return roles
