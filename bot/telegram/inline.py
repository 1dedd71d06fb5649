"""Inline mode: ``@bot query`` in any chat offers stored summaries to share (issue 15).

An inline query has a user and no chat, so only shared articles are offered: those of the
operator's feeds and the operator's own (``reading.search``/``reading.latest`` with
``chat_id=None``), never what a chat sent nor the articles of feeds only chats added; the
user's own chat gets no exception. The query is searched as /search searches (every word in
any form); an empty one lists the newest. Ten results a page, paged with ``next_offset``,
which Telegram sends back as the client gives it: anything but a number this module could
have given ends the list. Answers are personal (in the asker's language); a query the store
cannot answer gets an empty list with a button saying so, never a silent spinner.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import replace

from aiogram import Router
from aiogram.enums import ParseMode
from aiogram.types import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
)
from aiogram_i18n import I18nContext

from bot.digest.render import render_summary
from bot.errors import NewsbriefError
from bot.models import Summary
from bot.services import reading
from bot.services.context import Services
from bot.services.reading import Page, QueryError
from bot.text import strip_unsafe

log = logging.getLogger(__name__)

PAGE_SIZE = 10
# The deepest offset answered (51 pages): a hand-made offset cannot make a query read far
# into the store (``latest`` reads offset + limit rows of each stream).
MAX_OFFSET = 500
# Seconds Telegram may answer the same query (and offset) from its cache: the newest
# summaries change with every poll, so not long.
CACHE_SECONDS = 60
# A result's title and its description (the client shows two lines of it), in characters.
TITLE_CHARS = 120
DESCRIPTION_CHARS = 160
# The deep link of the button shown when nothing is offered: /start inline in the bot.
START_PARAMETER = "inline"


def parse_offset(raw: str) -> int | None:
    """The offset Telegram sent back: "" is the first page; None for anything this module
    never gives (not ASCII digits, too long, past ``MAX_OFFSET``)."""
    if not raw:
        return 0
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_OFFSET)):
        return None
    offset = int(raw)
    return offset if offset <= MAX_OFFSET else None


def _cut(text: str, limit: int) -> str:
    text = " ".join(strip_unsafe(text).split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def _result(summary: Summary, i18n: I18nContext) -> InlineQueryResultArticle:
    lead = " ".join(summary.sentences)
    title = _cut(summary.title or lead, TITLE_CHARS) or i18n.get("page-untitled")
    url = summary.source.url
    link = url if url is not None and url.lower().startswith(("http://", "https://")) else None
    # The shared message opens with the title linked to the article; an untitled summary
    # gets the result's title for it, so the link is there too.
    html = render_summary(summary if summary.title else replace(summary, title=title), i18n)
    key = f"{url or ''}\n{title}\n{lead}".encode()
    return InlineQueryResultArticle(
        id=hashlib.sha256(key).hexdigest()[:32],
        title=title,
        description=_cut(lead, DESCRIPTION_CHARS) or None,
        url=link,
        input_message_content=InputTextMessageContent(
            message_text=html, parse_mode=ParseMode.HTML
        ),
    )


async def _page(services: Services, query: str, offset: int) -> Page:
    if not query.strip():
        return await reading.latest(services.reader, chat_id=None, limit=PAGE_SIZE, offset=offset)
    return await reading.search(
        services.reader, services.nlp, query, chat_id=None, limit=PAGE_SIZE, offset=offset
    )


async def inline_search(inline_query: InlineQuery, services: Services, i18n: I18nContext) -> None:
    offset = parse_offset(inline_query.offset)
    page: Page | None = None
    hint = "inline-none"
    cache_time = CACHE_SECONDS
    if offset is not None:
        try:
            page = await _page(services, inline_query.query, offset)
        except QueryError:  # too long, or no word to search for
            hint = "inline-usage"
        except NewsbriefError:  # the store failed (busy, disk): say so, cache nothing
            log.warning("inline query failed", exc_info=True)
            hint, cache_time, offset = "inline-failed", 0, 0
    items = page.items if page is not None else ()
    results: list[InlineQueryResultArticle] = []
    seen: set[str] = set()
    for summary in items:
        result = _result(summary, i18n)
        if result.id not in seen:  # Telegram refuses an answer with an id twice
            seen.add(result.id)
            results.append(result)
    following = (offset or 0) + PAGE_SIZE
    more = page is not None and page.has_more and following <= MAX_OFFSET
    button = None
    if not results and offset == 0:
        button = InlineQueryResultsButton(text=i18n.get(hint), start_parameter=START_PARAMETER)
    await inline_query.answer(
        results,  # type: ignore[arg-type]  # list is invariant; each is a result
        cache_time=cache_time,
        # The results speak the asker's language (the fact line's labels): never one
        # user's answer from Telegram's cache for another.
        is_personal=True,
        next_offset=str(following) if more else "",
        button=button,
    )


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.inline_query.register(inline_search)
    return router
