"""The subject of a Russian reporting verb: a name, a pronoun or a noun phrase in its clause."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import (
    _RU_COMPLEMENTIZERS,
    _RU_NOM_PRONOUNS,
    _RU_PREPOSITIONS,
    _RU_QUANTIFIER_SUBJECTS,
    _WORDS,
    MAX_GENITIVE_WORDS,
    MAX_PLACE_WORDS,
    MAX_SUBJECT_CHUNKS,
    MAX_SUBJECT_WORDS,
    MIN_PARSE_SHARE,
)
from bot.analysis.quotes.phrases import (
    _has_parse,
    _is_hard_boundary,
    _np_name,
    _pronoun,
    _speaker_of_unit,
    _top_pos,
    _unit_before_prep,
)
from bot.analysis.quotes.records import _Cue, _Speaker, _Tok, _Unit


def _ru_nominative(doc: _Doc, word: str, number: str | None, gender: str | None) -> Any | None:
    """A nominative noun parse of ``word`` that can be the subject of the verb."""
    parses = doc.parse(word)
    top = max((p.score for p in parses), default=0.0)
    for p in parses:
        tag = p.tag
        if tag.POS != "NOUN" or tag.case != "nomn" or p.score < MIN_PARSE_SHARE * top:
            continue
        if number and tag.number and tag.number != number:
            continue
        if (
            gender
            and number != "plur"
            and tag.gender
            and tag.gender != gender
            and "Fixd" not in tag
            and "Ms-f" not in tag
        ):
            continue
        return p
    return None


def _ru_unit_nominative(doc: _Doc, u: _Unit) -> bool:
    """Whether a mention can be a subject: it is written in its dictionary form («Путину» is not).

    ``find_mentions`` puts every name in the nominative, so a mention whose words all occur in
    its canonical name is nominative (or indeclinable: «Рубио», «МИД»).
    """
    surface = {w.lower().replace("ё", "е") for w in _WORDS.findall(doc.text[u.start : u.end])}
    normal = {w.lower().replace("ё", "е") for w in _WORDS.findall(u.normal)}
    return bool(surface) and surface <= normal


# Preference among subject candidates of one clause (lower wins).
_RANK = {"PER": 0, "PRON": 1, "ANIM": 2, "ORG": 3, "LOC": 3, "INAN": 4}


def _ru_candidates(
    doc: _Doc, cue: _Cue, indices: Sequence[int]
) -> list[tuple[int, int, _Speaker]]:
    """Subject candidates among tokens ``indices`` (nearest first): (rank, order, speaker)."""
    out: list[tuple[int, int, _Speaker]] = []
    seen: set[int] = set()
    for order, j in enumerate(indices):
        tok = doc.toks[j]
        if not tok.is_word or doc.in_quote[j]:
            continue
        u = doc.unit_of.get(j)
        if u is not None:
            if u.start in seen:
                continue
            seen.add(u.start)
            first = doc.tok_index(u.start)
            complement = u.type != "PER" and first > 0 and _is_oblique_noun(doc, first - 1)
            if (
                _unit_before_prep(doc, first) is None
                and _ru_unit_nominative(doc, u)
                and not complement  # «пресс-центр операции Объединенных сил»
            ):
                out.append((_RANK.get(u.type, 3), order, _speaker_of_unit(doc, u)))
            continue
        if _unit_before_prep(doc, j) is not None:
            continue
        if tok.low in _RU_NOM_PRONOUNS:
            g = _RU_NOM_PRONOUNS[tok.low]
            out.append((_RANK["PRON"], order, _pronoun(tok, g)))
        elif tok.low in _RU_QUANTIFIER_SUBJECTS:
            end = tok.end
            if j + 2 < len(doc.toks) and doc.toks[j + 1].low == "из":
                end = doc.toks[j + 2].end
            sp = _Speaker(tok.start, end, doc.text[tok.start : end], "NP")
            out.append((_RANK["ANIM"], order, sp))
        elif (found := _ru_common_noun(doc, cue, j)) is not None:
            out.append((found[0], order, found[1]))
    return out


def _ru_common_noun(doc: _Doc, cue: _Cue, j: int) -> tuple[int, _Speaker] | None:
    """A common-noun subject at token ``j`` and its rank («следователь», «нападавший»)."""
    tok = doc.toks[j]
    noun = _ru_nominative(doc, tok.text, cue.number, cue.gender)
    if (
        noun is not None
        and j > 0
        and _is_oblique_noun(doc, j - 1)
        and _has_parse(doc, tok.text, {"NOUN"}, "gent")
    ):
        noun = None  # «в пресс-службе компании»: a complement, not a subject
    if noun is not None:
        rank = _RANK["ANIM"] if "anim" in noun.tag else _RANK["INAN"]
        return rank, _ru_noun_phrase(doc, j, noun)
    if _ru_substantive(doc, cue, j):  # after any noun of the clause («тетка моя говорила»)
        return _RANK["ORG"], _Speaker(tok.start, tok.end, _np_name(doc, [tok]), "NP")
    return None


def _ru_substantive(doc: _Doc, cue: _Cue, j: int) -> bool:
    """«— сказал нападавший», «Пострадавший рассказал»: a participle or adjective used as a
    noun, right next to the verb and agreeing with it, with no noun of its own after it."""
    if j not in {cue.first - 1, cue.last + 1}:
        return False
    nxt = doc.toks[j + 1] if j + 1 < len(doc.toks) else None
    if nxt is not None and nxt.is_word and nxt.i != cue.first:
        return False
    parses = doc.parse(doc.toks[j].text)
    top = max((p.score for p in parses), default=0.0)
    return any(
        p.tag.POS in {"PRTF", "ADJF"}
        and "Apro" not in p.tag  # «моя», «этот»: a determiner, not a noun
        and p.tag.case == "nomn"
        and p.score >= MIN_PARSE_SHARE * top
        and (not cue.number or p.tag.number == cue.number)
        and (not cue.gender or cue.number == "plur" or p.tag.gender == cue.gender)
        for p in parses
    )


def _is_oblique_noun(doc: _Doc, j: int) -> bool:
    tok = doc.toks[j]
    if not tok.is_word or j in doc.unit_of:
        return False
    parses = doc.parse(tok.text)
    return bool(parses) and parses[0].tag.POS == "NOUN" and parses[0].tag.case != "nomn"


def _best(cands: list[tuple[int, int, _Speaker]]) -> _Speaker | None:
    return min(cands, key=lambda c: (c[0], c[1]))[2] if cands else None


def _ru_subject(doc: _Doc, cue: _Cue, lo: int, hi: int) -> _Speaker | None:
    """The subject of a Russian reporting verb: left of it in its clause, else right of it."""
    if cue.kind == "prtf":
        return _ru_participle_head(doc, cue, lo)
    left = _ru_left_subject(doc, cue, lo)
    if left is not None:
        return left
    return _ru_right_subject(doc, cue, hi)


def _ru_left_subject(
    doc: _Doc, cue: _Cue, lo: int, *, main_clause: bool = False
) -> _Speaker | None:
    """Scan clause chunks leftwards; participial and apposition chunks are crossed.

    ``main_clause``: the cue is a gerund, whose subject is that of the clause with the
    finite verb before it («Яшин бросил вызов Собянину, заявив о …»).
    """
    j = cue.first - 1
    seen_words = False
    for chunk_no in range(MAX_SUBJECT_CHUNKS):
        chunk: list[int] = []
        while (
            j >= lo and doc.toks[j].text not in {",", "(", ")"} and not _is_hard_boundary(doc, j)
        ):
            low = doc.toks[j].low
            if low in {"который", "которая", "которое", "которые"}:
                break
            if low in _RU_COMPLEMENTIZERS - {"как"} and not (
                low == "что" and j > lo and doc.toks[j - 1].low in {"только", "потому", "так"}
            ):
                break
            chunk.append(j)
            j -= 1
        stop = j < lo or doc.toks[j].text not in {",", "(", ")"}
        main = main_clause and not seen_words
        seen_words = seen_words or any(doc.toks[k].is_word for k in chunk)
        if chunk_no > 0 and not main and _ru_other_clause(doc, chunk):
            return None
        if not (chunk_no > 0 and _ru_participial(doc, chunk)):
            best = _best(_ru_candidates(doc, cue, chunk))
            if best is not None:
                return best
        if stop:
            return None
        j -= 1
    return None


def _ru_other_clause(doc: _Doc, chunk: Sequence[int]) -> bool:
    """A chunk with its own finite verb belongs to another clause."""
    return any(
        doc.toks[j].is_word and not doc.in_quote[j] and _top_pos(doc, doc.toks[j].text) == "VERB"
        for j in chunk
    )


def _ru_participial(doc: _Doc, chunk: Sequence[int]) -> bool:
    """«, хорошо помнившие довоенные годы,», «, хитро улыбаясь,»: a participle or gerund."""
    words = [doc.toks[j] for j in reversed(chunk) if doc.toks[j].is_word][:2]
    return any(_top_pos(doc, w.text) in {"PRTF", "GRND"} for w in words)


def _ru_right_subject(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«— сказал Рубио», «сообщил представитель госдепартамента Ричард Баучер»."""
    idx: list[int] = []
    j = cue.last + 1
    while j < hi and doc.toks[j].text not in {",", "(", ")"} and not _is_hard_boundary(doc, j):
        if doc.toks[j].low in _RU_COMPLEMENTIZERS - {"как"}:
            break
        idx.append(j)
        j += 1
        if len(idx) > MAX_SUBJECT_WORDS:
            break
    best = _best(_ru_candidates(doc, cue, idx))
    if best is None and cue.number == "plur" and cue.kind == "verb":
        return _ru_impersonal_place(doc, idx) or _ru_impersonal_place(
            doc, range(cue.first - 1, max(-1, cue.first - MAX_SUBJECT_WORDS), -1), left=True
        )
    return best


