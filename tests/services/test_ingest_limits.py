"""Characters analysed are bounded: long texts are cut at a paragraph break before analysis."""

from __future__ import annotations

import aiosqlite

from bot.analysis.models import NlpModels
from bot.extraction.html import MAX_HTML_CHARS
from bot.services import ingest
from bot.services.ingest import MAX_ANALYSED_CHARS, prepare

PARAGRAPH = "Paragraph {n}: the council met on Tuesday and voted for the plan, the mayor said."


def _long_text(paragraphs: int) -> str:
    return "\n\n".join(PARAGRAPH.format(n=n) for n in range(paragraphs))


def test_a_long_text_is_cut_at_a_paragraph_break() -> None:
    prepared = prepare(_long_text(2_000), is_html=False)  # 170 K characters
    text = prepared.article.text
    assert MAX_ANALYSED_CHARS // 2 < len(text) <= MAX_ANALYSED_CHARS
    assert text.startswith(PARAGRAPH.format(n=0))
    assert text.endswith("the mayor said.")  # a whole paragraph last


def test_a_long_page_is_cut_and_so_is_its_context() -> None:
    body = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>" for n in range(40_000))
    page = f"<html><head><title>Council</title></head><body>{body}</body></html>"
    prepared = prepare(page, is_html=True)
    assert len(prepared.article.text) <= MAX_ANALYSED_CHARS
    assert prepared.article.text.endswith("the mayor said.")
    assert len(prepared.page_text) <= MAX_HTML_CHARS


async def test_what_is_stored_is_what_was_analysed(
    db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    prepared = prepare(_long_text(2_000), is_html=False)
    stored = (await ingest.store(db, prepared, nlp)).article
    assert stored.text == prepared.article.text
    assert len(stored.text) <= MAX_ANALYSED_CHARS
