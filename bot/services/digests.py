"""Daily digests: who is due, what goes in, queued for the outbox worker.

``enqueue_due`` runs every minute (scheduler). For each subscriber whose ``next_digest_at``
has come, in one transaction: the digest's messages go into the outbox under the key
``digest:<chat>:<local date>:<part>``, and the subscriber's watermark and next due time move
on. So a digest is queued once per local day whatever happens: a crash before the commit
leaves the subscriber due (the next tick queues it), a crash after it leaves the rows queued
(the worker sends them after the restart), and a second run for the same day finds the keys
taken.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import aiosqlite

from bot.analysis.summarize import summary_from_dict
from bot.config import Settings
from bot.digest import schedule, stories
from bot.digest.render import digest_header, render_digest
from bot.digest.select import Candidate, DigestItem, select
from bot.digest.stories import StoryKey
from bot.errors import StorageError
from bot.locales import translator
from bot.models import Summary
from bot.storage import articles, chat_feeds, follow_hits, outbox, subscribers
from bot.storage.articles import DigestArticle, NewFingerprint
from bot.storage.db import transaction
from bot.storage.follow_hits import StoredHit
from bot.storage.outbox import NewMessage
from bot.storage.subscribers import Subscriber

log = logging.getLogger(__name__)

# A digest looks back at most this far, however long ago the last one was.
LOOKBACK = timedelta(days=7)
FIRST_LOOKBACK = timedelta(days=1)  # a new subscriber's first digest
MAX_CANDIDATES = 500


def _make_keys(made_for: Sequence[tuple[DigestArticle, Summary]], morph: Any) -> list[StoryKey]:
    """Fingerprints of rows read without a usable one (worker thread): the recipe of
    ingestion (``stories.article_key``) from what is stored, no analysis re-run."""
    return [
        stories.article_key(
            title=row.title,
            text=row.lead,
            lang=row.lang,
            summary=summary,
            day=row.ingested_at.date(),
            morph=morph,
        )
        for row, summary in made_for
    ]


async def story_keys(
    db: aiosqlite.Connection,
    rows: Sequence[DigestArticle],
    summaries: Sequence[Summary],
    *,
    morph: Any,
) -> list[StoryKey]:
    """The same-story fingerprint of each row, as stored with it when it was ingested.

    A row stored before fingerprints were (migration 0005), or whose fingerprint is of an
    older recipe (``stories.FINGERPRINT_VERSION``) or made for another day, gets one made
    now off the event loop; with the morph vocab (as the bot and the CLI run) it is stored
    back, so it is made once. Without it (Russian stemmed, not lemmatised) the fingerprints
    are made for this call only.
    """
    lemmatised = morph is not None
    keys = [
        stories.load_key(
            row.fingerprint_json,
            row.fingerprint_version,
            day=row.ingested_at.date(),
            lemmatised=lemmatised,
        )
        for row in rows
    ]
    missing = [i for i, key in enumerate(keys) if key is None]
    if not missing:
        return [key for key in keys if key is not None]
    made = await asyncio.to_thread(_make_keys, [(rows[i], summaries[i]) for i in missing], morph)
    for i, key in zip(missing, made, strict=True):
        keys[i] = key
    if lemmatised:
        new = [
            NewFingerprint(
                article_id=rows[i].id,
                fingerprint_json=stories.dump_key(
                    key, day=rows[i].ingested_at.date(), lemmatised=True
                ),
                fingerprint_version=stories.FINGERPRINT_VERSION,
                replaces=rows[i].fingerprint_json,
            )
            for i, key in zip(missing, made, strict=True)
        ]
        try:
            await articles.set_fingerprints(db, new)
        except StorageError as exc:  # a read-only or full database: made again next time
            log.warning("fingerprints not stored: %s", exc)
    return [key for key in keys if key is not None]


def _source(article: DigestArticle, site: str | None) -> str:
    return article.feed_title or site or urlsplit(article.url).hostname or article.url


async def candidates(
    db: aiosqlite.Connection,
    *,
    after: datetime,
    feed_ids: Sequence[int],
    morph: Any,
    own_feed_ids: Sequence[int] = (),
    instant_feed_ids: Sequence[int] = (),
) -> list[Candidate]:
    """The articles a digest may hold: ingested after ``after``, from the operator's
    ``feed_ids`` (or all of them) and the chat's own sources in ``own_feed_ids``, none from
    the sources it takes at once (``instant_feed_ids``)."""
    rows = await articles.since(
        db,
        after=after,
        feed_ids=feed_ids,
        own_feed_ids=own_feed_ids,
        excluded_feed_ids=instant_feed_ids,
        limit=MAX_CANDIDATES,
    )
    return await _as_candidates(db, rows, morph=morph)


async def _as_candidates(
    db: aiosqlite.Connection, rows: Sequence[DigestArticle], *, morph: Any
) -> list[Candidate]:
    summaries = [summary_from_dict(json.loads(row.summary_json)) for row in rows]
    keys = await story_keys(db, rows, summaries, morph=morph)
    return [
        Candidate(
            article_id=row.id,
            source=_source(row, summary.source.name),
            ingested_at=row.ingested_at,
            summary=summary,
            url=row.url,
            key=key,
        )
        for row, summary, key in zip(rows, summaries, keys, strict=True)
    ]


def _header(subscriber: Subscriber, day: datetime) -> str:
    return digest_header(translator(subscriber.lang), day.strftime("%d.%m.%Y"))


# What a digest is made of: the operator's feeds chosen in /settings (empty: all), the
# chat's own sources taken in the digest and those taken at once (left out), the
# watermark's minute and the digest's size. Chats with the same share one selection.
_Sources = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int]
_Share = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], int, int]

# The "what you follow" section shows at most this many stories (a chat may follow up to
# follows.MAX_FOLLOWS things; ten stories keep the digest a digest). Hits read for it: the
# newest, a few per story.
FOLLOWED_MAX = 10
FOLLOWED_READ = 50


class _Composer:
    """Digests for one tick: subscribers with the same sources and watermark share the work;
    a chat with follow hits (``follow_hits``) gets its own, with its section first."""

    def __init__(self, db: aiosqlite.Connection, morph: Any, now: datetime) -> None:
        self.db = db
        self.morph = morph
        self.now = now
        self._found: dict[_Sources, list[Candidate]] = {}
        self._chosen: dict[_Share, list[DigestItem]] = {}
        self._labels: dict[_Sources, dict[int, int]] = {}
        self._rendered: dict[tuple[_Share, str, str], list[str]] = {}

    async def messages(self, subscriber: Subscriber, *, moment: datetime) -> list[str]:
        """The digest's messages for ``subscriber`` as of ``moment`` (empty: nothing new)."""
        after = subscriber.last_digest_at or (self.now - FIRST_LOOKBACK)
        after = max(after, self.now - LOOKBACK)
        feeds = tuple(await subscribers.feed_ids(self.db, chat_id=subscriber.chat_id))
        own = await chat_feeds.modes(self.db, chat_id=subscriber.chat_id)
        in_digest = tuple(feed for feed, mode in own if mode == "digest")
        at_once = tuple(feed for feed, mode in own if mode != "digest")
        # Watermarks of one tick differ by seconds: share by the minute.
        minute = int(after.timestamp()) // 60
        sources = (feeds, in_digest, at_once, minute)
        found = self._found.get(sources)
        if found is None:
            found = await candidates(
                self.db,
                after=after,
                feed_ids=feeds,
                morph=self.morph,
                own_feed_ids=in_digest,
                instant_feed_ids=at_once,
            )
            self._found[sources] = found
        header = _header(subscriber, schedule.local_time(subscriber.tz, moment))
        hits = await follow_hits.since(
            self.db, chat_id=subscriber.chat_id, after=after, limit=FOLLOWED_READ
        )
        share = (*sources, subscriber.digest_size)
        if hits:
            return await self._with_follows(subscriber, hits, sources, share, header)
        items = self._select(share, found, subscriber.digest_size)
        if not items:
            return []
        rendered = self._rendered.get((share, subscriber.lang, header))
        if rendered is None:
            rendered = render_digest(items, t=translator(subscriber.lang), header=header)
            self._rendered[share, subscriber.lang, header] = rendered
        return rendered

    def _select(self, share: _Share, found: Sequence[Candidate], size: int) -> list[DigestItem]:
        items = self._chosen.get(share)
        if items is None:
            items = select(found, size=size, now=self.now)
            self._chosen[share] = items
        return items

    async def _with_follows(
        self,
        subscriber: Subscriber,
        hits: Sequence[StoredHit],
        sources: _Sources,
        share: _Share,
        header: str,
    ) -> list[str]:
        """The chat's digest with the stories its follows matched first, then the shared
        selection without those stories (whichever source carried them).

        Only the hits and the shared selection's stories are compared, never every
        candidate again: a chat with hits costs a few milliseconds, however many there are.
        """
        terms = {hit.article_id: hit.terms for hit in hits}
        rows = await articles.digest_rows(self.db, ids=list(terms))
        matched = await _as_candidates(self.db, rows, morph=self.morph)
        followed = select(matched, size=FOLLOWED_MAX, now=self.now)
        found = self._found[sources]
        # The shared selection with room for the stories left out, and its stories as the
        # shared grouping saw them (both made once per share).
        wide_share = (*sources, subscriber.digest_size + FOLLOWED_MAX)
        wide = self._select(wide_share, found, subscriber.digest_size + FOLLOWED_MAX)
        label_of = self._labels.get(sources)
        if label_of is None:
            labels = stories.group_stories([c.key for c in found])
            label_of = {c.article_id: label for c, label in zip(found, labels, strict=True)}
            self._labels[sources] = label_of
        taken = {label_of[article_id] for article_id in terms if article_id in label_of}
        # A matched article outside the chat's digest sources: compared with the shown
        # stories' articles directly.
        key_of = {c.article_id: c.key for c in found}
        shown = [key_of[item.article_id] for item in wide]
        close = stories.group_stories([c.key for c in matched] + shown)
        matched_labels = set(close[: len(matched)])
        items = [
            item
            for item, label in zip(wide, close[len(matched) :], strict=True)
            if label_of.get(item.article_id) not in taken and label not in matched_labels
        ][: subscriber.digest_size]
        if not followed and not items:
            return []
        return render_digest(
            items,
            t=translator(subscriber.lang),
            header=header,
            followed=[(item, terms[item.article_id]) for item in followed],
        )