def _ru_participle_head(doc: _Doc, cue: _Cue, lo: int) -> _Speaker | None:
    """«Гека Финна, говорившего: …»: the participle's noun is the speaker."""
    j = cue.first - 1
    if j <= lo or doc.toks[j].text != ",":
        return None
    j -= 1
    u = doc.unit_of.get(j)
    if u is not None:
        return _speaker_of_unit(doc, u)
    tok = doc.toks[j]
    if tok.is_word and any(p.tag.POS == "NOUN" for p in doc.parse(tok.text)):
        return _Speaker(tok.start, tok.end, tok.text, "NP")
    return None


def _ru_noun_phrase(doc: _Doc, head: int, parse: Any) -> _Speaker:
    """A common-noun subject with the adjectives before it and genitives after it."""
    first = head
    while first - 1 >= 0 and doc.toks[first - 1].is_word:
        prev = doc.toks[first - 1]
        if prev.i in doc.unit_of or not _has_parse(doc, prev.text, {"ADJF", "PRTF"}, "nomn"):
            break
        first -= 1
    last = head
    while (
        last + 1 < len(doc.toks)
        and doc.toks[last + 1].is_word
        and last - head < MAX_GENITIVE_WORDS
    ):
        nxt = doc.toks[last + 1]
        if doc.cue_at(last + 1) is not None:
            break
        if nxt.i in doc.unit_of:
            u = doc.unit_of[nxt.i]
            last = doc.tok_index(u.end - 1)
            continue
        if not _has_parse(doc, nxt.text, {"NOUN"}, "gent"):
            break
        last += 1
    start, end = doc.toks[first].start, doc.toks[last].end
    name = _np_name(doc, doc.toks[first : last + 1])
    gender = {"masc": "m", "femn": "f", "neut": "n"}.get(str(parse.tag.gender))
    if parse.tag.number == "plur":
        gender = "p"
    return _Speaker(start, end, name, "NP", gender)


