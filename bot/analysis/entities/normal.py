"""A Russian name's dictionary form: the readings of its words, chosen in context."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bot.analysis.entities.declension import (
    _HUSHING,
    _VOWELS,
    MIN_DECLINED_LETTERS,
    _declined_name,
)
from bot.analysis.entities.words import (
    _ACRONYM,
    _CYRILLIC,
    _NAME_GRAMS,
    _UD_CASES,
    NORMAL_CACHE_SIZE,
    _agreement_key,
    _nominative,
    _parses,
    _singular_parses,
)

# Foreign names in these letters often keep one form in every case (Роналду, Шойгу, Гюго):
# such a word without a nominative reading may be indeclinable, which context decides.
_MAYBE_INDECLINABLE = re.compile("[оуюиеэ]$", re.IGNORECASE)
_PROPER_GRAMS = frozenset({"Geox", "Name", "Surn", "Orgn", "Trad"})
# Cases that a noun after a name's head can only be in when it agrees with the head (a
# complement would be in the genitive).
_OBLIQUE = frozenset({"Dat", "Ins", "Loc"})


@dataclass(frozen=True, slots=True)
class _Form:
    """One reading of a whole name: its case and gender and the dictionary form it gives."""

    case: str | None  # None: every word kept as written (an indeclinable name)
    gender: str | None
    score: float
    words: tuple[str, ...]
    number: str | None = "Sing"


def _reading_rank(p: Any) -> tuple[bool, bool]:
    """A name reading first, then a declinable one (before an indeclinable guess)."""
    grams = set(p.tag.grammemes)
    return bool(_NAME_GRAMS & grams), "Fixd" not in grams


# A word of a name is at least two letters (one letter is an initial, kept as written).
MIN_NAME_PART = 2


# A regular-ending reading of a name the dictionary does not decline that way weighs less
# than any dictionary reading (their scores are 0..1, plus 1 for a name reading): context
# (the morphology tagger) chooses it, the dictionary alone never prefers it. Reading a word
# the dictionary knows («Ричарда», a man's name) against its readings costs more still.
GUESSED_NAME_SCORE = -0.5
GUESSED_KNOWN_WORD_SCORE = -1.5
# An ending read as a case ending is likelier than the same word read as indeclinable
# («Лоулером» is Лоулер in the instrumental before a woman's name that does not decline):
# the tie-break when context does not tell the gender.
INDECLINABLE_GUESS_PENALTY = 0.25


def _name_parses(vocab: Any, word: str) -> list[Any]:
    """Singular readings of a word of a person's name.

    For a word the dictionary does not know, only the guesser's name readings are kept (its
    common-noun guesses, «Лоулером» as a nominative, and indeclinable ones, «Рааба», are
    noise): the regular endings of ``_declined_name`` read the rest.
    """
    parses = _singular_parses(vocab, word)
    if vocab.word_is_known(word.lower()):
        return parses
    return [
        p for p in parses if _NAME_GRAMS & set(p.tag.grammemes) and "voct" not in p.tag.grammemes
    ]


def _person_forms(words: tuple[str, ...], vocab: Any) -> list[_Form]:
    """Every reading of a person's name in which all its words agree in case and gender."""
    per_word = [_name_parses(vocab, w) if _CYRILLIC.search(w) else [] for w in words]
    forms = []
    for case in _UD_CASES:
        for gender in ("Masc", "Fem"):
            score, out = 0.0, []
            for w, parses in zip(words, per_word, strict=True):
                if not parses and not _CYRILLIC.search(w):
                    out.append(w)  # Latin: kept as written in every case
                    continue
                # an indeclinable word (Биби, Fixd) fits either gender
                fit = [
                    p
                    for p in parses
                    if p.feats.get("Case") == case
                    and (p.feats.get("Gender") in {gender, None} or "Fixd" in p.tag.grammemes)
                ]
                # a word the dictionary knows in this gender is read by the dictionary alone
                # («Авелем» is Авель's instrumental, no other man's name)
                known = vocab.word_is_known(w.lower())
                if not fit and known and any(p.feats.get("Gender") == gender for p in parses):
                    break
                if not fit:
                    guess = _declined_name(w, case, gender, known=known)
                    if guess is None and not parses:
                        guess = w  # no name reading (Мэй) and no ending fits: as written
                    if guess is None:
                        break
                    score += GUESSED_KNOWN_WORD_SCORE if known else GUESSED_NAME_SCORE
                    if guess == w and case != "Nom":
                        score -= INDECLINABLE_GUESS_PENALTY
                    out.append(guess)
                    continue
                # a name reading first, and a declinable one before an indeclinable guess
                best = max(fit, key=_reading_rank)
                named = _NAME_GRAMS & set(best.tag.grammemes)
                score += best.score + (1.0 if named else 0.0)
                out.append(_nominative(best, w))
            else:
                forms.append(_Form(case, gender, score, tuple(out)))
    indeclinable = any(
        parses
        and _MAYBE_INDECLINABLE.search(w)
        and not any(p.feats.get("Case") == "Nom" for p in parses)
        for w, parses in zip(words, per_word, strict=True)
    )
    if indeclinable or not forms:
        forms.append(_Form(None, None, -1.0, words))
    return forms


