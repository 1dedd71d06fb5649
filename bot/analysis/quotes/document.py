"""The document the finders share: tokens, paragraphs, mentions as speaker units, quote marks."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

from bot.analysis.models import NlpModels
from bot.analysis.quotes.lexicon import (
    _ABBREVIATION,
    _EN_ADVERBS,
    _EN_BASE_FORM_SUBJECTS,
    _EN_FORMS,
    _EN_NOUN_CONTEXT,
    _EN_NOUN_LIKE,
    _EN_PRONOUNS,
    _RU_ACCORDING_NOUNS,
    _RU_CERTAIN,
    _RU_POSSESSIVE_PRONOUNS,
    _SENTENCE_END,
    _TOKEN,
    MAX_ACRONYM,
    MIN_ACRONYM,
    _ru_verb_forms,
)
from bot.analysis.quotes.records import _Cue, _QSpan, _Tok, _Unit
from bot.models import Mention, Sentence


class _Doc:
    """Tokens, entities and lookups of one article, shared by the finders below."""

    def __init__(
        self,
        text: str,
        sentences: Sequence[Sentence],
        mentions: Sequence[Mention],
        lang: str,
        nlp: NlpModels,
    ) -> None:
        self.text = text
        self.lang = "en" if lang == "en" else "ru"
        self.vocab = nlp.morph_vocab
        self.sentences = list(sentences)
        self.sent_starts = [s.start for s in self.sentences]
        self.toks = _tokenize(text)
        self.tok_starts = [t.start for t in self.toks]
        self.para_spans = _paragraphs(text)
        self.para_starts = [p[0] for p in self.para_spans]
        self.units = _units(text, mentions, self.lang, self.vocab)
        self.unit_of: dict[int, _Unit] = {}
        for u in self.units:
            for i in range(self.tok_index(u.start), len(self.toks)):
                if self.toks[i].start >= u.end:
                    break
                self.unit_of[i] = u
        self.ru_forms = _ru_verb_forms(self.vocab) if self.lang == "ru" else {}
        self._parse_cache: dict[str, list[Any]] = {}
        self.genders: dict[str, str] = {}
        self.in_quote = [False] * len(self.toks)

    # -- positions

    def tok_index(self, offset: int) -> int:
        """Index of the first token that ends after ``offset``."""
        i = bisect_right(self.tok_starts, offset) - 1
        if i < 0:
            return 0
        return i if self.toks[i].end > offset else i + 1

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self.para_starts, offset) - 1)

    def sentence_span(self, offset: int) -> tuple[int, int]:
        i = bisect_right(self.sent_starts, offset) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i].start, self.sentences[i].end
        return (
            self.para_spans[self.paragraph_of(offset)] if self.para_spans else (0, len(self.text))
        )

    def parse(self, word: str) -> list[Any]:
        key = word.lower()
        if key not in self._parse_cache:
            self._parse_cache[key] = list(self.vocab(key))
        return self._parse_cache[key]

    # -- token classes

    def is_sentence_end(self, i: int) -> bool:
        """A full stop that ends a sentence (not "Mr." or an initial)."""
        tok = self.toks[i]
        if tok.text not in _SENTENCE_END:
            return False
        if tok.text == "." and i > 0:
            prev = self.toks[i - 1]
            if prev.end == tok.start and _ABBREVIATION.match(prev.text):
                return False
        k = i + 1
        if k < len(self.toks) and self.toks[k].text in {")", "]"} and tok.text == ".":
            k += 1  # "Rep. John Mica (R-Fla.) said": what follows the bracket decides
        nxt = self.toks[k] if k < len(self.toks) else None
        if nxt is None or "\n" in self.text[tok.end : nxt.start]:
            return True
        return not (nxt.text[:1].islower() or nxt.text[:1].isdigit() or nxt.text in ",;:")

    def cue_at(self, i: int) -> _Cue | None:
        """The reporting verb or phrase that starts at token ``i``, if any."""
        if not self.toks[i].is_word:
            return None
        return self._en_cue_at(i) if self.lang == "en" else self._ru_cue_at(i)

    def _ru_cue_at(self, i: int) -> _Cue | None:
        low = self.toks[i].low
        if low in _RU_CERTAIN:
            return _Cue(i, i, "certain", low)
        if low in {"по", "со"} and i + 1 < len(self.toks):
            nxt = self.toks[i + 1].low
            if (low == "по" and nxt in _RU_ACCORDING_NOUNS) or (low == "со" and nxt == "слов"):
                return _Cue(i, i + 1, "according", nxt)
            # «по его словам»
            if (
                low == "по"
                and nxt in _RU_POSSESSIVE_PRONOUNS
                and i + 2 < len(self.toks)
                and self.toks[i + 2].low in _RU_ACCORDING_NOUNS
            ):
                return _Cue(i, i + 2, "according", self.toks[i + 2].low)
        forms = self.ru_forms.get(low)
        if not forms:
            return None
        c = forms[0]
        return _Cue(i, i, c.kind, c.lemma, c.number, c.gender)

    def _en_cue_at(self, i: int) -> _Cue | None:
        low = self.toks[i].low
        if low in {"according", "put"}:
            return self._en_phrase_cue_at(i)
        base = _EN_FORMS.get(low)
        if base is None or (i - 1 in self.unit_of and self.unit_of.get(i) is self.unit_of[i - 1]):
            return None  # a word inside a name: "United States", "Consumer Reports"
        prev = self.toks[i - 1].low if i > 0 else ""
        k = i - 1  # "a reader would now ask:": the auxiliary before an adverb
        while k > 0 and self.toks[k].low in _EN_ADVERBS:
            k -= 1
        aux = self.toks[k].low if i > 0 else ""
        if low == base and not (
            aux in _EN_BASE_FORM_SUBJECTS or (prev.endswith("s") and prev not in _EN_NOUN_CONTEXT)
        ):
            return None  # "state Del. Marcia", "a report": a noun, or an infinitive
        if (
            low != base
            and low.endswith("s")
            and not low.endswith("ss")
            and prev in _EN_NOUN_CONTEXT
        ):
            return None  # "news reports", "the claims"
        if (
            low != base
            and low.endswith("s")
            and base in _EN_NOUN_LIKE
            and not (i - 1 in self.unit_of or prev in _EN_PRONOUNS)
        ):
            return None  # "fundraising reports", "Western states": plural nouns
        kind = "grnd" if low.endswith("ing") and base != low else "verb"
        number = "sing" if low.endswith("s") and low != base else None
        return _Cue(i, i, kind, base, number)

    def _en_phrase_cue_at(self, i: int) -> _Cue | None:
        """ "according to X"; "as Steven Rosenthal put it, “…”" (the idiom introduces the
        words that follow it after a comma or colon)."""
        nxt = [t.low for t in self.toks[i + 1 : i + 3]]
        if self.toks[i].low == "according" and nxt[:1] == ["to"]:
            return _Cue(i, i + 1, "according", "according to")
        if nxt in (["it", ","], ["it", ":"]):
            return _Cue(i, i + 1, "verb", "put it")
        return None


def _tokenize(text: str) -> list[_Tok]:
    """Tokens of the whole text; the hot loop of the quote finder, kept lean."""
    low = text.lower().replace("ё", "е")
    same = len(low) == len(text)  # lower() can change the length of rare letters (İ)
    toks = []
    for i, m in enumerate(_TOKEN.finditer(text)):
        start, end = m.span()
        word = m.group()
        first = word[0]
        toks.append(
            _Tok(
                i,
                start,
                end,
                word,
                low[start:end] if same else word.lower().replace("ё", "е"),
                first.isalnum() or first == "_",
            )
        )
    return toks


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines; a line that a hard wrap cut mid-sentence (it stops without sentence punctuation
    and the next line goes on in lower case) goes on into the next one."""
    spans: list[tuple[int, int]] = []
    joined = False
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        line = m.group()
        s += len(line) - len(line.lstrip())
        e -= len(line) - len(line.rstrip())
        if e <= s:
            joined = False
            continue
        if joined and spans and text[s].islower():
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
        joined = _WRAPPED.search(text, 0, e) is not None
    return spans


