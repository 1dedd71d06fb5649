"""Feeds: RSS, Atom and JSON Feed, fetched with a conditional GET and polled concurrently.

``parse_feed`` is pure (bytes in, entries out). ``fetch_feed`` is one conditional GET with
the same safety rules as ``bot.sources.fetch`` (http(s) only, private addresses refused also
after redirects, size cap, gzip-bomb safe). ``poll_feed`` polls one feed: its failure is
recorded in its outcome, never raised, so it never stops the others
(``bot.services.feeds.poll_due`` polls them concurrently). Storage (etag, error count, next
poll time) is the caller's business.
"""

from __future__ import annotations

import asyncio
import html
import io
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import aiohttp
import feedparser  # type: ignore[import-untyped]  # feedparser ships no type information

from bot.errors import FetchError, NewsbriefError
from bot.sources.fetch import fetch
from bot.text import strip_unsafe

log = logging.getLogger(__name__)

# A feed is a list of links and short texts; 2 MB holds several hundred full-content items.
MAX_FEED_BYTES = 2 * 1024 * 1024
# Whole request, redirects included. Feeds are polled in the background: a slow one may take
# its time, but must not hold a concurrency slot for ever.
FEED_TIMEOUT_SECONDS = 30.0
# An entry whose text is shorter than this is a teaser (RSS descriptions and Atom summaries
# are one to three sentences, 20-80 words), so its article page must be fetched. Full news
# texts under 120 words are rare; wrongly fetching such a page costs one GET, while missing a
# teaser would summarise a single sentence. Not tuned on data yet: a guess with that margin.
TEASER_MAX_WORDS = 120
# Entries read from one feed document, in document order (feeds list the newest first). News
# feeds carry 10 to 100 items; what a longer one adds is its archive. feedparser has no such
# limit (a 2 MB feed of 100,000 tiny entries took 11 s and 203 MB to parse), so the document
# is cut after this many entries before it is parsed.
MAX_FEED_ENTRIES = 100
# Tags (start and end tags, comments, CDATA sections) read from one feed document before
# feedparser: it spends ~0.1 ms per element and handles some quadratically (10,000
# <category> in one item took 7 s). The document is cut after the last entry that ends
# within them. A 100-entry feed has 2,000-6,000 (15 elements an item, more with XHTML
# content); a longer one just yields fewer entries.
MAX_FEED_TAGS = 10_000
# Open elements inside each other. RSS and Atom nest 4-6 levels, XHTML content some 20 more;
# 256 is also lxml's limit for HTML. A deeper document is refused with that reason.
MAX_FEED_DEPTH = 256
# Backoff after failures: the interval doubles per consecutive error, up to this cap, so a
# feed that is down for a day is still retried a few times a day and recovers on its own.
MAX_POLL_DELAY = timedelta(hours=12)
_MAX_DOUBLINGS = 16  # 2**16 minutes is far past the cap; keeps the arithmetic small

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/"

# feedparser flags these as bozo, but they say nothing about the document itself: we hand it
# bytes without a Content-Type, and encodings are often declared wrongly.
_SOFT = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
_TAG = re.compile(r"<[^>]*>")
# One tag of a feed document: end tag, name, self-closing slash. [^<>] keeps every attempt
# within one tag, so a scan is linear in the document.
_XML_TAG = re.compile(rb"<(/?)([A-Za-z_][^\s/<>]*)[^<>]*?(/?)>")
_ENTRY_TAGS = frozenset({b"item", b"entry"})
_SHORT_URL = 80


class NotAFeedError(FetchError):
    """The URL answered, but with something that is not an RSS, Atom or JSON feed."""

    key = "error-not-a-feed"

    def __init__(self, url: str, why: str = "not a feed") -> None:
        super().__init__(f"{why}: {_short(url)}", url=_short(url))
        self.url = url


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed, with its link resolved against the feed URL."""

    url: str
    title: str | None
    published: datetime | None  # aware, UTC
    summary_html: str | None
    content_html: str | None
    author: str | None
    guid: str | None


@dataclass(frozen=True, slots=True)
class FeedResult:
    """One poll of one feed: its entries, or ``not_modified`` (HTTP 304) and none."""

    url: str
    final_url: str
    status: Literal["ok", "not_modified"]
    title: str | None
    etag: str | None
    last_modified: str | None
    entries: tuple[FeedEntry, ...]
    # The feed's new address when it answered through permanent redirects (301, 308) only:
    # the caller moves the stored URL there. A temporary redirect (302, 303, 307) moves nothing.
    moved_to: str | None = None


@dataclass(frozen=True, slots=True)
class FeedState:
    """What a poll needs to know about a feed (a view of its stored row)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    error_count: int = 0