def _adjective_before(vocab: Any, word: str, nxt: str) -> bool:
    """Whether ``word`` can be an adjective agreeing in case with the word ``nxt``."""
    if nxt.startswith(("«", '"')):
        return False
    cases = {
        p.feats.get("Case")
        for p in _parses(vocab, word)
        if p.pos == "ADJ" or "Adjx" in p.tag.grammemes
    }
    return bool(cases and cases & {p.feats.get("Case") for p in _parses(vocab, nxt)})


def _phrase_head(words: tuple[str, ...], vocab: Any) -> int | None:
    """The index of the first noun that no agreeing adjective precedes, if any."""
    for i, w in enumerate(words):
        if w.startswith(("«", '"')) or (_ACRONYM.match(w) and i == 0):
            return None
        if _ACRONYM.match(w):  # after adjectives: «российского МИД» → «российский МИД»
            return i if any(p.pos == "NOUN" for p in _parses(vocab, w)) else None
        if i + 1 < len(words) and _adjective_before(vocab, w, words[i + 1]):
            continue
        return i if any(p.pos in {"NOUN", "PROPN"} for p in _parses(vocab, w)) else None
    return None


def _phrase_forms(words: tuple[str, ...], vocab: Any) -> list[_Form]:
    """Readings of an organisation or place phrase (see ``normalize_phrase``)."""
    keep = _Form("Nom", None, 0.0, words)
    if not words or not _CYRILLIC.search("".join(words)):
        return [keep]
    head = _phrase_head(words, vocab)
    if head is None:
        return [keep]
    forms: list[_Form] = []
    for hp in _parses(vocab, words[head]):
        if hp.pos not in {"NOUN", "PROPN"} or _misread_name(hp, words[head]):
            continue
        case, number, gender = _agreement_key(hp)
        plural = number == "Plur"
        out = list(words)
        out[head] = _nominative(hp, words[head], plural)
        agrees = True
        for i in range(head):
            adj = [
                p
                for p in _parses(vocab, words[i])
                if p.feats.get("Case") == case
                and p.feats.get("Number") == number
                and (plural or p.feats.get("Gender") in {gender, None})
            ]
            if adj:
                # a relative adjective before a qualitative homograph: names of bodies use
                # relative ones («Окружного» → «Окружной», not «Окружный»)
                adj.sort(key=lambda p: "Qual" in p.tag.grammemes)
                out[i] = _nominative(adj[0], words[i], plural)
            agrees = agrees and bool(adj)
        if not agrees:
            continue  # the head read in a case its adjectives are not in
        # a name in apposition agrees with its head: «Реал Мадридом» → «Реал Мадрид»; a
        # genitive may be a complement («Министерства обороны России») and stays
        j = head + 1
        while case != "Gen" and j < len(words) and words[j][:1].isupper():
            nouns = [p for p in _parses(vocab, words[j]) if p.pos in {"NOUN", "PROPN"}]
            same = [p for p in nouns if p.feats.get("Case") == case]
            if not same and nouns and all(p.feats.get("Case") in _OBLIQUE for p in nouns):
                same = nouns  # the head's case misread: «Реал» read as a common noun
            if not same or _ACRONYM.match(words[j]):
                break
            out[j] = _nominative(same[0], words[j])
            j += 1
        key = tuple(out)
        if any(len(part) < MIN_NAME_PART for part in out[head].split("-")):
            continue  # «Санта-Фе» is no case form of a «Санта-Ф»
        # a capitalised word is a name before it is a common noun: «Германии» is Германия,
        # not the element германий; «Львов» the city, not lions
        score = hp.score + (
            1.0 if words[head][:1].isupper() and _PROPER_GRAMS & set(hp.tag.grammemes) else 0.0
        )
        forms.append(_Form(case, gender, score, key, number))
    forms.extend(_guessed_head_forms(words, head, vocab))
    return forms or [keep]


def _misread_name(parse: Any, word: str) -> bool:
    """A reading no place or organisation name has.

    An abbreviation's reading of a word not written in capitals («Аякса» as an acronym), and
    a person's name in the plural («Даунинга» as the genitive plural of a woman's name).
    """
    grams = parse.tag.grammemes
    if "Abbr" in grams and sum(c.isupper() for c in word) < len("ЕС"):
        return True
    return bool(_NAME_GRAMS & grams) and parse.feats.get("Number") == "Plur"


