"""Named entities: mentions in dictionary form, surnames resolved, roles, importance.

Russian mentions come from natasha's NER tagger (slovnet), English ones from the CRF of
``en_ner``. Russian names are put in their dictionary form with pymorphy2 directly (not with
natasha's morphology tagger, which would double the cost of analysis): the case shared by
the words of a mention is chosen first, then each word is inflected to the nominative.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, TypeVar

from bot.analysis.models import NlpModels
from bot.analysis.ru_spans import refine_ru_spans
from bot.extraction.dateline import known_agency
from bot.models import EntityType, Mention, Sentence

_T = TypeVar("_T")
_WORD = re.compile(r"\w+(?:[-‐'’]\w+)*")
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ0-9]{2,}$")
_UD_CASES = ("Nom", "Gen", "Dat", "Acc", "Ins", "Loc")
# Names recur across articles (Лукашенко, США, МИД): their dictionary forms are cached.
NORMAL_CACHE_SIZE = 20000
# Names and words that are parts of names keep their case through inflection.
_NAME_GRAMS = {"Name", "Surn", "Patr"}
_EN_LEADING = re.compile(r"^(?:the|The)\s+")
_EN_POSSESSIVE = re.compile(r"['’]s$")


# ---------------------------------------------------------------- morphology (Russian)


_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _restore_case(word: str, like: str) -> str:
    """Give ``word`` the capitalisation of ``like`` (part by part for hyphenated words)."""
    if "ё" not in like.lower():
        word = word.replace("ё", "е")
    w_parts, l_parts = word.split("-"), like.split("-")
    if len(w_parts) != len(l_parts):
        w_parts, l_parts = [word], [like]
    out = []
    for w, lk in zip(w_parts, l_parts, strict=True):
        capitals = len(lk) - len(lk.lstrip(_CAPITALS))
        if lk.isupper() and len(lk) > 1:
            out.append(w.upper())
        elif capitals > 1:  # an acronym with a case ending: «МИДа» → «МИД»
            out.append(w[:capitals].upper() + w[capitals:])
        elif lk[:1].isupper():
            out.append(w[:1].upper() + w[1:])
        else:
            out.append(w)
    return "-".join(out)


def _parses(vocab: Any, word: str) -> list[Any]:
    parses: list[Any] = vocab(word.lower())
    return parses


def _agreement_key(parse: Any) -> tuple[str | None, str | None, str | None]:
    feats = parse.feats
    return feats.get("Case"), feats.get("Number"), feats.get("Gender")


def _singular_parses(vocab: Any, word: str) -> list[Any]:
    # A person is one person: plural readings («Кир» as the genitive plural of «Кира»)
    # are noise. A word without a singular reading is a foreign name: kept as written.
    return [p for p in _parses(vocab, word) if p.feats.get("Number") == "Sing"]


# Foreign names in these letters often keep one form in every case (Роналду, Шойгу, Гюго):
# such a word without a nominative reading may be indeclinable, which context decides.
_MAYBE_INDECLINABLE = re.compile("[оуюиеэ]$", re.IGNORECASE)
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
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


def _common_start(a: str, b: str) -> int:
    """How many first letters ``a`` and ``b`` share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _nominative(parse: Any, word: str, plural: bool = False) -> str:
    """``word`` (read as ``parse``) in the nominative, in the same gender and number.

    Among the lexeme's nominatives the one sharing the longest start with ``word`` wins:
    «Высшего» → «Высший», not «Высочайший» (one lexeme in the dictionary).
    """
    tag = parse.tag
    if "Fixd" in tag.grammemes or parse.feats.get("Case") == "Nom":
        return word
    want = {"nomn", "plur" if plural else "sing"}
    if not plural and tag.gender:
        want.add(str(tag.gender))
    degree = {g for g in ("Supr", "COMP") if g in tag.grammemes}
    best, best_len = None, -1
    low = word.lower()
    for f in parse.lexeme:
        grams = f.tag.grammemes
        if not want <= grams or f.tag.POS != tag.POS or degree - grams:
            continue
        common = _common_start(f.word.replace("ё", "е"), low.replace("ё", "е"))
        if common > best_len:
            best, best_len = f.word, common
    return _restore_case(best, word) if best else word