@dataclass(frozen=True, slots=True)
class PollOutcome:
    """A feed's poll: the result or a one-line error, and when to poll it next."""

    feed: FeedState
    result: FeedResult | None
    error: str | None
    error_count: int  # consecutive failures after this poll (0 on success)
    next_poll_in: timedelta


# ---------------------------------------------------------------- parsing (pure)


def parse_feed(
    data: bytes, url: str, *, max_entries: int = MAX_FEED_ENTRIES
) -> tuple[str | None, tuple[FeedEntry, ...]]:
    """Parse RSS 0.9x/1.0/2.0, Atom or JSON Feed bytes into the feed title and its entries.

    At most ``max_entries`` entries are read, the first in the document, and at most
    MAX_FEED_TAGS tags of an XML feed: the document is cut before it is parsed.

    Raises:
        NotAFeedError: the bytes are not a feed (HTML page, garbage, empty), are too broken
            to yield anything, or nest deeper than MAX_FEED_DEPTH.
    """
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise NotAFeedError(url, "empty answer, not a feed")
    if stripped.startswith(b"{"):
        return _parse_json_feed(stripped, url, max_entries)
    # BytesIO: feedparser treats a str or bytes argument that looks like a URL or a path as
    # one and opens it; a stream is always data. Its HTML sanitiser and relative-URI
    # resolver are off: they parse every entry's HTML again in pure Python (a 1.3 MB
    # description took 3.9 s, 0.02 s without), and entry HTML is never shown, only read for
    # its text by bot.extraction, which drops scripts, styles and frames itself.
    parsed = feedparser.parse(
        io.BytesIO(_first_entries(data, url, max_entries)),
        response_headers={"content-location": url},
        sanitize_html=False,
        resolve_relative_uris=False,
    )
    if not parsed.get("version"):
        raise NotAFeedError(url)
    entries = parsed.get("entries", [])
    if parsed.get("bozo") and not entries and not isinstance(parsed.get("bozo_exception"), _SOFT):
        # Slightly broken feeds are common and tolerated; one that yields nothing is not.
        raise NotAFeedError(url, "malformed feed")
    title = _str(parsed.get("feed", {}).get("title"))
    return title, tuple(e for e in (_entry(raw, url) for raw in entries) if e is not None)


def _first_entries(data: bytes, url: str, max_entries: int) -> bytes:
    """The document cut after its first ``max_entries`` entries or MAX_FEED_TAGS tags.

    The cut falls after the end tag of the last entry within both limits, and the elements
    still open there are closed, so feedparser's strict parser reads it. Text inside CDATA
    sections and comments is not markup; an unclosed one ends the document.

    Raises:
        NotAFeedError: nesting deeper than MAX_FEED_DEPTH, or no entry ends within
            MAX_FEED_TAGS tags.
    """
    open_tags: list[bytes] = []
    entries = tags = pos = 0
    cut: tuple[int, list[bytes]] | None = None
    while tags < MAX_FEED_TAGS and entries < max_entries:
        start = data.find(b"<", pos)
        if start < 0:
            return data  # the whole document is within the limits
        tags += 1
        skipped = _skip_unparsed(data, start)
        if skipped is not None:
            if skipped < 0:
                return _closed(data, cut or (start, open_tags))
            pos = skipped
            continue
        tag = _XML_TAG.match(data, start)
        if tag is None:  # <?xml ...?>, <!DOCTYPE ...> or a stray "<"
            pos = start + 1
            continue
        pos = tag.end()
        closing, name, empty = tag.groups()
        if not closing:
            if not empty:
                open_tags.append(name)
            if len(open_tags) > MAX_FEED_DEPTH:
                raise NotAFeedError(url, f"feed nested too deeply (over {MAX_FEED_DEPTH} levels)")
            continue
        if name in open_tags:  # tags left open inside (<br> in sloppy HTML) close with it
            del open_tags[len(open_tags) - 1 - open_tags[::-1].index(name) :]
        if name.rpartition(b":")[2] in _ENTRY_TAGS:
            entries += 1
            cut = (pos, list(open_tags))
    if data.find(b"<", pos) < 0:
        return data
    if cut is None:
        raise NotAFeedError(url, f"feed too complex: no entry ends within {MAX_FEED_TAGS:,} tags")
    return _closed(data, cut)


