"""The article in flattened page text: the densest block of prose, and what is dropped in it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.extraction.boilerplate.lines import (
    _BULLET_RE,
    _CLOSERS,
    _DROPPED,
    _DROPPED_EXTRACTED,
    _NUMBERED_RE,
    MIN_PROSE_WORDS,
    _Kind,
    _Line,
    _make_lines,
    _mark_numbered_runs,
    _mark_repeats,
)

# ---------------------------------------------------------------------------------------------
# Tuned constants. Chosen on ../shared/eval/flat (Zyte dev half + trafilatura-eval sample + the
# Russian example) with benchmarks/bench_extraction.py; re-run it after changing any of them.
# ---------------------------------------------------------------------------------------------

# A line's worth in the main-block search is (words - LINE_COST) for prose and -LINE_COST
# (or less) otherwise: each line must pay for itself, so menus and link lists sink, while a
# heading or caption between two paragraphs is carried across. Grid 6-10: 7 best (F1 within
# 0.005 over the whole grid, so the method is not sensitive to it).
LINE_COST = 7.0
# A short line without sentence punctuation earns back this much per word (up to ten words):
# a list item or a subheading inside an article costs less than a one-word menu entry.
# Grid 0-0.6: flat within 0.005; 0.4 keeps articles with lists together (trafilatura-eval).
SHORT_WORD_CREDIT = 0.4
# Extra cost of bylines, dates and timestamps: they separate teasers of other stories and
# comments from each other, so such lists do not add up to a block that outweighs the article.
# Grid 12/20/30: 12 loses 0.005 F1 on Zyte (teaser lists win), 20 and 30 tie.
META_COST = 20.0
# Extra cost of "Read also"/"Trending" headings and numbered lists of other stories: they
# occur inside articles too, so the article can go on after them. Grid 4/8/16: ties.
RELATED_COST = 16.0
# A "read also" line longer than this is an inline link to one story, not a list heading.
RELATED_HEADING_MAX_WORDS = 4
# Extra cost of subscribe, cookie, legal and tag lines: the page around the article.
# Grid 15/25/40: ties within 0.002.
SECTION_COST = 25.0
# A cut at the comments or the footer needs this much article worth before it (so a
# "Comments" link above the article does not cut the article off).
MIN_WORTH_BEFORE_END = 20.0
# A block of prose near the article, worth at least this share of it and at most this many
# lines away with no section, comments or numbered list between, is part of the article
# (split by a gallery or a list). Grid-searched: shares 0.2-0.5 and gaps 5-40 lines differ
# by less than 0.01 F1; these are the middle of the flat optimum.
SECONDARY_SHARE = 0.5
MAX_GAP_LINES = 20
# A line of at least this many words found again inside a longer line is a pull quote.
PULL_QUOTE_MIN_WORDS = 5
# ... looked for this many lines around it (pull quotes sit next to their paragraph).
PULL_QUOTE_WINDOW = 15
# With no article block, sentences of at least this many words are kept (a short note).
NOTE_MIN_WORDS = 3
# Sentences of at least this many words directly above the article block are its lead (a
# one-sentence first paragraph costs more than it adds in the block search, so the block's
# upper edge passes it by).
LEAD_MIN_WORDS = 3
# Characters of flattened or extracted text cleaned; the rest (cut at a line break) is
# dropped. Cleaning costs up to 4 us per character on pages of many short lines (400 K took
# 1.5 s), while the longest page text of ../shared/eval/flat has 103 K (p99 60 K) and the
# longest text trafilatura extracts from ../shared/eval/extraction 95 K: no eval page is cut.
MAX_FLAT_CHARS = 200_000
# Hard-wrapped paragraphs: lines of at least WRAP_MIN_CHARS whose lengths differ by at most
# WRAP_SPREAD_CHARS (a ragged right margin at a fixed width) are joined.
WRAP_MIN_CHARS = 40
WRAP_SPREAD_CHARS = 30


# Kinds that a secondary block of the article is never found across.
_HARD_GAP = frozenset({_Kind.SECTION, _Kind.COMMENTS, _Kind.FOOTER, _Kind.LISTED})
# Kinds after which the article does not go on.
_END_MARKERS = frozenset({_Kind.COMMENTS, _Kind.FOOTER})
_EXTRA_COST = {
    _Kind.META: META_COST,
    _Kind.RELATED: RELATED_COST,
    _Kind.LISTED: RELATED_COST,
    _Kind.SECTION: SECTION_COST,
    _Kind.COMMENTS: SECTION_COST,
    _Kind.FOOTER: SECTION_COST,
}


Region = tuple[int, int, float]  # start, end (exclusive), worth


def _worths(lines: Sequence[_Line]) -> list[float]:
    """What each line adds to (or takes from) a block of article text."""
    out = []
    for line in lines:
        if line.kind is _Kind.PROSE:
            out.append(line.words - LINE_COST)
        elif line.kind is _Kind.SHORT:
            out.append(-LINE_COST + SHORT_WORD_CREDIT * min(line.words, MIN_PROSE_WORDS * 2))
        elif line.kind is _Kind.RELATED and line.words > RELATED_HEADING_MAX_WORDS:
            # an inline "Read also: <headline>" link: the article goes on after it
            out.append(-LINE_COST)
        else:
            out.append(-LINE_COST - _EXTRA_COST.get(line.kind, 0.0))
    return out


def _prefix_best(worths: Sequence[float]) -> list[Region]:
    """For each m, the maximum-worth run of worths[:m] (Kadane, one pass)."""
    out: list[Region] = [(0, 0, 0.0)]
    best: Region = (0, 0, 0.0)
    start, total = 0, 0.0
    for i, w in enumerate(worths):
        if total <= 0:
            start, total = i, 0.0
        total += w
        if total > best[2]:
            best = (start, i + 1, total)
        out.append(best)
    return out


def _article_region(lines: Sequence[_Line], worths: Sequence[float]) -> Region:
    """The densest block of prose, ending where the comments or the footer begin."""
    prefix = _prefix_best(worths)
    best = prefix[-1]
    for m in range(best[1]):
        if (
            lines[m].kind in _END_MARKERS
            and prefix[m][2] >= MIN_WORTH_BEFORE_END
            # comments follow their article: a marker far below a block is a link or a
            # counter of another part of the page (a sidebar above the article)
            and m - prefix[m][1] <= MAX_GAP_LINES
        ):
            return prefix[m]
    return best


def _best_ending_near(worths: Sequence[float], lo: int, hi: int) -> Region:
    """The best run inside worths[lo:hi] that ends at most MAX_GAP_LINES before hi."""
    best: Region = (hi, hi, 0.0)
    start, total = lo, 0.0
    for i in range(lo, hi):
        if total <= 0:
            start, total = i, 0.0
        total += worths[i]
        if i + 1 >= hi - MAX_GAP_LINES and total > best[2]:
            best = (start, i + 1, total)
    return best


def _grow(
    lines: Sequence[_Line], worths: Sequence[float], region: Region
) -> list[tuple[int, int]]:
    """Add nearby blocks almost as dense as the article (its parts split by a list or a gallery).

    A block is added when it is worth SECONDARY_SHARE of the article, lies within
    MAX_GAP_LINES of it and no section, comments, footer or "read also" line lies between.
    """
    hard = [i for i, ln in enumerate(lines) if ln.kind in _HARD_GAP]
    n = len(lines)
    lo, hi, worth = region
    floor = max((i + 1 for i in hard if i < lo), default=0)
    ceil = min((i for i in hard if i >= hi), default=n)
    while True:
        before = _best_ending_near(worths, floor, lo)
        if before[2] < SECONDARY_SHARE * worth:
            break
        lo = before[0]
    reverse = worths[::-1]
    while True:
        after = _best_ending_near(reverse, n - ceil, n - hi)
        if after[2] < SECONDARY_SHARE * worth:
            break
        hi = n - after[0]
    return [(lo, hi)]


def _is_lead_sentence(line: _Line) -> bool:
    """A sentence that may open the article: prose, or a short line ending like a sentence."""
    if line.kind is _Kind.PROSE:
        return True
    return (
        line.kind is _Kind.SHORT
        and line.words >= LEAD_MIN_WORDS
        and line.text.rstrip(_CLOSERS + " ")[-1:] in ".!?…。！？"
    )


def _with_lead(lines: Sequence[_Line], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The first span extended upward over the sentences directly above it.

    The block search weighs each line against LINE_COST, so a short first paragraph ("T1 are
    your Worlds 2023 champions!") lowers the block's worth and is left out; the lines above
    the block are read back until the first that is not a sentence (a headline, a date, a
    caption, a menu item, a "read also" line).
    """
    if not spans:
        return spans
    lo, hi = spans[0]
    while lo > 0 and _is_lead_sentence(lines[lo - 1]):
        lo -= 1
    return [(lo, hi), *spans[1:]]


