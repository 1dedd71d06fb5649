"""Bring an article in: bytes from a file, stdin or a URL → clean text → Summary → stored."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import aiosqlite

from bot.analysis.models import NlpModels
from bot.analysis.offsets import in_input
from bot.analysis.search_terms import normalize_for_search
from bot.analysis.speaker_key import mentioned_names
from bot.analysis.summarize import SUMMARY_VERSION, summarize, summary_as_dict
from bot.digest import stories
from bot.errors import NewsbriefError
from bot.models import Article, Summary
from bot.services import cpu, documents, said
from bot.services.documents import analysed_part
from bot.sources.urls import canonical_url
from bot.storage import article_names, articles, follows
from bot.storage.articles import StoredArticle
from bot.storage.db import transaction
from bot.text import blank_unsafe

log = logging.getLogger(__name__)

# Preparing a document (no NLP models) is services.documents' part, so that `extract` loads
# no analysis stage; ingest's callers keep these names.
PreparedArticle = documents.PreparedArticle
MAX_ANALYSED_CHARS = documents.MAX_ANALYSED_CHARS
prepare = documents.prepare
prepare_page = documents.prepare_page

# --details re-indexes a pasted text's offsets into the input up to this size (word alignment).
MAX_ALIGNED_CHARS = 200_000


def as_given(summary: Summary, prepared: PreparedArticle) -> Summary:
    """``summary`` with its text and offsets those of the input as given (``--details``).

    Offsets into the cleaned text would not match a pasted text wherever the cleaner took a
    headline, a dateline or stray whitespace out; the headline's own mentions join in. An
    HTML page, or a text too long to align cheaply, keeps its analysed text. Characters
    that are never shown (controls, bidi overrides) are blanked, one space each.
    """
    if prepared.is_html or len(prepared.page_text) > MAX_ALIGNED_CHARS:
        return summary
    # Control characters and bidi overrides never leave the bot; blanks keep the offsets.
    return in_input(summary, blank_unsafe(prepared.page_text))


def summarize_prepared(
    prepared: PreparedArticle, nlp: NlpModels, *, max_sentences: int = 3, max_chars: int = 600
) -> Summary:
    """Summarise a prepared article, using its page text for the years of dates."""
    article = prepared.article
    if isinstance(article.published, datetime):
        # A feed entry's time: the summariser reckons in days (date minus datetime raises).
        article = replace(article, published=article.published.date())
    return summarize(
        article,
        nlp,
        max_sentences=max_sentences,
        max_chars=max_chars,
        context=prepared.page_text,
    )


@dataclass(frozen=True, slots=True)
class Ingested:
    """The stored article and whether this call stored it (False: it was already there)."""

    article: StoredArticle
    new: bool


@dataclass(frozen=True, slots=True)
class _Analysed:
    summary: Summary
    search_title: str
    search_text: str
    fingerprint_json: str  # the same-story fingerprint (stories.dump_key)
    names: tuple[str, ...]  # the keys of every person and organisation mentioned


def content_hash(text: str) -> str:
    """SHA-256 of the text lowercased with its whitespace collapsed: same words, same hash."""
    return hashlib.sha256(" ".join(text.lower().split()).encode("utf-8")).hexdigest()


def _storage_url(url: str | None, digest: str) -> str:
    # Pasted text and local files have no link; the URL column is required and unique, so
    # they get a URN of their content. It is no link: summary_json's source.url stays null,
    # and whoever renders articles.url must link only http(s) URLs.
    return canonical_url(url) if url and url.strip() else f"urn:sha256:{digest}"


def _published(day: date | None) -> datetime | None:
    if day is None or (isinstance(day, datetime) and day.tzinfo is not None):
        return day
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def fingerprint_json(
    *, title: str | None, text: str, lang: str, summary: Summary, day: date, nlp: NlpModels
) -> str:
    """The same-story fingerprint of an article as stored, serialised: from the stored
    title, text, language and summary, for the day it is (or was) ingested, lemmatised."""
    key = stories.article_key(
        title=title, text=text, lang=lang, summary=summary, day=day, morph=nlp.morph_vocab
    )
    return stories.dump_key(key, day=day, lemmatised=True)


def _analyse(prepared: PreparedArticle, nlp: NlpModels) -> _Analysed:
    """The CPU-heavy part of storing: summary, search terms and the same-story fingerprint
    (run in a worker process or thread)."""
    summary = summarize_prepared(prepared, nlp)
    title = prepared.article.title or summary.title or ""
    # The day the row will be stored on: digests read a fingerprint only when it was made
    # for its row's ingestion day (yearless dates), so one stored across midnight (UTC) is
    # made again when read.
    today = datetime.now(tz=UTC).date()
    return _Analysed(
        summary=summary,
        search_title=normalize_for_search(title, summary.lang, nlp),
        search_text=normalize_for_search(prepared.article.text, summary.lang, nlp),
        fingerprint_json=fingerprint_json(
            title=prepared.article.title or summary.title,
            text=prepared.article.text,
            lang=summary.lang,
            summary=summary,
            day=today,
            nlp=nlp,
        ),
        names=tuple(mentioned_names((*summary.mentions, *summary.title_mentions), nlp)),
    )


def owned_hash(digest: str, submitted_by: int | None) -> str:
    """The ``content_hash`` stored for a text: its hash, plus ``:<chat id>`` for a chat's own.

    Shared articles are matched by content across sources; a chat's text only against its
    own rows. Else a chat sending the text of another chat's private link would be given
    that row, and with it the other chat's URL.
    """
    return digest if submitted_by is None else f"{digest}:{submitted_by}"


async def _known(
    conn: aiosqlite.Connection, url: str, digest: str, submitted_by: int | None
) -> StoredArticle | None:
    # By URL whoever stored it: the sender has the same URL (or, for a pasted text, the
    # same text), so the row tells it nothing it did not send. By content: the shared rows
    # (only they have the bare hash), then the sender's own.
    found = await articles.by_url(conn, url=url)
    if found is None:
        found = await articles.by_hash(conn, content_hash=digest)
    if found is None and submitted_by is not None:
        found = await articles.by_hash(conn, content_hash=owned_hash(digest, submitted_by))
    return found


async def claim(
    conn: aiosqlite.Connection,
    stored: StoredArticle,
    *,
    submitted_by: int | None,
    feed_id: int | None = None,
) -> StoredArticle:
    """A stored article that one more source brings: visible to it from now on.

    A shared article stays as it is. A private one (another chat's, or sent before chats
    were recorded) is shown to the chat ``submitted_by`` too, and to nobody else; with no
    chat (a feed, ``feed_id``, or the operator's ``ingest``), its URL is published: the
    article becomes shared, as come in now (``storage.articles.share``).
    """
    if stored.submitted_by is None:
        return stored
    if submitted_by is not None:
        await articles.add_sender(conn, article_id=stored.id, chat_id=submitted_by)
        return stored
    shared = await articles.share(conn, article_id=stored.id, feed_id=feed_id)
    return shared if shared is not None else stored


async def store(
    conn: aiosqlite.Connection,
    prepared: PreparedArticle,
    nlp: NlpModels,
    *,
    feed_id: int | None = None,
    submitted_by: int | None = None,
) -> Ingested:
    """Summarise and store an article, or return the stored one with its URL or content.

    ``submitted_by``: the chat that sent it, which alone sees it (with the other chats that
    send it); None (a feed's entry, the operator's ``ingest``): shared with every chat. A
    stored article is returned as ``claim`` leaves it. The summary and search terms are
    computed off the event loop; the write is one short transaction. Raises the
    summariser's InputErrors (no sentences, unsupported language).
    """
    article = prepared.article
    digest = content_hash(article.text)
    url = _storage_url(article.url, digest)

    async def again(existing: StoredArticle) -> Ingested:
        claimed = await claim(conn, existing, submitted_by=submitted_by, feed_id=feed_id)
        return Ingested(claimed, new=False)

    existing = await _known(conn, url, digest, submitted_by)
    if existing is not None:
        return await again(existing)
    analysed = await cpu.run(_analyse, prepared, nlp)
    summary = analysed.summary
    quotes = said.new_quotes(summary.quotes, nlp)  # lru-cached lemmas: microseconds
    async with transaction(conn):
        # Another task may have stored it while we summarised.
        existing = await _known(conn, url, digest, submitted_by)
        if existing is not None:
            return await again(existing)
        added = await articles.add(
            conn,
            url=url,
            title=article.title or summary.title,
            text=article.text,
            lang=summary.lang,
            published_at=_published(article.published),
            feed_id=feed_id,
            content_hash=owned_hash(digest, submitted_by),
            summary_json=json.dumps(summary_as_dict(summary), ensure_ascii=False),
            summary_version=summary.version,
            search_title=analysed.search_title,
            search_text=analysed.search_text,
            submitted_by=submitted_by,
            fingerprint_json=analysed.fingerprint_json,
            fingerprint_version=stories.FINGERPRINT_VERSION,
        )
        if added is not None:
            await said.store_quotes(conn, added.id, quotes)
            await article_names.replace(conn, article_id=added.id, keys=analysed.names)
            if submitted_by is None:  # shared: its followers are alerted (services.follows)
                await follows.add_pending(conn, article_id=added.id)
    if added is not None:
        return Ingested(added, new=True)
    # Another process stored it between our check and our insert.
    existing = await _known(conn, url, digest, submitted_by)
    if existing is None:  # pragma: no cover - a conflict implies the row exists
        raise RuntimeError(f"article {url} conflicted but is not stored")
    return await again(existing)


def _stored_source_name(summary_json: str) -> str | None:
    try:
        source = json.loads(summary_json).get("source") or {}
    except (ValueError, AttributeError):
        return None
    name = source.get("name") if isinstance(source, dict) else None
    return name if isinstance(name, str) else None


def _resummarize_batch(
    batch: Sequence[StoredArticle], nlp: NlpModels
) -> list[tuple[int, str, str, list[str]]]:
    """New summary JSON, fingerprint and mentioned names for each article the summariser
    still accepts (worker thread)."""
    out: list[tuple[int, str, str, list[str]]] = []
    for stored in batch:
        url = stored.url if stored.url.startswith(("http://", "https://")) else None
        article = Article(
            text=analysed_part(stored.text),  # rows stored before the limit may be longer
            title=stored.title,
            url=url,
            published=None if stored.published_at is None else stored.published_at.date(),
            lang=stored.lang,
            source_name=_stored_source_name(stored.summary_json),
        )
        try:
            summary = summarize(article, nlp)
        except NewsbriefError as exc:
            log.warning("article %s cannot be re-summarised: %s", stored.id, exc)
            continue
        fingerprint = fingerprint_json(
            title=stored.title,
            text=stored.text,
            lang=stored.lang,
            summary=summary,
            day=stored.ingested_at.date(),
            nlp=nlp,
        )
        summary_json = json.dumps(summary_as_dict(summary), ensure_ascii=False)
        names = mentioned_names((*summary.mentions, *summary.title_mentions), nlp)
        out.append((stored.id, summary_json, fingerprint, names))
    return out


async def resummarize(
    conn: aiosqlite.Connection,
    nlp: NlpModels,
    *,
    version: int = SUMMARY_VERSION,
    batch: int = 100,
) -> int:
    """Re-summarise every article summarised by a version older than ``version``, and make
    its same-story fingerprint again from the new summary.

    Works in batches of ``batch`` articles: each is summarised off the event loop and
    written in one transaction. Returns how many articles were updated; one the summariser
    now refuses keeps its old summary (and is logged).
    """
    updated = 0
    after_id = 0
    while True:
        page = await articles.needing_resummary(
            conn, version=version, limit=batch, after_id=after_id
        )
        if not page:
            await said.normalise_quotes(conn, nlp)  # those migration 0009 copied
            return updated
        after_id = page[-1].id
        results = await asyncio.to_thread(_resummarize_batch, page, nlp)
        async with transaction(conn):
            for article_id, summary_json, fingerprint, names in results:
                if await articles.update_summary(
                    conn,
                    article_id=article_id,
                    summary_json=summary_json,
                    summary_version=SUMMARY_VERSION,
                    fingerprint_json=fingerprint,
                    fingerprint_version=stories.FINGERPRINT_VERSION,
                ):
                    await said.store_quotes(
                        conn, article_id, said.quotes_of_json(summary_json, nlp)
                    )
                    await article_names.replace(conn, article_id=article_id, keys=names)
                    updated += 1