def _skip_unparsed(data: bytes, start: int) -> int | None:
    """The end of the CDATA section or comment at ``start`` (-1 if it never ends), or None."""
    for opener, closer in ((b"<![CDATA[", b"]]>"), (b"<!--", b"-->")):
        if data.startswith(opener, start):
            end = data.find(closer, start + len(opener))
            return -1 if end < 0 else end + len(closer)
    return None


def _closed(data: bytes, cut: tuple[int, list[bytes]]) -> bytes:
    end, still_open = cut
    return data[:end] + b"".join(b"</" + name + b">" for name in reversed(still_open))


def _entry(raw: Any, feed_url: str) -> FeedEntry | None:
    url = _resolve(feed_url, _str(raw.get("link")))
    if url is None:
        return None
    content = raw.get("content") or []
    when = raw.get("published_parsed") or raw.get("updated_parsed")
    return FeedEntry(
        url=url,
        title=_str(raw.get("title")),
        published=_from_struct(when),
        summary_html=_str(raw.get("summary")),
        content_html=_str(content[0].get("value")) if content else None,
        author=_str(raw.get("author")),
        guid=_str(raw.get("id")),
    )


def _resolve(feed_url: str, link: str | None) -> str | None:
    """The entry's absolute http(s) URL, or None for a missing, unparsable or other link."""
    if not link:
        return None
    try:
        url = urljoin(feed_url, link)
        scheme = urlsplit(url).scheme
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return None
    return url if scheme in {"http", "https"} else None


def _from_struct(value: time.struct_time | None) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)  # feedparser normalises to UTC
    except (TypeError, ValueError):
        return None


def _parse_json_feed(
    data: bytes, url: str, max_entries: int
) -> tuple[str | None, tuple[FeedEntry, ...]]:
    """JSON Feed 1.0 and 1.1 (jsonfeed.org); feedparser 6 does not read them."""
    try:
        doc = json.loads(data)
    except (UnicodeDecodeError, ValueError):
        raise NotAFeedError(url, "malformed JSON feed") from None
    except RecursionError:  # the decoder recurses per level: [[[[... a few thousand deep
        raise NotAFeedError(url, "malformed JSON feed: nested too deeply") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not version.startswith(JSON_FEED_VERSION_PREFIX):
        raise NotAFeedError(url)
    items = doc.get("items")
    if not isinstance(items, list):
        raise NotAFeedError(url, "malformed JSON feed")
    entries = (_json_entry(item, url) for item in items[:max_entries] if isinstance(item, dict))
    return _str(doc.get("title")), tuple(e for e in entries if e is not None)


def _json_entry(item: dict[str, Any], feed_url: str) -> FeedEntry | None:
    url = _resolve(feed_url, _str(item.get("url")) or _str(item.get("external_url")))
    if url is None:
        return None
    content = _str(item.get("content_html"))
    if content is None and (text := _str(item.get("content_text"))):
        content = _text_to_html(text)
    summary = _str(item.get("summary"))
    guid = item.get("id")
    return FeedEntry(
        url=url,
        title=_str(item.get("title")),
        published=_iso_date(item.get("date_published") or item.get("date_modified")),
        summary_html=html.escape(summary) if summary else None,
        content_html=content,
        author=_json_author(item),
        guid=str(guid) if isinstance(guid, str | int) else None,
    )


def _json_author(item: dict[str, Any]) -> str | None:
    authors = item.get("authors")  # 1.1
    if not isinstance(authors, list):
        authors = [item.get("author")]  # 1.0
    names = [_str(a.get("name")) for a in authors if isinstance(a, dict)]
    return ", ".join(n for n in names if n) or None


