"""Words → search terms: Russian lemmas and English stems, for the index and for queries.

The index (``articles_fts``) holds an article's title and text as these terms, and a query
is normalised the same way, so «Лавров» finds «Лавровым» and "meeting" finds "meetings".

A word is normalised by its script, not by the article's language: a query's language is
unknown, so «Reuters» in a Russian article and "Reuters" typed by a user must both become
the English stem, and «Лавров» in an English article the Russian lemma.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

from bot.analysis.models import NlpModels, RuMorphVocab

# Languages whose words are lemmatised or stemmed; other text is only lowercased.
NORMALISED_LANGS = frozenset({"ru", "en"})
# A query longer than this is a paste, not a search (the storage layer caps it too).
MAX_QUERY_TERMS = 32
# Distinct words remembered per process: a news vocabulary with names fits; a word costs
# about 200 bytes, so the cache stays near 20 MB at most.
LEMMA_CACHE_SIZE = 100_000

_WORD = re.compile(r"\w+")
_CYRILLIC = re.compile(r"[а-я]")  # after lowercasing and ё → е
_LATIN = re.compile(r"[a-z]")
# snowballstemmer picks PyStemmer's C implementation when it is installed; one per process.
_EN_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def ru_lemma(morph: RuMorphVocab, word: str) -> str:
    """The pymorphy lemma of a lowercased Russian word (ё as е), cached."""
    forms = morph(word)
    lemma = forms[0].normal if forms else word
    return str(lemma).lower().replace("ё", "е")


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def en_stem(word: str) -> str:
    """The Snowball stem of a lowercased English word, cached."""
    return str(_EN_STEMMER.stemWord(word))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


def _term(word: str, nlp: NlpModels) -> str:
    """One lowercased word's term: Cyrillic → Russian lemma, Latin → English stem."""
    if _CYRILLIC.search(word):
        return ru_lemma(nlp.morph_vocab, word)
    if _LATIN.search(word):
        return en_stem(word)
    return word


def normalize_for_search(text: str, lang: str, nlp: NlpModels) -> str:
    """The text as space-separated search terms, the form ``articles_fts`` indexes.

    For ``ru`` and ``en`` articles Cyrillic words become Russian lemmas and Latin words
    English stems; words of other languages are only lowercased (with ё → е).
    """
    words = _words(text)
    if lang not in NORMALISED_LANGS:
        return " ".join(words)
    return " ".join(_term(w, nlp) for w in words)


def query_terms(query: str, nlp: NlpModels) -> list[str]:
    """A user's query (language unknown) as distinct search terms, at most 32."""
    terms: list[str] = []
    for word in _words(query):
        term = _term(word, nlp)
        if term and term not in terms:
            terms.append(term)
            if len(terms) == MAX_QUERY_TERMS:
                break
    return terms
