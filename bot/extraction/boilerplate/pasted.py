"""Pasted text (what a user sends or a file holds): an article kept whole, a page cut."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.extraction.boilerplate.flat import WRAP_MIN_CHARS, _within_limit, clean_flat_text
from bot.extraction.boilerplate.keywords import _REPORT_CREDIT_RE, _SLASH_CREDIT_RE
from bot.extraction.boilerplate.lines import (
    _BULLET_RE,
    _CLOSERS,
    _DROPPED,
    _ELLIPSIS_END_RE,
    _NUMBERED_RE,
    _SENTENCE_END,
    _TOKEN_RE,
    _Kind,
    _Line,
    _make_lines,
    _mark_numbered_runs,
)
from bot.extraction.dateline import DATELINE_PARAGRAPHS, leading_dateline

# ---------------------------------------------------------------------------------------------
# Pasted text (what a user sends or a file holds): an article as it is, or a whole page.
# Chosen on half A (by a hash of the id) of ../shared/eval/ner/factru_dev.jsonl and
# ../shared/eval/summ (tgcontest with a headline line, BBC) against the pages of
# ../shared/eval/flat, checked on half B, with benchmarks/bench_plaintext.py and
# benchmarks/bench_extraction.py; re-run both after changing any of these.
# ---------------------------------------------------------------------------------------------

# Page furniture: a run of at least MENU_RUN_LINES lines of at most MENU_ITEM_WORDS words
# without sentence punctuation (a menu), a line found twice, a numbered list of other
# stories, a keyword line (subscribe, comments, copyright, "read also", captions).
# A text with at least PAGE_MIN_FURNITURE such lines is a page; anything else is an article
# and is kept whole. On half A the plain texts have at most 2 such lines, all but one of
# the 120 flat pages at least 3.
MENU_RUN_LINES = 3
MENU_ITEM_WORDS = 2
PAGE_MIN_FURNITURE = 3
# A headline line: the first line, 2-25 words, no sentence punctuation at its end, followed
# by a blank line or by a paragraph. Editors' titles of ../shared/eval/summ: 3-20 words.
TITLE_MIN_WORDS = 2
TITLE_MAX_WORDS = 25
# Hard wrapping: of the lines that go on in the next line, at least half break off inside a
# sentence, at least WRAP_MIN_LINES of them, and WRAP_MIN_SHARE of those are at most
# WRAP_SLACK_CHARS shorter than the longest line (the width, at most WRAP_MAX_WIDTH). A line
# that ends a sentence and is more than WRAP_SLACK_CHARS shorter than the width ends its
# paragraph. No one wraps at fewer than WRAP_MIN_CHARS. textwrap at 80 columns leaves lines
# of 60-80 characters for Russian and English prose.
WRAP_MAX_WIDTH = 160
WRAP_SLACK_CHARS = 20
WRAP_MIN_SHARE = 0.6
WRAP_MIN_LINES = 2

# A bare name on a line of its own (a photo caption or a byline): 2-4 capitalised words,
# initials allowed, no digits, no punctuation but hyphens and apostrophes. Its surname is
# looked for (its first NAME_STEM_CHARS letters or all but the last two, so «Юревича» is
# found for "Юревич") in the next NAME_LOOKAHEAD_LINES lines.
NAME_LINE_MAX_WORDS = 4
NAME_STEM_CHARS = 4
NAME_LOOKAHEAD_LINES = 3
_NAME_LINE_RE = re.compile(
    r"^(?:[A-ZА-ЯЁ]\.\s?|[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-ZА-ЯЁa-zа-яё]+)?\s)"
    r"(?:[A-ZА-ЯЁ]\.\s?|[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-ZА-ЯЁa-zа-яё]+)?\s){0,2}"
    r"[A-ZА-ЯЁ][a-zа-яё]+(?:[-'’][A-ZА-ЯЁa-zа-яё]+)?$"
)
# A link marker an extractor leaves inline: "[https://...]", "[/tags/persons/...]".
_LINK_MARKER_RE = re.compile(r"[ \t]*\[(?:https?://|www\.|/)[^\]\s]*\]")
_SPACE_BEFORE_PUNCT_RE = re.compile(r"[ \t]+(?=[.,;:!?)»”])")
# A bare URL with its scheme (a "www.site.ru" without one reads as a name and stays);
# trailing sentence punctuation is not part of it.
_BARE_URL_RE = re.compile(r"[ \t]*(?<![\w/])(?:https?://)[^\s<>«»\"]*[^\s<>«»\".,;:!?)\]]")
# Dashes before a sentence that are not Russian dialogue dashes: "- The U.S. ...",
# "— -- Hillary ...".
_LEADING_DASHES_RE = re.compile(r"^(?:[-–—‐−]+\s+|[-–—‐−]+\s*(?=[-–—‐−]))+(?=\S)")
_DASH_RUN_RE = re.compile(r"^[-–—‐−]+\s*[-–—‐−]")
_CYRILLIC_RE = re.compile(r"[а-яё]", re.IGNORECASE)
_BLANK_LINE_RE = re.compile(r"\n[ \t\u00a0]*\n")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Article text cleaned from pasted text, and the headline line on top of it, if any."""

    text: str
    title: str | None = None


