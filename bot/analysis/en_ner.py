"""English named-entity recogniser: a CRF (python-crfsuite) trained on CoNLL-2003.

The model is trained by ``scripts/train_en_ner.py`` and shipped as ``data/en_ner.crfsuite``.
Raw text is tokenized the way CoNLL-2003 was (punctuation split off, ``'s`` and ``n't``
separate, abbreviations and numbers kept whole), cut into sentences cheaply, tagged token
by token (BILOU labels), and the labels are mapped back to character spans of the original
text. A document-level pass then gives each name one type throughout the text.

Tokenization and the CRF's features live in ``en_ner_features``, which training
(``scripts/train_en_ner.py``) shares; this module re-exports what it uses from there.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

import pycrfsuite

from bot.analysis.en_ner_features import (
    _GAZ_ENTRIES,
    _HEADLINE_FUNCTION_WORDS,
    _LOC_WORDS,
    _TIME_WORDS,
    Token,
    _wordset,
    normalise,
    sentence_features,
    split_sentences,
    tokenize,
)

__all__ = [
    "KEPT_TYPES",
    "MODEL_PATH",
    "UNINTRODUCED_PERSON_VOTE",
    "EnNerTagger",
    "Token",
    "acting_places_as_orgs",
    "labels_to_spans",
    "make_consistent",
    "normalise",
    "sentence_features",
    "split_sentences",
    "tokenize",
]

MODEL_PATH = Path(__file__).parent / "data" / "en_ner.crfsuite"

# The entity types the product uses; the model also knows MISC, which ``tag`` drops.
KEPT_TYPES = frozenset({"PER", "LOC", "ORG"})

# Label prefixes: I and L continue an entity of the same type (or start one, as in IOB1);
# L and U close it.
_CONTINUE = frozenset({"I", "L"})
_INSIDE = frozenset({"B", "I", "L", "U"})
_LAST = frozenset({"L", "U"})


def labels_to_spans(labels: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token-index spans ``(first, last + 1, type)`` of BIO, IOB1 or BILOU labels."""
    spans: list[tuple[int, int, str]] = []
    start = -1
    kind = ""
    for i, label in enumerate(labels):
        prefix, _, typ = label.partition("-")
        if start >= 0 and (prefix not in _CONTINUE or typ != kind):
            spans.append((start, i, kind))
            start = -1
        if prefix in _INSIDE and start < 0:
            start, kind = i, typ
        if prefix in _LAST:
            spans.append((start, i + 1, kind))
            start = -1
    if start >= 0:
        spans.append((start, len(labels), kind))
    return spans


class EnNerTagger:
    """Finds persons, places and organisations in English text."""

    def __init__(self, tagger: pycrfsuite.Tagger) -> None:
        self._tagger = tagger

    @classmethod
    def load(cls, path: Path | None = None) -> EnNerTagger:
        """Open the CRF model (default: the one shipped in ``bot/analysis/data/``)."""
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path or MODEL_PATH))
        return cls(tagger)

    def tag_words(self, words: Sequence[str]) -> list[str]:
        """The CRF's labels (BILOU) for one tokenized sentence, MISC included."""
        if not words:
            return []
        features = sentence_features([normalise(w) for w in words])
        labels: list[str] = self._tagger.tag(pycrfsuite.ItemSequence(features))
        return labels

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        """Character spans ``(start, end, type)`` of PER, LOC and ORG mentions in ``text``."""
        tokens = tokenize(text)
        spans: list[tuple[int, int, str]] = []
        for sentence in split_sentences(text, tokens):
            labels = self.tag_words([t.text for t in sentence])
            for first, stop, kind in labels_to_spans(labels):
                spans.append((sentence[first].start, sentence[stop - 1].end, kind))
        spans = make_consistent(text, tokens, spans)
        return [s for s in acting_places_as_orgs(text, spans) if s[2] in KEPT_TYPES]


# A one-word name the text never gives with a first name ("Yahoo", "Connecticut") that the CRF
# reads as a person in some sentences and as something else in others: its person readings
# count this much each against the others. A person the story is about is introduced in full
# or named so often that the CRF's few other readings do not outweigh it ("Obama" 8 PER,
# 1 LOC); a company or a place read as a person now and then is no person. Chosen on CoNLL
# dev documents half A (0.5 against 1.0: exact micro F1 0.924 against 0.920; old rule 0.919),
# checked on half B (0.918 -> 0.919) by benchmarks/bench_entities.py.
UNINTRODUCED_PERSON_VOTE = 0.5


