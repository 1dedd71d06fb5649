"""A speaker's or a followed name's key: each word as its term, space-separated.

«Сергей Лавров», «Сергея Лаврова» and «сергей  лавров» all become ``сергей лавров``; a name
is then found by any of its words in any form (``matches``): «/said Лаврова» asks for
``лавров``, which is among the words of ``сергей лавров``. The morphology of search
(bot.analysis.search_terms: Russian lemmas for Cyrillic words, English stems for Latin),
except that a Russian word that can be a name is read as one: «Песков» is the surname
``песков``, not the plural genitive of «песок» that search's first reading gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from bot.analysis.models import NlpModels, RuMorphVocab
from bot.analysis.search_terms import (
    LEMMA_CACHE_SIZE,
    MAX_QUERY_TERMS,
    en_stem,
    normalize_for_search,
)
from bot.models import Mention

_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[а-я]")
_LATIN = re.compile(r"[a-z]")
# pymorphy's grammemes of a person's names: surname, first name, patronymic.
_NAME_GRAMMEMES = ("Surn", "Name", "Patr")


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def name_lemma(morph: RuMorphVocab, word: str) -> str:
    """The lemma of a lowercased Russian word, read as a name when it can be one (as one
    person, when it can be)."""
    forms = morph(word)
    if not forms:
        return word
    # A name's singular reading first: «Свиридов» is the surname, not «of the Свириды».
    names = [f for f in forms if any(g in f.tag for g in _NAME_GRAMMEMES)]
    chosen = next((f for f in names if "sing" in f.tag), names[0] if names else forms[0])
    return str(chosen.normal).lower().replace("ё", "е")


def _terms(name: str, nlp: NlpModels) -> list[str]:
    out = []
    for word in _WORD.findall(name.lower().replace("ё", "е")):
        if _CYRILLIC.search(word):
            out.append(name_lemma(nlp.morph_vocab, word))
        elif _LATIN.search(word):
            out.append(en_stem(word))
        else:
            out.append(word)
    return out


def speaker_key(name: str, nlp: NlpModels) -> str:
    """The normalised key of a name (lowercased, ё as е, each word its lemma or stem, single
    spaces); empty when the name has no words."""
    return " ".join(_terms(name, nlp))


def name_terms(name: str, nlp: NlpModels) -> list[str]:
    """The distinct terms a name asks for (at most 32), in order."""
    out: list[str] = []
    for term in _terms(name, nlp):
        if term not in out:
            out.append(term)
    return out[:MAX_QUERY_TERMS]


def matches(key: str, terms: list[str]) -> bool:
    """Whether every one of ``terms`` is a word of ``key`` (a ``speaker_key``)."""
    words = set(key.split())
    return bool(terms) and all(term in words for term in terms)


# A followed phrase has at most this many words; an article's candidates are its word runs
# up to this long.
MAX_PHRASE_WORDS = 3


def runs(words: list[str], longest: int = MAX_PHRASE_WORDS) -> set[str]:
    """Every run of 1 to ``longest`` consecutive words, space-joined (a follow's key is
    looked up among them)."""
    out: set[str] = set()
    for size in range(1, longest + 1):
        for i in range(len(words) - size + 1):
            out.add(" ".join(words[i : i + size]))
    return out


def name_candidates(names: list[str], nlp: NlpModels) -> set[str]:
    """The keys a followed person or organisation may have to match one of ``names``: each
    name's key and every run of its words («Сергей Лавров»: сергей, лавров, сергей лавров)."""
    out: set[str] = set()
    for name in names:
        out |= runs(_terms(name, nlp), longest=MAX_QUERY_TERMS)
    return out


def mentioned_names(mentions: Iterable[Mention], nlp: NlpModels) -> list[str]:
    """The distinct keys of the persons and organisations among ``mentions`` (each by its
    normal form, the words as written when it has none), in order of first mention."""
    out: dict[str, None] = {}
    for mention in mentions:
        if mention.type in ("PER", "ORG"):
            key = speaker_key(mention.normal or mention.text, nlp)
            if key:
                out[key] = None
    return list(out)


