"""Feeds into the store: add, list, import and export feeds; poll the due ones and ingest."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import aiohttp
import aiosqlite

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.errors import NewsbriefError, UnsafeUrlError
from bot.services import cpu, ingest
from bot.sources.feeds import (
    FeedEntry,
    FeedResult,
    FeedState,
    HostGates,
    PollOutcome,
    failed_poll,
    fetch_feed,
    is_teaser,
    parse_feed,
    poll_feed,
)
from bot.sources.fetch import check_url, fetch, new_session
from bot.sources.opml import build_opml, parse_opml
from bot.sources.urls import canonical_url
from bot.storage import articles
from bot.storage import feeds as feed_store
from bot.storage.feeds import Feed

log = logging.getLogger(__name__)

# Feeds polled at once (GET, parse, article pages, storing). A feed GET takes 0.1-2 s, so 16
# in flight poll a few thousand feeds a minute, while a slow server holds one slot only.
POLL_CONCURRENCY = 16
# Feeds of one host polled at once, their article pages included (a feed fetches its pages
# one at a time): polite to a site, as crawlers are (one or two connections), and a slow
# site holds up only its own feeds.
PER_HOST_CONCURRENCY = 2
# One feed's whole poll: its GET (FEED_TIMEOUT_SECONDS at most), its article pages (15 s
# each at most) and their analysis. When it runs out, what was stored stays stored and the
# rest is taken by the next poll; the slot goes to the next feed.
POLL_TIMEOUT_SECONDS = 120.0
# Feeds taken per poll; the rest stay due and are taken by the next tick.
POLL_BATCH = 200


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """What one poll did with one feed."""

    url: str
    status: str  # "ok", "not_modified" or "error"
    new: int  # articles stored
    failed: int  # entries that could not be stored
    error: str | None  # the feed's one-line error when status is "error"
    left: int = 0  # entries left for the next poll (page fetches capped, or out of time)


@dataclass(frozen=True, slots=True)
class PollReport:
    """One poll of the due feeds."""

    feeds: tuple[FeedPoll, ...]

    @property
    def new(self) -> int:
        """Articles stored by this poll."""
        return sum(f.new for f in self.feeds)

    @property
    def failed(self) -> int:
        """Entries that could not be stored."""
        return sum(f.failed for f in self.feeds)


# ---------------------------------------------------------------- polling


async def _parse(
    data: bytes, url: str, *, max_entries: int | None = None
) -> tuple[str | None, tuple[FeedEntry, ...]]:
    # feedparser is pure Python: in the analysis worker, like extraction.
    if max_entries is None:
        return await cpu.call(partial(parse_feed, data, url))
    return await cpu.call(partial(parse_feed, data, url, max_entries=max_entries))


async def _prepare_entry(entry: FeedEntry, *, allow_private: bool) -> ingest.PreparedArticle:
    if is_teaser(entry):
        # Within the feed's host slot (PER_HOST_CONCURRENCY): pages one at a time per feed.
        page = await fetch(entry.url, allow_private=allow_private)
        # HTML extraction takes milliseconds to tens of them: in the analysis worker, so
        # that commands are answered while a feed is stored.
        prepared = await cpu.call(partial(ingest.prepare_page, page))
        article = prepared.article
        article = replace(
            article,
            url=entry.url,  # not the page's final URL: the entry's is what is checked first
            title=article.title or entry.title,
            published=article.published or entry.published,
        )
        return replace(prepared, article=article)
    body = entry.content_html or entry.summary_html or ""
    prepared = await cpu.call(partial(ingest.prepare, body, url=entry.url, is_html=True))
    article = replace(
        prepared.article,
        title=entry.title or prepared.article.title,
        published=entry.published or prepared.article.published,
    )
    return replace(prepared, article=article)


@dataclass(slots=True)
class _Progress:
    """How far one feed's entries got: kept when the poll runs out of time."""

    new: int = 0
    failed: int = 0
    handled: int = 0  # entries looked at, stored or not
    deferred: int = 0  # teasers whose page is fetched by a later poll
    fetches: int = 0


