"""Summaries for chat: a pasted text or a link, analysed off the event loop and stored."""

from __future__ import annotations

from functools import partial

import aiosqlite

from bot.analysis.models import NlpModels
from bot.models import Summary
from bot.services import cpu
from bot.services.ingest import claim, prepare, prepare_page, store
from bot.services.reading import stored_summary
from bot.sources.fetch import check_url, fetch
from bot.sources.urls import canonical_url
from bot.storage import articles


async def summarize_text(
    db: aiosqlite.Connection, text: str, nlp: NlpModels, *, chat_id: int
) -> Summary:
    """Summarise and store text sent in chat ``chat_id`` (possibly a whole flattened page).

    Stored as the chat's own: only chats that sent it see it (``ingest.store``).
    """
    prepared = await cpu.call(partial(prepare, text, is_html=False))
    ingested = await store(db, prepared, nlp, submitted_by=chat_id)
    return stored_summary(ingested.article)


async def summarize_link(
    db: aiosqlite.Connection,
    url: str,
    nlp: NlpModels,
    *,
    chat_id: int,
    allow_private: bool = False,
) -> Summary:
    """The stored summary of a link sent in chat ``chat_id``; else fetch it safely,
    summarise and store it as the chat's own (only chats that sent it see it).

    The link is checked (and put in normal form) before anything else, so a refused one is
    refused even if an article is stored under it.
    """
    url = check_url(url, allow_private=allow_private)
    known = await articles.by_url(db, url=canonical_url(url))
    if known is not None:
        return stored_summary(await claim(db, known, submitted_by=chat_id))
    page = await fetch(url, allow_private=allow_private)
    prepared = await cpu.call(partial(prepare_page, page))
    ingested = await store(db, prepared, nlp, submitted_by=chat_id)
    return stored_summary(ingested.article)
