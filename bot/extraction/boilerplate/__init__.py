"""Flattened page text (every visible block a line) to the article's own paragraphs.

Each line gets a kind (prose, short, caption, byline, "read also", comments ...) from general
signals: its length, sentence punctuation, duplicates on the page, numbered runs of headlines
and small multilingual keyword lists. Each kind has a worth; the article is the run of lines
with the greatest total worth (the densest block of prose), cut where the comments begin.
Inside it, captions, credits, share bars, bylines and repeated lines are dropped.

The parts: ``keywords`` (the small multilingual keyword lists), ``lines`` (each line's kind),
``flat`` (the article block of flattened page text, and extracted text cleaned) and
``pasted`` (pasted text: an article kept whole, a whole page cut to its article).
"""

from __future__ import annotations

from bot.extraction.boilerplate.flat import MAX_FLAT_CHARS, clean_extracted_text, clean_flat_text
from bot.extraction.boilerplate.lines import is_boilerplate_line
from bot.extraction.boilerplate.pasted import CleanText, clean_text

__all__ = [
    "MAX_FLAT_CHARS",
    "CleanText",
    "clean_extracted_text",
    "clean_flat_text",
    "clean_text",
    "is_boilerplate_line",
]
