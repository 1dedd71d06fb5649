"""Where a name starts and ends: brackets, legal forms, a person noun, a scope adjective."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from bot.analysis.models import NlpModels
from bot.analysis.ru_spans.words import (
    _BRACKETS,
    _CYRILLIC,
    _EDGE,
    _LATIN_START,
    _LETTER,
    _QUOTE_PAIRS,
    _SPECIAL,
    _WORD,
    LEMMA_CACHE_SIZE,
    Span,
    _lemma,
    _previous_word,
    _trim,
    _unmatched_quotes,
    _wordset,
)


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Parts of ``text[start:end]`` between brackets and unmatched quotes, trimmed."""
    if not _SPECIAL.search(text, start, end):
        s, e = _trim(text, start, end)
        if _LETTER.search(text, s, e):
            yield s, e
        return
    cuts = [m.start() for m in _SPECIAL.finditer(text, start, end) if m.group() in _BRACKETS]
    bounds = [start - 1]
    s = start
    for c in [*cuts, end]:
        bounds += _unmatched_quotes(text, s, c)  # judged inside each bracket-free part
        bounds.append(c)
        s = c + 1
    for a, b in itertools.pairwise(bounds):
        s, e = _trim(text, a + 1, b)
        if e > s and _LETTER.search(text, s, e):
            yield s, e


