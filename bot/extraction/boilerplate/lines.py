"""Each line of a page gets a kind (prose, short, caption, byline, "read also", comments ...)."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from bot.extraction.boilerplate.keywords import (
    _BYLINE_RE,
    _COMMENTS_RE,
    _CONSENT_WORDS_RE,
    _COOKIE_RE,
    _COUNTER_RE,
    _CREDIT_RE,
    _DATE_RE,
    _FOOTER_RE,
    _FURNITURE_RE,
    _PITCH_RE,
    _RELATED_RE,
    _SECTION_RE,
    _SHARE_WORDS,
    _SLASH_CREDIT_MAX_WORDS,
    _SLASH_CREDIT_RE,
)
from bot.text import strip_unsafe

# ---------------------------------------------------------------------------------------------
# Tuned constants. Chosen on ../shared/eval/flat (Zyte dev half + trafilatura-eval sample + the
# Russian example) with benchmarks/bench_extraction.py; re-run it after changing any of them.
# ---------------------------------------------------------------------------------------------

# A prose line needs this many words and sentence punctuation. Grid 4-8: flat within 0.002.
MIN_PROSE_WORDS = 5
# Keyword lists are applied to short lines only: a long line with a keyword in it is a
# paragraph that mentions it.
KEYWORD_MAX_WORDS = 40
# A numbered list of this many headline-like items is a list of other stories.
LISTED_MIN_ITEMS = 3
# Two consent words (cookie, consent, privacy, tracking...) make a line a consent notice.
CONSENT_MIN_WORDS = 2
# Calls to subscribe or donate are recognised anywhere in lines up to this long.
PITCH_MAX_WORDS = 20
# Dates and bylines are recognised on lines up to this long.
META_MAX_WORDS = 12
# Prose lines found twice on a page are teasers (a story list shown twice), unless they make
# up this share of the page's prose (then the article itself was pasted twice).
REPEATED_MAX_SHARE = 0.5
# A short line found this often on a page is a button of a player or a gallery ("Развернуть
# на весь экран" under every photo), not a heading of the article.
BUTTON_MIN_REPEATS = 3
# Two copies of the same short line close together are an image's alt text and caption.
CAPTION_MAX_WORDS = 45


_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_TOKEN_RE = re.compile(r"\w+")
# Scripts written without spaces: count two characters as a word.
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_CJK_CHARS_PER_WORD = 2
_CLOSERS = "\"'»”’)]}›」』"
_SENTENCE_END = ".!?…。！？:;"
_INNER_SENTENCE_RE = re.compile(r"[.!?…。！？][\"'»”’)]*\s+\S")
_ELLIPSIS_END_RE = re.compile(r"(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$")
_NUMBERED_RE = re.compile(r"^(\d{1,2})\s*[.)]\s+\S")
_BULLET_RE = re.compile(r"^[•·▪●◦‣∙*–—-]\s+")


class _Kind(enum.Enum):
    PROSE = "prose"  # a paragraph: enough words and sentence punctuation
    SHORT = "short"  # a heading, a menu item, a list item
    TEASER = "teaser"  # reads like prose but is cut short ("...") or repeated on the page
    FURNITURE = "furniture"  # caption, credit, share bar, advertisement label, nav button
    META = "meta"  # byline, date, time: the header of an article, a teaser or a comment
    RELATED = "related"  # "Read also: ...", "Trending", "More stories" headings
    LISTED = "listed"  # an item of a numbered list of other stories
    SECTION = "section"  # subscribe, cookies, legal, tags: the page around the article
    COMMENTS = "comments"  # the comments begin here
    FOOTER = "footer"  # copyright line: the page ends here


# Kinds never kept in the output, wherever they are.
_DROPPED = frozenset(
    {
        _Kind.FURNITURE,
        _Kind.META,
        _Kind.RELATED,
        _Kind.LISTED,
        _Kind.SECTION,
        _Kind.COMMENTS,
        _Kind.FOOTER,
    }
)
# In text an extractor already chose, dates are content (timelines, tour dates, embedded
# posts): only keyword boilerplate goes.
_DROPPED_EXTRACTED = _DROPPED - {_Kind.META}


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    key: str  # lowercase word tokens, for duplicate detection
    words: int
    kind: _Kind


def _normalize_line(line: str) -> str:
    # Controls and bidi overrides go too (bot.text): every text analysed, stored and shown
    # passes here, so no summary carries a NUL or a right-to-left override.
    line = unicodedata.normalize("NFC", _INVISIBLE_RE.sub("", strip_unsafe(line)))
    return _WS_RE.sub(" ", line).strip()


def _word_count(text: str) -> int:
    cjk = len(_CJK_RE.findall(text))
    if cjk:
        return len(_TOKEN_RE.findall(_CJK_RE.sub(" ", text))) + cjk // _CJK_CHARS_PER_WORD
    return len(_TOKEN_RE.findall(text))


def _has_sentence_punctuation(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS + " ")
    if stripped and stripped[-1] in _SENTENCE_END:
        return True
    return _INNER_SENTENCE_RE.search(text) is not None


def _is_share_bar(text: str) -> bool:
    tokens = _TOKEN_RE.findall(text.lower())
    return (
        bool(tokens)
        and all(t in _SHARE_WORDS or t.isdigit() for t in tokens)
        and any(t in _SHARE_WORDS for t in tokens)
    )


def _is_pitch(text: str, words: int) -> bool:
    return _SECTION_RE.search(text) is not None or (
        words <= PITCH_MAX_WORDS and _PITCH_RE.search(text) is not None
    )


def _is_furniture(text: str, words: int) -> bool:
    return (
        _FURNITURE_RE.match(text) is not None
        or _CREDIT_RE.search(text) is not None
        or _is_share_bar(text)
        or (words <= _SLASH_CREDIT_MAX_WORDS and _SLASH_CREDIT_RE.match(text) is not None)
    )


# Keyword checks of short lines, in order: the first that matches gives the kind.
_KEYWORD_CHECKS: tuple[tuple[_Kind, Callable[[str, int], bool]], ...] = (
    (_Kind.FOOTER, lambda text, _: _FOOTER_RE.search(text) is not None),
    (_Kind.COMMENTS, lambda text, _: _COMMENTS_RE.match(text) is not None),
    (_Kind.SECTION, _is_pitch),
    (_Kind.RELATED, lambda text, _: _RELATED_RE.match(text) is not None),
    (_Kind.FURNITURE, _is_furniture),
)


def _keyword_kind(text: str, words: int) -> _Kind | None:
    """The kind a keyword list gives a line, or None."""
    consent = {m.lower() for m in _CONSENT_WORDS_RE.findall(text)}
    if len(consent) >= CONSENT_MIN_WORDS or (
        consent and _COOKIE_RE.search(text) and words <= KEYWORD_MAX_WORDS
    ):
        return _Kind.SECTION
    if words > KEYWORD_MAX_WORDS:
        return None
    return next((kind for kind, check in _KEYWORD_CHECKS if check(text, words)), None)


def _classify(text: str, words: int) -> _Kind:
    kind = _keyword_kind(text, words)
    if kind is not None:
        return kind
    ends_sentence = text.rstrip(_CLOSERS + " ")[-1:] in ".!?。！？"
    if words <= META_MAX_WORDS and (
        _COUNTER_RE.match(text)
        or (not ends_sentence and (_DATE_RE.search(text) or _BYLINE_RE.search(text)))
    ):
        return _Kind.META
    prose = words >= MIN_PROSE_WORDS and _has_sentence_punctuation(text)
    if prose and _ELLIPSIS_END_RE.search(text):
        return _Kind.TEASER
    return _Kind.PROSE if prose else _Kind.SHORT


def is_boilerplate_line(line: str) -> bool:
    """True for a caption, credit, share bar, byline, subscribe, cookie or "read also" line."""
    text = _normalize_line(line)
    if not text:
        return True
    return _classify(text, _word_count(text)) in _DROPPED


def _make_lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for raw in text.split("\n"):
        norm = _normalize_line(raw)
        if norm:
            words = _word_count(norm)
            key = " ".join(_TOKEN_RE.findall(norm.lower()))
            lines.append(_Line(norm, key, words, _classify(norm, words)))
    return lines


def _with_kind(line: _Line, kind: _Kind) -> _Line:
    return _Line(line.text, line.key, line.words, kind)


def _mark_numbered_runs(lines: list[_Line]) -> None:
    """Runs of 3+ consecutively numbered headline-like lines are lists of other stories."""
    i = 0
    while i < len(lines):
        m = _NUMBERED_RE.match(lines[i].text)
        if not m:
            i += 1
            continue
        run, expected = [], int(m.group(1))
        for j in range(i, len(lines)):
            mj = _NUMBERED_RE.match(lines[j].text)
            if not mj or int(mj.group(1)) != expected:
                break
            run.append(j)
            expected += 1
        headline_like = sum(1 for k in run if not lines[k].text.rstrip(_CLOSERS).endswith("."))
        if len(run) >= LISTED_MIN_ITEMS and headline_like * 2 >= len(run):
            for k in run:
                lines[k] = _with_kind(lines[k], _Kind.LISTED)
        i += max(1, len(run))


def _mark_repeats(lines: list[_Line]) -> None:
    """Alt text + caption pairs are furniture; prose repeated elsewhere on the page is a teaser."""
    for i, line in enumerate(lines):
        if line.words > CAPTION_MAX_WORDS or not line.key:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        after = lines[i + 2] if i + 2 < len(lines) else None
        if nxt is not None and nxt.key == line.key:
            partner = i + 1
        elif nxt is not None and nxt.kind is _Kind.FURNITURE and after and after.key == line.key:
            partner = i + 2  # alt text, credit, caption
        else:
            continue
        lines[i] = _with_kind(line, _Kind.FURNITURE)
        lines[partner] = _with_kind(lines[partner], _Kind.FURNITURE)
    counts = Counter(line.key for line in lines)
    for i, line in enumerate(lines):
        if line.kind is _Kind.SHORT and counts[line.key] >= BUTTON_MIN_REPEATS:
            lines[i] = _with_kind(line, _Kind.FURNITURE)
    prose = [line for line in lines if line.kind is _Kind.PROSE]
    repeated = sum(line.words for line in prose if counts[line.key] > 1)
    if repeated >= REPEATED_MAX_SHARE * sum(line.words for line in prose):
        return  # the whole text pasted twice, not teasers: leave it to the de-duplication
    for i, line in enumerate(lines):
        if line.kind is _Kind.PROSE and counts[line.key] > 1:
            lines[i] = _with_kind(line, _Kind.TEASER)
