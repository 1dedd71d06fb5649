"""Direct quotes: words in quote marks, attributed from the clause inside, after or before them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from bot.analysis.quotes.document import _Doc, _quote_spans
from bot.analysis.quotes.lexicon import (
    _DASHES,
    _EN_PRONOUNS,
    _EN_SUBORDINATORS,
    _OPENERS,
    _QUOTE_CHARS,
    _RU_POSTPOSED_ONLY,
    _WORDS,
    MAX_ATTRIBUTION_WORDS,
    MAX_INNER_ATTRIBUTION_WORDS,
    MAX_POSTPOSED_VERB_POSITION,
    MAX_SIGNATURE_WORDS,
    MAX_WORDS_CUE_TO_QUOTE,
    MIN_QUOTED_WORDS_AFTER_CUE,
    MIN_UNATTRIBUTED_WORDS,
    MIN_UNLISTED_VERB_CHARS,
)
from bot.analysis.quotes.phrases import _pronoun, _speaker_of_unit
from bot.analysis.quotes.records import _Cue, _Found, _QSpan, _Speaker
from bot.analysis.quotes.ru_subjects import _ru_unit_nominative
from bot.analysis.quotes.speakers import (
    _clause_bounds,
    _gerund_subject,
    _negated,
    _sentence_subject,
    _speaker_for,
)
from bot.analysis.quotes.unmarked import colon_paragraph_spans, dash_spans, inside


def _direct_quotes(doc: _Doc) -> list[_Found]:
    """Every direct quote with its attribution (its speaker is resolved later)."""
    spans = _all_spans(doc)
    _mark(doc, spans, in_quote=True)
    by_para: dict[int, list[tuple[_QSpan, _Found | None]]] = {}
    for q in spans:
        para = doc.paragraph_of(q.close_end - 1 if q.close_end > q.open else q.open)
        by_para.setdefault(para, []).append((q, _attribute(doc, q)))
    found: list[_Found] = []
    dropped: list[_QSpan] = []
    carry: _Found | None = None  # the speaker whose quote ends the previous paragraph
    for para, items in sorted(by_para.items()):
        # a quote running over several paragraphs goes on from where it opens
        opens = doc.paragraph_of(items[0][0].open)
        if carry is not None and carry.paragraph != opens - 1:
            carry = None
        groups = _group_quotes(doc, items)
        whole = len(groups) == 1 and _quote_is_paragraph(
            doc, groups[0][0][0][0], groups[0][0][-1][0], para
        )
        last: _Found | None = None
        for members, attribution in groups:
            q_first, q_last = members[0][0], members[-1][0]
            start, end = _trim_inner(doc.text, q_first.inner_start, q_last.inner_end)
            if end <= start or any(u.start <= start and end <= u.end for u in doc.units):
                continue  # «Газпром», “New Day”: a name in quote marks
            pieces = _pieces(doc, members)
            kinds = {q.kind for q, _ in members}
            if kinds != {"marks"} and not _said_by_verb(doc, attribution, "colon" in kinds):
                dropped.extend(q for q, _ in members)
                continue  # a dash or a colon without a reporting verb: a list, not speech
            if attribution is not None:
                f = replace(attribution, start=start, end=end)
            elif _utterance_like(doc, q_first, q_last, start, end):
                # «Рубио сказал:» ending the previous paragraph; or a paragraph that is only
                # a quote goes on with the previous paragraph's speaker
                before = _colon_before_paragraph(doc, q_first.open)
                before = before or (carry if whole else None)
                f = replace(before or _Found(0, 0, True, -1, None), start=start, end=end)
            else:
                continue
            f.direct, f.paragraph = q_first.kind != "colon", para
            f.pieces = pieces if len(pieces) > 1 else ()
            found.append(f)
            last = f
        ends_para = last is not None and _ends_paragraph(doc, last.end, para)
        carry = last if ends_para and last is not None and last.speaker is not None else None
    _mark(doc, dropped, in_quote=False)
    return found


def _all_spans(doc: _Doc) -> list[_QSpan]:
    """Quotes in quotation marks, dash dialogue and paragraphs after a colon, in text order;
    marked quotes inside a dash or colon quote are part of its speech."""
    spans = _quote_spans(doc)
    dashes = dash_spans(doc)
    spans = [q for q in spans if not inside(q, dashes)] + dashes
    colons = colon_paragraph_spans(doc, spans)
    return sorted([q for q in spans if not inside(q, colons)] + colons, key=lambda q: q.open)


def _said_by_verb(doc: _Doc, f: _Found | None, reporting: bool) -> bool:
    """An attribution with a speaker and a verb (not a bare "Name:" or the sentence's
    subject); ``reporting``: a verb of the lexicon (a paragraph after «В состав вошли:» is a
    list, while a line of dialogue after «запротестовал:» is speech)."""
    if f is None or f.speaker is None or f.cue < 0 or doc.toks[f.cue].text == ":":
        return False
    return not reporting or doc.cue_at(f.cue) is not None


def _mark(doc: _Doc, spans: Sequence[_QSpan], *, in_quote: bool) -> None:
    for q in spans:
        for i in range(doc.tok_index(q.open), doc.tok_index(q.close_end)):
            doc.in_quote[i] = in_quote


def _pieces(
    doc: _Doc, members: Sequence[tuple[_QSpan, _Found | None]]
) -> tuple[tuple[int, int], ...]:
    """The verbatim pieces of a quote: the words inside each pair of marks, without the
    attribution that interrupts them inside the marks («A, — сказал он, — B»)."""
    spans = [
        span
        for q, f in members
        for span in (f.pieces if f is not None and f.pieces else ((q.inner_start, q.inner_end),))
    ]
    out: list[tuple[int, int]] = []
    for k, (s, e) in enumerate(spans):
        start, end = _trim_inner(doc.text, s, e)
        if k < len(spans) - 1:  # a piece that goes on keeps its comma, as the text has it
            while end < e and doc.text[end] in ",;":
                end += 1
        if end > start:
            out.append((start, end))
    return tuple(out)


def _quote_is_paragraph(doc: _Doc, q_first: _QSpan, q_last: _QSpan, para: int) -> bool:
    """The quotes fill their paragraphs: from the start of the one the first opens in to the
    end of ``para``, where the last closes."""
    p_start = doc.para_spans[doc.paragraph_of(q_first.open)][0]
    p_end = doc.para_spans[para][1]
    outside = doc.text[p_start : q_first.open] + doc.text[q_last.close_end : p_end]
    return q_first.open <= p_start + 1 and not _WORDS.search(outside)


def _ends_paragraph(doc: _Doc, pos: int, para: int) -> bool:
    """Only the attribution's own sentence follows ``pos`` in its paragraph."""
    p_end = doc.para_spans[para][1]
    i = doc.tok_index(pos)
    while i < len(doc.toks) and doc.toks[i].start < p_end:
        if doc.is_sentence_end(i) and doc.toks[i].end < p_end - 1:
            rest = doc.text[doc.toks[i].end : p_end]
            return not _WORDS.search(rest)
        i += 1
    return True