def _iso_date(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:  # RFC 3339 requires an offset; a bare time is taken as UTC
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+14:00 is before year 1 in UTC
        return None


def _text_to_html(text: str) -> str:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _str(value: object) -> str | None:
    # Feed and entry titles reach chat as text and as inline button labels (not HTML, so
    # rendering never cleans them): control and bidi-override characters go here.
    return strip_unsafe(value).strip() or None if isinstance(value, str) else None


def _word_count(fragment: str | None) -> int:
    if not fragment:
        return 0
    return len(html.unescape(_TAG.sub(" ", fragment)).split())


def is_teaser(entry: FeedEntry) -> bool:
    """True when the entry carries only a teaser, so its article page must be fetched."""
    words = max(_word_count(entry.content_html), _word_count(entry.summary_html))
    return words < TEASER_MAX_WORDS


# ---------------------------------------------------------------- backoff (pure)


def next_poll_delay(error_count: int, base_minutes: int) -> timedelta:
    """Delay before the next poll: the base interval, doubled per consecutive error, capped."""
    if base_minutes < 1:
        raise ValueError("base_minutes must be at least 1")
    if error_count < 0:
        raise ValueError("error_count cannot be negative")
    delay = timedelta(minutes=base_minutes * 2 ** min(error_count, _MAX_DOUBLINGS))
    return max(timedelta(minutes=base_minutes), min(delay, MAX_POLL_DELAY))


# ---------------------------------------------------------------- network


Parser = Callable[[bytes, str], Awaitable[tuple[str | None, tuple[FeedEntry, ...]]]]


async def parse_in_thread(data: bytes, url: str) -> tuple[str | None, tuple[FeedEntry, ...]]:
    """``parse_feed`` off the event loop: feedparser is pure Python (tens of ms per feed)."""
    return await asyncio.to_thread(parse_feed, data, url)


async def fetch_feed(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    allow_private: bool = False,
    session: aiohttp.ClientSession | None = None,
    parser: Parser = parse_in_thread,
) -> FeedResult:
    """GET a feed conditionally (If-None-Match, If-Modified-Since) and parse it.

    A passed ``session`` must come from ``fetch.new_session``: its resolver is what
    refuses private addresses.

    Raises:
        UnsafeUrlError: bad scheme or a private address (unless ``allow_private``).
        FetchError: network failure, timeout, HTTP error status.
        NotAFeedError: the answer is not a feed, or too broken to read.
        TooLargeError, BinaryContentError: as for ``fetch``.
    """
    headers = {"Accept": FEED_ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page = await fetch(
        url,
        allow_private=allow_private,
        max_bytes=MAX_FEED_BYTES,
        timeout=FEED_TIMEOUT_SECONDS,
        session=session,
        headers=headers,
        what="feed",
    )
    not_modified = page.status == 304  # noqa: PLR2004 (HTTP Not Modified)
    title, entries = (None, ()) if not_modified else await parser(page.body, page.final_url)
    return FeedResult(
        url=url,
        final_url=page.final_url,
        status="not_modified" if not_modified else "ok",
        title=title,
        etag=page.etag,
        last_modified=page.last_modified,
        entries=entries,
        moved_to=page.moved_to,
    )


def host_of(url: str) -> str:
    """The URL's host name, lowercased: what per-host limits count by ("" if unparsable)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


class HostGates:
    """At most ``per_host`` polls or requests at a time to each host: a semaphore per name."""

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self._per_host = per_host
        self._gates: dict[str, asyncio.Semaphore] = {}

    def gate(self, url: str) -> asyncio.Semaphore:
        """The semaphore of the URL's host (one shared by every unparsable URL)."""
        host = host_of(url)
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = asyncio.Semaphore(self._per_host)
        return gate


async def poll_feed(
    feed: FeedState,
    *,
    base_minutes: int,
    allow_private: bool = False,
    session: aiohttp.ClientSession | None = None,
    parser: Parser = parse_in_thread,
) -> PollOutcome:
    """Poll one feed: its result or its one-line error, never an exception."""
    try:
        result = await fetch_feed(
            feed.url,
            etag=feed.etag,
            last_modified=feed.last_modified,
            allow_private=allow_private,
            session=session,
            parser=parser,
        )
    except NewsbriefError as exc:
        error = str(exc)
    except Exception as exc:  # one feed's bug must not stop the others
        log.warning("feed poll failed unexpectedly: %s", _for_log(feed.url), exc_info=True)
        error = f"unexpected error: {type(exc).__name__}"
    else:
        return PollOutcome(feed, result, None, 0, next_poll_delay(0, base_minutes))
    return failed_poll(feed, error, base_minutes=base_minutes)


def failed_poll(feed: FeedState, error: str, *, base_minutes: int) -> PollOutcome:
    """The outcome of a failed poll: one more consecutive error, and the backoff after it."""
    count = feed.error_count + 1
    return PollOutcome(feed, None, error, count, next_poll_delay(count, base_minutes))


def _short(url: str) -> str:
    return url if len(url) <= _SHORT_URL else url[: _SHORT_URL - 3] + "..."


def _for_log(url: str) -> str:
    """Scheme, host and path only: private feeds carry tokens in the query or userinfo."""
    try:
        parts = urlsplit(url)
        return _short(f"{parts.scheme}://{parts.hostname or ''}{parts.path}")
    except ValueError:
        return "<unparsable URL>"
