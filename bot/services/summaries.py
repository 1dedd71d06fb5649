"""Summaries for chat: a pasted text or a link, analysed off the event loop."""

from __future__ import annotations

import asyncio

from bot.analysis.models import NlpModels
from bot.models import Summary
from bot.services.ingest import prepare, prepare_page, summarize_prepared
from bot.sources.fetch import fetch


async def summarize_text(text: str, nlp: NlpModels) -> Summary:
    """Summarise text sent in chat (possibly a whole flattened page)."""

    def work() -> Summary:
        return summarize_prepared(prepare(text, is_html=False), nlp)

    return await asyncio.to_thread(work)


async def summarize_link(url: str, nlp: NlpModels, *, allow_private: bool = False) -> Summary:
    """Fetch a link safely and summarise the article behind it."""
    page = await fetch(url, allow_private=allow_private)
    return await asyncio.to_thread(lambda: summarize_prepared(prepare_page(page), nlp))
