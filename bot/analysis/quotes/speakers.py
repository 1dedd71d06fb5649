"""Who a cue attributes to, in either language: subjects, «по словам X», gerunds."""

from __future__ import annotations

from collections.abc import Sequence

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.en_subjects import _en_subject_chunk, _en_subject_left, _en_subject_right
from bot.analysis.quotes.lexicon import (
    _EN_OBJECT_PRONOUNS,
    _EN_PREPOSITIONS,
    _EN_PRONOUNS,
    _RU_NOM_PRONOUNS,
    _RU_POSSESSIVE_PRONOUNS,
    _RU_PREPOSITIONS,
    _RU_RELAYED_NOUNS,
    _RU_SPEAKING_NOUNS,
    _RU_SPEECH_NOUNS,
    MAX_GENITIVE_WORDS,
    MAX_SUBJECT_WORDS,
)
from bot.analysis.quotes.phrases import _has_parse, _np_name, _pronoun, _speaker_of_unit
from bot.analysis.quotes.records import _Cue, _Speaker, _Tok
from bot.analysis.quotes.ru_subjects import _ru_left_subject, _ru_subject


def _clause_bounds(doc: _Doc, i: int) -> tuple[int, int]:
    """Token range of the sentence around token ``i`` (not crossing quote marks or paragraphs)."""
    s, e = doc.sentence_span(doc.toks[i].start)
    lo, hi = doc.tok_index(s), doc.tok_index(e)
    return lo, max(hi, i + 1)


def _speaker_for(doc: _Doc, cue: _Cue, lo: int, hi: int, *, inverted: bool) -> _Speaker | None:
    """Who a cue attributes to; ``inverted``: the cue follows what was said."""
    if cue.kind == "according":
        return _according_speaker(doc, cue, hi)
    if doc.lang == "ru":
        return _ru_relayed(doc, cue, hi) or _ru_subject(doc, cue, lo, hi)
    left = _en_subject_left(doc, cue, lo) if cue.first > lo else None
    if left is not None:
        return left
    if inverted:
        return _en_subject_right(doc, cue, hi)
    return None