def _trim_inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:—–-"):
        end -= 1
    return start, end


def _utterance_like(doc: _Doc, q_first: _QSpan, q_last: _QSpan, start: int, end: int) -> bool:
    """An unattributed quote is kept only when it is a whole sentence or more."""
    words = _WORDS.findall(doc.text[start:end])
    if len(words) < MIN_UNATTRIBUTED_WORDS or not doc.text[start : start + 1].isupper():
        return False
    i = doc.tok_index(q_first.open)
    if i > 0:
        prev = doc.toks[i - 1]
        same_para = doc.paragraph_of(prev.start) == doc.paragraph_of(q_first.open)
        if same_para and not (
            doc.is_sentence_end(i - 1) or prev.text in _DASHES or prev.text == ":"
        ):
            return False
    j = doc.tok_index(q_last.close_end)
    while j < len(doc.toks) and doc.toks[j].text in {",", ".", "!", "?", "…", ")"}:
        if doc.is_sentence_end(j):
            return True
        j += 1
    return j >= len(doc.toks) or doc.paragraph_of(doc.toks[j].start) != doc.paragraph_of(
        q_last.close_end - 1
    )


def _colon_before_paragraph(doc: _Doc, pos: int) -> _Found | None:
    """«Рубио сказал:» ending the paragraph before a quote that opens one."""
    para = doc.paragraph_of(pos)
    if para == 0 or doc.para_spans[para][0] != pos:
        return None
    p_end = doc.para_spans[para - 1][1]
    if doc.text[p_end - 1] != ":":
        return None
    colon = doc.tok_index(p_end - 1)
    return _preposed(doc, colon + 1, colon + 1, allow_far=True)


