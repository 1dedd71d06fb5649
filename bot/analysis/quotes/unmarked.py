"""Quotes without quotation marks: Russian dash dialogue and a paragraph after a colon.

A Russian paragraph that opens with a dash is a line of direct speech («— Мы готовы, —
сказал Песков. — Но не сейчас»): its pieces are the words between the opening dash (or a
dash that resumes after the attribution) and the punctuation plus dash that hand over to the
narration. A paragraph with no quotation marks right after one that ends with a colon («В
интервью Григорян отметил:», "The statement said:") is a quote when that colon has a
speaker. Both are kept only with a reporting verb, since a dash also opens list items and a
colon also introduces lists; a colon paragraph is reported speech (``direct=False``): no
mark says its words are verbatim, and PolNeAR's convention agrees.
"""

from __future__ import annotations

import re

from bot.analysis.quotes.document import _Doc
from bot.analysis.quotes.lexicon import MAX_INNER_ATTRIBUTION_WORDS
from bot.analysis.quotes.records import _QSpan

# A paragraph of dialogue: a dash, then the first word (capitalised), an ellipsis or a quote.
_DIALOGUE_OPEN = re.compile(r"[—–]\s*(?=[A-ZА-ЯЁ«„“\"…]|\.\.\.)")
# The speech hands over to the narration: punctuation, a dash, a word in lower case
# («…, — сказал он», «…!..— уточнил Путин»).
_HANDOVER = re.compile(r"[,.!?…]+\s*[—–]\s*(?=[a-zа-яё])")
# The speech resumes after the attribution: «, — но …» or «. — Это …» (a capital after a stop).
_RESUME = re.compile(r",\s*[—–]\s*(?=\w)|[.!?…]\s*[—–]\s*(?=[A-ZА-ЯЁ«„“\"…])")
_WORD = re.compile(r"\w+")
_DASH = re.compile(r"[—–]")


def dash_spans(doc: _Doc) -> list[_QSpan]:
    """The speech pieces of every Russian paragraph that opens with a dash."""
    if doc.lang != "ru":
        return []
    text = doc.text
    out: list[_QSpan] = []
    for p_start, p_end in doc.para_spans:
        m = _DIALOGUE_OPEN.match(text, p_start, p_end)
        if m is None or not (_HANDOVER.search(text, m.end(), p_end) or _after_colon(doc, p_start)):
            continue  # a list item, or a line of a dialogue nobody is said to speak
        opener, start = m.start(), m.end()
        while True:
            hand = _HANDOVER.search(text, start, p_end)
            if hand is None:
                out.append(_QSpan(opener, start, p_end, p_end, kind="dash"))
                break
            stop = hand.start() + len(hand.group()) - len(hand.group().lstrip(",.!?…"))
            out.append(_QSpan(opener, start, stop, stop, kind="dash"))
            resume = _RESUME.search(text, hand.end(), p_end)
            if resume is None:
                break
            if len(_WORD.findall(text[hand.end() : resume.start()])) > MAX_INNER_ATTRIBUTION_WORDS:
                break  # the narration goes on: a later dash is not the speech resuming
            dash = _DASH.search(text, resume.start(), resume.end())
            opener = dash.start() if dash is not None else resume.start()
            start = resume.end()
    return out


def colon_paragraph_spans(doc: _Doc, taken: list[_QSpan]) -> list[_QSpan]:
    """Paragraphs without quotation marks at their start that follow a paragraph ending with
    a colon («Григорян отметил:»); whether the colon has a speaker is decided by the caller."""
    opened = {q.open for q in taken}
    out: list[_QSpan] = []
    for k, (p_start, p_end) in enumerate(doc.para_spans):
        if k == 0 or p_start in opened or not _after_colon(doc, p_start):
            continue
        first = doc.text[p_start]
        if first.isupper() or first == "…":
            out.append(_QSpan(p_start, p_start, p_end, p_end, kind="colon"))
    return out


def _after_colon(doc: _Doc, p_start: int) -> bool:
    k = doc.paragraph_of(p_start)
    return k > 0 and doc.text[doc.para_spans[k - 1][1] - 1] == ":"


def inside(q: _QSpan, outer: list[_QSpan]) -> bool:
    """Whether a quote lies within one of the ``outer`` spans (a quote inside the speech)."""
    return any(o.inner_start <= q.open and q.close_end <= o.inner_end for o in outer)
