"""Where a mention stands: inside a quoted passage or a caption line, in the headline."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from bot.models import Entity, Mention, Quote

# A mention inside quoted words or a caption line counts this fraction (lead bonus included):
# chosen on half A of benchmarks/realworld_labels.jsonl (scientists named in a quote ranked
# above the story's subject) and checked on half B and on bench_main.py's factRuEval halves;
# a quarter keeps a person quoted often still visible.
QUOTED_FACTOR = 0.25
CAPTION_FACTOR = 0.25
# A quoted passage is one of at least this many words (shorter ones are names: «Роснефть»).
MIN_QUOTED_WORDS = 4
# A caption line: a paragraph without a sentence end and at most this many words.
MAX_CAPTION_WORDS = 12

_SENTENCE_END = re.compile(r"[.!?…:;]\s*$")
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_WORDS = re.compile(r"\w+")
_QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", '"': '"'}


def quoted_spans(text: str, quotes: Sequence[Quote]) -> list[tuple[int, int]]:
    """Spans of quoted words: the quotes found, and passages of several words in quotes."""
    spans = [(q.start, q.end) for q in quotes if q.direct and q.end > q.start]
    for paragraph in re.finditer(r"[^\n]+", text):
        line, base = paragraph.group(), paragraph.start()
        i = 0
        while i < len(line):
            close = _QUOTE_PAIRS.get(line[i])
            if close is None:
                i += 1
                continue
            j = line.find(close, i + 1)
            if j < 0:
                break
            if len(line[i + 1 : j].split()) >= MIN_QUOTED_WORDS:
                spans.append((base + i, base + j + 1))
            i = j + 1
    return sorted(spans)


def caption_spans(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are no sentence: captions, credits, subheads (short, no sentence end).

    Paragraphs are blank-line separated when the text has blank lines, else lines; when most
    paragraphs look so (a hard-wrapped text), none is taken for a caption. The first paragraph
    is the headline or the lead, never a caption.
    """
    sep = r"\n\s*\n" if re.search(r"\n\s*\n", text) else r"\n"
    spans, count = [], 0
    pos, first_listed = 0, False
    for part in re.split(f"({sep})", text):
        start, pos = pos, pos + len(part)
        block = part.strip()
        if not block or re.fullmatch(sep, part):
            continue
        count += 1
        words = block.split()
        if len(words) <= MAX_CAPTION_WORDS and not _SENTENCE_END.search(block):
            spans.append((start, pos))
            first_listed = first_listed or count == 1
    if len(spans) * 2 > count:
        return []
    return spans[1:] if first_listed else spans


def _inside(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], m: Mention, text: str | None = None
) -> bool:
    """Whether the mention lies in one of the spans (sorted, with their starts).

    With ``text``, a span counts only when it holds MIN_QUOTED_WORDS words besides the
    mention: a name in quotation marks («Агропромышленное объединение „Макфа“») is no quote.
    """
    i = bisect_right(starts, m.start) - 1
    for a, b in spans[max(0, i - 3) : i + 1]:
        if not a <= m.start < b:
            continue
        if text is None:
            return True
        rest = text[a : m.start] + " " + text[m.end : b]
        if len(_WORDS.findall(rest)) >= MIN_QUOTED_WORDS:
            return True
    return False


def _key(name: str) -> str:
    return name.lower().replace("ё", "е")


def _in_title(entity: Entity, title_keys: set[str], title: str) -> bool:
    """Whether the headline names the entity: as a name found in it, or as the text writes it.

    The headline's own mentions may be typed or cut otherwise («Центр Петербурга» as one
    organisation), so the words of the entity's mentions are also looked for in it, with
    their capitals ("US" is not "us"), unless the headline is all capitals.
    """
    if _key(entity.name) in title_keys:
        return True
    if not title:
        return False
    forms = {entity.name} | {m.text for m in entity.mentions}
    if title.isupper():
        title, forms = _key(title), {_key(f) for f in forms}
    return any(re.search(rf"(?<!\w){re.escape(f)}(?!\w)", title) for f in forms if f)


def _surname(name: str) -> str:
    return _key(name.rsplit(maxsplit=1)[-1]) if name.split() else ""
