"""Feeds into the store: poll the due ones and ingest their new entries (the operator's feed
list is ``services.feed_list``; a chat's own sources, ``services.sources``)."""

from __future__ import annotations

import asyncio
import heapq
import html
import itertools
import logging
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import aiosqlite

from bot.analysis.models import NlpModels
from bot.config import Settings
from bot.errors import NewsbriefError
from bot.locales import translator
from bot.services import cpu, ingest
from bot.sources.feeds import (
    FeedEntry,
    FeedResult,
    FeedState,
    PollOutcome,
    failed_poll,
    host_of,
    is_teaser,
    parse_feed,
    poll_feed,
)
from bot.sources.fetch import fetch, new_session
from bot.sources.urls import canonical_url
from bot.storage import articles, outbox, recipients
from bot.storage import feeds as feed_store
from bot.storage.articles import to_timestamp as to_unix
from bot.storage.db import transaction
from bot.storage.feeds import Feed
from bot.storage.outbox import NewMessage
from bot.text import strip_unsafe

log = logging.getLogger(__name__)

# Feeds polled at once (GET, parse, article pages, storing). A feed GET takes 0.1-2 s and a
# dead one up to FEED_TIMEOUT_SECONDS: 64 in flight poll 10,000 feeds in a few minutes even
# when many are slow (16 took 10 minutes at 1 s a feed), while a slow server holds one
# slot only. POLL_RATE, not this, bounds what a run takes of the event loop.
POLL_CONCURRENCY = 64
# Feeds of one host polled at once, their article pages included (a feed fetches its pages
# one at a time): polite to a site, as crawlers are (one or two connections), and a slow
# site holds up only its own feeds.
PER_HOST_CONCURRENCY = 2
# One feed's whole poll: its GET (FEED_TIMEOUT_SECONDS at most), its article pages (15 s
# each at most) and their analysis. When it runs out, what was stored stays stored and the
# rest is taken by the next poll; the slot goes to the next feed.
POLL_TIMEOUT_SECONDS = 120.0
# Polls started per second at most. A poll costs the event loop about a millisecond (HTTP
# request and answer, records); unpaced on a fast network a run takes the whole loop, and
# every command answered meanwhile waits behind it (benchmarks/bench_feed_scale.py). At 200
# a second, 10,000 feeds take under a minute, and the loop keeps most of its time.
POLL_RATE = 200.0
# Due feeds read from the database at a time. A run reads batches until none is due.
POLL_BATCH = 200
# Feeds read and waiting for a slot at most (their host busy): memory stays bounded however
# many feeds are due, and a host of thousands of feeds does not hold up the others' reads.
MAX_WAITING = 2_000
# Polls saved per write transaction, or after this many seconds: one short transaction per
# batch instead of one per feed, so the writing connection is never held long.
RECORD_BATCH = 64
RECORD_SECONDS = 1.0
# Failures in a row after which the chats that added a feed are told (once per failing run).
FAILING_AFTER = 10
# One call of a run's ``on_new`` hook at most: a hook that hangs is logged and the next
# article's call starts (the run waits for the hook's calls before it returns).
ON_NEW_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class FeedPoll:
    """What one poll did with one feed."""

    url: str
    status: str  # "ok", "not_modified" or "error"
    new: int  # articles stored
    failed: int  # entries that could not be stored
    error: str | None  # the feed's one-line error when status is "error"
    left: int = 0  # entries left for the next poll (page fetches capped, or out of time)
    moved_to: str | None = None  # the stored URL moved here (a permanent redirect)


@dataclass(frozen=True, slots=True)
class PollReport:
    """One poll run of the due feeds."""

    feeds: tuple[FeedPoll, ...]
    # The new articles stored, as (article id, feed id), in the order they were stored.
    stored: tuple[tuple[int, int], ...] = ()
    # Notices queued in the outbox (a feed keeps failing): the outbox worker must be woken.
    notices: int = 0

    @property
    def new(self) -> int:
        """Articles stored by this poll."""
        return sum(f.new for f in self.feeds)

    @property
    def failed(self) -> int:
        """Entries that could not be stored."""
        return sum(f.failed for f in self.feeds)