def _guessed_head_forms(words: tuple[str, ...], head: int, vocab: Any) -> list[_Form]:
    """Readings of a one-word name the dictionary does not know, by the regular endings.

    A club, company or town unknown to the dictionary declines as a masculine noun
    (Русала → Русал, Аяксу → Аякс); «Тоттенхэмы», its players, is the plural. Context (the
    morphology tagger) chooses among these and the dictionary's guesses.
    """
    word = words[head]
    if len(words) != 1 or not word[:1].isupper() or vocab.word_is_known(word.lower()):
        return []
    forms = []
    for case in _UD_CASES[1:]:
        guess = _declined_name(word, case, "Masc")
        if guess is not None and guess != word:
            forms.append(_Form(case, "Masc", GUESSED_NAME_SCORE, (guess,)))
    low = word.lower()
    plural = low[-1:] == ("и" if low[-2:-1] in _HUSHING else "ы")
    if plural and len(low) > MIN_DECLINED_LETTERS and low[-2] not in _VOWELS:
        forms.append(_Form("Nom", "Masc", GUESSED_NAME_SCORE, (word[:-1],), "Plur"))
    return forms


@lru_cache(maxsize=NORMAL_CACHE_SIZE)
def _forms(words: tuple[str, ...], person: bool, vocab: Any) -> tuple[tuple[_Form, ...], ...]:
    """The readings of a name grouped by the dictionary form they give, likeliest first.

    «Германии» may be the genitive, dative or locative of «Германия» and the locative of
    «германий»: context picks a reading, and the form is that of the group it is in.
    """
    forms = _person_forms(words, vocab) if person else _phrase_forms(words, vocab)
    groups: dict[tuple[str, ...], list[_Form]] = defaultdict(list)
    for f in sorted(forms, key=lambda f: -f.score):
        groups[f.words].append(f)
    return tuple(tuple(g) for g in groups.values())


def _ambiguous(groups: Sequence[Sequence[_Form]]) -> bool:
    """Whether the readings give more than one dictionary form (context must decide)."""
    return len(groups) > 1


# How the tagger's reading of the words in context weighs against the dictionary: each word
# whose tagged case is the form's case counts 2, its tagged gender 1; the dictionary's
# likelihoods (at most about 2 per word) only break ties.
TAGGED_CASE_WEIGHT = 2.0
TAGGED_GENDER_WEIGHT = 1.0
DICTIONARY_WEIGHT = 0.1


def _choose(
    groups: Sequence[Sequence[_Form]],
    words: Sequence[str],
    tags: Sequence[dict[str, str] | None],
    vocab: Any,
) -> _Form:
    """The reading that agrees best with the morphology tagger's reading of the words."""

    def fit(form: _Form) -> float:
        total = DICTIONARY_WEIGHT * form.score
        for w, feats in zip(words, tags, strict=True):
            if not feats:
                continue
            case = feats.get("Case")
            if form.case is None:
                # kept as written: the tagged case is no case of the word's readings
                readings = {p.feats.get("Case") for p in _singular_parses(vocab, w)}
                if _CYRILLIC.search(w) and readings and case not in readings:
                    total += TAGGED_CASE_WEIGHT
                continue
            if case == form.case and feats.get("Number") in {form.number, None}:
                total += TAGGED_CASE_WEIGHT
                if form.gender and feats.get("Gender") == form.gender:
                    total += TAGGED_GENDER_WEIGHT
        return total

    return max((f for g in groups for f in g), key=fit)


def normalize_person(words: Sequence[str], vocab: Any) -> list[str]:
    """A Russian person's name in the nominative by the dictionary alone (no context)."""
    return list(_forms(tuple(words), True, vocab)[0][0].words)


def normalize_phrase(words: Sequence[str], vocab: Any) -> list[str]:
    """Nominative of an organisation or place phrase by the dictionary alone.

    The head is the first noun no agreeing adjective precedes; it and the adjectives before
    it go to the nominative, and so does a capitalised noun in apposition after it; genitive
    complements («иностранных дел России») stay as written: «Министерства иностранных дел» →
    «Министерство иностранных дел», «Соединенных Штатов» → «Соединенные Штаты».
    """
    return list(_forms(tuple(words), False, vocab)[0][0].words)


def _join_like(words: Sequence[str], text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Join replaced words keeping the original separators between them."""
    parts = []
    for i, w in enumerate(words):
        if i:
            parts.append(text[spans[i - 1][1] : spans[i][0]])
        parts.append(w)
    return "".join(parts)