async def _store_entries(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    feed: Feed,
    entries: tuple[FeedEntry, ...],
    settings: Settings,
    *,
    progress: _Progress,
) -> None:
    """Store the entries not stored yet, fetching at most FEED_MAX_PAGE_FETCHES pages.

    A teaser past that cap is left for the next poll (its own text is one or two
    sentences: a poor summary that would then be stored for good).
    """
    for entry in entries:
        try:
            await _store_entry(db, nlp, feed, entry, settings, progress=progress)
        except NewsbriefError as exc:
            progress.failed += 1
            log.info("feed %s: entry %s not stored: %s", feed.id, entry.url[:80], exc)
        except Exception:  # one entry's bug must not stop the others
            progress.failed += 1
            log.warning("feed %s: entry %s failed", feed.id, entry.url[:80], exc_info=True)
        # Not when the poll's time ran out in the middle (CancelledError): that entry is left.
        progress.handled += 1


async def _store_entry(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    feed: Feed,
    entry: FeedEntry,
    settings: Settings,
    *,
    progress: _Progress,
) -> None:
    known = await articles.by_url(db, url=canonical_url(entry.url))
    if known is not None:
        # A chat's private link that the feed now publishes becomes shared.
        await ingest.claim(db, known, submitted_by=None, feed_id=feed.id)
        return
    if is_teaser(entry):
        if progress.fetches >= settings.feed_max_page_fetches:
            progress.deferred += 1
            return
        progress.fetches += 1
    prepared = await _prepare_entry(entry, allow_private=settings.allow_private_urls)
    result = await ingest.store(db, prepared, nlp, feed_id=feed.id)
    progress.new += result.new


async def _poll_one(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    settings: Settings,
    feed: Feed,
    moment: datetime,
    *,
    session: aiohttp.ClientSession,
) -> FeedPoll:
    """Poll one feed, store its new entries and record the poll, within POLL_TIMEOUT_SECONDS."""
    state = FeedState(feed.url, feed.etag, feed.last_modified, feed.error_count)
    base = settings.poll_interval_minutes
    progress = _Progress()
    outcome: PollOutcome | None = None
    try:
        async with asyncio.timeout(POLL_TIMEOUT_SECONDS):
            outcome = await poll_feed(
                state,
                base_minutes=base,
                allow_private=settings.allow_private_urls,
                session=session,
                parser=partial(_parse, max_entries=settings.feed_max_entries),
            )
            result = outcome.result
            if result is not None and result.status == "ok":
                await _store_entries(db, nlp, feed, result.entries, settings, progress=progress)
    except TimeoutError:
        if outcome is None:
            outcome = failed_poll(
                state, f"timed out after {POLL_TIMEOUT_SECONDS:g} s", base_minutes=base
            )
        log.info("feed %s: poll timed out; the rest is taken next poll", feed.id)
    result = outcome.result
    left = 0
    if result is not None and result.status == "ok":
        left = len(result.entries) - progress.handled + progress.deferred
    # Entries left over are met again only in a full answer: no validators then.
    await feed_store.record_poll(
        db,
        feed_id=feed.id,
        etag=None if left else _validator(result.etag if result else None, feed.etag, result),
        last_modified=None
        if left
        else _validator(result.last_modified if result else None, feed.last_modified, result),
        error_count=outcome.error_count,
        last_error=outcome.error,
        next_poll_at=moment + outcome.next_poll_in,
        title=result.title if result else None,
    )
    if outcome.error:
        log.info("feed %s: %s", feed.id, outcome.error)
    status = "error" if result is None else result.status
    return FeedPoll(feed.url, status, progress.new, progress.failed, outcome.error, left)


async def poll_due(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    settings: Settings,
    *,
    now: datetime | None = None,
) -> PollReport:
    """Poll every due feed, store their new entries and schedule each feed's next poll.

    Feeds are polled concurrently (POLL_CONCURRENCY at a time, PER_HOST_CONCURRENCY to one
    host), each within POLL_TIMEOUT_SECONDS, and a feed's entries are stored as soon as it
    answers. One feed's failure is recorded on its row (error count, backoff) and never
    stops the others; an entry that cannot be stored is counted and logged.
    """
    moment = now if now is not None else datetime.now(tz=UTC)
    due = await feed_store.due(db, now=moment, limit=POLL_BATCH)
    if not due:
        return PollReport(())
    gate = asyncio.Semaphore(POLL_CONCURRENCY)
    hosts = HostGates(PER_HOST_CONCURRENCY)
    session = new_session(allow_private=settings.allow_private_urls, limit=POLL_CONCURRENCY)

    async def one(feed: Feed) -> FeedPoll:
        # The host's gate first: a feed waiting for its host holds no general slot.
        async with hosts.gate(feed.url), gate:
            return await _poll_one(db, nlp, settings, feed, moment, session=session)

    try:
        return PollReport(tuple(await asyncio.gather(*(one(f) for f in due))))
    finally:
        await session.close()