# ---------------------------------------------------------------- polling


async def parse_in_worker(
    data: bytes, url: str, *, max_entries: int | None = None
) -> tuple[str | None, tuple[FeedEntry, ...]]:
    """A feed parsed in the analysis worker process (feedparser is pure Python)."""
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
    # (article id, feed id) of each new article, appended as it is stored
    stored: list[tuple[int, int]] = field(default_factory=list)
    # Told each new article's id as soon as it is stored (never blocks, never raises).
    tell: Callable[[int], None] | None = None


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
    if result.new:
        progress.new += 1
        progress.stored.append((result.article.id, feed.id))
        if progress.tell is not None:
            progress.tell(result.article.id)


async def _poll_one(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    settings: Settings,
    feed: Feed,
    moment: datetime,
    *,
    session: aiohttp.ClientSession,
    progress: _Progress,
) -> tuple[FeedPoll, feed_store.PollRecord]:
    """Poll one feed and store its new entries within POLL_TIMEOUT_SECONDS; the poll's
    outcome and the record to save on the feed's row (``_Run`` saves records in batches)."""
    state = FeedState(feed.url, feed.etag, feed.last_modified, feed.error_count)
    base = settings.poll_interval_minutes
    outcome: PollOutcome | None = None
    try:
        async with asyncio.timeout(POLL_TIMEOUT_SECONDS):
            outcome = await poll_feed(
                state,
                base_minutes=base,
                allow_private=settings.allow_private_urls,
                session=session,
                parser=partial(parse_in_worker, max_entries=settings.feed_max_entries),
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
    moved = await _move(db, feed, result.moved_to if result else None)
    # Entries left over are met again only in a full answer: no validators then.
    record = feed_store.PollRecord(
        feed_id=feed.id,
        etag=None if left else _validator(result.etag if result else None, feed.etag, result),
        last_modified=None
        if left
        else _validator(result.last_modified if result else None, feed.last_modified, result),
        error_count=outcome.error_count,
        last_error=outcome.error,
        next_poll_at=moment + outcome.next_poll_in,
        title=result.title if result else None,
        new_article_at=moment if progress.new else None,
        told_at=moment if _tell_now(feed, outcome.error_count) else None,
    )
    if outcome.error:
        log.info("feed %s: %s", feed.id, outcome.error)
    status = "error" if result is None else result.status
    poll = FeedPoll(
        feed.url, status, progress.new, progress.failed, outcome.error, left, moved_to=moved
    )
    return poll, record


def _tell_now(feed: Feed, error_count: int) -> bool:
    """True when this failure makes the feed's failing run long enough to tell its chats,
    and they were not told of this run yet."""
    return error_count >= FAILING_AFTER and feed.failing_told_at is None


async def _move(db: aiosqlite.Connection, feed: Feed, moved_to: str | None) -> str | None:
    """Move the feed's stored URL where it permanently redirects; the new URL if moved.

    If another stored feed already has that URL, both are kept (and the move is tried again
    at the next poll: the other feed may be removed by then); nothing loops, since the
    redirects themselves are followed by the fetch, a bounded number of times.
    """
    if moved_to is None or moved_to == feed.url:
        return None
    if await feed_store.move(db, feed_id=feed.id, url=moved_to):
        log.info(
            "feed %s moved for good: %s -> %s", feed.id, _for_log(feed.url), _for_log(moved_to)
        )
        return moved_to
    log.info(
        "feed %s redirects for good to %s, another stored feed: both kept",
        feed.id,
        _for_log(moved_to),
    )
    return None


def _for_log(url: str) -> str:
    """Scheme, host and path only: private feeds carry tokens in the query or userinfo."""
    try:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.hostname or ''}{parts.path}"[:100]
    except ValueError:
        return "<unparsable URL>"