def _attribute(doc: _Doc, q: _QSpan) -> _Found | None:
    """The attribution of a quote: inside it, after it, or before it (in that order)."""
    open_tok = doc.tok_index(q.open)
    return (
        _inner_attribution(doc, q)
        or _postposed(doc, q)
        or _signature(doc, q)
        or _preposed(doc, open_tok, open_tok, allow_far=False, quote_end=q.close_end)
    )


def _signature(doc: _Doc, q: _QSpan) -> _Found | None:
    """“…” ― Pamela Padilla / «…» — Алексей Иванов: a dash and a name alone closing the
    paragraph after a quote that is a whole sentence sign it (an epigraph's or a vox pop's
    attribution), with no verb."""
    if q.kind != "marks" or not _starts_clause(doc, q.open):
        return None
    inner = doc.text[q.inner_start : q.inner_end].strip()
    if len(_WORDS.findall(inner)) < MIN_UNATTRIBUTED_WORDS or not inner[:1].isupper():
        return None
    para = doc.paragraph_of(q.close_end - 1)
    p_end = doc.para_spans[para][1]
    i = doc.tok_index(q.close_end)
    while i < len(doc.toks) and doc.toks[i].text in {",", "."}:
        i += 1
    if i >= len(doc.toks) or doc.toks[i].text not in _DASHES or doc.toks[i].start >= p_end:
        return None
    first = i + 1
    last = first
    while last < len(doc.toks) and doc.toks[last].start < p_end:
        tok = doc.toks[last]
        if not (tok.is_word and tok.text[:1].isupper()) and tok.text != ".":
            return None  # more than a name: a sentence goes on after the dash
        last += 1
    words = [t for t in doc.toks[first:last] if t.is_word]
    if not words or len(words) > MAX_SIGNATURE_WORDS:
        return None
    u = doc.unit_of.get(first)
    if u is not None and u.type in {"PER", "ORG"} and doc.tok_index(u.start) == first:
        speaker = _speaker_of_unit(doc, u)
    else:
        name = doc.text[words[0].start : words[-1].end]
        speaker = _Speaker(words[0].start, words[-1].end, name, "NP")
    return _Found(q.inner_start, q.inner_end, True, i, speaker)


def _inner_attribution(doc: _Doc, q: _QSpan) -> _Found | None:
    """«Мы остаемся, — сказал Рубио, — вовлеченными»: the attribution inside the marks."""
    if doc.lang != "ru":
        return None
    pattern = re.compile(r"[,.!?…]\s*[—–-]{1,2}\s+([^—–«»“”„\"]{2,200}?)[,.]\s*[—–-]{1,2}\s")
    seg = doc.text[q.inner_start : q.inner_end]
    for m in pattern.finditer(seg):
        c_start = q.inner_start + m.start(1)
        c_end = q.inner_start + m.end(1)
        lo, hi = doc.tok_index(c_start), doc.tok_index(c_end)
        if len([t for t in doc.toks[lo:hi] if t.is_word]) > MAX_INNER_ATTRIBUTION_WORDS:
            continue
        saved = doc.in_quote[lo:hi]
        doc.in_quote[lo:hi] = [False] * (hi - lo)
        for i in range(lo, hi):
            cue = doc.cue_at(i)
            if cue is None or cue.kind not in {"verb"}:
                continue
            speaker = _speaker_for(doc, cue, lo, hi, inverted=True)
            if speaker is not None:
                # the pieces keep the punctuation that ends the first one («?», «!», «…»)
                first = (q.inner_start, q.inner_start + m.start() + 1)
                rest = (q.inner_start + m.end(), q.inner_end)
                return _Found(q.inner_start, q.inner_end, True, i, speaker, pieces=(first, rest))
        doc.in_quote[lo:hi] = saved
    return None