def _reading_rank(p: Any) -> tuple[bool, bool]:
    """A name reading first, then a declinable one (before an indeclinable guess)."""
    grams = set(p.tag.grammemes)
    return bool(_NAME_GRAMS & grams), "Fixd" not in grams


_VOWELS = frozenset("аеёиоуыэюя")
# Consonants after which the hard endings are spelt -ем, -и (Курцем, Ольги).
_HUSHING = frozenset("гкхжшчщц")


def _soft_stem(stem: str) -> str:
    """A masculine stem whose ending was soft: Скрипал|я → Скрипаль, Га|я → Гай."""
    return stem + ("й" if stem[-1:].lower() in _VOWELS else "ь")


# Regular case endings of names: (gender, cases, ending, the letter before it, the
# nominative's ending). The letter before: "c" a consonant, "h" a hushing one (г к х ж ш ч щ
# ц), "s" a consonant that is not hushing, "" any. "~" restores a soft stem (Скрипал|я →
# Скрипаль, Га|я → Гай). The first rule that fits is used.
_ENDINGS: tuple[tuple[str, frozenset[str], str, str, str], ...] = tuple(
    (g, frozenset(c.split()), e, before, nom)
    for g, c, e, before, nom in (
        ("Masc", "Gen Acc", "а", "c", ""),
        ("Masc", "Gen Acc", "я", "", "~"),
        ("Masc", "Dat", "у", "c", ""),
        ("Masc", "Dat", "ю", "", "~"),
        ("Masc", "Ins", "ом", "", ""),
        ("Masc", "Ins", "ем", "h", ""),
        ("Masc", "Ins", "ем", "", "~"),
        ("Masc", "Ins", "ём", "", "~"),
        ("Masc", "Loc", "е", "c", ""),
        ("Masc", "Nom", "а", "", "а"),
        ("Masc", "Nom", "я", "", "я"),
        ("Fem", "Nom", "а", "", "а"),
        ("Fem", "Nom", "я", "", "я"),
        ("Fem", "Gen", "ы", "", "а"),
        ("Fem", "Gen", "и", "h", "а"),
        ("Fem", "Gen", "и", "", "я"),
        ("Fem", "Dat Loc", "ии", "", "ия"),
        ("Fem", "Dat Loc", "ие", "", "ия"),
        ("Fem", "Dat Loc", "е", "", "а"),
        ("Fem", "Acc", "у", "", "а"),
        ("Fem", "Acc", "ю", "", "я"),
        ("Fem", "Ins", "ой", "", "а"),
        ("Fem", "Ins", "ей", "", "я"),
    )
)
# Vowels that end a name in no case of its gender: such a name is foreign and keeps one
# form (Ризви, Гюго).
_INDECLINABLE_VOWELS = {"Masc": "иоэ", "Fem": "оэ"}
# Shorter words are too ambiguous to take an ending off.
MIN_DECLINED_LETTERS = 3


def _letter_fits(letter: str, before: str) -> bool:
    if before == "c":
        return letter not in _VOWELS and letter != "ь"
    if before == "h":
        return letter in _HUSHING
    return True