def _wrap_width(rows: Sequence[str]) -> int | None:
    """The width the text was hard-wrapped at, or None when it was not."""
    widths = [len(r) for r in rows if r]
    if not widths:
        return None
    width = max(widths)
    if not WRAP_MIN_CHARS <= width <= WRAP_MAX_WIDTH:
        return None
    # lines followed by a non-blank line that break off inside a sentence: in a wrapped text
    # they are at least half of them, and most are near the width
    going_on = [a for a, b in itertools.pairwise(rows) if a and b]
    inside = [r for r in going_on if r.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END]
    if len(inside) < WRAP_MIN_LINES or len(inside) * 2 < len(going_on):
        return None
    near = sum(1 for r in inside if len(r) >= width - WRAP_SLACK_CHARS)
    wrapped = near >= WRAP_MIN_SHARE * len(inside)
    return width if wrapped else None


def _unwrap_lines(text: str) -> str:
    """Join the lines of hard-wrapped paragraphs (and quotes) of a pasted text.

    A paragraph ends at a blank line, at an indented line (when the text indents its
    paragraphs), or after a line that ends a sentence and is clearly shorter than the width.
    """
    raw = [r.rstrip() for r in text.split("\n")]
    rows = [r.strip() for r in raw]
    width = _wrap_width(rows)
    if width is None:
        return text
    indents = [len(r) - len(r.lstrip()) for r in raw if r.strip()]
    indented = sum(1 for n in indents if n > 0)
    # some lines indented, not all: the indent starts a paragraph
    marks_paragraphs = 0 < indented < len(indents)
    out: list[str] = []
    current: list[str] = []
    for r_raw, row in zip(raw, rows, strict=True):
        if not row:
            if current:
                out.append(" ".join(current))
                current = []
            out.append("")
            continue
        if current and marks_paragraphs and r_raw[:1].isspace():
            out.append(" ".join(current))
            current = []
        current.append(row)
        ends = row.rstrip(_CLOSERS)[-1:] in ".!?…:;"
        if ends and len(row) < width - WRAP_SLACK_CHARS:
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return "\n".join(out)


def _strip_links(line: str) -> str:
    """Remove inline [url] markers and bare URLs inside a sentence."""
    cut = _BARE_URL_RE.sub(" ", _LINK_MARKER_RE.sub(" ", line))
    if cut == line:
        return line
    return _SPACE_BEFORE_PUNCT_RE.sub("", cut)


