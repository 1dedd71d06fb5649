"""A chat's own sources: /add, /feeds, /remove, an OPML file in and /export out.

A URL from a chat is checked and fetched through the safe fetch (``bot.sources.fetch``);
a feed already stored is linked to the chat without a fetch. A feed only chats added is
theirs alone (``feeds.shared = 0``): its articles are read by those chats only (see
storage/articles.py). The poller fetches the sources; adding one fetches it once, to know it
is a feed and to give its title.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from bot.config import Settings
from bot.errors import InputError, NewsbriefError, UnsafeUrlError
from bot.services import subscriptions
from bot.sources.discover import feed_links
from bot.sources.feeds import FEED_ACCEPT, NotAFeedError, fetch_feed, parse_in_thread
from bot.sources.fetch import check_url, fetch
from bot.sources.opml import build_opml, parse_opml
from bot.storage import chat_feeds
from bot.storage.chat_feeds import MODES, Source, StoredFeed
from bot.storage.db import transaction

log = logging.getLogger(__name__)

PAGE_SIZE = 6  # sources per /feeds page: each has a row of buttons under the message


class SourceLimitError(InputError):
    """The chat has as many sources as MAX_FEEDS_PER_CHAT allows."""

    key = "sources-limit"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"too many sources: a chat may have {limit}; remove one with /remove first",
            limit=limit,
        )


class NoFeedFoundError(InputError):
    """The URL is neither a feed nor a page that names one."""

    key = "sources-no-feed"

    def __init__(self, url: str) -> None:
        shown = url[:100]
        super().__init__(f"no feed found at {shown}", url=shown)


class UnknownSourceError(InputError):
    """What /remove or a button names is not one of the chat's sources."""

    key = "sources-not-found"

    def __init__(self) -> None:
        super().__init__("that is not one of this chat's sources (see /feeds)")


@dataclass(frozen=True, slots=True)
class Added:
    """What /add did: the source's feed, and whether the chat had it already."""

    feed_id: int
    title: str | None
    url: str
    already: bool


@dataclass(frozen=True, slots=True)
class SourcePage:
    """One page of a chat's sources; ``page`` counts from 0."""

    items: tuple[Source, ...]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class Imported:
    """What an OPML file did: sources added, ones the chat had, URLs refused (not http(s),
    a private address), and those left out because the chat reached its limit."""

    added: int
    skipped: int
    refused: int
    over_limit: int


def _now() -> datetime:
    return datetime.now(tz=UTC)


async def _link(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    url: str,
    title: str | None,
    thread_id: int | None = None,
) -> Added:
    """Store the feed (or find it) and make it the chat's, within the chat's limit."""
    now = _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        stored = await chat_feeds.feed_by_url(db, url=url)
        if stored is not None and await chat_feeds.has(db, chat_id=chat_id, feed_id=stored.id):
            return Added(stored.id, stored.title, stored.url, already=True)
        if await chat_feeds.count(db, chat_id=chat_id) >= settings.max_feeds_per_chat:
            raise SourceLimitError(settings.max_feeds_per_chat)
        feed = await chat_feeds.add_feed(db, url=url, title=title)
        await chat_feeds.link(db, chat_id=chat_id, feed_id=feed.id, thread_id=thread_id, now=now)
        return Added(feed.id, feed.title, feed.url, already=False)


async def _stored(db: aiosqlite.Connection, url: str) -> StoredFeed | None:
    return await chat_feeds.feed_by_url(db, url=url)


async def _discovered(
    db: aiosqlite.Connection, body: bytes, page_url: str, *, allow_private: bool
) -> tuple[str, str | None] | None:
    """The first feed the page names that is stored or parses: (URL, title)."""
    for candidate in feed_links(body, page_url):
        try:
            url = check_url(candidate, allow_private=allow_private)
        except UnsafeUrlError:
            continue
        stored = await _stored(db, url)
        if stored is not None:
            return url, stored.title
        try:
            result = await fetch_feed(url, allow_private=allow_private)
        except NewsbriefError as exc:  # not a feed, unreachable, too large: try the next
            log.info("candidate feed %s: %s", url[:100], exc)
            continue
        return url, result.title
    return None


async def add_source(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    url: str,
    thread_id: int | None = None,
) -> Added:
    """Add a feed (or the feed a page names) to the chat's sources.

    Args:
        kind: "private" or "group", for a chat not stored yet.
        language_code: the sender's, the language of a chat not stored yet.
        thread_id: the forum topic /add was sent in: the source's instant posts go there.

    Raises:
        UnsafeUrlError, FetchError, TooLargeError, BinaryContentError: the fetch's one-line
            errors.
        NoFeedFoundError: neither a feed nor a page naming one.
        SourceLimitError: the chat has MAX_FEEDS_PER_CHAT sources.
    """
    allow_private = settings.allow_private_urls
    normal = check_url(url, allow_private=allow_private)
    stored = await _stored(db, normal)
    if stored is not None:  # shared, not fetched twice
        normal, title = stored.url, stored.title
        return await _link(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code,
            url=normal, title=title, thread_id=thread_id,
        )  # fmt: skip
    # Refused before any fetch when the chat is full (checked again when linking).
    if await chat_feeds.count(db, chat_id=chat_id) >= settings.max_feeds_per_chat:
        raise SourceLimitError(settings.max_feeds_per_chat)
    page = await fetch(
        normal, allow_private=allow_private, headers={"Accept": FEED_ACCEPT}, what="link"
    )
    try:
        title, _entries = await parse_in_thread(page.body, page.final_url)
    except NotAFeedError:
        found = await _discovered(db, page.body, page.final_url, allow_private=allow_private)
        if found is None:
            raise NoFeedFoundError(normal) from None
        normal, title = found
    return await _link(
        db, settings, chat_id=chat_id, kind=kind, language_code=language_code,
        url=normal, title=title, thread_id=thread_id,
    )  # fmt: skip


