"""What a span names: a type natasha gets wrong changed, a span that names nothing dropped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.analysis.models import NlpModels
from bot.analysis.ru_spans.edges import LEGAL_FORMS
from bot.analysis.ru_spans.words import (
    _QUOTED,
    _WORD,
    LEMMA_CACHE_SIZE,
    Span,
    _lemma,
    _lemmas,
    _nominative_or_foreign,
    _previous_lemma,
    _wordset,
)

# Names natasha types as a place although they name an organisation, as lemmas: the
# European Union («Евросоюзом», «Европейского союза», «ЕС») is ORG in factRuEval and in
# BSNLP, LOC for natasha in every case form (23 such spans on factRuEval dev, 335 on
# BSNLP). Other international bodies (НАТО, ООН, СНГ, ОБСЕ, ВТО, ЕАЭС, Еврокомиссия,
# Совет Европы) natasha already types ORG; «Белый дом», «Кремль» are left as it types them.
ORG_NOT_LOC = frozenset({("ес",), ("евросоюз",), ("европейский", "союз")})


def retype_known(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """Give the European Union, which natasha takes for a place, the type ORG."""
    return [
        (
            s,
            e,
            "ORG"
            if t == "LOC"
            and text[s] in "Ее"  # every name in ORG_NOT_LOC starts so: a cheap filter first
            and _lemmas(nlp.morph_vocab, text[s:e]) in ORG_NOT_LOC
            else t,
        )
        for s, e, t in spans
    ]


# Abbreviations natasha tags as organisations that are common nouns: «СМИ» is "the media"
# (5 false ORG on factRuEval dev, 33 on BSNLP; neither annotates it).
NOT_NAMES = frozenset({"СМИ"})


def drop_non_names(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """Drop spans that name no organisation: «СМИ», a legal form standing alone."""
    return [
        (s, e, t)
        for s, e, t in spans
        if text[s:e] not in NOT_NAMES
        and not (
            t == "ORG"
            and text[s:e].split(None, 1)[0] in LEGAL_FORMS
            and all(w in LEGAL_FORMS for w in _WORD.findall(text, s, e))
        )
    ]


# Kinds of facility (lemmas): a name given to one is a place in factRuEval and BSNLP
# (LocOrg → LOC): «аэропорт «Домодедово»», «Дворец молодёжи», «бизнес-центр «Демидов»».
# Dev: 3 right, 1 wrong; BSNLP: 4 right, 0 wrong. «центр» is left out: «Уральский центр»
# is an organisation, «Космический центр Кеннеди» a place.
FACILITY_NOUNS = _wordset(
    "аэропорт аэродром аэровокзал вокзал стадион дворец космодром бизнес-центр гостиница отель"
)


def retype_facilities(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """A facility's name is a place: ORG → LOC after or around a facility noun."""
    vocab = nlp.morph_vocab
    return [
        (s, e, "LOC" if t == "ORG" and _names_facility(vocab, text, s, e) else t)
        for s, e, t in spans
    ]


def _names_facility(vocab: Any, text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` follows or contains a facility noun."""
    return _previous_lemma(vocab, text, s) in FACILITY_NOUNS or any(
        lemma in FACILITY_NOUNS for lemma in _lemmas(vocab, text[s:e])
    )


# Vehicles (lemmas): a name after one is not an organisation («шаттл «Дискавери»»,
# «станции «Мир»», «телескоп Хаббл»), nor are its other mentions in the text. «станция»
# counts only before a name in apposition: «станция «Водоканала»» belongs to an organisation.
# +1.7 ORG F1 on factRuEval dev (space-flight stories); no change on BSNLP.
VEHICLE_NOUNS = _wordset(
    "шаттл корабль звездолёт телескоп спутник станция самолёт лайнер судно ракета подлодка "
    "субмарина крейсер авианосец ледокол яхта модуль зонд марсоход луноход аппарат танкер "
    "паром теплоход эсминец фрегат вертолёт истребитель бомбардировщик"
)
_VEHICLE_HEADS = VEHICLE_NOUNS - {"станция"}


def drop_vehicles(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """Drop ORG spans naming vehicles (shuttles, ships, space stations) and their repeats."""
    vocab = nlp.morph_vocab
    vehicles: set[tuple[str, ...]] = set()
    orgs = [(s, e) for s, e, t in spans if t == "ORG"]
    for s, e in [*orgs, *((m.start(1), m.end(1)) for m in _QUOTED.finditer(text))]:
        first = _WORD.match(text, s)
        if (
            first is not None
            and _previous_lemma(vocab, text, s) in VEHICLE_NOUNS
            and _nominative_or_foreign(vocab, first.group())
        ):
            vehicles.add(_lemmas(vocab, text[s:e]))
    for s, e in orgs:
        # a common noun inside the name: «Космический телескоп Хаббл»
        if any(
            w[0].islower() and _lemma(vocab, w) in _VEHICLE_HEADS
            for w in _WORD.findall(text, s, e)
        ):
            vehicles.add(_lemmas(vocab, text[s:e]))
    if not vehicles:
        return spans
    return [
        (s, e, t) for s, e, t in spans if t != "ORG" or _lemmas(vocab, text[s:e]) not in vehicles
    ]


# Kinds of organisation after which a one-word «person» is the organisation: «команда
# Феррари»; a person would follow a role noun («глава компании Алексей Миллер»), and a
# word with a first-name or surname reading is left a person. Dev: 1 right; BSNLP: 1 wrong
# by its gold («телеканалу Россия-1» is PER there).
ORG_BEFORE_NAME = _wordset(
    "команда клуб компания концерн корпорация фирма банк газета журнал агентство "
    "телеканал издание холдинг авиакомпания"
)


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _foreign_single_word(vocab: Any, surface: str) -> bool:
    """One word that no reading makes a first name, surname or patronymic («Феррари»)."""
    if not _WORD.fullmatch(surface) or surface in LEGAL_FORMS:
        return False
    grammemes = {"Name", "Surn", "Patr"}
    return not any(grammemes & set(p.tag.grammemes) for p in vocab(surface.lower()))


def retype_after_kind(text: str, spans: list[Span], nlp: NlpModels) -> list[Span]:
    """A one-word foreign «person» right after a kind of organisation («команды Феррари»)."""
    vocab = nlp.morph_vocab
    return [
        (
            s,
            e,
            "ORG"
            if t == "PER"
            and _foreign_single_word(vocab, text[s:e])
            and _previous_lemma(vocab, text, s) in ORG_BEFORE_NAME
            else t,
        )
        for s, e, t in spans
    ]