def _declined_name(word: str, case: str, gender: str, *, known: bool = False) -> str | None:
    """The nominative of a name the dictionary does not decline, by the regular endings.

    Foreign surnames and first names follow the noun declensions: a man's name ending in a
    consonant takes -а/-я, -у/-ю, -ом/-ем, -е (Гренелла → Гренелл, Скрипаля → Скрипаль,
    Шрёдеру → Шрёдер); a woman's name in -а/-я takes -ы/-и, -е, -у/-ю, -ой/-ей (Асии → Асия);
    a woman's name ending in a consonant does not decline (Анну Шмидт). None when the word's
    ending is no ending of that case and gender. A word the dictionary ``known`` is never
    read as indeclinable (its own readings give its cases).
    """
    if "-" in word:  # a double foreign surname declines in its last part (Рис-Могга)
        head, _, tail = word.rpartition("-")
        declined = _declined_name(tail, case, gender, known=known)
        return None if declined is None else f"{head}-{declined}"
    low = word.lower()
    if len(low) < MIN_DECLINED_LETTERS or not _CYRILLIC.search(low):
        return None
    last = low[-1]
    consonant = last not in _VOWELS and last != "ь"
    if consonant and (gender == "Fem" or case == "Nom") and not known:
        return word  # a man's name in the nominative; a woman's foreign name (Мэй, Шмидт)
    for g, cases, ending, before, nom in _ENDINGS:
        if g != gender or case not in cases or not low.endswith(ending):
            continue
        stem = word[: len(word) - len(ending)]
        if not stem or not _letter_fits(stem[-1].lower(), before):
            continue
        return _soft_stem(stem) if nom == "~" else stem + nom
    if last in _INDECLINABLE_VOWELS[gender] and not known:
        return word
    return None


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


# ---------------------------------------------------------------- mentions


# The context the morphology tagger reads around a name whose case the dictionary leaves
# open: the words that govern a case (a verb, a preposition) stand just before it. Within
# the name's line, this many characters either side (about six words before, two after).
TAG_CONTEXT_BEFORE = 60
TAG_CONTEXT_AFTER = 20
_TAG_TOKEN = re.compile(r"\w+(?:[-‐'’]\w+)*|[^\w\s]")


def _tag_in_context(
    text: str, spans: Sequence[tuple[int, list[tuple[int, int]]]], nlp: NlpModels
) -> list[list[dict[str, str] | None]]:
    """The tagger's features of each name's words, read in a short window of its line.

    ``spans`` holds each name's start and its words' offsets. Tagging only these windows,
    in one batch, costs a fraction of tagging the whole text, and the rest of the text does
    not change how the tagger reads a name.
    """
    windows: list[list[str]] = []
    starts: list[list[int]] = []
    for start, words in spans:
        end = words[-1][1]
        lo = max(text.rfind("\n", 0, start) + 1, start - TAG_CONTEXT_BEFORE)
        hi = text.find("\n", end)
        hi = min(len(text) if hi < 0 else hi, end + TAG_CONTEXT_AFTER)
        toks = list(_TAG_TOKEN.finditer(text, lo, hi))
        if lo > 0 and toks and toks[0].start() == lo and text[lo - 1].isalnum():
            toks = toks[1:]  # a cut word
        if hi < len(text) and toks and toks[-1].end() == hi and text[hi].isalnum():
            toks = toks[:-1]
        windows.append([t.group() for t in toks])
        starts.append([t.start() for t in toks])
    out: list[list[dict[str, str] | None]] = []
    for (_, words), offsets, markup in zip(spans, starts, nlp.ru_morph.map(windows), strict=True):
        by_start = {o: tok.feats for o, tok in zip(offsets, markup.tokens, strict=True)}
        out.append([by_start.get(ws) for ws, _ in words])
    return out


# A word of a name is at least two letters (one letter is an initial, kept as written).
MIN_NAME_PART = 2