def make_consistent(
    text: str, tokens: Sequence[Token], spans: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """One name, one type within a text: the document-level pass after the CRF.

    A word that is the last word of a person's full name elsewhere is that person ("Justin
    Hurwitz" ... "Hurwitz", whatever the CRF read there); any other name tagged with several
    types takes its most frequent one, where a one-word name never given with a first name
    counts its person readings at ``UNINTRODUCED_PERSON_VOTE`` ("Yahoo" read 21 times as a
    person and 13 times as a company or place is a company). A capitalised token left
    untagged that is tagged as a one-word name elsewhere gets that type too (the CRF often
    misses a surname at the start of a sentence).
    """
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for start, end, kind in spans:
        votes[text[start:end]][kind] += 1
    surnames = set()
    first_names = set()
    for start, end, kind in spans:
        words = text[start:end].split()
        if kind == "PER" and len(words) > 1:
            surnames.add(words[-1])
            first_names.add(words[0])

    def decide(name: str, kind: str) -> str:
        """The type of every mention of ``name`` (``kind``: the CRF's for this one)."""
        if name in surnames:
            return "PER"
        count = votes[name]
        if " " not in name and name not in first_names and count["PER"] and len(count) > 1:
            others = Counter({k: n for k, n in count.items() if k != "PER"})
            other, _ = others.most_common(1)[0]
            return other if others.total() >= UNINTRODUCED_PERSON_VOTE * count["PER"] else "PER"
        best, n = count.most_common(1)[0]
        return best if n > count[kind] else kind

    out = [(start, end, decide(text[start:end], kind)) for start, end, kind in spans]
    known = {
        name: decide(name, c.most_common(1)[0][0]) for name, c in votes.items() if " " not in name
    }
    known.update(dict.fromkeys(surnames, "PER"))
    covered = {i for start, end, _ in out for i in range(start, end)}
    for token in tokens:
        kind = known.get(token.text, "")
        word = token.text.lower()
        if (
            kind
            and token.start not in covered
            and token.text[:1].isupper()
            and word not in _TIME_WORDS
            and word not in _HEADLINE_FUNCTION_WORDS
        ):
            out.append((token.start, token.end, kind))
    out.sort()
    return out


# A name the CRF read as a place that the text never uses as one ("in X", "at X") but that
# acts as the subject of a verb ("Amazon bought", "Verizon is", "Amazon could") is an
# organisation: CoNLL-2003's 1996 Reuters never saw Verizon or Amazon, and read them as
# places. A place every reader knows (the gazetteer) or one with a place's word ("River",
# "County") stays a place; so does one the text puts after a locative preposition anywhere.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|inside|outside|across|throughout|around)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Auxiliaries, modals and a few verbs of saying and dealing that follow a subject; besides
# these, any lowercase word in -ed right after the name is read as its verb.
_SUBJECT_VERBS = _wordset(
    "is was has had have will would could can may might should must does did said says"
    " told tells announced agreed declined plans planned wants bought buys sold sells owns"
    " acquired acquires offers offered launched reported"
)
_POSSESSIVE = re.compile(r"['’]s?\b")
_NEXT_WORD = re.compile(r"\s*([a-z]+)\b")


def acting_places_as_orgs(
    text: str, spans: Sequence[tuple[int, int, str]]
) -> list[tuple[int, int, str]]:
    """Places that act and are never used as places are organisations ("Amazon bought")."""
    by_name: dict[str, list[tuple[int, int]]] = defaultdict(list)
    types: dict[str, set[str]] = defaultdict(set)
    for start, end, kind in spans:
        by_name[text[start:end]].append((start, end))
        types[text[start:end]].add(kind)
    retyped = set()
    for name, places in by_name.items():
        words = tuple(name.lower().split())
        if types[name] != {"LOC"} or words in _GAZ_ENTRIES or any(w in _LOC_WORDS for w in words):
            continue
        if any(
            _LOCATIVE_BEFORE.search(text[max(0, s - 20) : s]) and not _POSSESSIVE.match(text, e)
            for s, e in places
        ):
            continue  # "in Seattle"; "in Amazon's sales" is no place
        for _s, end in places:
            nxt = _NEXT_WORD.match(text, end)
            if nxt and (nxt.group(1) in _SUBJECT_VERBS or nxt.group(1).endswith("ed")):
                retyped.add(name)
                break
    return [(s, e, "ORG" if text[s:e] in retyped else k) for s, e, k in spans]