def _unwrap(text: str) -> str:
    """Join hard-wrapped paragraphs (lines cut at a fixed width, blank lines between them)."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(blocks) < 2:  # noqa: PLR2004 - wrapping is only recognised between blank lines
        return text
    out = []
    for block in blocks:
        rows = [r.strip() for r in block.split("\n") if r.strip()]
        body = rows[:-1]
        lengths = [len(r) for r in body]
        if (
            body
            and min(lengths) >= WRAP_MIN_CHARS
            and max(lengths) - min(lengths) <= WRAP_SPREAD_CHARS
            and sum(1 for r in body if r[-1] not in ".!?…:;" + _CLOSERS) * 2 >= len(body)
            # a wrapped sentence goes on in lower case; a list of headlines does not
            and sum(1 for r in rows[1:] if not r[0].isupper()) * 3 >= len(rows) - 1
            and not any(_NUMBERED_RE.match(r) or _BULLET_RE.match(r) for r in rows)
        ):
            out.append(" ".join(rows))
        else:
            out.append(block)
    return "\n\n".join(out)


def _drop_contained(lines: Sequence[_Line]) -> list[_Line]:
    """Drop repeated lines and pull quotes (a line repeated inside a longer kept line)."""
    seen: set[str] = set()
    unique = []
    for line in lines:
        if line.key and line.key not in seen:
            seen.add(line.key)
            unique.append(line)
    padded = [f" {ln.key} " for ln in unique]

    def pull_quote(i: int) -> bool:
        if unique[i].words < PULL_QUOTE_MIN_WORDS:
            return False
        near = padded[max(0, i - PULL_QUOTE_WINDOW) : i + PULL_QUOTE_WINDOW + 1]
        return any(len(k) > len(padded[i]) and padded[i] in k for k in near)

    return [line for i, line in enumerate(unique) if not pull_quote(i)]


def _within_limit(text: str) -> str:
    """The text cut to MAX_FLAT_CHARS, at the last line break before the limit if any."""
    if len(text) <= MAX_FLAT_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_FLAT_CHARS + 1)
    return text[: cut if cut > 0 else MAX_FLAT_CHARS]


def clean_flat_text(text: str) -> str:
    """Return the article's paragraphs from flattened page text, separated by blank lines."""
    lines = _make_lines(_unwrap(_within_limit(text)))
    if not lines:
        return ""
    _mark_numbered_runs(lines)
    _mark_repeats(lines)
    worths = _worths(lines)
    region = _article_region(lines, worths)
    if region[2] > 0:
        kept = [
            ln
            for a, b in _with_lead(lines, _grow(lines, worths, region))
            for ln in lines[a:b]
            if ln.kind not in _DROPPED
        ]
    else:
        # No block of prose stands out: a short note, or no article at all. Keep what reads
        # as sentences; menus and headlines do not end with a full stop.
        kept = [
            ln
            for ln in lines
            if ln.kind in (_Kind.PROSE, _Kind.SHORT)
            and ln.text.rstrip(_CLOSERS + " ")[-1:] in ".!?…。！？"
            and ln.words >= NOTE_MIN_WORDS
        ]
    return "\n\n".join(line.text for line in _drop_contained(kept))


def clean_extracted_text(text: str) -> str:
    """Drop captions, credits, share/subscribe lines and repeated paragraphs from article text."""
    lines = _make_lines(_within_limit(text))
    _mark_repeats(lines)
    kept = [line for line in lines if line.kind not in _DROPPED_EXTRACTED]
    return "\n\n".join(line.text for line in _drop_contained(kept))