# A line cut by a hard wrap: it ends with a word, a comma or a hyphen, not with sentence
# punctuation, a colon or a closing quote.
_WRAPPED = re.compile(r"[\w,\-–—]$")


def _units(text: str, mentions: Sequence[Mention], lang: str, vocab: Any) -> list[_Unit]:
    """Mentions as speaker candidates; an ORG followed by a LOC acronym or genitive is one."""
    ordered = sorted(mentions, key=lambda m: m.start)
    out: list[_Unit] = []
    i = 0
    while i < len(ordered):
        m = ordered[i]
        unit = _Unit(m.start, m.end, m.type, m.normal)
        if m.type == "ORG" and i + 1 < len(ordered):
            nxt = ordered[i + 1]
            gap = text[m.end : nxt.start]
            if (
                nxt.type == "LOC"
                and gap.strip() == ""
                and "\n" not in gap
                and (_is_acronym(nxt.text) or (lang == "ru" and _is_genitive(nxt.text, vocab)))
            ):
                unit = _Unit(m.start, nxt.end, "ORG", f"{m.normal} {nxt.text}")
                i += 1
        out.append(unit)
        i += 1
    return out


def _is_acronym(word: str) -> bool:
    return MIN_ACRONYM <= len(word) <= MAX_ACRONYM and word.isupper() and word.isalpha()