def _ru_relayed(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«— приводит ТАСС заявление Кудрина»: whose words a relaying verb's object names; the
    outlet that relays them is not the speaker."""
    j = cue.last + 1
    limit = min(hi, j + MAX_SUBJECT_WORDS)
    while j < limit and doc.toks[j].is_word:
        tok = doc.toks[j]
        if j not in doc.unit_of and j + 1 < limit and doc.toks[j - 1].low not in _RU_PREPOSITIONS:
            object_noun = any(
                p.normal in _RU_RELAYED_NOUNS and p.tag.case == "accs" for p in doc.parse(tok.text)
            )
            if object_noun:
                return _ru_genitive_owner(doc, j + 1, limit)
        j += 1
    return None


def _ru_genitive_owner(doc: _Doc, j: int, hi: int) -> _Speaker | None:
    """The name or genitive noun phrase at token ``j`` («Кудрина», «представителя компании»)."""
    u = doc.unit_of.get(j)
    if u is not None and doc.tok_index(u.start) == j:
        return _speaker_of_unit(doc, u)
    last = j
    while last < hi and doc.toks[last].is_word and last - j < MAX_GENITIVE_WORDS:
        if last in doc.unit_of:
            last = doc.tok_index(doc.unit_of[last].end - 1) + 1
            continue
        if not _has_parse(doc, doc.toks[last].text, {"NOUN", "ADJF"}, "gent"):
            break
        last += 1
    if last == j:
        return None
    words = doc.toks[j:last]
    name = _np_name(doc, words)
    return _Speaker(words[0].start, words[-1].end, name, "NP")


def _according_pronoun(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«по его словам», «по словам его», "according to him"."""
    if cue.last > cue.first + 1:  # the pronoun is inside the cue: «по его словам»
        tok = doc.toks[cue.first + 1]
        return _pronoun(tok, _RU_POSSESSIVE_PRONOUNS[tok.low])
    if cue.last + 1 >= hi:
        return None
    tok = doc.toks[cue.last + 1]
    pronouns = _RU_POSSESSIVE_PRONOUNS if doc.lang == "ru" else _EN_OBJECT_PRONOUNS
    return _pronoun(tok, pronouns[tok.low]) if tok.low in pronouns else None


def _according_speaker(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """«по словам X», «по его словам», "according to X"."""
    pronoun = _according_pronoun(doc, cue, hi)
    if pronoun is not None:
        return pronoun
    j = k = cue.last + 1
    while k < hi and (
        doc.toks[k].is_word or doc.toks[k].text in {".", "'s", "’s", "&", "-", "«", "»", '"'}
    ):
        if doc.toks[k].text == "." and doc.is_sentence_end(k):
            break
        k += 1
    if k == j:
        return None
    toks = doc.toks[j:k]
    units = [doc.unit_of[t.i] for t in toks if t.i in doc.unit_of]
    # a person or an organisation speaks; a place only when it is the whole phrase («по
    # данным Якутии»), not the complement of one («по данным минэкологии Якутии»)
    per = [u for u in units if u.type == "PER"] or [u for u in units if u.type != "LOC"]
    if not per and units and doc.tok_index(units[0].start) == j:
        per = units
    if per:
        return _speaker_of_unit(doc, per[0])
    words = [t for t in _before_a_date(doc, toks) if t.is_word][:6]
    speech_noun = doc.lang == "en" or cue.lemma in _RU_SPEECH_NOUNS
    if not words or not (speech_noun or _can_speak(doc, words[:3])):
        return None  # «по оценке учебных мероприятий»: not someone who speaks
    start, end = words[0].start, words[-1].end
    return _Speaker(start, end, _np_name(doc, words), "NP")


def _before_a_date(doc: _Doc, toks: Sequence[_Tok]) -> Sequence[_Tok]:
    """The tokens before a number or a preposition that a number follows: «по данным
    минэкологии Якутии на 9 августа» names «минэкологии Якутии», not the date."""
    prepositions = _RU_PREPOSITIONS if doc.lang == "ru" else _EN_PREPOSITIONS
    for k, t in enumerate(toks):
        nxt = toks[k + 1].text if k + 1 < len(toks) else ""
        if k and (t.text[:1].isdigit() or (t.low in prepositions and nxt[:1].isdigit())):
            return toks[:k]
    return toks


def _can_speak(doc: _Doc, words: Sequence[_Tok]) -> bool:
    """A phrase that names someone who can speak: a person, a group or an institution."""
    for t in words:
        for p in doc.parse(t.text)[:2]:
            grams = set(p.tag.grammemes)
            if p.tag.POS == "NOUN" and ("anim" in grams or "Orgn" in grams):
                return True
            if p.normal in _RU_SPEAKING_NOUNS:
                return True
    return False


def _cue_clause_end(doc: _Doc, cue: _Cue, speaker: _Speaker | None) -> int:
    """Token index just after the attribution clause (cue and speaker)."""
    end = doc.toks[cue.last].end
    if speaker is not None:
        end = max(end, speaker.end)
    return doc.tok_index(end)


def _attribution_end(doc: _Doc, cue: _Cue, speaker: _Speaker | None, hi: int) -> int:
    """Token index where the attribution clause ends (its comma, full stop or next quote)."""
    j = _cue_clause_end(doc, cue, speaker)
    while j < hi and doc.toks[j].text not in {","}:
        j += 1
    return j


def _gerund_subject(doc: _Doc, i: int) -> _Speaker | None:
    """Who a gerund's clause belongs to: the main clause's subject after a comma ("Trump
    returned the compliment, telling Reuters"), else the name right before it ("with Trump
    reportedly yelling")."""
    lo, _ = _clause_bounds(doc, i)
    cue = _Cue(i, i, "grnd", "")
    if doc.lang == "ru":
        return _ru_left_subject(doc, cue, lo, main_clause=True) or _sentence_subject(doc, lo, i)
    if i > lo and doc.toks[i - 1].text != ",":
        near = _en_subject_left(doc, cue, lo)
        if near is not None and near.kind in {"PER", "ORG", "PRON"}:
            return near
    return _sentence_subject(doc, lo, i)


def _sentence_subject(doc: _Doc, lo: int, hi: int) -> _Speaker | None:
    """The name or pronoun a sentence opens with (after an introductory phrase and comma)."""
    starts = [lo] + [k + 1 for k in range(lo, hi) if doc.toks[k].text == ","]
    for start in starts[:2]:
        k = next((k for k in range(start, hi) if doc.toks[k].is_word), hi)
        if k >= hi:
            continue
        u = doc.unit_of.get(k)
        tok = doc.toks[k]
        if u is not None and u.type in {"PER", "ORG"} and doc.tok_index(u.start) == k:
            return _speaker_of_unit(doc, u)
        pron = _EN_PRONOUNS if doc.lang == "en" else _RU_NOM_PRONOUNS
        if tok.low in pron and pron[tok.low] in {"m", "f", "p"}:
            return _pronoun(tok, pron[tok.low])
        if doc.lang == "en" and tok.low in {"the", "a", "an"}:
            np = _en_subject_chunk(doc, k, hi)
            if np is not None:
                return np
    return None


def _negated(doc: _Doc, cue: _Cue) -> bool:
    """«не сказал», "did not say", "never said": nothing was reported."""
    k = cue.first - 1
    while k >= 0 and doc.toks[k].low in {
        "also",
        "has",
        "have",
        "had",
        "did",
        "does",
        "do",
        "еще",
        "уже",
    }:
        k -= 1
    return k >= 0 and doc.toks[k].low in {"не", "ни", "not", "n't", "never", "didn't", "doesn't"}