def key_candidates(keys: Iterable[str]) -> set[str]:
    """``name_candidates`` of names already keyed (``speaker_key``, ``mentioned_names``)."""
    out: set[str] = set()
    for key in keys:
        out |= runs(key.split(), longest=MAX_QUERY_TERMS)
    return out


# pymorphy's grammemes of words that name someone or something: a person's names, a place,
# an organisation, an abbreviation («МИД»).
_PROPER_GRAMMEMES = (*_NAME_GRAMMEMES, "Geox", "Orgn", "Abbr")


def can_be_name(word: str, morph: RuMorphVocab) -> bool:
    """Whether a word, as typed, can be (part of) a name: a capitalised Latin word, or a
    Russian word the dictionary reads as a name, place, organisation or abbreviation, or
    does not know («Налбандов»). «Санкции» and «Погода», capitalised or not, cannot."""
    if not word[:1].isupper():
        return False
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return True
    if not morph.word_is_known(lowered):
        return True
    return any(any(g in form.tag for g in _PROPER_GRAMMEMES) for form in morph(lowered))


def mentioning_sentence(
    sentences: Iterable[str], names: Iterable[str], words: Iterable[str], nlp: NlpModels
) -> str | None:
    """The first of ``sentences`` that names one of ``names`` (keys, ``speaker_key``: every
    word of the key among the sentence's words read as names) or holds one of ``words``
    (followed words, as search normalises them, in a run of the sentence's words); None if
    none does. What an alert shows when the summary does not show the match."""
    name_sets = [set(key.split()) for key in names if key]
    word_keys = {key for key in words if key}
    for sentence in sentences:
        if name_sets:
            terms = set(_terms(sentence, nlp))
            if any(key <= terms for key in name_sets):
                return sentence
        if word_keys and word_keys & runs(normalize_for_search(sentence, "ru", nlp).split()):
            return sentence
    return None


def surname_of(name: str, nlp: NlpModels) -> str | None:
    """The key of the surname of a person named by two words or more: the word the
    dictionary reads as a surname (not as a first name or patronymic: «Лавров Сергей» →
    лавров), else the last; None for a one-word name."""
    words = _WORD.findall(name.lower().replace("ё", "е"))
    if len(words) < 2:  # noqa: PLR2004 - a first name and a surname
        return None
    keys = _terms(name, nlp)
    for word, key in zip(words, keys, strict=True):
        if _CYRILLIC.search(word) and _is_surname(word, nlp.morph_vocab):
            return key
    return keys[-1]


def _is_surname(word: str, morph: RuMorphVocab) -> bool:
    forms = [f for f in morph(word) if any(g in f.tag for g in _NAME_GRAMMEMES)]
    return bool(forms) and "Surn" in forms[0].tag


# A Russian patronymic's ending (the key is its lemma): «Викторович», «Викторовна».
_PATRONYMIC = re.compile(r"(?:ович|евич|ич|овна|евна|ична)$")


def same_person(followed: str, surname: str, named: str) -> bool:
    """Whether ``named`` (an article's name key) can name the person followed as
    ``followed`` (a key of two words or more) whose surname's key is ``surname``: it has
    the surname and more, its first initial is that of a followed first name, and each of
    its other words is a word of ``followed``, a patronymic or a patronymic's initial
    («С. Лавров», «Лавров Сергей», «Лавров С. В.», «Сергей Викторович Лавров»; not «Иван
    Лавров»)."""
    words = named.split()
    if surname not in words or len(words) < 2:  # noqa: PLR2004 - more than the surname
        return False
    given = [w for w in followed.split() if w != surname]
    initials = 0
    for word in words:
        if word == surname or word in given or _PATRONYMIC.search(word):
            continue
        if len(word) != 1:
            return False
        if initials == 0 and not any(g.startswith(word) for g in given):
            return False
        initials += 1
    return True