def ru_mentions(text: str, nlp: NlpModels) -> list[Mention]:
    """Russian mentions, each with its own dictionary form (no surname resolved yet)."""
    markup = nlp.ru_ner(text)
    # natasha's spans brought to factRuEval's conventions (edges, aliases, a few types)
    spans = refine_ru_spans(text, [(s.start, s.stop, s.type) for s in markup.spans], nlp)
    found = []
    for start, stop, kind in spans:
        t: EntityType = "PER" if kind == "PER" else "LOC" if kind == "LOC" else "ORG"
        words = [(m.start(), m.end()) for m in _WORD.finditer(text, start, stop)]
        if not words:
            continue
        tokens = tuple(text[a:b] for a, b in words)
        found.append((start, stop, t, words, tokens, _forms(tokens, t == "PER", nlp.morph_vocab)))
    # the dictionary decides most names; the tagger reads the others in their context
    open_ = [i for i, f in enumerate(found) if _ambiguous(f[5])]
    tags = _tag_in_context(text, [(found[i][0], found[i][3]) for i in open_], nlp)
    chosen = {
        i: _choose(found[i][5], found[i][4], tg, nlp.morph_vocab)
        for i, tg in zip(open_, tags, strict=True)
    }
    out = []
    for i, (start, stop, t, words, tokens, forms) in enumerate(found):
        form = chosen.get(i, forms[0][0])
        normal = _join_like(_undoubled(form.words), text, _undoubled(words))
        normal = _close_quotes(normal, text[words[-1][1] : stop + 1])
        if text[words[-1][1] : stop] == ".":
            normal += "."  # an abbreviation's point inside the span (Газпром Финанс Б.В.)
        street = _STREET_BEFORE.search(text, max(0, start - 30), start)
        head = _parses(nlp.morph_vocab, street.group(1)) if t == "LOC" and street else []
        if (
            head
            and head[0].feats.get("Number") == "Sing"
            and not any("Geox" in p.tag.grammemes for p in _parses(nlp.morph_vocab, tokens[0]))
        ):
            # «на проспекте Сахарова»: the street is the place, its name stays as written
            # («на улицах Лондона», «на улицы Ливерпуля»: a city's streets are the city)
            normal = f"{head[0].normal} {text[start:stop]}"
        out.append(Mention(start, stop, t, text[start:stop], normal))
    return out


# A name in the genitive after the noun of a street or square names that street («на
# проспекте Сахарова», «улицы Ленина»), not the person or place it honours. A closed class
# of address nouns, lowercase and right before the name.
_STREET_BEFORE = re.compile(
    r"(?<![\w-])((?:улиц|проспект|переул|площад|бульвар|набережн|шоссе|проезд|алле|тупик)"
    r"[а-яё]*)\s+$"
)


_QUOTE_PAIRS = (("«", "»"), ("„", "“"), ("“", "”"), ('"', '"'))


def _close_quotes(normal: str, after: str) -> str:
    """A name with an opening quote gets its closing one, or loses the opening one.

    The words of a name are joined with what stands between them, so «СК «Олимпийский»»
    would end without its closing quote: it is added when the text closes the quote right
    after the name, and the lone opening quote is dropped otherwise.
    """
    for left, right in _QUOTE_PAIRS:
        opened = normal.count(left) - normal.count(right) if left != right else normal.count(left)
        if (left != right and opened > 0) or (left == right and opened % 2):
            if after.lstrip()[:1] == right:
                return normal + right
            i = normal.rfind(left)
            return (normal[:i] + normal[i + 1 :]).replace("  ", " ").strip()
    return normal


def _undoubled(items: Sequence[_T]) -> list[_T]:
    """The words of a name without a word repeated right after itself (a typo in the text).

    A first name that is also the surname (Дэвис Дэвис) is a name: only later words count.
    """
    return [w for i, w in enumerate(items) if i < 2 or w != items[i - 1]]  # noqa: PLR2004


def _en_mentions(text: str, nlp: NlpModels) -> list[Mention]:
    out = []
    for start, end, t in nlp.en_ner.tag(text):
        surface = text[start:end]
        normal = _EN_POSSESSIVE.sub("", " ".join(surface.split()))
        if t != "PER":
            normal = _EN_LEADING.sub("", normal)
        if normal:
            out.append(Mention(start, end, t, surface, normal))  # type: ignore[arg-type]
    return out


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


# An inflected surname matches a full name's surname when all but its last two letters do
# (Лавровым ~ Лавров); shorter words are too ambiguous for that.
MIN_STEM_MATCH = 4


