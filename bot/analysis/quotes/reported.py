"""Reported speech: a reporting verb or phrase and the clause it governs."""

from __future__ import annotations

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import (
    _DASHES,
    _EN_AUXILIARIES,
    _EN_BARE_CLAUSE,
    _EN_CLAUSE_SUBJECTS,
    _EN_CONTRACTION,
    _EN_DETERMINERS,
    _EN_NOT_A_CLAUSE,
    _EN_NP_BREAK,
    _EN_QUOTE_ONLY,
    _EN_SKIP_BEFORE_VERB,
    _EN_TIME_WORDS,
    _RU_ANNOUNCE_LEMMAS,
    _RU_BELIEF_LEMMAS,
    _RU_COMPLEMENTIZERS,
    _RU_POSTPOSED_ONLY,
    _WORDS,
    MAX_ATTRIBUTION_TAIL_WORDS,
    MAX_SUBJECT_WORDS,
    MAX_WORDS_TO_FINITE_VERB,
    MAX_WORDS_VERB_TO_COLON,
    MAX_WORDS_VERB_TO_THAT,
    MIN_REPORTED_WORDS,
)
from bot.analysis.quotes.phrases import _top_pos
from bot.analysis.quotes.records import _Cue, _Found
from bot.analysis.quotes.speakers import (
    _according_speaker,
    _attribution_end,
    _cue_clause_end,
    _gerund_subject,
    _negated,
    _speaker_for,
)
from bot.models import Sentence


def _reported(doc: _Doc, used_cues: set[int]) -> list[_Found]:
    out: list[_Found] = []
    for sent in doc.sentences:
        lo, hi = doc.tok_index(sent.start), doc.tok_index(sent.end)
        i = lo
        while i < hi:
            if doc.in_quote[i] or i in used_cues:
                i += 1
                continue
            cue = doc.cue_at(i)
            if cue is None:
                i += 1
                continue
            if _negated(doc, cue) or cue.lemma in _RU_POSTPOSED_ONLY | _EN_QUOTE_ONLY:
                i = cue.last + 1  # «не сказал»; «бросил», "sang" report only quotes
                continue
            f = _reported_at(doc, cue, lo, hi, sent)
            if f is not None:
                f.paragraph = sent.paragraph
                out.append(f)
            i = cue.last + 1
    return out


def _content_words(doc: _Doc, start: int, end: int) -> int:
    return len(_WORDS.findall(doc.text[start:end]))


def _sentence_content(doc: _Doc, start: int, end: int) -> tuple[int, int]:
    text = doc.text
    while start < end and (text[start].isspace() or text[start] in "—–-,:;"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".,;:—–-"):
        end -= 1
    return start, end