def _validator(answered: str | None, stored: str | None, result: FeedResult | None) -> str | None:
    """The ETag or Last-Modified to send next time.

    A full answer's own (None if it sent none); after a 304 that omits it or an error, the
    stored one.
    """
    if result is not None and result.status == "ok":
        return answered
    return answered or stored


# ---------------------------------------------------------------- the feed list


async def add_feed(db: aiosqlite.Connection, url: str, *, allow_private: bool) -> Feed | None:
    """Add a feed after one fetch shows it is a feed; None if it is already stored.

    The URL is stored in the normal form ``check_url`` gives, the form that was checked.
    Raises the fetch's one-line errors (not a feed, HTTP error, private address).
    """
    url = check_url(url, allow_private=allow_private)
    result = await fetch_feed(url, allow_private=allow_private, parser=_parse)
    return await feed_store.add(db, url=url, title=result.title)


async def remove_feed(db: aiosqlite.Connection, url: str) -> bool:
    """Remove a feed, given as written or in its normal form; False if it is not stored."""
    if await feed_store.remove(db, url=url.strip()):
        return True
    try:
        normal = check_url(url, allow_private=True)  # only the form: a stored URL passed
    except UnsafeUrlError:
        return False
    return await feed_store.remove(db, url=normal)


async def list_feeds(db: aiosqlite.Connection) -> list[Feed]:
    """Every stored feed."""
    return await feed_store.all(db)


@dataclass(frozen=True, slots=True)
class OpmlImport:
    """What an OPML import did: feeds added, and URLs refused by ``check_url``."""

    added: int
    refused: int


async def import_opml(
    db: aiosqlite.Connection,
    data: bytes,
    *,
    allow_private: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> OpmlImport:
    """Add every feed of an OPML document whose URL passes ``check_url`` (no fetch).

    A refused URL (not http(s), a private address in any spelling) is skipped and counted;
    the others are stored in normal form. No DNS here: a name that resolves to a private
    address is refused when it is polled. ``progress(done, total)`` is called after each
    feed. Raises OpmlError.
    """
    listed = parse_opml(data)
    added = refused = 0
    for done, (url, title) in enumerate(listed, 1):
        try:
            normal = check_url(url, allow_private=allow_private)
        except UnsafeUrlError as exc:
            refused += 1
            log.info("OPML: %r refused: %s", url[:100], exc)
        else:
            if await feed_store.add(db, url=normal, title=title) is not None:
                added += 1
        if progress is not None:
            progress(done, len(listed))
    return OpmlImport(added, refused)


async def export_opml(db: aiosqlite.Connection) -> bytes:
    """Every stored feed as an OPML 2.0 document."""
    return build_opml([(f.url, f.title) for f in await feed_store.all(db)])


async def seed(db: aiosqlite.Connection, settings: Settings) -> int:
    """Add the feeds of the FEEDS setting (URLs, or the path of an OPML file); no fetch.

    Returns how many were new. Runs at every start, so it must work offline.
    """
    allow_private = settings.allow_private_urls
    if len(settings.feeds) == 1 and not _looks_like_url(settings.feeds[0]):
        data = await asyncio.to_thread(_read_if_file, Path(settings.feeds[0]))
        if data is not None:
            imported = await import_opml(db, data, allow_private=allow_private)
            if imported.refused:
                log.warning("FEEDS: %d URLs of the OPML file refused", imported.refused)
            return imported.added
    added = 0
    for url in settings.feeds:
        if not _looks_like_url(url):
            log.warning("FEEDS: %r is neither a URL nor an OPML file; skipped", url[:80])
            continue
        try:
            normal = check_url(url, allow_private=allow_private)
        except UnsafeUrlError as exc:
            log.warning("FEEDS: %r refused: %s", url[:80], exc)
            continue
        if await feed_store.add(db, url=normal) is not None:
            added += 1
    return added


def _read_if_file(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _looks_like_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))
