"""Reading the store: /latest and /search pages of stored summaries (read-only)."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, replace

import aiosqlite

from bot.analysis.models import NlpModels
from bot.analysis.search_terms import query_terms
from bot.analysis.summarize import summary_from_dict
from bot.errors import InputError
from bot.models import Summary
from bot.storage import articles
from bot.storage import search as fts
from bot.storage.articles import StoredArticle

# Longer than this is a pasted text, not a search query (issue 3).
MAX_QUERY_CHARS = 200
# Searches remembered per process for their paging buttons: a key costs a query (≤ 200
# characters), so the cache stays under a megabyte; older searches answer "expired".
QUERY_CACHE_SIZE = 2_000
# Hex digits of the query's SHA-256 used as its key in callback data (64 bytes at most).
QUERY_KEY_CHARS = 12


class QueryError(InputError):
    """The search query is empty, too long or has no searchable words."""


class EmptyQueryError(QueryError):
    def __init__(self) -> None:
        super().__init__("empty query: write what to search for after /search")


class QueryTooLongError(QueryError):
    def __init__(self, length: int) -> None:
        super().__init__(f"query too long: {length} characters, the limit is {MAX_QUERY_CHARS}")


class NoTermsError(QueryError):
    def __init__(self) -> None:
        super().__init__("nothing to search for: the query has no words")


@dataclass(frozen=True, slots=True)
class Page:
    """One page of stored summaries; ``total`` is None when unknown (search)."""

    items: tuple[Summary, ...]
    offset: int
    limit: int
    has_more: bool
    total: int | None = None


# Parsed summaries by what they are made from (the row's URL, title and summary JSON; hashing
# a string is far cheaper than parsing it): /latest shows the same newest articles to
# everyone, and parsing their JSON again for each answer was a third of its time.
_PARSED: OrderedDict[tuple[str, str | None, str], Summary] = OrderedDict()
PARSED_KEPT = 2_000


def stored_summary(stored: StoredArticle) -> Summary:
    """The stored summary, titled and linked from the row when the summary is not."""
    key = (stored.url, stored.title, stored.summary_json)
    cached = _PARSED.get(key)
    if cached is not None:
        _PARSED.move_to_end(key)
        return cached
    summary = _from_row(stored)
    _PARSED[key] = summary
    if len(_PARSED) > PARSED_KEPT:
        _PARSED.popitem(last=False)
    return summary


def _from_row(stored: StoredArticle) -> Summary:
    summary = summary_from_dict(json.loads(stored.summary_json))
    url = stored.url if stored.url.startswith(("http://", "https://")) else summary.source.url
    return replace(
        summary,
        title=summary.title or stored.title,
        source=replace(summary.source, url=url),
    )


async def latest(
    db: aiosqlite.Connection, *, chat_id: int | None, limit: int, offset: int = 0
) -> Page:
    """The newest summaries chat ``chat_id`` may see, ``limit`` from ``offset``.

    The shared articles (the operator's feeds' and the operator's own; of a feed only chats
    added (/add), for those chats only) and those the chat sent; None (no chat known): the
    shared ones of the operator's feeds only.
    """
    rows = await articles.latest(db, chat_id=chat_id, limit=limit, offset=offset, with_text=False)
    total = await articles.count_visible(db, chat_id=chat_id)
    return Page(
        items=tuple(stored_summary(r) for r in rows),
        offset=offset,
        limit=limit,
        has_more=offset + len(rows) < total,
        total=total,
    )


def check_query(query: str) -> str:
    """The query stripped; QueryError if it is empty or too long."""
    query = " ".join(query.split())
    if not query:
        raise EmptyQueryError
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLongError(len(query))
    return query


async def search(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    query: str,
    *,
    chat_id: int | None,
    limit: int,
    offset: int = 0,
) -> Page:
    """Summaries chat ``chat_id`` may see (as ``latest``) matching every word of ``query``
    in any form, best first."""
    terms = query_terms(check_query(query), nlp)  # lru-cached lemmas: microseconds
    if not terms:
        raise NoTermsError
    found = await fts.search(
        db, query_terms=terms, limit=limit + 1, offset=offset, chat_id=chat_id
    )
    return Page(
        items=tuple(stored_summary(stored) for stored, _score in found[:limit]),
        offset=offset,
        limit=limit,
        has_more=len(found) > limit,
    )


class QueryCache:
    """Recent search queries by a short key, so paging buttons need not carry the query."""

    def __init__(self, size: int = QUERY_CACHE_SIZE) -> None:
        self._size = size
        self._queries: OrderedDict[str, str] = OrderedDict()

    def key(self, query: str) -> str:
        """Remember ``query`` and return its key (a few hex digits of its hash)."""
        key = hashlib.sha256(query.encode("utf-8")).hexdigest()[:QUERY_KEY_CHARS]
        self._queries[key] = query
        self._queries.move_to_end(key)
        while len(self._queries) > self._size:
            self._queries.popitem(last=False)
        return key

    def get(self, key: str) -> str | None:
        """The query remembered under ``key``; None once it has been forgotten."""
        query = self._queries.get(key)
        if query is not None:
            self._queries.move_to_end(key)
        return query