def _reported_at(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """Reported speech around one cue, as the construction of its sentence allows."""
    if cue.kind == "according":
        return _according_content(doc, cue, lo, hi, sent)
    prev = doc.toks[cue.first - 1] if cue.first > lo else None
    if prev is not None and prev.low in {"как", "as"} and cue.kind == "verb":
        return _as_clause(doc, cue, lo, hi, sent)  # «Как сказал X, …», "as X said, …"
    about = _about_which(doc, cue, lo)
    if about is not None:
        return _about_which_content(doc, cue, about, hi, sent)
    after = _content_after(doc, cue, hi)
    if after is not None:  # «заявил, что …», "said (that) …", «сказал: …»
        if cue.kind == "grnd":
            subject = _gerund_subject(doc, cue.first)
            return _Found(*after, False, cue.first, subject, inherit=True)
        speaker = _speaker_for(doc, cue, lo, hi, inverted=False)
        return _Found(*after, False, cue.first, speaker) if speaker is not None else None
    clause_start = prev is None or prev.text in {",", "(", *_DASHES}
    if doc.lang == "en" and not clause_start:
        # ", the source said." / ", sources said": the subject sits between comma and verb
        clause_start = _en_postposed_subject_start(doc, cue, lo) is not None
    postposed = clause_start and cue.kind in {"verb", "certain"} and cue.first > lo
    return _after_content(doc, cue, lo, hi, sent) if postposed else None


def _about_which(doc: _Doc, cue: _Cue, lo: int) -> int | None:
    """«…, о чем (публично) заявил X»: the comma before «о чем», if that is the construction."""
    k = cue.first - 1
    while k > lo and doc.lang == "ru" and _top_pos(doc, doc.toks[k].text) == "ADVB":
        k -= 1
    if (
        k - 2 >= lo
        and doc.toks[k].low in {"чем", "чём", "этом"}
        and doc.toks[k - 1].low in {"о", "об"}
    ):
        return k - 2
    return None


def _about_which_content(
    doc: _Doc, cue: _Cue, comma: int, hi: int, sent: Sentence
) -> _Found | None:
    """«Индия провела испытание, о чем заявил Нарендра Моди»: what comes before the comma."""
    if doc.toks[comma].text != "," or cue.kind != "verb":
        return None
    speaker = _speaker_for(doc, cue, cue.first, hi, inverted=True)
    c_start, c_end = _sentence_content(doc, sent.start, doc.toks[comma].start)
    if speaker is None or _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


def _after_content(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """The cue follows what was said: «…, сказал X.», "…, X said.", «A, утверждает X, B»."""
    comma_pos = _clause_comma_before(doc, cue, lo)
    if comma_pos is None:
        return None
    speaker = _speaker_for(doc, cue, _subject_lo(doc, cue, lo), hi, inverted=True)
    if speaker is None:
        return None
    end_tok = _attribution_end(doc, cue, speaker, hi)
    clause_end = _cue_clause_end(doc, cue, speaker)
    if doc.lang == "en" and not _en_attribution_tail(doc, clause_end, end_tok):
        return None  # "…, who have pledged to act as well": the verb has its own object
    if end_tok < hi and _WORDS.search(doc.text[doc.toks[end_tok].end : sent.end]):
        c_start, c_end = _sentence_content(doc, sent.start, sent.end)
    else:
        c_start, c_end = _sentence_content(doc, sent.start, doc.toks[comma_pos].start)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    if doc.lang == "ru" and _reports_a_statement(doc, c_start, c_end, cue):
        # «Об этом заявил Торрес, сообщает газета»: the outlet only relays (PolNeAR annotates
        # English "…, X said, Y reported" as two attributions, and loses 0.002 F1 without it)
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


def _reports_a_statement(doc: _Doc, start: int, end: int, cue: _Cue) -> bool:
    """Whether a finite reporting verb of the lexicon stands in ``start..end`` (outside quotes)."""
    for j in range(doc.tok_index(start), doc.tok_index(end)):
        if j == cue.first or doc.in_quote[j]:
            continue
        other = doc.cue_at(j)
        if other is not None and other.kind == "verb" and not _negated(doc, other):
            return True
    return False


def _en_attribution_tail(doc: _Doc, start: int, end: int) -> bool:
    """What may follow "…, X said": nothing, a time or a place ("on Tuesday", "in a
    statement"), or the addressee of "told" ("told reporters")."""
    words = [t for t in doc.toks[start:end] if t.is_word]
    if not words:
        return True
    if len(words) > MAX_ATTRIBUTION_TAIL_WORDS:
        return False
    first = words[0].low
    return (
        first in _EN_TIME_WORDS
        or first in {"on", "in", "at", "during", "after", "before", "while", "when", "as", "of"}
        or first in {"reporters", "journalists", "cnn", "abc", "nbc", "cbs", "fox", "the", "a"}
        or words[0].i in doc.unit_of
    )


def _as_clause(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """«Как сказал X, …», «…, как сообщил X.», "as X said, …": the rest of the sentence."""
    speaker = _speaker_for(doc, cue, lo, hi, inverted=True)
    if speaker is None:
        return None
    as_tok = cue.first - 1
    end_tok = _attribution_end(doc, cue, speaker, hi)
    if as_tok == lo or not _WORDS.search(doc.text[sent.start : doc.toks[as_tok].start]):
        if end_tok >= hi:
            return None
        c_start, c_end = _sentence_content(doc, doc.toks[end_tok].end, sent.end)
    elif end_tok < hi and _WORDS.search(doc.text[doc.toks[end_tok].end : sent.end]):
        c_start, c_end = _sentence_content(doc, sent.start, sent.end)
    else:
        c_start, c_end = _sentence_content(doc, sent.start, doc.toks[as_tok].start)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)


def _subject_lo(doc: _Doc, cue: _Cue, lo: int) -> int:
    """Subject search for a postposed cue starts after the comma that precedes it."""
    j = cue.first - 1
    while j > lo and doc.toks[j].text not in {",", "—", "–", "-", "--"}:
        j -= 1
    return j + 1


def _clause_comma_before(doc: _Doc, cue: _Cue, lo: int) -> int | None:
    """Token index of the comma (or dash) that ends the content before a postposed cue."""
    j = cue.first - 1
    while j > lo and doc.toks[j].text not in {",", "—", "–", "-", "--"}:
        j -= 1
    if j <= lo:
        return None
    while j - 1 > lo and doc.toks[j - 1].text in {",", "—", "–", "-", "--"}:
        j -= 1
    return j


def _en_postposed_subject_start(doc: _Doc, cue: _Cue, lo: int) -> int | None:
    """ "…, the source said": a short noun phrase between a comma and the verb."""
    j = cue.first - 1
    n = 0
    while j > lo and doc.toks[j].text != ",":
        tok = doc.toks[j]
        if not (tok.is_word or tok.text in {".", "'s", "’s", "(", ")", "-"}):
            return None
        if tok.is_word and tok.low in _EN_NP_BREAK - _EN_DETERMINERS - _EN_SKIP_BEFORE_VERB:
            return None
        n += tok.is_word
        if n > MAX_SUBJECT_WORDS:
            return None
        j -= 1
    return j if j > lo and n > 0 else None


_STOP = -1  # a content step that found the cue reports nothing here


def _content_after(doc: _Doc, cue: _Cue, hi: int) -> tuple[int, int] | None:
    """What a cue introduces: «, что …» / ": …" / "(that) …" up to the sentence end."""
    sent_end = doc.toks[hi - 1].end if hi > 0 else len(doc.text)
    step_of = _ru_content_step if doc.lang == "ru" else _en_content_step
    n = 0
    for j in range(cue.last + 1, hi):
        start = step_of(doc, cue, j, n, hi)
        if start == _STOP:
            return None
        if start is not None:
            break
        n += doc.toks[j].is_word
        if n > MAX_WORDS_VERB_TO_THAT:
            return None
    else:
        return None
    end = sent_end
    first = doc.tok_index(start)
    if doc.lang == "ru" and first > 0 and doc.toks[first - 1].low in {"о", "об"}:
        # «объявила о ее начале, расследователи заявляли …»: what was announced is a noun
        # phrase, over where a clause with a finite verb of its own begins
        stop = next((k for k in range(first, hi) if _starts_other_clause(doc, k, hi)), None)
        if stop is not None:
            end = doc.toks[stop].start
    c_start, c_end = _sentence_content(doc, min(start, sent_end), end)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return c_start, c_end


def _starts_other_clause(doc: _Doc, k: int, hi: int) -> bool:
    """A comma, semicolon or dash at token ``k`` followed by a finite verb before the next one."""
    if doc.toks[k].text not in {",", ";"} | _DASHES:
        return False
    nxt = doc.toks[k + 1] if k + 1 < hi else None
    if nxt is not None and (nxt.low.startswith("котор") or nxt.low in _RU_COMPLEMENTIZERS):
        return False  # «женщину, которая …»: a clause inside the noun phrase
    for j in range(k + 1, hi):
        tok = doc.toks[j]
        if tok.text in {",", ";"} | _DASHES:
            return False
        if tok.is_word and not doc.in_quote[j] and _top_pos(doc, tok.text) == "VERB":
            return True
    return False


def _next_start(doc: _Doc, j: int, hi: int) -> int:
    return doc.toks[j + 1].start if j + 1 < hi else doc.toks[hi - 1].end


def _ru_content_step(doc: _Doc, cue: _Cue, j: int, n: int, hi: int) -> int | None:
    """Where Russian reported speech starts at token ``j`` (after ``n`` words), or _STOP."""
    tok = doc.toks[j]
    low = tok.low
    if tok.text == ":" and n <= MAX_WORDS_VERB_TO_COLON:
        return _next_start(doc, j, hi)  # «сказал журналистам: …»
    if low in _RU_COMPLEMENTIZERS and (n == 0 or doc.toks[j - 1].text == ","):
        # «считает ключевым, чтобы …»: an opinion of a thing, not a report
        opinion = cue.lemma in _RU_BELIEF_LEMMAS and (n > 0 or low not in {"что", "будто"})
        # «кричит о репутации и ратует за то, что …»: the clause of another verb
        other_verb = any(
            doc.toks[k].is_word and _top_pos(doc, doc.toks[k].text) == "VERB"
            for k in range(cue.last + 1, j)
        )
        return _STOP if opinion or other_verb else tok.start
    if (
        n == 0
        and low in {"о", "об"}
        and cue.lemma in _RU_ANNOUNCE_LEMMAS
        and j + 1 < hi
        and doc.toks[j + 1].low not in {"том", "этом", "чем"}
    ):
        return doc.toks[j + 1].start  # «заявил о готовности к переговорам»
    next_low = doc.toks[j + 1].low if j + 1 < hi else ""
    ends = tok.text in {".", ";", "!", "?"}
    return (
        _STOP
        if ends or (tok.text == "," and n > 0 and next_low not in _RU_COMPLEMENTIZERS)
        else None
    )


def _en_content_step(doc: _Doc, cue: _Cue, j: int, n: int, hi: int) -> int | None:
    """Where English reported speech starts at token ``j`` (after ``n`` words), or _STOP."""
    tok = doc.toks[j]
    if (tok.text == ":" and n <= MAX_WORDS_VERB_TO_COLON) or tok.low == "that":
        return _next_start(doc, j, hi)
    if tok.text in {".", ";", "!", "?"}:
        return _STOP
    if (
        n == 0
        and cue.lemma in _EN_BARE_CLAUSE
        and cue.kind == "verb"
        and _en_bare_clause_start(doc, cue, j, hi)
    ):
        return tok.start  # "said the plan failed"
    return None


def _en_bare_clause_start(doc: _Doc, cue: _Cue, j: int, hi: int) -> bool:
    """ "said the plan failed": a clause right after the verb, not an object or a preposition."""
    tok = doc.toks[j]
    if (
        not tok.is_word
        or tok.low in _EN_NP_BREAK | _EN_TIME_WORDS | _EN_NOT_A_CLAUSE
        or cue.lemma == "tell"  # "told reporters …": the addressee first, then "that"
    ):
        return False
    if tok.low in _EN_CLAUSE_SUBJECTS or _EN_CONTRACTION.search(tok.low):
        return True  # "said he would", "says it’s"
    # a clause has a verb within a few words: look for a finite-looking word
    for k in range(j + 1, min(hi, j + MAX_WORDS_TO_FINITE_VERB)):
        low = doc.toks[k].low
        if low in _EN_AUXILIARIES or _EN_CONTRACTION.search(low) or low.endswith("ed"):
            return True
        if doc.toks[k].text in {",", ";", ":"} or low in {"that", "who", "which"}:
            return False
    return False


def _according_content(doc: _Doc, cue: _Cue, lo: int, hi: int, sent: Sentence) -> _Found | None:
    """«По словам X, …» / «…, по словам X.» / "According to X, …"."""
    speaker = _according_speaker(doc, cue, hi)
    if speaker is None:
        return None
    end_tok = max(cue.last + 1, doc.tok_index(speaker.end))
    while end_tok < hi and doc.toks[end_tok].text != ",":
        end_tok += 1
    before = doc.text[sent.start : doc.toks[cue.first].start]
    if not _WORDS.search(before):
        if end_tok >= hi:
            return None
        c_start, c_end = _sentence_content(doc, doc.toks[end_tok].end, sent.end)
    elif end_tok < hi - 1 and _WORDS.search(doc.text[doc.toks[end_tok].end : sent.end]):
        c_start, c_end = _sentence_content(doc, sent.start, sent.end)
    else:
        c_start, c_end = _sentence_content(doc, sent.start, doc.toks[cue.first].start)
    if _content_words(doc, c_start, c_end) < MIN_REPORTED_WORDS:
        return None
    return _Found(c_start, c_end, False, cue.first, speaker)