# Honorifics written before a surname: "Mr Mugabe", "Mr. Rahami", "Justice Alito" are the
# person named in full elsewhere in the text. A closed class of English address forms and
# titles (Russian ones are lowercase and stay outside the tagged span).
_HONORIFIC_WORDS = (
    "mr mrs ms miss mx dr sir dame lord lady madam justice judge president senator sen "
    "gov governor rep gen general col capt prof professor rev father sister brother "
    "chancellor premier minister secretary ambassador mayor sheikh prince princess king "
    "queen pope"
)
HONORIFICS = frozenset(_HONORIFIC_WORDS.split())


def _without_honorifics(name: str) -> str:
    """``name`` without the honorifics before it: "Mr. Rahami" -> "Rahami"."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    return " ".join(words)


# A Russian case ending added to a surname's stem is at most two letters (Вовк → Вовком).
MAX_ENDING_LETTERS = 2


def _inflects_to(vocab: Any, word: str, base: str, *, first_name: bool) -> bool:
    """Whether ``word`` can be a case form of ``base`` («Павла» of «Павел», «Вовка» of «Вовк»).

    By the dictionary's readings; a surname the dictionary does not know as ``base`` also by
    a shared stem: the base whole or but its last letter, and at most a two-letter ending.
    A first name goes by the dictionary only («Александрой» is no form of «Александр»).
    """
    w, b = _key(word), _key(base)
    if w == b:
        return True
    if not _CYRILLIC.search(w):
        return False
    if any(_key(str(p.normal)) == b for p in _parses(vocab, w)):
        return True
    if first_name:
        return False
    common = _common_start(w, b)
    ending = len(w) - common
    return common >= len(b) - 1 and ending <= MAX_ENDING_LETTERS and len(b) >= MIN_STEM_MATCH


def _merge_full_name_forms(mentions: Sequence[Mention], vocab: Any) -> list[Mention]:
    """One dictionary form per person named in full in several case forms.

    A full name whose dictionary form was missed («Павла Вовка» kept as written) takes the
    form of another full name that the text writes as it is («Павел Вовк») when each of its
    mentions is, word by word, a case form of that name. Different people sharing a surname
    keep their names: their first names are no case forms of each other.
    """
    written = {m.normal for m in mentions if m.type == "PER" and m.text == m.normal}
    surfaces: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.type == "PER" and len(m.normal.split()) > 1:
            surfaces[m.normal].add(m.text)
    target: dict[str, str] = {}
    for name, texts in surfaces.items():
        # the nominative of a man's foreign name is its shortest form (Веселин Топалов, not
        # Веселина Топалова, when the text writes both as they are)
        for base in sorted(written, key=len):
            base_words = base.split()
            if base == name or len(base_words) != len(name.split()) or base not in surfaces:
                continue
            if name in written and len(base) > len(name):
                continue
            if all(
                len(words) == len(base_words)
                and all(
                    _inflects_to(vocab, w, b, first_name=i == 0)
                    for i, (w, b) in enumerate(zip(words, base_words, strict=True))
                )
                for words in (t.split() for t in texts)
            ):
                target[name] = base
                break
    if not target:
        return list(mentions)
    return [
        replace(m, normal=target[m.normal]) if m.type == "PER" and m.normal in target else m
        for m in mentions
    ]


def _resolve_surnames(
    mentions: Sequence[Mention], text: str = "", vocab: Any = None
) -> list[Mention]:
    """Give a lone surname (or a title and surname) the full name it stands for in the text.

    A surname is matched to a full name ending with it before any other word of a name, so
    "Trump" is Donald Trump, not "Trump Tower"; two people sharing a surname and both named
    in full keep their own entries, and a lone surname takes the one named last before it;
    in Russian (given ``vocab``), of a man and a woman sharing it, the one whose gender the
    verb after it has («Шмидт заявила» is Анна Шмидт).
    """
    bare = [
        replace(m, normal=_without_honorifics(m.normal)) if m.type == "PER" else m
        for m in mentions
    ]
    full_names = [m for m in bare if m.type == "PER" and len(m.normal.split()) > 1]
    out = []
    for original, m in zip(mentions, bare, strict=True):
        if m.type != "PER" or len(m.normal.split()) > 1:
            out.append(m)
            continue
        key = _key(m.normal)
        candidates = [f for f in full_names if key == _key(f.normal.split()[-1])]
        if not candidates:
            candidates = [f for f in full_names if key in {_key(p) for p in f.normal.split()}]
        if not candidates:
            # Inflected surnames whose dictionary form was guessed wrongly: match by stem.
            candidates = [
                f
                for f in full_names
                if len(key) >= MIN_STEM_MATCH
                and _key(f.normal.split()[-1])[: len(key) - 2] == key[:-2]
            ]
        if candidates and vocab is not None and len({f.normal for f in candidates}) > 1:
            gender = _verb_gender_after(text, m.end, vocab)
            same = [
                f for f in candidates if gender and _first_name_gender(f.normal, vocab) == gender
            ]
            candidates = same or candidates
        if candidates:
            before = [f for f in candidates if f.start < m.start]
            chosen = (before or candidates)[-1 if before else 0]
            out.append(replace(m, normal=chosen.normal))
        else:
            out.append(original)  # "Mr Smith" alone keeps its title
    return out


def find_mentions(text: str, lang: str, nlp: NlpModels) -> list[Mention]:
    """Every mention of a person, organisation or place, with its canonical name."""
    if not text.strip():
        return []
    if lang == "ru":
        raw = _merge_full_name_forms(ru_mentions(text, nlp), nlp.morph_vocab)
    else:
        raw = _en_mentions(text, nlp)
    vocab = nlp.morph_vocab if lang == "ru" else None
    raw = _same_person_written_twice(text, sorted(raw, key=lambda m: m.start))
    return _resolve_surnames(raw, text, vocab)


_INITIAL = re.compile(r"^\w\.?$")
_IN_PARENTHESES = re.compile(r"\s*\(\s*$")


def _same_person_written_twice(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """One name for a person the text names in two ways.

    A full name with and without an initial in the middle («Дмитрий Н. Андрейченко»,
    «Дмитрий Андрейченко») takes the form named first; a name in parentheses right after a
    person's name is that person in another script («Димитриос Пагуртзис (Dimitrios
    Pagourtzis)»).
    """
    first_form: dict[tuple[str, ...], str] = {}
    out: list[Mention] = []
    for m in mentions:
        if m.type != "PER":
            out.append(m)
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "PER"
            and _IN_PARENTHESES.fullmatch(text[prev.end : m.start])
            and text[m.end : m.end + 1] == ")"
        ):
            out.append(replace(m, normal=prev.normal))
            continue
        words = m.normal.split()
        bare = tuple(_key(w) for w in words if not _INITIAL.match(w))
        if len(words) > 1 and len(bare) > 1:
            out.append(replace(m, normal=first_form.setdefault(bare, m.normal)))
        else:
            out.append(m)
    return out


# How many words after a lone surname its verb may be («Шмидт, по ее словам, заявила» aside).
VERB_WORDS_AFTER = 2


def _verb_gender_after(text: str, end: int, vocab: Any) -> str | None:
    """The gender of a past-tense verb right after a name («Шмидт заявила» → Fem)."""
    for word in _WORD.findall(text[end : end + 40])[:VERB_WORDS_AFTER]:
        for p in _parses(vocab, word):
            if p.pos == "VERB" and p.feats.get("Number") == "Sing":
                gender = p.feats.get("Gender")
                if gender in {"Masc", "Fem"}:
                    return str(gender)
    return None


def _first_name_gender(name: str, vocab: Any) -> str | None:
    """The gender of a full name's first name by the dictionary, when it has one only."""
    genders = {
        p.feats.get("Gender")
        for p in _parses(vocab, name.split(maxsplit=1)[0])
        if "Name" in p.tag.grammemes and p.feats.get("Case") == "Nom"
    }
    return str(genders.pop()) if len(genders) == 1 else None