def _postposed(doc: _Doc, q: _QSpan) -> _Found | None:
    """«…», — сказал X. / "…," X said. / "…," said X, "…"."""
    start = _after_quote(doc, q)
    if start is None:
        return None
    i, strong = start
    hi = _attribution_clause_end(doc, i)
    # the verb comes first or after a subject; commas may separate appositions (en)
    for j in range(i, hi):
        if doc.lang == "ru" and doc.toks[j].text == "," and j > i + MAX_INNER_ATTRIBUTION_WORDS:
            break
        cue = doc.cue_at(j)
        if cue is None or cue.kind != "verb":
            continue
        speaker = _speaker_for(doc, cue, i, hi, inverted=True)
        if speaker is not None or doc.lang == "ru":
            return _Found(q.inner_start, q.inner_end, True, j, speaker)
    # any verb in that position reports the quote («…», — успокоила нас мама; "…," Trump barked)
    # unless a subordinate clause opens there ("“…,” when Clinton blasted him")
    subordinate = doc.lang == "en" and doc.toks[i].low in _EN_SUBORDINATORS
    generic = _postposed_verb(doc, i, hi) if strong and not subordinate else None
    speaker = _speaker_for(doc, generic, i, hi, inverted=True) if generic is not None else None
    if generic is not None and speaker is not None:
        return _Found(q.inner_start, q.inner_end, True, generic.first, speaker)
    return None


def _after_quote(doc: _Doc, q: _QSpan) -> tuple[int, bool] | None:
    """Where an attribution after the quote would start, and whether the punctuation says
    that one follows («…», — / "…," / "…?"); None when the quote cannot have one there."""
    if not _starts_clause(doc, q.open):
        return None  # «… a “burn bag,” the Times reported»: a quoted phrase, not a quote
    # a quote that ends with one inside it ("… he said, 'Our approach hasn't worked,'"):
    # the punctuation before the inner closing mark counts
    inner_last = doc.text[q.inner_start : q.inner_end].rstrip().rstrip(_QUOTE_CHARS)[-1:]
    para = doc.paragraph_of(q.close_end - 1)
    i = doc.tok_index(q.close_end)
    punct = False
    while i < len(doc.toks) and doc.toks[i].text in _DASHES | {","}:
        punct = True
        i += 1
    if i >= len(doc.toks) or doc.paragraph_of(doc.toks[i].start) != para:
        return None
    first = doc.toks[i]
    strong = punct or inner_last in {",", "?", "!"}
    lower_start = doc.lang == "en" and first.text[:1].islower()
    if not (strong or inner_last in {"…", "—", "-", "–"} or lower_start) or not first.is_word:
        return None
    return i, strong


def _attribution_clause_end(doc: _Doc, i: int) -> int:
    """End (token index) of the clause that starts at token ``i`` after a quote."""
    para = doc.paragraph_of(doc.toks[i].start)
    hi, words = i, 0
    while hi < len(doc.toks):
        tok = doc.toks[hi]
        if doc.paragraph_of(tok.start) != para or tok.text in _OPENERS or tok.text == "''":
            break
        if doc.is_sentence_end(hi) or tok.text in {";", ":"}:
            break
        words += tok.is_word
        if words > MAX_ATTRIBUTION_WORDS:
            break
        hi += 1
    return hi


def _postposed_verb(doc: _Doc, i: int, hi: int) -> _Cue | None:
    """A verb outside the lexicon that opens (ru) or follows a short subject in (en) the
    clause after a quote."""
    for j in range(i, min(hi, i + MAX_POSTPOSED_VERB_POSITION)):
        tok = doc.toks[j]
        if not tok.is_word:
            return None
        if doc.lang == "ru":
            parses = doc.parse(tok.text)
            if parses and parses[0].tag.POS == "VERB" and parses[0].tag.tense in {"past", "pres"}:
                tag = parses[0].tag
                return _Cue(j, j, "verb", parses[0].normal, tag.number, tag.gender)
        elif (
            tok.low.endswith("ed")
            and j not in doc.unit_of
            and len(tok.low) >= MIN_UNLISTED_VERB_CHARS
        ):
            return _Cue(j, j, "verb", tok.low)
    return None


def _starts_clause(doc: _Doc, pos: int) -> bool:
    """Nothing but a clause boundary before the quote mark at ``pos`` in its paragraph."""
    i = doc.tok_index(pos)
    if i == 0:
        return True
    prev = doc.toks[i - 1]
    if doc.paragraph_of(prev.start) != doc.paragraph_of(pos):
        return True
    if doc.is_sentence_end(i - 1) or prev.text in {",", ":", ";", "(", "[", "…"} | _DASHES:
        return True
    return prev.text in _QUOTE_CHARS or prev.text == "''"