def _ru_impersonal_place(
    doc: _Doc, indices: Iterable[int], *, left: bool = False
) -> _Speaker | None:
    """«— рассказали в российском внешнеполитическом ведомстве»: the place that speaks."""
    for j in indices:
        if j < 0:
            break
        tok = doc.toks[j]
        if not tok.is_word:
            if _is_hard_boundary(doc, j) or tok.text == ",":
                return None
            continue
        if tok.low not in {"в", "во"}:
            continue
        k = j + 1
        words: list[_Tok] = []
        while k < len(doc.toks) and doc.toks[k].is_word and len(words) < MAX_PLACE_WORDS:
            if doc.toks[k].low in _RU_PREPOSITIONS:  # «в пятницу в правительстве»: a time first
                words = []
                k += 1
                continue
            words.append(doc.toks[k])
            u = doc.unit_of.get(k)
            if u is not None and words[0].i == k:
                return _speaker_of_unit(doc, u)
            if _has_parse(doc, doc.toks[k].text, {"NOUN"}, "loct") or _has_parse(
                doc, doc.toks[k].text, {"NOUN"}, "loc2"
            ):
                break
            k += 1
        while k + 1 < len(doc.toks) and len(words) < MAX_SUBJECT_WORDS:
            nxt = doc.toks[k + 1]
            if not (nxt.is_word and _has_parse(doc, nxt.text, {"NOUN"}, "gent")):
                break
            words.append(nxt)
            k += 1
        if words:
            start, end = words[0].start, words[-1].end
            return _Speaker(start, end, _np_name(doc, words), "NP", "p")
        return None
    return None