def _strip_leading_dashes(line: str) -> str:
    """Drop dashes left before a sentence, keeping a Russian dialogue dash («— Мы готовы…»)."""
    match = _LEADING_DASHES_RE.match(line)
    if not match:
        return line
    rest = line[match.end() :]
    dialogue = _CYRILLIC_RE.search(rest[:80]) is not None and not _DASH_RUN_RE.match(line)
    return line if dialogue else rest


def _title_line(lines: Sequence[_Line], blank_after_first: bool) -> str | None:
    """The headline line on top: short, no sentence punctuation, then a blank line or prose."""
    if len(lines) < 2:  # noqa: PLR2004 - a headline needs an article under it
        return None
    first, nxt = lines[0], lines[1]
    text = first.text
    headline_shaped = (
        TITLE_MIN_WORDS <= first.words <= TITLE_MAX_WORDS
        and text.rstrip(_CLOSERS + " ")[-1:] not in _SENTENCE_END + ","
        # a headline starts as a sentence does, not in the middle of one
        and (text[0].isupper() or text[0].isdigit() or text[0] in "«\"'“„")
        and not (_NUMBERED_RE.match(text) or _BULLET_RE.match(text))
        and first.kind not in _DROPPED - {_Kind.META}
    )
    # a next line in lower case goes on with the first: a wrapped sentence, no headline
    follows = blank_after_first or (nxt.kind is _Kind.PROSE and not nxt.text[0].islower())
    return text if headline_shaped and follows else None


def _furniture_lines(lines: Sequence[_Line]) -> int:
    """How many lines are page furniture: menu runs, repeated lines, lists, keyword lines."""
    count = 0
    run = 0
    for line in [*lines, None]:
        menu_item = (
            line is not None
            and line.kind is not _Kind.PROSE
            and line.words <= MENU_ITEM_WORDS
            and line.text.rstrip(_CLOSERS + " ")[-1:] not in _SENTENCE_END
        )
        if menu_item:
            run += 1
            continue
        if run >= MENU_RUN_LINES:
            count += run
        run = 0
    keys = Counter(line.key for line in lines if line.key)
    count += sum(n - 1 for n in keys.values())
    return count + sum(
        1
        for line in lines
        if line.kind in _DROPPED - {_Kind.META}
        # "Swindon/Notts Co v Middlesbrough": a slash alone is no proof of a photo credit
        and not (line.kind is _Kind.FURNITURE and _SLASH_CREDIT_RE.match(line.text))
    )


def _is_page(lines: Sequence[_Line]) -> bool:
    return _furniture_lines(lines) >= PAGE_MIN_FURNITURE


def _keep_whole(lines: Sequence[_Line]) -> list[_Line]:
    """An article's lines: all but short keyword lines (captions, buttons) and repeated paragraphs.

    A paragraph pasted twice goes; a short line found twice (a score, a list item) stays, and
    so does a sentence repeated inside a longer one (a lead the text restates).
    """
    seen: set[str] = set()
    kept = []
    for line in lines:
        if line.kind is _Kind.PROSE and line.key in seen:
            continue
        seen.add(line.key)
        ending = line.text.rstrip(_CLOSERS + " ")[-1:]
        short_keyword_line = (
            line.kind in _DROPPED - {_Kind.META}
            and line.words <= MENU_ITEM_WORDS * 4
            and ending not in ".!?…"
            # "Swindon/Notts Co v Middlesbrough": in an article a slash is no photo credit
            and _SLASH_CREDIT_RE.match(line.text) is None
        )
        # "Read more: <headline>", "Также по теме «...» <blurb>...": a link to another story
        link_to_other = line.kind is _Kind.RELATED and (
            ending not in ".!?…" or _ELLIPSIS_END_RE.search(line.text) is not None
        )
        report_credit = _REPORT_CREDIT_RE.search(line.text) is not None
        if not (short_keyword_line or link_to_other or report_credit):
            kept.append(line)
    return kept