def _preposed(
    doc: _Doc, open_tok: int, limit_tok: int, *, allow_far: bool, quote_end: int | None = None
) -> _Found | None:
    """X заявил: «…» / по словам X, «…» / X said, "…": a cue before the quote in its sentence.

    ``limit_tok`` is the token after the last one searched (the quote mark, or the colon
    ending the paragraph before); ``allow_far`` lets any words stand between cue and quote.
    """
    j = limit_tok - 1
    if open_tok == 0 or j < 0:
        return None
    dashed = _name_and_dash(doc, j, quote_end)
    if dashed is not None or (quote_end is not None and not _runs_to_sentence_end(doc, quote_end)):
        return dashed
    punct = doc.toks[j].text in {":", ","}
    if allow_far or punct:
        max_between: int | None = None  # any number of words
    else:
        quoted = doc.text[doc.toks[open_tok].end : quote_end] if quote_end is not None else ""
        n_quoted = len(_WORDS.findall(quoted))
        if n_quoted < MIN_QUOTED_WORDS_AFTER_CUE and doc.toks[j].low not in {"that", "что"}:
            return None  # «передает «РИА Новости»», "a “disgrace”": a name or a word
        # a quote that goes on the sentence after a few words («рассказали, в ходе встречи
        # «проведена …»») is long and starts in lower case; a capitalised one there is a title
        continues = n_quoted >= MIN_UNATTRIBUTED_WORDS and not quoted.lstrip()[:1].isupper()
        max_between = MAX_WORDS_CUE_TO_QUOTE if continues else 0
    found = _cue_before(doc, j, open_tok, max_between)
    if found is not None or doc.toks[j].text != ":":
        return found
    # no reporting verb before the colon: "Jeffrey M. Jones: “…”", "Trump boomed: “…”"
    u = doc.unit_of.get(j - 1) if j > 0 else None
    if u is not None and doc.lang == "ru" and not _ru_unit_nominative(doc, u):
        u = None  # «ответил Суркову:», «по правительству Медведева:»: not who speaks
    subject = _speaker_of_unit(doc, u) if u is not None else None
    lo = _clause_bounds(doc, j)[0]
    # a verb right before the colon has its subject in its own clause («…, но Анвар Ибрагим
    # покачал головой и запротестовал:»), not necessarily the sentence's first one
    verb = _postposed_verb(doc, j - 1, j) if subject is None and j > lo else None
    if verb is not None and (subject := _speaker_for(doc, verb, lo, j, inverted=False)):
        return _Found(0, 0, True, verb.first, subject)
    subject = subject or _clause_subject(doc, lo, j) or _sentence_subject(doc, lo, j)
    return _Found(0, 0, True, j, subject) if subject is not None else None


def _clause_subject(doc: _Doc, lo: int, j: int) -> _Speaker | None:
    """ "She became upset, so that I had to change my answer:": the nearest person or
    personal pronoun before the colon in its clause (English; not past a comma)."""
    if doc.lang != "en":
        return None
    for k in range(j - 1, lo - 1, -1):
        tok = doc.toks[k]
        if tok.text in {",", ";"} or doc.in_quote[k]:
            return None
        if tok.low in _EN_PRONOUNS and tok.low not in {"it", "you"}:
            return _pronoun(tok, _EN_PRONOUNS[tok.low])
        u = doc.unit_of.get(k)
        if u is not None and u.type == "PER" and doc.tok_index(u.start) == k:
            return _speaker_of_unit(doc, u)
    return None


def _name_and_dash(doc: _Doc, j: int, quote_end: int | None) -> _Found | None:
    """ "… the former candidate Mitt Romney -- “…” --": the name a dash right before the quote
    follows (English), the quote running to the end of its sentence or of the dashes' aside."""
    if doc.lang != "en" or doc.toks[j].text not in {"--", "—", "―"} or j == 0:
        return None
    u = doc.unit_of.get(j - 1)
    if u is None or u.type != "PER" or doc.tok_index(u.end - 1) != j - 1:
        return None
    if quote_end is not None and not _runs_to_sentence_end(doc, quote_end):
        after = doc.tok_index(quote_end)
        if after >= len(doc.toks) or doc.toks[after].text != doc.toks[j].text:
            return None
    return _Found(0, 0, True, j, _speaker_of_unit(doc, u))