def _payload(text: str, subscriber: Subscriber) -> dict[str, object]:
    """An outbox payload; a forum subscribed in a topic gets its digest there."""
    if subscriber.thread_id is None:
        return {"text": text}
    return {"text": text, "thread_id": subscriber.thread_id}


async def enqueue_due(
    db: aiosqlite.Connection,
    settings: Settings,
    *,
    morph: Any = None,
    now: datetime | None = None,
    batch: int = 500,
) -> int:
    """Queue the digests that are due; returns how many subscribers were handled."""
    now = now or datetime.now(tz=UTC)
    composer = _Composer(db, morph, now)
    handled = 0
    while due := await subscribers.due_for_digest(db, now=now, limit=batch):
        for subscriber in due:
            await _enqueue_one(db, settings, composer, subscriber, now)
        handled += len(due)
    return handled


async def _enqueue_one(
    db: aiosqlite.Connection,
    settings: Settings,
    composer: _Composer,
    subscriber: Subscriber,
    now: datetime,
) -> None:
    # The digest belongs to the local day it was due on, even when the tick comes late.
    due_at = subscriber.next_digest_at or now
    day = schedule.local_date(subscriber.tz, due_at)
    next_at = schedule.next_digest_at(
        tz=subscriber.tz, digest_time=subscriber.digest_time, after=max(now, due_at)
    )
    try:
        messages = await composer.messages(subscriber, moment=due_at)
    except Exception:  # one subscriber's digest must not stop the others'
        log.exception("digest for chat %d", subscriber.chat_id)
        messages = []
    if not messages and settings.digest_send_empty:
        header = _header(subscriber, now)
        messages = [render_digest([], t=translator(subscriber.lang), header=header)[0]]
    rows = [
        NewMessage(
            chat_id=subscriber.chat_id,
            kind="digest",
            dedup_key=f"digest:{subscriber.chat_id}:{day.isoformat()}:{part}",
            payload=_payload(text, subscriber),
        )
        for part, text in enumerate(messages, start=1)
    ]
    async with transaction(db):
        await outbox.enqueue(db, rows, now=now)
        await subscribers.digest_done(
            db, chat_id=subscriber.chat_id, watermark=now, next_at=next_at
        )
        # Shown in this digest, or older than it looks back: the next starts after `now`.
        await follow_hits.clear(db, chat_id=subscriber.chat_id, until=now)


async def preview(
    db: aiosqlite.Connection, *, chat_id: int, morph: Any = None, now: datetime | None = None
) -> list[str]:
    """The digest the chat would get now (``/digest``), leaving its schedule and watermark."""
    now = now or datetime.now(tz=UTC)
    subscriber = await subscribers.get(db, chat_id=chat_id)
    if subscriber is None:
        return []
    return await _Composer(db, morph, now).messages(subscriber, moment=now)