def _is_name_line(line: _Line) -> bool:
    return line.words <= NAME_LINE_MAX_WORDS and _NAME_LINE_RE.match(line.text) is not None


def _named_below(name: str, lines: Sequence[_Line]) -> bool:
    """Whether the surname of a name line is in the next lines (in any case form)."""
    surname = name.rsplit(maxsplit=1)[-1].lower().rstrip(".")
    stem = surname[: max(NAME_STEM_CHARS, len(surname) - 2)]
    return any(
        token.startswith(stem)
        for line in lines[:NAME_LOOKAHEAD_LINES]
        for token in _TOKEN_RE.findall(line.text.lower())
    )


def _drop_name_lines(lines: Sequence[_Line]) -> list[_Line]:
    """Drop photo captions and bylines that are a bare name on a line of their own.

    A caption sits under the headline or between paragraphs, above a paragraph that names the
    person (Wikinews: headline, "Михаил Юревич", lead about «Михаила Юревича»); a byline is
    the last line, under a paragraph. A name that does not recur is a subheading; kept.
    """
    kept = []
    for i, line in enumerate(lines):
        if i > 0 and _is_name_line(line):
            prev, below = lines[i - 1], lines[i + 1 :]
            caption = (
                bool(below)
                and below[0].kind is _Kind.PROSE
                and (i == 1 or prev.kind is _Kind.PROSE)
                and _named_below(line.text, below)
            )
            byline = not below and prev.kind is _Kind.PROSE
            if caption or byline:
                continue
        kept.append(line)
    return kept


def clean_text(text: str) -> CleanText:
    """Clean pasted text: an article is kept whole, a whole page is cut to its article.

    CRLF, hard wrapping, inline [url] markers, bare URLs and leftover dashes before a
    sentence are handled first; a headline line on top becomes the title (and the text
    starts after it).
    """
    original = _within_limit(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _unwrap_lines(original)
    text = "\n".join(_strip_leading_dashes(_strip_links(r)) for r in text.split("\n"))
    lines = _make_lines(text)
    if not lines:
        return CleanText("")
    _mark_numbered_runs(lines)
    if _is_page(lines):
        # a whole page: cut as flattened pages are (tuned on ../shared/eval/flat as they are)
        page = clean_flat_text(original).split("\n\n")
        return CleanText("\n\n".join(_strip_leading_dashes(_strip_links(p)) for p in page))
    lines = _drop_name_lines(lines)
    stripped = text.lstrip()
    first_row = stripped.split("\n", 1)
    blank_after = len(first_row) > 1 and _BLANK_LINE_RE.match("\n" + first_row[1]) is not None
    title = _title_line(lines, blank_after)
    body = lines[1:] if title else lines
    paragraphs = [line.text for line in _keep_whole(body)]
    return CleanText("\n\n".join(_split_dateline(paragraphs)), title)


def _split_dateline(paragraphs: list[str]) -> list[str]:
    """An agency dateline as a paragraph of its own, so the first sentence starts clean.

    Its words stay in the text (the date and the agency are the story's "when" and
    "source"); a sentence beginning "(AP) - Deep in..." is gone from summaries. The
    dateline is the one ``bot.analysis.source`` reads (``leading_dateline``: the first
    paragraph, or the second or third under a short deck or byline).
    """
    head = "\n\n".join(paragraphs[:DATELINE_PARAGRAPHS])
    found = leading_dateline(head)
    if found is None:
        return paragraphs
    at = 0
    for i, paragraph in enumerate(paragraphs):
        if found.start < at + len(paragraph):
            start, words_end, end = (x - at for x in (found.start, found.words_end, found.end))
            if end >= len(paragraph.rstrip()):
                return paragraphs
            split = [paragraph[start:words_end].strip(), paragraph[end:]]
            return [*paragraphs[:i], *split, *paragraphs[i + 1 :]]
        at += len(paragraph) + 2
    return paragraphs