def _cue_before(doc: _Doc, j: int, open_tok: int, max_between: int | None) -> _Found | None:
    """The nearest reporting cue at or before token ``j`` in its sentence, with its speaker."""
    para = doc.paragraph_of(doc.toks[j].start)
    words_between = 0
    gerund: int | None = None
    for k in range(j, -1, -1):
        tok = doc.toks[k]
        if doc.paragraph_of(tok.start) != para or (doc.is_sentence_end(k) and k != j):
            break
        if doc.in_quote[k] and tok.is_word:
            break
        cue = doc.cue_at(k)
        if cue is None and k > 0 and (prev := doc.cue_at(k - 1)) is not None:
            cue = prev if prev.kind == "according" and prev.last == k else None  # «по словам»
        if cue is not None and cue.kind == "grnd":
            gerund = gerund if gerund is not None else cue.first
        elif cue is not None and not (doc.lang == "ru" and cue.lemma in _RU_POSTPOSED_ONLY):
            if _negated(doc, cue):
                return None
            lo = _clause_bounds(doc, cue.first)[0]
            initial = not any(t.is_word for t in doc.toks[lo : cue.first])
            speaker = _speaker_for(doc, cue, lo, open_tok, inverted=initial)
            if speaker is None:
                return None
            # «…, подчеркнув, что «…»»: the gerund is the cue, its clause's subject speaks
            return _Found(0, 0, True, cue.first if gerund is None else gerund, speaker)
        if tok.is_word and tok.low not in {"that", "что", "будто", "якобы"}:
            words_between += 1
            if max_between is not None and words_between > max_between and gerund is None:
                return None
    if gerund is not None:  # «…, повторяя Ленина: «…»»: the speaker of the clause it hangs on
        return _Found(0, 0, True, gerund, _gerund_subject(doc, gerund), inherit=True)
    return None


def _runs_to_sentence_end(doc: _Doc, pos: int) -> bool:
    """Only punctuation follows the quote up to the end of its sentence or paragraph, or
    the quote ends with its own sentence's punctuation (chanted “What curfew?” and kept
    going): a whole utterance, whatever the sentence goes on with."""
    if doc.text[:pos].rstrip().rstrip(_QUOTE_CHARS)[-1:] in {".", "!", "?"}:
        return True
    i = doc.tok_index(pos)
    para = doc.paragraph_of(pos - 1)
    while i < len(doc.toks) and doc.paragraph_of(doc.toks[i].start) == para:
        tok = doc.toks[i]
        if doc.is_sentence_end(i):
            return True
        if tok.is_word or tok.text in _OPENERS:
            return False
        i += 1
    return True


def _group_quotes(
    doc: _Doc, items: list[tuple[_QSpan, _Found | None]]
) -> list[tuple[list[tuple[_QSpan, _Found | None]], _Found | None]]:
    """Quotes of one paragraph that continue each other become one quote with one speaker.

    "“A,” X said. “B.”" and «“A,” said X, “B”» are one statement (PolNeAR annotates them so):
    a quote without its own attribution joins the attributed quote before it unless another
    reporting verb stands between them. Each group keeps its members (quote and own
    attribution) and the attribution of the whole.
    """
    groups: list[tuple[list[tuple[_QSpan, _Found | None]], _Found | None]] = []
    for q, f in items:
        if f is None and not _starts_clause(doc, q.open):
            continue  # a quoted title or word inside a sentence: not part of any quote
        if groups:
            members, g_f = groups[-1]
            g_last = members[-1][0]
            lo, hi = doc.tok_index(g_last.close_end), doc.tok_index(q.open)
            own = g_f.cue if g_f is not None else -1
            other_cue = any(
                i != own and (c := doc.cue_at(i)) is not None and c.kind != "grnd"
                for i in range(lo, hi)
            )  # "“A,” Christie said, adding that …. “B.”": the gerund is his too
            gap_words = _WORDS.search(doc.text[g_last.close_end : q.open]) is not None
            if g_f is not None and (
                (f is not None and f.cue == g_f.cue)
                or (f is None and not other_cue and _starts_clause(doc, q.open))
            ):
                groups[-1] = ([*members, (q, f)], g_f)
                continue
            if g_f is None and f is not None and not gap_words:
                groups[-1] = ([*members, (q, f)], f)
                continue
        groups.append(([(q, f)], f))
    return groups
