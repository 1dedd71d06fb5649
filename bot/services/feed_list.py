"""The operator's feed list: FEEDS at start, and the CLI's ``feeds add|remove|list|import|
export``. Every chat may read the operator's feeds (``feeds.shared``); a feed chats added
becomes the operator's when the operator adds it too. Polling is ``services.feeds``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.config import Settings
from bot.errors import UnsafeUrlError
from bot.services.feeds import parse_in_worker
from bot.sources.feeds import fetch_feed
from bot.sources.fetch import check_url
from bot.sources.opml import build_opml, parse_opml
from bot.storage import feeds as feed_store
from bot.storage.feeds import Feed

log = logging.getLogger(__name__)


async def _store(db: aiosqlite.Connection, *, url: str, title: str | None) -> Feed | None:
    """Store the operator's feed; None if it was stored already (made shared if chats had
    added it)."""
    added = await feed_store.add(db, url=url, title=title)
    if added is None:
        await feed_store.make_shared(db, url=url)
    return added


async def add_feed(db: aiosqlite.Connection, url: str, *, allow_private: bool) -> Feed | None:
    """Add a feed after one fetch shows it is a feed; None if it is already stored.

    The URL is stored in the normal form ``check_url`` gives, the form that was checked.
    Raises the fetch's one-line errors (not a feed, HTTP error, private address).
    """
    url = check_url(url, allow_private=allow_private)
    result = await fetch_feed(url, allow_private=allow_private, parser=parse_in_worker)
    return await _store(db, url=url, title=result.title)


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
            if await _store(db, url=normal, title=title) is not None:
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
        if await _store(db, url=normal, title=None) is not None:
            added += 1
    return added


def _read_if_file(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _looks_like_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))