def notice_of(lang: str, feed: Feed, error: str | None) -> str:
    """The failing-feed notice in ``lang``, as Telegram HTML (every argument escaped)."""
    text = translator(lang).get(
        "error-feed-failing",
        feed=feed.title or feed.url,
        error=error or "?",
        url=feed.url,
        n=FAILING_AFTER,
    )
    return html.escape(strip_unsafe(text), quote=False)


# Called during a run with newly stored (article_id, feed_id) pairs.
OnStored = Callable[[tuple[tuple[int, int], ...]], Awaitable[object]]
# Called during a run with each newly stored article's id, one call at a time.
OnNew = Callable[[int], Awaitable[object]]


class _Run:
    """One poll run: due feeds read in batches until none is due, polled by a bounded pool.

    At most POLL_CONCURRENCY polls run at once and PER_HOST_CONCURRENCY per host (by host
    name, lowercased); a feed waiting for its host takes no slot, the next feed of another
    host does, and among the hosts with a free slot the feed longest due goes first. Feeds
    are read while fewer hosts are ready than slots are free, so at most MAX_WAITING (plus
    one batch) are held in memory and at most POLL_CONCURRENCY tasks exist; records are
    saved RECORD_BATCH at a time.
    """

    def __init__(
        self,
        db: aiosqlite.Connection,
        nlp: NlpModels,
        settings: Settings,
        moment: datetime,
        batch: int,
        *,
        on_stored: OnStored | None = None,
        on_new: OnNew | None = None,
    ) -> None:
        self.db = db
        self.on_stored = on_stored
        self.on_new = on_new
        # New article ids waiting for on_new: queued by the polls as they store them,
        # taken one at a time by the run's own task (``_tell_new``), so that a slow hook
        # holds up no poll and its calls never overlap.
        self.fresh: asyncio.Queue[int] = asyncio.Queue()
        self.handed = 0  # how many of ``stored`` went to on_stored
        self.nlp = nlp
        self.settings = settings
        self.moment = moment  # the run's "now": due means due at this moment
        self.batch = batch
        self.waiting: dict[str, deque[tuple[int, Feed]]] = {}  # host -> feeds in due order
        self.ready: list[tuple[int, str]] = []  # heap: (due order of the host's next, host)
        self.in_ready: set[str] = set()
        self.busy: Counter[str] = Counter()  # host -> polls running
        self.held = 0  # feeds read and not started
        self.order = itertools.count()
        self.after: Feed | None = None  # the last feed read (keyset cursor)
        self.exhausted = False
        self.polls: list[tuple[int, FeedPoll]] = []  # (due order, poll)
        self.stored: list[tuple[int, int]] = []
        self.notices = 0
        self.records: list[tuple[Feed, feed_store.PollRecord]] = []
        self.recorded_at = time.monotonic()
        self.next_start = 0.0  # time.monotonic() from which the next poll may start

    async def read(self) -> None:
        """Read the next batch of due feeds."""
        feeds = await feed_store.due(self.db, now=self.moment, limit=self.batch, after=self.after)
        if len(feeds) < self.batch:
            self.exhausted = True
        if feeds:
            self.after = feeds[-1]
        for feed in feeds:
            host = host_of(feed.url)
            self.waiting.setdefault(host, deque()).append((next(self.order), feed))
            self.held += 1
            self._offer(host)

    def _offer(self, host: str) -> None:
        """Put the host among the ready ones if it has a feed waiting and a free slot."""
        waiting = self.waiting.get(host)
        if waiting and host not in self.in_ready and self.busy[host] < PER_HOST_CONCURRENCY:
            heapq.heappush(self.ready, (waiting[0][0], host))
            self.in_ready.add(host)

    def take(self) -> tuple[int, Feed]:
        """The next feed to poll, with its due order: the longest due among the hosts with a
        free slot."""
        _, host = heapq.heappop(self.ready)
        self.in_ready.discard(host)
        waiting = self.waiting[host]
        order, feed = waiting.popleft()
        if not waiting:
            del self.waiting[host]
        self.held -= 1
        self.busy[host] += 1
        self._offer(host)
        return order, feed

    def _pace(self) -> float:
        """Seconds to wait before the next poll may start (POLL_RATE); 0: start it now, and
        the one after it 1/POLL_RATE later."""
        now = time.monotonic()
        if self.next_start > now:
            return self.next_start - now
        self.next_start = now + 1 / POLL_RATE
        return 0.0

    def release(self, host: str) -> None:
        self.busy[host] -= 1
        if not self.busy[host]:
            del self.busy[host]
        self._offer(host)

    async def poll(self, order: int, feed: Feed, session: aiohttp.ClientSession) -> None:
        """Poll one feed and queue its record; its host's slot is freed whatever happens."""
        progress = _Progress(  # appended as stored: in storing order
            stored=self.stored, tell=None if self.on_new is None else self.fresh.put_nowait
        )
        try:
            poll, record = await _poll_one(
                self.db,
                self.nlp,
                self.settings,
                feed,
                self.moment,
                session=session,
                progress=progress,
            )
        except Exception as exc:  # a storage failure: the feed stays due for the next run
            log.warning("feed %s: poll failed", feed.id, exc_info=True)
            poll = FeedPoll(
                feed.url, "error", progress.new, progress.failed, f"{type(exc).__name__}"
            )
            self.polls.append((order, poll))
            return
        finally:
            self.release(host_of(feed.url))
        self.polls.append((order, poll))
        self.records.append((feed, record))
        if (
            len(self.records) >= RECORD_BATCH
            or time.monotonic() - self.recorded_at >= RECORD_SECONDS
        ):
            await self.save()

    async def save(self) -> None:
        """Save the records waiting, and queue the failing notices, in one transaction."""
        records, self.records = self.records, []
        self.recorded_at = time.monotonic()
        if not records:
            return
        messages: list[NewMessage] = []
        async with transaction(self.db):
            await feed_store.record_polls(self.db, [r for _, r in records])
            for feed, record in records:
                if record.told_at is not None:
                    messages += await self._notices(feed, record)
            self.notices += await outbox.enqueue(self.db, messages, now=self.moment)
        await self.hand_on()

    async def hand_on(self) -> None:
        """Give the articles stored since the last save to ``on_stored`` (instant posts go
        out during a long run, not after it)."""
        fresh = self.stored[self.handed :]
        self.handed = len(self.stored)
        if fresh and self.on_stored is not None:
            await self.on_stored(tuple(fresh))

    async def _tell_new(self, on_new: OnNew) -> None:
        """Give each new article's id to ``on_new`` as it is stored, one call at a time; a
        failing or hanging call is logged, and the next article's call follows."""
        while True:
            article_id = await self.fresh.get()
            try:
                async with asyncio.timeout(ON_NEW_TIMEOUT_SECONDS):
                    await on_new(article_id)
            except Exception:  # the hook's failure is not the poll's
                log.exception("on_new hook failed for article %d", article_id)
            finally:
                self.fresh.task_done()

    async def _notices(self, feed: Feed, record: feed_store.PollRecord) -> list[NewMessage]:
        chats = await recipients.of_feeds(self.db, feed_ids=[feed.id])
        log.warning(
            "feed %s failed %d times in a row (%s): telling %d chats",
            feed.id,
            record.error_count,
            record.last_error,
            len(chats),
        )
        since = to_unix(record.told_at or self.moment)
        out = []
        for chat in chats:
            payload: dict[str, Any] = {"text": notice_of(chat.lang, feed, record.last_error)}
            if chat.thread_id is not None:
                payload["thread_id"] = chat.thread_id
            key = f"notice:feed:{feed.id}:{since}:{chat.chat_id}"
            out.append(NewMessage(chat.chat_id, "notice", key, payload))
        return out

    async def run(self) -> PollReport:
        running: set[asyncio.Task[None]] = set()
        session = new_session(
            allow_private=self.settings.allow_private_urls, limit=POLL_CONCURRENCY
        )
        teller = None
        if self.on_new is not None:
            teller = asyncio.create_task(self._tell_new(self.on_new), name="poll-on-new")
        try:
            while True:
                # Read more while fewer hosts are ready than slots are free.
                while (
                    not self.exhausted
                    and len(self.ready) < POLL_CONCURRENCY - len(running)
                    and self.held < MAX_WAITING
                ):
                    await self.read()
                pause = 0.0
                while self.ready and len(running) < POLL_CONCURRENCY:
                    pause = self._pace()
                    if pause > 0:
                        break
                    running.add(asyncio.create_task(self.poll(*self.take(), session)))
                if not running and not self.ready:  # none busy, none waiting: none is due
                    break
                if not running:
                    await asyncio.sleep(pause)
                    continue
                done, running = await asyncio.wait(
                    running, timeout=pause or None, return_when=asyncio.FIRST_COMPLETED
                )
                for task in done:
                    task.result()  # a failed save stops the run (the feeds stay due)
            await self.save()
            await self.fresh.join()  # every new article went to on_new
        finally:
            for task in running:
                task.cancel()
            if running:
                await asyncio.gather(*running, return_exceptions=True)
            if teller is not None:
                teller.cancel()
                await asyncio.gather(teller, return_exceptions=True)
            await session.close()
        self.polls.sort(key=lambda p: p[0])  # the report lists feeds in due order
        return PollReport(tuple(p for _, p in self.polls), tuple(self.stored), self.notices)