def merge_compound_orgs(
    text: str, mentions: Sequence[Mention], lang: str | None = None, vocab: Any = None
) -> list[Mention]:
    """The mentions as the fact line counts them: compound organisations joined, descriptors
    of organisations («ведомство», "the department") credited to the one named before.

    Descriptors are read when ``lang`` is given (for Russian with its morphology ``vocab``).
    """
    joined = _join_org_and_country(text, mentions)
    if lang == "en" or (lang == "ru" and vocab is not None):
        found = _descriptor_mentions(text, joined, vocab if lang == "ru" else None)
        return sorted(joined + found, key=lambda m: m.start)
    return joined


# Nouns an article uses to name again an organisation it has just named. A descriptor whose
# noun is a word of an organisation's name («министерство» → Министерство финансов, "the
# department" → Department of Justice) is that organisation; a generic one («ведомство»,
# «компания», "the company") is the organisation named before it when only one is named in
# the window (with several it could be any). A closed class, as honorifics.
_RU_ORG_WORDS = (
    "министерство банк суд партия агентство служба комитет фонд корпорация концерн холдинг "
    "ведомство компания организация"
)
_RU_ORG_NOUNS = frozenset(_RU_ORG_WORDS.split())
# Their first letters: only words starting so are looked up (most words of a text are not).
_RU_ORG_STARTS = tuple(sorted({n[:4] for n in _RU_ORG_NOUNS}))
_RU_GENERIC_ORG_NOUNS = frozenset({"ведомство", "компания", "организация"})
_EN_ORG_WORDS = (
    "department ministry bank court party agency committee foundation corporation company "
    "firm organisation organization"
)
_EN_ORG_NOUNS = frozenset(_EN_ORG_WORDS.split())
_EN_GENERIC_ORG_NOUNS = frozenset({"company", "firm", "organisation", "organization"})
# How far before a descriptor the organisation it names may be (about three sentences).
DESCRIPTOR_WINDOW_CHARS = 500
_TOKEN = re.compile(r"\w+(?:-\w+)*")


