"""Speaker phrases shared by both languages: mentions, pronouns and noun phrases as speakers."""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis.entities import normalize_phrase
from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import (
    _DASHES,
    _EN_DETERMINERS,
    _QUOTE_CHARS,
    _RU_PREPOSITIONS,
    _WORDS,
    MAX_UNTAGGED_NAME_WORDS,
    MIN_PARSE_SHARE,
)
from bot.analysis.quotes.records import _Speaker, _Tok, _Unit


def _unit_before_prep(doc: _Doc, first_tok: int) -> str | None:
    """The preposition right before a phrase, if any («в МИД РФ»)."""
    if first_tok == 0:
        return None
    prev = doc.toks[first_tok - 1]
    if doc.lang == "ru" and prev.low in _RU_PREPOSITIONS:
        return prev.low
    if doc.lang == "en" and prev.low in {
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "by",
        "from",
        "to",
    }:
        return prev.low
    return None


def _pronoun(tok: _Tok, gender: str | None) -> _Speaker:
    """A pronoun naming the speaker; its name is found later (``_resolve_pronoun``)."""
    return _Speaker(tok.start, tok.end, None, "PRON", gender)


def _speaker_of_unit(doc: _Doc, u: _Unit) -> _Speaker:
    gender = doc.genders.get(u.normal) if u.type == "PER" else None
    return _Speaker(u.start, u.end, u.normal, u.type, gender)


def _top_pos(doc: _Doc, word: str) -> str | None:
    parses = doc.parse(word)
    return str(parses[0].tag.POS) if parses else None


def _is_hard_boundary(doc: _Doc, j: int) -> bool:
    tok = doc.toks[j]
    return tok.text in {";", ":"} or tok.text in _DASHES or doc.is_sentence_end(j)


def _has_parse(doc: _Doc, word: str, pos: set[str], case: str) -> bool:
    parses = doc.parse(word)
    top = max((p.score for p in parses), default=0.0)
    return any(
        p.tag.POS in pos and p.tag.case == case and p.score >= MIN_PARSE_SHARE * top
        for p in parses
    )


_PROPER_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad", "Abbr"})


def _np_name(doc: _Doc, toks: Sequence[_Tok]) -> str:
    """The speaker name of a noun phrase: Russian in the nominative, a sentence-initial
    capital of a common noun lowered («Эксперты считают» → «эксперты»)."""
    words = [t for t in toks if t.is_word]
    if not words:
        return doc.text[toks[0].start : toks[-1].end] if toks else ""
    first = words[0]
    if doc.lang == "ru":
        name = " ".join(normalize_phrase([w.text for w in words], doc.vocab))
        common = not any(_PROPER_GRAMMEMES & set(p.tag.grammemes) for p in doc.parse(first.text))
    else:
        name = _resolve_name(doc, doc.text[first.start : words[-1].end])
        common = first.low in _EN_DETERMINERS
    sentence_initial = (
        first.i == 0
        or doc.is_sentence_end(first.i - 1)
        or (doc.toks[first.i - 1].text in set(_QUOTE_CHARS) | _DASHES | {"''"})
        or doc.paragraph_of(doc.toks[first.i - 1].start) != doc.paragraph_of(first.start)
    )
    if common and sentence_initial and name[:1].isupper() and not first.text.isupper():
        name = name[:1].lower() + name[1:]
    return name


def _plural(word: str) -> bool:
    return word.endswith("s") and not word.endswith("ss")


def _resolve_name(doc: _Doc, surface: str) -> str:
    """A capitalised phrase the NER missed, mapped to a person it names ("Mook")."""
    words = [w for w in _WORDS.findall(surface) if w[:1].isupper()]
    if words and len(words) <= MAX_UNTAGGED_NAME_WORDS:
        last = words[-1].lower()
        for u in doc.units:
            if u.type == "PER" and u.normal.split()[-1].lower() == last:
                return u.normal
    return surface
