"""The subject of an English reporting verb: left of it, or after it when inverted."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import (
    _ABBREVIATION,
    _EN_DETERMINERS,
    _EN_FORMS,
    _EN_NP_BREAK,
    _EN_PREPOSITIONS,
    _EN_PRONOUNS,
    _EN_SKIP_BEFORE_VERB,
    _EN_TIME_WORDS,
    MAX_SUBJECT_CHUNK_WORDS,
    MAX_SUBJECT_WORDS,
)
from bot.analysis.quotes.phrases import _np_name, _plural, _pronoun, _speaker_of_unit
from bot.analysis.quotes.records import _Cue, _Speaker, _Tok


def _en_subject_left(doc: _Doc, cue: _Cue, lo: int) -> _Speaker | None:
    """The subject left of an English verb: a mention, a pronoun or a noun phrase."""
    j = cue.first - 1
    while (
        j >= lo
        and doc.toks[j].is_word
        and (doc.toks[j].low in _EN_SKIP_BEFORE_VERB or doc.toks[j].low.endswith("ly"))
    ):
        if doc.toks[j].i in doc.unit_of:
            break
        j -= 1
    if j < lo:
        return None
    if doc.toks[j].low == "and":
        return _coordinated_subject(doc, j, lo)
    # a parenthesis after the name: "Rep. John Mica (R-Fla.) said"
    if doc.toks[j].text == ")":
        k = j
        while k >= lo and doc.toks[k].text != "(":
            k -= 1
        if k > lo:
            j = k - 1
    # a dash after the apposition: "John Dickey, the chief executive of Ora Media -- the
    # company that … -- told me": the subject is left of the opening dash
    if doc.toks[j].text in {"--", "—", "–"}:
        k = j - 1
        while k > lo and doc.toks[k].text not in {"--", "—", "–"}:
            k -= 1
        if k > lo:
            return _en_apposition_subject(doc, k, lo)
    tok = doc.toks[j]
    if tok.text == ",":
        return _en_apposition_subject(doc, j, lo)
    if tok.low == "who" and j - 2 >= lo and doc.toks[j - 1].text == ",":
        # "… and Stevie Wonder, who joked": the relative stands for the name before it;
        # the speaker's words run from that name to the relative
        before = _en_np_ending_at(doc, j - 2, lo)
        return replace(before, end=tok.end) if before is not None else None
    return _en_np_ending_at(doc, j, lo)


def _coordinated_subject(doc: _Doc, j: int, lo: int) -> _Speaker | None:
    """ "…, I laughed and said", "She then urges her husband to … and says": a verb after "and"
    shares the subject that opens its clause (a pronoun or a name after the last comma)."""
    k = j - 1
    while k >= lo and doc.toks[k].text not in {",", ";", ":"}:
        k -= 1
    first = k + 1
    if first >= j:
        return None
    tok = doc.toks[first]
    if tok.low in _EN_PRONOUNS and tok.low != "it":
        return _pronoun(tok, _EN_PRONOUNS[tok.low])
    u = doc.unit_of.get(first)
    if u is not None and u.type in {"PER", "ORG"} and doc.tok_index(u.start) == first:
        return _speaker_of_unit(doc, u)
    return None


def _en_np_ending_at(doc: _Doc, j: int, lo: int) -> _Speaker | None:
    """The noun phrase that ends at token ``j`` (the subject of a verb after it)."""
    tok = doc.toks[j]
    if not tok.is_word:
        return None
    if tok.low in _EN_PRONOUNS:
        return _pronoun(tok, _EN_PRONOUNS[tok.low])
    if tok.low in _EN_NP_BREAK:
        return None
    first = _en_np_start(doc, j, lo)
    crossed = first > lo and doc.toks[first - 1].low in _EN_PREPOSITIONS
    if crossed:
        # "officials in Washington said": the phrase goes on left of its preposition
        if (
            first - 2 < lo
            or doc.toks[first - 2].low in _EN_NP_BREAK
            or not doc.toks[first - 2].is_word
        ):
            # "an official she spoke to on camera": no head before the preposition, unless
            # the phrase opens the sentence
            return _name_ending_opening_phrase(doc, first, j, lo)
        first = _en_np_start(doc, first - 2, lo)
    # a name is the speaker when it ends the phrase ("IMF chief economist Maury Obstfeld");
    # inside it, it only qualifies the head ("Donald Trump’s campaign manager")
    last = doc.unit_of.get(j)
    # ... but a place that completes it ("protesters in Charlotte") is not the speaker
    possessive = re.search(r"['’]s$", tok.text) is not None
    if last is not None and not possessive and not (crossed and last.type == "LOC"):
        return _speaker_of_unit(doc, last)
    words = list(doc.toks[first : j + 1])
    # the phrase starts at its determiner or its first capitalised word, else it is its head
    starts = [k for k, t in enumerate(words) if t.low in _EN_DETERMINERS or t.text[:1].isupper()]
    return _np_speaker(doc, words[starts[0] :] if starts else words[-2:])


def _name_ending_opening_phrase(doc: _Doc, first: int, j: int, lo: int) -> _Speaker | None:
    """ "In a Bloomberg interview Trump declared": after a phrase that opens the sentence, the
    subject is the capitalised name that ends it; otherwise none is known."""
    if first - 1 != lo:
        return None
    name = j
    while name - 1 >= first and doc.toks[name - 1].text[:1].isupper():
        name -= 1
    if name == first or not doc.toks[name].text[:1].isupper():
        return None
    return _np_speaker(doc, doc.toks[name : j + 1])


def _np_speaker(doc: _Doc, toks: Sequence[_Tok]) -> _Speaker | None:
    """A common-noun phrase as the speaker (English; plural when its head is)."""
    content = [t for t in toks if t.low not in _EN_DETERMINERS]
    if not content:
        return None
    name = _np_name(doc, toks)
    return _Speaker(
        toks[0].start, toks[-1].end, name, "NP", "p" if _plural(content[-1].low) else None
    )


def _en_np_start(doc: _Doc, j: int, lo: int) -> int:
    first = j
    while first - 1 >= lo:
        prev = doc.toks[first - 1]
        if first - 1 in doc.unit_of:
            first -= 1
            continue
        if prev.text in {"'s", "’s", "'", "’", "&", "."} or (
            prev.is_word and prev.low not in _EN_NP_BREAK and j - first < MAX_SUBJECT_WORDS
        ):
            if prev.text == "." and not (
                first - 2 >= lo and _ABBREVIATION.match(doc.toks[first - 2].text)
            ):
                break
            first -= 1
            continue
        break
    return first


def _en_apposition_subject(doc: _Doc, comma: int, lo: int) -> _Speaker | None:
    """ "Kevin Barrett, a lawyer at Bailey & Glasser, said": the name before the apposition."""
    k = comma - 1
    while k >= lo and doc.toks[k].text != ",":
        k -= 1
    near_lo = max(k + 1, lo)
    j = comma - 1
    if doc.toks[j].text == ")":  # "Gov. John Kasich (R-OH), said"
        while j > near_lo and doc.toks[j].text != "(":
            j -= 1
        j -= 1
    near = _en_np_ending_at(doc, j, near_lo) if j >= near_lo else None
    if near is not None and doc.text[near.start : near.end].isdigit():
        near = None  # "Sarandon, 69, told MSNBC": an age
    first = doc.toks[near_lo]
    # "Paul Richards, an analyst at Numis Securities, said": the chunk next to the verb
    # describes the name before it
    apposition = near is None or first.low in _EN_DETERMINERS or first.text[:1].islower()
    before = _en_np_ending_at(doc, k - 1, lo) if k - 1 >= lo and apposition else None
    if before is not None and not any(c.isalpha() for c in doc.text[before.start : before.end]):
        # "Shawn Styles, 30, who lives nearby, said": an age; the name is one chunk further
        before = _en_apposition_subject(doc, k, lo) if k > lo else None
    if before is not None and (before.kind == "PER" or near is None):
        return before
    if (near is not None and near.kind in {"PER", "ORG", "PRON"}) or before is None:
        return near
    return before


def _en_subject_right(doc: _Doc, cue: _Cue, hi: int) -> _Speaker | None:
    """The subject after an inverted English verb ("…," said Kevin Barrett, a lawyer)."""
    j = cue.last + 1
    while j < hi and doc.toks[j].low in _EN_TIME_WORDS:
        j += 1
    if j >= hi:
        return None
    tok = doc.toks[j]
    if tok.low in _EN_PRONOUNS:
        return _pronoun(tok, _EN_PRONOUNS[tok.low])
    if tok.low in {"me", "us", "him", "them"}:
        return None  # "… told me, “…”": the one told, never the speaker
    k = j
    while k < hi and (doc.toks[k].is_word or doc.toks[k].text in {".", "'s", "’s", "&", "-"}):
        if doc.toks[k].low in _EN_NP_BREAK - _EN_DETERMINERS - {"of"} and k > j:
            break
        if doc.toks[k].text == "." and doc.is_sentence_end(k):
            break
        k += 1
    if k == j:
        return None
    return _en_np_ending_at_range(doc, j, k - 1)


def _en_np_ending_at_range(doc: _Doc, first: int, last: int) -> _Speaker | None:
    """The speaker named by tokens ``first..last``: a person in it ("said Rep. John Mica"),
    a name ending it, else the phrase ("said the Spurs sporting director")."""
    toks = doc.toks[first : last + 1]
    per = [
        doc.unit_of[t.i]
        for t in toks
        if t.i in doc.unit_of
        and doc.unit_of[t.i].type == "PER"
        and not re.search(r"['’]s$", t.text)  # "Kasabian's singer": a possessive
    ]
    if per:
        return _speaker_of_unit(doc, per[0])
    if toks and (u := doc.unit_of.get(toks[-1].i)) is not None:
        return _speaker_of_unit(doc, u)
    while toks and toks[-1].text == ".":
        toks = toks[:-1]
    return _np_speaker(doc, toks)


def _en_subject_chunk(doc: _Doc, k: int, hi: int) -> _Speaker | None:
    """ "The Vermont senator emailed …": a determiner phrase up to the first verb-like word."""
    j = k + 1
    while j < hi and doc.toks[j].is_word and j - k < MAX_SUBJECT_CHUNK_WORDS:
        low = doc.toks[j].low
        if low in _EN_NP_BREAK or low.endswith("ed") or (low in _EN_FORMS and low != "report"):
            break
        j += 1
    if j == k + 1 or j >= hi or not doc.toks[j].is_word:
        return None
    return _en_np_ending_at_range(doc, k, j - 1)