def _descriptor_mentions(text: str, mentions: Sequence[Mention], vocab: Any) -> list[Mention]:
    """ORG mentions for the descriptors of organisations named earlier in the text."""
    orgs = [m for m in mentions if m.type == "ORG" and not known_agency(m.normal)]
    if not orgs:
        return []
    english = vocab is None
    nouns = _EN_ORG_NOUNS if english else _RU_ORG_NOUNS
    starts = [m.start for m in mentions]
    tokens = list(_TOKEN.finditer(text))
    found: list[Mention] = []
    for k, tok in enumerate(tokens):
        word = tok.group()
        capital = word[:1].isupper() and word[1:].islower() and _sentence_start(text, tok.start())
        if not (word.islower() or capital):
            continue
        word = word.lower()
        if not english and not word.startswith(_RU_ORG_STARTS):
            continue
        lemma = word if english else _singular_noun_lemma(vocab, word)
        if lemma not in nouns:
            continue
        first = _descriptor_start(text, tokens, k, english, vocab)
        if first is None:
            continue
        start, end = tokens[first].start(), tok.end()
        i = bisect_right(starts, start) - 1
        if i >= 0 and mentions[i].end > start:
            continue  # inside a name («Министерство финансов»)
        if _names_another(text[end : end + 40], english, vocab):
            continue  # «министерство обороны», "the department of education"
        target = _named_before(orgs, start, lemma, english)
        if target is not None:
            found.append(Mention(start, end, "ORG", text[start:end], target.normal))
    return found