def _is_genitive(phrase: str, vocab: Any) -> bool:
    words = phrase.split()
    return bool(words) and any(p.feats.get("Case") == "Gen" for p in vocab(words[-1].lower()))


def _quote_spans(doc: _Doc) -> list[_QSpan]:
    """Top-level quotes of the text; one left open goes on in a paragraph that opens one."""
    text = doc.text
    out: list[_QSpan] = []
    carried: _QSpan | None = None
    for p_start, p_end in doc.para_spans:
        spans, unclosed = _scan_paragraph(text, p_start, p_end)
        if carried is not None:
            if spans and spans[0].open == p_start:
                first = spans.pop(0)
                carried.inner_end, carried.close_end = first.inner_end, first.close_end
                out.append(carried)
                carried = None
            elif unclosed is not None and unclosed.open == p_start and not spans:
                carried.inner_end, carried.close_end = unclosed.inner_end, unclosed.close_end
                continue
            else:
                out.append(carried)
                carried = None
        out.extend(spans)
        carried = unclosed
    if carried is not None:
        out.append(carried)
    return out


def _scan_paragraph(  # noqa: PLR0912 (one branch per kind of quote mark, as they are read)
    text: str, p_start: int, p_end: int
) -> tuple[list[_QSpan], _QSpan | None]:
    """Top-level quotes of one paragraph and the quote left open at its end, if any.

    « » pair with each other; the double quotes (“ ” „ " '') are one family because texts
    mix them (an opening " closed by ” or ''); ‘ ’ are quotes only when they pair up, since
    ’ is also the apostrophe. Straight quotes open or close by what is around them.
    """
    stack: list[tuple[str, int, int]] = []  # (family, position, length)
    spans: list[_QSpan] = []
    for m in re.finditer(r"''|[«»“”„‘’\"]", text[p_start:p_end]):
        mark = m.group()
        pos = p_start + m.start()
        end = pos + len(mark)
        prev = text[pos - 1] if pos > p_start else " "
        nxt = text[end] if end < p_end else " "
        top = stack[-1][0] if stack else None
        closed: tuple[str, int, int] | None = None
        if mark == "«":
            stack.append(("«", pos, 1))
        elif mark == "»":
            closed = _pop_to(stack, "«")
        elif mark == "„":
            stack.append(("d", pos, 1))
        elif mark == "”":
            closed = _pop_to(stack, "d")
        elif mark == "‘" and _opening_context(prev, nxt):
            stack.append(("s", pos, 1))
        elif mark == "’" and top == "s" and not nxt.isalnum():
            closed = stack.pop()
        elif mark in {"“", '"', "''"}:  # open or close by context
            opening, closing = _opening_context(prev, nxt), _closing_context(prev, nxt)
            closes_low = mark == "“" and top == "d" and text[stack[-1][1]] == "„"  # „…“
            if closes_low or (
                top == "d" and (closing or not opening) and not (mark == "“" and opening)
            ):
                closed = stack.pop()
            elif opening or mark == "“":
                stack.append(("d", pos, len(mark)))
            elif closing and "d" in [k for k, _, _ in stack]:
                closed = _pop_to(stack, "d")
        if closed is not None and not stack:
            _, o_pos, o_len = closed
            spans.append(_QSpan(o_pos, o_pos + o_len, pos, end))
    unclosed = None
    if stack:
        _, o_pos, o_len = stack[0]
        unclosed = _QSpan(o_pos, o_pos + o_len, p_end, p_end)
    return spans, unclosed


def _pop_to(stack: list[tuple[str, int, int]], kind: str) -> tuple[str, int, int] | None:
    for j in range(len(stack) - 1, -1, -1):
        if stack[j][0] == kind:
            found = stack[j]
            del stack[j:]
            return found
    return None


def _opening_context(prev: str, nxt: str) -> bool:
    return (prev.isspace() or prev in "([{«„“—–-:/") and not nxt.isspace()


def _closing_context(prev: str, nxt: str) -> bool:
    return not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]}»”…—–-")
