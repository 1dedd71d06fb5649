"""Offsets of the analysed text carried back into the text the user gave.

The cleaner turns a pasted text into the analysed one: the headline line on top becomes
the title, page furniture and odd whitespace go, a dateline is split off. It never
rewrites a word, so the analysed text's words are the input's words in the same order,
with some of the input's words missing. `in_input` re-indexes a Summary's mentions
(the title's too) and quotes into the input, so the ``--details`` JSON describes the text
exactly as given; a span whose words the cleaner changed is left out rather than guessed.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import replace

from bot.models import Mention, Quote, Summary

_WORD = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")
# The title is analysed apart from the text; for alignment it stands before it like this.
_TITLE_GAP = "\n\n"


class _Aligner:
    """Maps character offsets of ``analysed`` to ``original`` through matching words."""

    def __init__(self, analysed: str, original: str) -> None:
        a_words = list(_WORD.finditer(analysed))
        b_words = list(_WORD.finditer(original))
        matcher = difflib.SequenceMatcher(
            None, [m.group() for m in a_words], [m.group() for m in b_words], autojunk=False
        )
        self._starts: list[int] = [m.start() for m in a_words]
        self._ends: list[int] = [m.end() for m in a_words]
        # analysed word index -> original word start, for words that match exactly.
        self._to: dict[int, int] = {}
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                self._to[a + k] = b_words[b + k].start()

    def _word(self, pos: int) -> int | None:
        """The index of the analysed word holding character ``pos``."""
        i = bisect.bisect_right(self._starts, pos) - 1
        return i if i >= 0 and pos < self._ends[i] else None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """``analysed[start:end]`` as a span of ``original``, or None when it does not align."""
        if end <= start:
            return None
        first, last = self._word(start), self._word(end - 1)
        if first is None or last is None or first not in self._to or last not in self._to:
            return None
        new_start = self._to[first] + (start - self._starts[first])
        new_end = self._to[last] + (end - self._starts[last])
        if new_end - new_start != end - start and first == last:
            return None
        return new_start, new_end


def in_input(summary: Summary, original: str) -> Summary:
    """``summary`` with ``text`` = ``original`` and every offset indexing into it.

    The title's mentions (``summary.title_mentions``, offsets into the title) that the input
    holds, as a headline line on top of a pasted text, join the mentions. Mentions that do
    not align are dropped; a quote that does not align keeps its words with start = end = 0,
    and a speaker that does not align loses its offsets.
    """
    title = summary.title or ""
    shift = len(title) + len(_TITLE_GAP) if title else 0
    analysed = (title + _TITLE_GAP if title else "") + summary.text
    aligned = None if analysed == original else _Aligner(analysed, original)

    def move(start: int, end: int) -> tuple[int, int] | None:
        if aligned is None:
            return start, end
        return aligned.span(start, end)

    def moved(m: Mention, offset: int) -> Mention | None:
        span = move(m.start + offset, m.end + offset)
        if span is None:
            return None
        piece = original[span[0] : span[1]]
        if _SPACE.sub(" ", piece) != _SPACE.sub(" ", m.text):  # a name wrapped over lines
            return None
        return replace(m, start=span[0], end=span[1], text=piece)

    mentions = [moved(m, 0) for m in summary.title_mentions] if title else []
    mentions += [moved(m, shift) for m in summary.mentions]
    quotes = []
    for q in summary.quotes:
        span = move(q.start + shift, q.end + shift)
        speaker = None
        if q.speaker_start is not None and q.speaker_end is not None:
            speaker = move(q.speaker_start + shift, q.speaker_end + shift)
        quotes.append(_quote_at(q, span, speaker))
    return replace(
        summary,
        text=original,
        mentions=tuple(m for m in mentions if m is not None),
        quotes=tuple(quotes),
    )


def _quote_at(q: Quote, span: tuple[int, int] | None, speaker: tuple[int, int] | None) -> Quote:
    start, end = span if span is not None else (0, 0)
    return replace(
        q,
        start=start,
        end=end,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
    )