async def poll_due(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    settings: Settings,
    *,
    now: datetime | None = None,
    batch: int = POLL_BATCH,
    on_stored: OnStored | None = None,
    on_new: OnNew | None = None,
) -> PollReport:
    """Poll every due feed, store their new entries and schedule each feed's next poll.

    Due feeds are read ``batch`` at a time, the longest due first, until none is due (each
    at most once per run). They are polled concurrently (POLL_CONCURRENCY at a time,
    PER_HOST_CONCURRENCY to one host), each within POLL_TIMEOUT_SECONDS, and a feed's
    entries are stored as soon as it answers. One feed's failure is recorded on its row
    (error count, backoff) and never stops the others; at the FAILING_AFTER-th failure in a
    row, the chats that added it get a notice in the outbox (``PollReport.notices``). A
    permanent redirect moves the feed's stored URL.

    ``on_stored`` gets the (article_id, feed_id) pairs stored since the last save, each
    pair once, in storing order, every RECORD_BATCH polls or RECORD_SECONDS during the run.
    ``on_new`` gets each new article's id as soon as it is stored (committed), in storing
    order, one call at a time, from a task of its own: a slow call holds up no poll, a
    failing one (or one that takes over ON_NEW_TIMEOUT_SECONDS) is logged and the run goes
    on; the run returns once every call has ended.
    """
    moment = now if now is not None else datetime.now(tz=UTC)
    if batch < 1:
        raise ValueError("batch must be at least 1")
    run = _Run(db, nlp, settings, moment, batch, on_stored=on_stored, on_new=on_new)
    return await run.run()


def _validator(answered: str | None, stored: str | None, result: FeedResult | None) -> str | None:
    """The ETag or Last-Modified to send next time.

    A full answer's own (None if it sent none); after a 304 that omits it or an error, the
    stored one.
    """
    if result is not None and result.status == "ok":
        return answered
    return answered or stored


# ---------------------------------------------------------------- the feed list