async def list_sources(
    db: aiosqlite.Connection, *, chat_id: int, page: int = 0, page_size: int = PAGE_SIZE
) -> SourcePage:
    """Page ``page`` of the chat's sources (the last one if it is past the end)."""
    total = await chat_feeds.count(db, chat_id=chat_id)
    pages = max(1, -(-total // page_size))
    page = max(0, min(page, pages - 1))
    items = await chat_feeds.sources(db, chat_id=chat_id, limit=page_size, offset=page * page_size)
    return SourcePage(items=tuple(items), page=page, pages=pages, total=total)


async def _by_url(db: aiosqlite.Connection, url: str) -> StoredFeed | None:
    stored = await _stored(db, url.strip())
    if stored is not None:
        return stored
    try:
        normal = check_url(url, allow_private=True)  # only the form: a stored URL passed
    except UnsafeUrlError:
        return None
    return await _stored(db, normal)


async def remove_source(
    db: aiosqlite.Connection, *, chat_id: int, url: str | None = None, feed_id: int | None = None
) -> Source:
    """Remove a source, named by its URL as typed (or in its normal form) or by feed id.

    Raises:
        UnknownSourceError: the chat has no such source.
    """
    if feed_id is None and url is not None:
        stored = await _by_url(db, url)
        feed_id = None if stored is None else stored.id
    if feed_id is None:
        raise UnknownSourceError
    async with transaction(db):
        source = await chat_feeds.source(db, chat_id=chat_id, feed_id=feed_id)
        if source is None or not await chat_feeds.unlink(db, chat_id=chat_id, feed_id=feed_id):
            raise UnknownSourceError
    return source


async def set_mode(db: aiosqlite.Connection, *, chat_id: int, feed_id: int, mode: str) -> Source:
    """Take a source in the daily digest ("digest") or each article at once ("instant").

    Raises:
        UnknownSourceError: the chat has no such source, or the mode is unknown.
    """
    if mode not in MODES or not await chat_feeds.set_mode(
        db, chat_id=chat_id, feed_id=feed_id, mode=mode
    ):
        raise UnknownSourceError
    source = await chat_feeds.source(db, chat_id=chat_id, feed_id=feed_id)
    if source is None:  # removed in between
        raise UnknownSourceError
    return source


async def import_opml(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    chat_id: int,
    kind: str,
    language_code: str | None,
    data: bytes,
) -> Imported:
    """Add every feed of an OPML file to the chat's sources, checked like ``feeds import``.

    Each URL passes ``check_url`` (no fetch: the poller fetches them, and a name that
    resolves to a private address is refused then). A new feed is stored without the
    file's title, which the poller fills in from the feed itself: a title a chat typed is
    never shown to another chat that adds the same feed. Raises OpmlError.
    """
    listed = parse_opml(data)
    allow_private = settings.allow_private_urls
    urls: list[str] = []
    refused = 0
    for url, _title in listed:
        try:
            urls.append(check_url(url, allow_private=allow_private))
        except UnsafeUrlError as exc:
            refused += 1
            log.info("OPML from chat %d: %r refused: %s", chat_id, url[:100], exc)
    added = skipped = over_limit = 0
    now = _now()
    async with transaction(db):
        await subscriptions.ensure_stored(
            db, settings, chat_id=chat_id, kind=kind, language_code=language_code, now=now
        )
        room = settings.max_feeds_per_chat - await chat_feeds.count(db, chat_id=chat_id)
        for url in dict.fromkeys(urls):  # normal forms may coincide
            stored = await chat_feeds.feed_by_url(db, url=url)
            if stored is not None and await chat_feeds.has(db, chat_id=chat_id, feed_id=stored.id):
                skipped += 1
                continue
            if room <= 0:
                over_limit += 1
                continue
            feed = await chat_feeds.add_feed(db, url=url, title=None)  # switched on again
            await chat_feeds.link(db, chat_id=chat_id, feed_id=feed.id, now=now)
            added += 1
            room -= 1
    return Imported(added=added, skipped=skipped, refused=refused, over_limit=over_limit)


async def export_opml(db: aiosqlite.Connection, *, chat_id: int) -> bytes | None:
    """The chat's sources as an OPML 2.0 document; None when it has none."""
    rows = await chat_feeds.opml_rows(db, chat_id=chat_id)
    return build_opml(rows) if rows else None


async def topic_gone(
    db: aiosqlite.Connection, *, chat_id: int, thread_id: int, reason: str
) -> int:
    """Telegram refused a post into a source's forum topic (closed, deleted): that
    destination ends, the chat stays subscribed and those sources go into its digest."""
    moved = await chat_feeds.end_topic(db, chat_id=chat_id, thread_id=thread_id)
    log.info(
        "chat %d topic %d: %s; %d sources moved to the digest", chat_id, thread_id, reason, moved
    )
    return moved