def _sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence (nothing or an end of sentence before it)."""
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?…\n"


def _joined(text: str, a: re.Match[str], b: re.Match[str]) -> bool:
    """Whether two tokens stand next to each other with only spaces between them."""
    return not text[a.end() : b.start()].strip()


def _descriptor_start(
    text: str, tokens: Sequence[re.Match[str]], k: int, english: bool, vocab: Any
) -> int | None:
    """The first token of the descriptor whose noun is token ``k``, or None for no descriptor.

    English: "the" with at most one lowercase word between ("the department", "the
    tech company"). Russian: the adjectives right before the noun, lowercase or first in
    their sentence («Российское внешнеполитическое ведомство»).
    """
    if english:
        for back in (1, 2):
            j = k - back
            if j < 0 or not _joined(text, tokens[j], tokens[j + 1]):
                return None
            if tokens[j].group().lower() == "the":
                return j + 1
            if not tokens[j].group().islower():
                return None
        return None
    first = k
    while first > 0 and _joined(text, tokens[first - 1], tokens[first]):
        prev = tokens[first - 1].group()
        sentence_start = _sentence_start(text, tokens[first - 1].start())
        if not (prev.islower() or (prev[:1].isupper() and prev[1:].islower() and sentence_start)):
            break
        if not any(p.pos == "ADJ" for p in _parses(vocab, prev)):
            break
        first -= 1
    return first


def _singular_noun_lemma(vocab: Any, word: str) -> str | None:
    """The dictionary form of ``word`` read as a singular noun, if it can be one."""
    for p in _parses(vocab, word):
        if p.pos == "NOUN" and p.feats.get("Number") == "Sing":
            return str(p.normal)
    return None


def _names_another(after: str, english: bool, vocab: Any) -> bool:
    """Whether the words after a descriptor make it a name of its own."""
    nxt = re.match(r"\s*([\w«\"“]+)", after)
    if not nxt:
        return False
    word = nxt.group(1)
    if word[:1].isupper() or word[:1] in '«"“':
        return True  # «компания Apple», "the company Apple"
    if english:
        return word in {"of", "for"}
    return any(p.pos == "NOUN" and p.feats.get("Case") == "Gen" for p in _parses(vocab, word))


def _named_before(
    orgs: Sequence[Mention], start: int, lemma: str, english: bool
) -> Mention | None:
    """The organisation a descriptor names.

    The last one before it whose name has its noun; for a generic noun, the only one named
    in the window before it.
    """
    near = [m for m in orgs if m.end <= start and start - m.end <= DESCRIPTOR_WINDOW_CHARS]
    own = [m for m in near if lemma in {_key(w) for w in _WORD.findall(m.normal)}]
    if own:
        return own[-1]
    generic = _EN_GENERIC_ORG_NOUNS if english else _RU_GENERIC_ORG_NOUNS
    if lemma not in generic or len({_key(m.normal) for m in near}) != 1:
        return None  # a generic noun is no name when several organisations are about
    return near[-1]


def _join_org_and_country(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """Join an organisation and the country right after it: МИД + РФ → «МИД РФ».

    natasha tags «МИД РФ» as ORG «МИД» and LOC «РФ»; for the fact line and for speakers the
    organisation is the whole phrase. Only a country written as an acronym, or a single word
    directly after the organisation, is joined (the factRuEval convention is kept in
    ``find_mentions``, which the entity benchmark scores).
    """
    out: list[Mention] = []
    i = 0
    while i < len(mentions):
        m = mentions[i]
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (
            nxt is not None
            and m.type == "ORG"
            and nxt.type == "LOC"
            and nxt.start - m.end == 1
            and text[m.end].isspace()
            and (_ACRONYM.match(nxt.text) or " " not in nxt.text)
            and (_ACRONYM.match(m.text.split()[-1]) or nxt.text != nxt.normal)
        ):
            surface = text[m.start : nxt.end]
            out.append(Mention(m.start, nxt.end, "ORG", surface, f"{m.normal} {nxt.text}"))
            i += 2
            continue
        out.append(m)
        i += 1
    return out


# ---------------------------------------------------------------- roles

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


# ---------------------------------------------------------------- bodies named by their kind

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