def split_brackets(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """Cut spans at brackets and unmatched quotes and trim their edges (every type)."""
    out = []
    for a, b, t in spans:
        if text[a] in _EDGE or text[b - 1] in _EDGE or _SPECIAL.search(text, a, b):
            out += [(s, e, t) for s, e in _pieces(text, a, b)]
        elif _LETTER.search(text, a, b):  # most spans: nothing to cut
            out.append((a, b, t))
    return out


# Legal forms and kinds of organisation written before a quoted name; factRuEval's org_name
# leaves them out («ОАО «Газпром»» → «Газпром»), and so does BSNLP («ИА REGNUM» → «REGNUM»).
# From Russian company law and the news agencies' prefixes (ИА, РИА); with the kind nouns
# below, +2.0 ORG F1 on factRuEval dev, +0.4 on BSNLP.
LEGAL_FORMS = _wordset(
    "ОАО ЗАО ООО ПАО АО НАО ОДО ТОО ГУП МУП ФГУП ФГБУ ГБУ МБУ ГКУ АНО НКО НП ЧП ИП "
    "ТД ПК СП АК АКБ КБ НПО НПП НПК РКК ГК ТК ТРК ИА РИА ИнА МИА"
)
# Kinds of organisation (lemmas) that are not part of the quoted or Latin-script name after
# them: «концерн «Майкрософт»» → «Майкрософт», «агентство France-Presse» → «France-Presse».
ORG_KIND_NOUNS = _wordset(
    "компания концерн корпорация холдинг группа агентство агенство информагентство "
    "банк газета журнал еженедельник издание издательство телеканал канал радиостанция "
    "телекомпания радио портал сайт фирма предприятие завод фабрика комбинат "
    "объединение общество товарищество фонд авиакомпания оператор ритейлер сеть"
)
# What a span needs for a form or kind to be stripped from it: quotes or Latin script.
_QUOTE_OR_LATIN = re.compile(r"[«„“\"A-Za-z]")


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _is_form_or_kind(vocab: Any, word: str) -> bool:
    """Whether ``word`` is a legal form (ОАО) or a kind of organisation (концерн)."""
    return (
        word in LEGAL_FORMS
        or word.upper() in LEGAL_FORMS
        or (_lemma(vocab, word) in ORG_KIND_NOUNS)
    )


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _is_adjective(vocab: Any, word: str) -> bool:
    """Whether ``word`` can be a full adjective."""
    return any(p.tag.POS == "ADJF" for p in vocab(word.lower()))


def _name_after_form(text: str, s: int, e: int, vocab: Any) -> tuple[int, int]:
    """The name in ``text[s:e]`` once a leading legal form or kind (and adjectives) go."""
    if not _QUOTE_OR_LATIN.search(text, s, e):
        return s, e
    for w in list(_WORD.finditer(text, s, e))[:-1]:
        if not _is_form_or_kind(vocab, w.group()):
            if _is_adjective(vocab, w.group()):  # «автомобильный концерн «Фольксваген»»
                continue
            return s, e
        rest = w.end()
        while rest < e and text[rest].isspace():
            rest += 1
        if text[rest] in _QUOTE_PAIRS and text[e - 1] == _QUOTE_PAIRS[text[rest]]:
            return _trim(text, rest, e)
        if _LATIN_START.match(text, rest) and not _CYRILLIC.search(text, rest, e):
            return rest, e
    return s, e


def strip_legal_forms(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """Keep only the quoted (or Latin-script) name of «ОАО «Газпром»», «ИА Regnum»."""
    return [
        ((*_name_after_form(text, s, e, nlp.morph_vocab), t) if t == "ORG" else (s, e, t))
        for s, e, t in spans
    ]


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _is_person_noun(vocab: Any, word: str) -> bool:
    """Whether every reading of ``word`` is a common animate noun («Исследователи»)."""
    parses = vocab(word.lower())
    return bool(parses) and all(
        p.tag.POS == "NOUN"
        and "anim" in p.tag.grammemes
        and not {"Name", "Surn", "Patr", "Abbr", "Orgn"} & set(p.tag.grammemes)
        for p in parses
    )


def strip_leading_person_noun(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """«Исследователи Брукхейвенской лаборатории» → the laboratory; «Замглавы» alone → none."""
    out = [_without_person_noun(text, span, nlp.morph_vocab) for span in spans]
    return [span for span in out if span is not None]


def _without_person_noun(text: str, span: Span, vocab: Any) -> Span | None:
    """``span`` without a leading «Исследователи»; None when nothing of a name is left."""
    s, e, t = span
    first = _WORD.match(text, s)
    if (
        t != "ORG"
        or first is None
        or not first.group()[1:].islower()  # an acronym such as «ФИФА»
        or (s > 0 and text[s - 1] in _QUOTE_PAIRS)  # a quoted name: «Краснорубашечники»
        or not _is_person_noun(vocab, first.group())
    ):
        return span
    # the lowercase words up to the name go too: «Работники лоукоста Ryanair»
    rest = _WORD.search(text, first.end(), e)
    while rest is not None and rest.group()[:1].islower():
        rest = _WORD.search(text, rest.end(), e)
    return None if rest is None else (rest.start(), e, t)


# Adjectives that make a body's name specific («японского МИДа», «российского Минсельхоза»,
# «синодального Отдела»): factRuEval's org_name includes them (7 cases on dev, none against;
# BSNLP's gold lists either form, 7 for and 7 against). Relational adjectives (-ский,
# -цкий) and a few others; qualitative ones stay out («новом Конгрессе», «правящей партии»),
# and so do companies' own names («российскому Газпрому», BSNLP: «Газпрому»), and quoted
# names (dev has «московского «Центра»», BSNLP «российский "Газпром"» without it).
SCOPE_ADJECTIVES = _wordset(
    "государственный синодальный федеральный национальный муниципальный областной "
    "краевой районный окружной"
)
# Government bodies written as one word are generic heads too (lemma prefixes): Минсельхоз.
_BODY_PREFIXES = ("мин", "гос")
_ADJECTIVE_ENDING = re.compile(
    r"[а-яё]+(?:ого|ому|ым|ом|ая|ой|ую|ое|ые|ых|ыми|ий|ый|ие|их|ими|ее|его|ему|ем|яя|юю)$"
)


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _scope_adjective(vocab: Any, word: str, cases: frozenset[str]) -> bool:
    """Whether ``word`` is a lowercase relational adjective in one of the ``cases``."""
    if not _ADJECTIVE_ENDING.fullmatch(word):
        return False
    return any(
        p.tag.POS == "ADJF"
        and "Qual" not in p.tag.grammemes
        and (p.normal.endswith(("ский", "цкий")) or p.normal in SCOPE_ADJECTIVES)
        and (not cases or p.feats.get("Case") in cases)
        for p in vocab(word)
    )


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _generic_head(vocab: Any, word: str) -> frozenset[str] | None:
    """The cases of ``word`` if it heads a generic name (МИД, Отдел, Минсельхоз), else None."""
    if not re.match("[А-ЯЁ]", word):
        return None
    parses = [p for p in vocab(word.lower()) if p.tag.POS == "NOUN"]
    grammemes = [set(p.tag.grammemes) for p in parses]
    if not parses or any({"Name", "Surn", "Geox"} & g for g in grammemes):
        return None
    if not any(
        "Abbr" in g or "Orgn" not in g or p.normal.startswith(_BODY_PREFIXES)
        for p, g in zip(parses, grammemes, strict=True)
    ):
        return None
    return frozenset(str(p.feats.get("Case")) for p in parses if "Fixd" not in p.tag.grammemes)


def extend_scope_adjective(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """Take in the adjective before a body's name: «японского МИДа», «российского Минсельхоза»."""
    vocab = nlp.morph_vocab
    return [(_scope_start(vocab, text, s) if t == "ORG" else s, e, t) for s, e, t in spans]


def _scope_start(vocab: Any, text: str, start: int) -> int:
    """Where a body's name starting at ``start`` starts with its scope adjective."""
    prev = _previous_word(text, start)
    if (
        prev is None
        or not text[prev[1] : start].isspace()
        or not _ADJECTIVE_ENDING.fullmatch(text, prev[0], prev[1])
    ):
        return start
    first = _WORD.match(text, start)
    cases = None if first is None else _generic_head(vocab, first.group())
    if cases is not None and _scope_adjective(vocab, text[prev[0] : prev[1]], cases):
        return prev[0]
    return start
