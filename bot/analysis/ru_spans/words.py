"""Spans, and the text and lemma helpers the rules share."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from bot.analysis.models import NlpModels

Span = tuple[int, int, str]
Rule = Callable[[str, list[Span], NlpModels], list[Span]]

# ---------------------------------------------------------------- text helpers

_WORD = re.compile(r"\w+(?:[-‐'’.]\w+)*")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_LATIN_START = re.compile("[A-Z0-9]")
# Quote pairs of Russian news text: «ёлочки», „лапки“, “English” and straight quotes.
_QUOTE_PAIRS = {"«": "»", "„": "“", "“": "”", '"': '"'}
_QUOTES = frozenset('«»„“”"')
_BRACKETS = frozenset("()[]{}")
_SPECIAL = re.compile(r"[()\[\]{}«»„“”\"]")
# Characters a mention never starts or ends with (quotes are handled by their balance).
_EDGE = " \t\n\r\u00a0,;:•·—–-/\\|*+"
_SPACES = frozenset(" \t\u00a0")
# A short quoted phrase that starts with a capital letter or a digit: a name in quotes.
_QUOTED = re.compile(r"[«„“\"]([A-ZА-ЯЁ0-9][^«»„“”\"\n]{0,60}?)[»“”\"]")


def _wordset(words: str) -> frozenset[str]:
    """The space-separated words of ``words`` as a set (the word lists below)."""
    return frozenset(words.split())


def _unmatched_quotes(text: str, start: int, end: int) -> list[int]:
    """Positions of the quotes in ``text[start:end]`` that have no partner inside it."""
    stack: list[tuple[str, int]] = []
    lone: list[int] = []
    for m in _SPECIAL.finditer(text, start, end):
        ch = m.group()
        if ch not in _QUOTES:
            continue
        if stack and _QUOTE_PAIRS[stack[-1][0]] == ch:
            stack.pop()
        elif ch in _QUOTE_PAIRS:
            stack.append((ch, m.start()))
        else:
            lone.append(m.start())
    return sorted(lone + [i for _, i in stack])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start, end`` without edge punctuation and without quotes around the whole span."""
    while True:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if (
            end - start > len("«»")
            and _QUOTE_PAIRS.get(text[start]) == text[end - 1]
            and not _unmatched_quotes(text, start + 1, end - 1)
        ):
            start, end = start + 1, end - 1
            continue
        return start, end


def _previous_word(text: str, start: int) -> tuple[int, int] | None:
    """Offsets of the word right before ``start``; an opening quote may stand between them.

    Scanned backwards by hand: a regular expression anchored at ``start`` would be tried
    at every position before it, and this runs for every mention of every rule.
    """
    end = start
    if end > 0 and text[end - 1] in _QUOTE_PAIRS:
        end -= 1
    while end > 0 and text[end - 1] in _SPACES:
        end -= 1
    begin = end
    while begin > 0 and (
        text[begin - 1].isalnum()
        or text[begin - 1] == "_"
        or (text[begin - 1] == "-" and begin - 1 > 0 and text[begin - 2].isalnum())
    ):
        begin -= 1
    return (begin, end) if begin < end and text[begin] != "-" else None


def _overlaps(spans: list[Span], start: int, end: int) -> bool:
    """Whether any of ``spans`` shares a character with ``start, end``."""
    return any(s < end and start < e for s, e, _ in spans)


# ---------------------------------------------------------------- morphology helpers

# Lemmas (and the other word-level facts below) of the words met in news text: the same few
# thousand words recur in every article, and each rule asks about the words around a name.
# As entities.NORMAL_CACHE_SIZE; a few MB per cache when full.
LEMMA_CACHE_SIZE = 20000


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _lemma(vocab: Any, word: str) -> str:
    """The dictionary form of ``word``, lowercased, from its likeliest singular reading.

    Singular first: a name's case forms then share one lemma («Авроры» → «аврора», not the
    plural of a first name «Аврор»), which is what matching repeats by lemma needs.
    """
    parses = vocab(word.lower())
    singular = [p for p in parses if p.feats.get("Number") == "Sing"]
    return str((singular or parses)[0].normal) if parses else word.lower()


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _lemmas(vocab: Any, surface: str) -> tuple[str, ...]:
    """The lemmas of the words of ``surface`` («Европейского союза» → европейский, союз)."""
    return tuple(_lemma(vocab, w) for w in _WORD.findall(surface))


def _previous_lemma(vocab: Any, text: str, start: int) -> str | None:
    """The lemma of the word right before ``start`` (see ``_previous_word``)."""
    prev = _previous_word(text, start)
    return None if prev is None else _lemma(vocab, text[prev[0] : prev[1]])


@lru_cache(maxsize=LEMMA_CACHE_SIZE)
def _nominative_or_foreign(vocab: Any, word: str) -> bool:
    """Whether ``word`` can be a nominative (an apposition), or is indeclinable or foreign."""
    parses = vocab(word.lower())
    return not parses or any(
        p.feats.get("Case") in {"Nom", None} or "Fixd" in p.tag.grammemes for p in parses
    )
