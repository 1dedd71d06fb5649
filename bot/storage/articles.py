"""Stored articles: text, metadata and the summary made when they were ingested."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import aiosqlite

from bot.storage.db import transaction

# submitted_by of the rows stored before migration 0004 without a feed: which chat sent
# them was not recorded. No Telegram chat has id 0, and a query as chat 0 sees no row of it.
UNKNOWN_SENDER = 0

# Every query below selects these columns, the fields of StoredArticle.
SELECT_ARTICLES = (
    "SELECT id, url, feed_id, title, published_at, ingested_at, lang, text, content_hash, "
    "summary_json, summary_version, submitted_by FROM articles "
)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One row of ``articles``; times are timezone-aware UTC."""

    id: int
    url: str
    feed_id: int | None
    title: str | None
    published_at: datetime | None
    ingested_at: datetime
    lang: str
    text: str
    content_hash: str
    summary_json: str
    summary_version: int
    # The chat that sent it first; None: shared (a feed's, or added with the CLI);
    # UNKNOWN_SENDER: sent before chats were recorded (migration 0004), shown to no chat.
    submitted_by: int | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredArticle:
        """Build from a row with the columns of ``SELECT_ARTICLES``."""
        published = row["published_at"]
        return cls(
            id=row["id"],
            url=row["url"],
            feed_id=row["feed_id"],
            title=row["title"],
            published_at=None if published is None else from_timestamp(published),
            ingested_at=from_timestamp(row["ingested_at"]),
            lang=row["lang"],
            text=row["text"],
            content_hash=row["content_hash"],
            summary_json=row["summary_json"],
            summary_version=row["summary_version"],
            submitted_by=row["submitted_by"],
        )


def to_timestamp(moment: datetime) -> int:
    """Unix seconds of an aware datetime (the database stores times so)."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: storage needs timezone-aware times")
    return int(moment.timestamp())


def from_timestamp(seconds: int) -> datetime:
    """The aware UTC datetime of stored Unix seconds."""
    return datetime.fromtimestamp(seconds, tz=UTC)


async def add(
    conn: aiosqlite.Connection,
    *,
    url: str,
    title: str | None,
    text: str,
    lang: str,
    published_at: datetime | None,
    feed_id: int | None,
    content_hash: str,
    summary_json: str,
    summary_version: int,
    search_title: str,
    search_text: str,
    ingested_at: datetime | None = None,
    submitted_by: int | None = None,
    fingerprint_json: str | None = None,
    fingerprint_version: int | None = None,
) -> StoredArticle | None:
    """Store an article and index its normalised words; None if its URL or hash is stored.

    Args:
        url: the canonical URL (``bot.sources.urls.canonical_url``).
        search_title: the title normalised by morphology, as ``search`` will query it.
        search_text: the text normalised likewise.
        ingested_at: defaults to now.
        submitted_by: the chat that sent it, which alone will see it; None: shared.
        fingerprint_json: its same-story fingerprint, serialised (None: made when read).
        fingerprint_version: the version of the recipe that made ``fingerprint_json``.
    """
    ingested = ingested_at if ingested_at is not None else datetime.now(tz=UTC)
    async with transaction(conn):
        # ON CONFLICT DO NOTHING (not INSERT OR IGNORE) skips only duplicate URLs and
        # hashes; a NOT NULL or CHECK violation still raises.
        async with conn.execute(
            "INSERT INTO articles (url, feed_id, title, published_at, ingested_at, lang, text, "
            "content_hash, summary_json, summary_version, submitted_by, fingerprint_json, "
            "fingerprint_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING "
            "RETURNING id, url, feed_id, title, published_at, ingested_at, lang, text, "
            "content_hash, summary_json, summary_version, submitted_by",
            (
                url,
                feed_id,
                title,
                None if published_at is None else to_timestamp(published_at),
                to_timestamp(ingested),
                lang,
                text,
                content_hash,
                summary_json,
                summary_version,
                submitted_by,
                fingerprint_json,
                fingerprint_version,
            ),
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        article = StoredArticle.from_row(row)
        await conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (article.id, search_title, search_text),
        )
        if submitted_by is not None:  # its first sender: the row is private from now on
            await conn.execute(
                "INSERT INTO article_senders (chat_id, article_id, sent_at) VALUES (?, ?, ?)",
                (submitted_by, article.id, to_timestamp(ingested)),
            )
    return article


async def _one(conn: aiosqlite.Connection, where: str, value: object) -> StoredArticle | None:
    # `where` is one of this module's literals, never user text.
    async with conn.execute(SELECT_ARTICLES + "WHERE " + where, (value,)) as cur:
        row = await cur.fetchone()
    return None if row is None else StoredArticle.from_row(row)


async def by_id(conn: aiosqlite.Connection, *, article_id: int) -> StoredArticle | None:
    """The article with this id, if stored."""
    return await _one(conn, "id = ?", article_id)


async def by_url(conn: aiosqlite.Connection, *, url: str) -> StoredArticle | None:
    """The article with this canonical URL, if stored."""
    return await _one(conn, "url = ?", url)


async def by_hash(conn: aiosqlite.Connection, *, content_hash: str) -> StoredArticle | None:
    """The article with this content hash, if stored."""
    return await _one(conn, "content_hash = ?", content_hash)


async def add_sender(
    conn: aiosqlite.Connection, *, article_id: int, chat_id: int, sent_at: datetime | None = None
) -> None:
    """Let ``chat_id``, which sent a private article too, see it (no-op if it already does).

    It is listed in that chat's /latest as sent at ``sent_at`` (default now), not when
    another chat sent it.
    """
    moment = sent_at if sent_at is not None else datetime.now(tz=UTC)
    async with transaction(conn):
        # Only while it is private (has senders): a row for a shared article would list it
        # twice in this chat's /latest.
        await conn.execute(
            "INSERT INTO article_senders (chat_id, article_id, sent_at) SELECT ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM article_senders WHERE article_id = ?) "
            "ON CONFLICT DO NOTHING",
            (chat_id, article_id, to_timestamp(moment), article_id),
        )


async def share(
    conn: aiosqlite.Connection,
    *,
    article_id: int,
    feed_id: int | None,
    ingested_at: datetime | None = None,
) -> StoredArticle | None:
    """Make a private article shared: a feed (``feed_id``) or the operator published its URL.

    It is shown to every chat as come in at ``ingested_at`` (default now), as if the feed
    had brought it then, so its place in /latest does not tell when a chat sent it, and the
    next digests take it. Its senders are forgotten. None if no article has this id.
    """
    moment = ingested_at if ingested_at is not None else datetime.now(tz=UTC)
    async with transaction(conn):
        await conn.execute(
            "UPDATE articles SET submitted_by = NULL, feed_id = COALESCE(?, feed_id), "
            "ingested_at = ? WHERE id = ? AND submitted_by IS NOT NULL",
            (feed_id, to_timestamp(moment), article_id),
        )
        await conn.execute("DELETE FROM article_senders WHERE article_id = ?", (article_id,))
    return await by_id(conn, article_id=article_id)


# Whether an article whose feed id is {feed} (an expression the query gives) may be read by
# :chat, as far as its feed goes: no feed, an operator's feed (shared = 1), or a chats' feed
# (shared = 0) that :chat has among its sources (chat_feeds). Correlated, so each row costs
# a primary-key probe of feeds (and of chat_feeds for a chats' feed); feed_id is the row's
# third column, read from its first page, never from the text's overflow pages.
FEED_VISIBLE = """NOT EXISTS (
        SELECT 1 FROM feeds AS f WHERE f.id = {feed} AND f.shared = 0
        AND NOT EXISTS (SELECT 1 FROM chat_feeds AS c
                        WHERE c.chat_id = :chat AND c.feed_id = f.id))"""

# The articles a chat may see, newest first: the shared ones (a feed's, or the operator's;
# of a feed only chats added, only if this chat has it) and the private ones it sent, each
# placed by when this chat sent it. Two ordered streams, each cut at the page's end
# (:window = offset + limit), so a page reads at most that many rows of the second: the
# shared ones by the partial index articles_shared_ingested (passing over the articles of
# other chats' feeds, one probe each), the chat's own by article_senders_latest, however
# many private rows of other chats there are. :chat NULL (no chat known) gives the shared
# ones of the operator's feeds only.
_VISIBLE_CTE = """
WITH visible (id, at) AS (
    SELECT * FROM (
        SELECT id, ingested_at FROM articles WHERE submitted_by IS NULL AND {feed_visible}
        ORDER BY ingested_at DESC, id DESC LIMIT :window
    )
    UNION ALL
    SELECT * FROM (
        SELECT article_id, sent_at FROM article_senders WHERE chat_id = :chat
        ORDER BY sent_at DESC, article_id DESC LIMIT :window
    )
),
page AS (
    SELECT id, at FROM visible ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset
)
""".replace("{feed_visible}", FEED_VISIBLE.replace("{feed}", "articles.feed_id"))
_LATEST_FROM = "FROM page JOIN articles AS a ON a.id = page.id ORDER BY page.at DESC, page.id DESC"


def _latest_columns(*, with_text: bool) -> str:
    # SELECT_ARTICLES' columns from `a`, ingested_at being when this chat got it.
    columns = SELECT_ARTICLES.removeprefix("SELECT ").removesuffix(" FROM articles ").split(", ")
    out = []
    for column in columns:
        if column == "ingested_at":
            out.append("page.at AS ingested_at")
        elif column == "text" and not with_text:
            out.append("'' AS text")
        else:
            out.append("a." + column)
    return "SELECT " + ", ".join(out) + " "


def viewer(chat_id: int | None) -> int | None:
    """The chat whose own rows a query may show: None for no chat and for UNKNOWN_SENDER."""
    return None if chat_id == UNKNOWN_SENDER else chat_id


async def latest(
    conn: aiosqlite.Connection,
    *,
    limit: int,
    offset: int = 0,
    with_text: bool = True,
    chat_id: int | None = None,
) -> list[StoredArticle]:
    """The most recently ingested articles ``chat_id`` may see, newest first.

    Shared articles (those of a feed only chats added, if this chat has the feed) and those
    the chat sent (their ``ingested_at`` is when this chat sent them); ``chat_id`` None:
    shared ones of no such feed. ``with_text=False`` leaves their text empty
    (a list of summaries never shows it, and it is most of a row's bytes).
    """
    sql = _VISIBLE_CTE + _latest_columns(with_text=with_text) + _LATEST_FROM
    params = {"chat": viewer(chat_id), "window": offset + limit, "limit": limit, "offset": offset}
    async with conn.execute(sql, params) as cur:
        return [StoredArticle.from_row(r) for r in await cur.fetchall()]


async def count_visible(conn: aiosqlite.Connection, *, chat_id: int | None) -> int:
    """How many articles ``chat_id`` may see (``latest``'s rows); None: as ``latest``."""
    async with conn.execute(
        # The shared ones from the count the triggers of migration 0004 keep (O(1)), less
        # those of the chats' feeds this chat does not have: counted in the articles_feed
        # index, entries of chats' feeds only (none on a bot without them).
        "SELECT (SELECT shared FROM article_counts WHERE id = 1) - "
        "(SELECT COUNT(*) FROM feeds AS f JOIN articles AS a ON a.feed_id = f.id "
        " WHERE f.shared = 0 AND NOT EXISTS (SELECT 1 FROM chat_feeds AS c "
        "  WHERE c.chat_id = :chat AND c.feed_id = f.id)) + "
        "(SELECT COUNT(*) FROM article_senders WHERE chat_id = :chat)",
        {"chat": viewer(chat_id)},
    ) as cur:
        row = await cur.fetchone()
    return 0 if row is None else int(row[0])


async def needing_resummary(
    conn: aiosqlite.Connection, *, version: int, limit: int = 100, after_id: int = 0
) -> list[StoredArticle]:
    """Articles summarised by a version older than ``version``, by id, after ``after_id``.

    Call again with the last id returned until the list is empty (keyset paging).
    """
    async with conn.execute(
        SELECT_ARTICLES + "WHERE summary_version < ? AND id > ? ORDER BY id LIMIT ?",
        (version, after_id, limit),
    ) as cur:
        return [StoredArticle.from_row(r) for r in await cur.fetchall()]


async def update_summary(
    conn: aiosqlite.Connection,
    *,
    article_id: int,
    summary_json: str,
    summary_version: int,
    fingerprint_json: str | None = None,
    fingerprint_version: int | None = None,
) -> bool:
    """Replace an article's summary and its fingerprint (made from the summary: None leaves
    none, made when read); False if no article has this id."""
    async with (
        transaction(conn),
        conn.execute(
            "UPDATE articles SET summary_json = ?, summary_version = ?, fingerprint_json = ?, "
            "fingerprint_version = ? WHERE id = ?",
            (summary_json, summary_version, fingerprint_json, fingerprint_version, article_id),
        ) as cur,
    ):
        return cur.rowcount > 0


@dataclass(frozen=True, slots=True)
class NewFingerprint:
    """A fingerprint made for a row that had none (or an outdated one) when it was read."""

    article_id: int
    fingerprint_json: str
    fingerprint_version: int
    replaces: str | None  # the row's fingerprint_json as it was read


async def set_fingerprints(conn: aiosqlite.Connection, made: Sequence[NewFingerprint]) -> int:
    """Store fingerprints made when reading; returns how many rows took theirs.

    A row whose fingerprint changed since it was read (its summary was redone meanwhile,
    with a fingerprint of its own) keeps it: each write replaces only what was read.
    """
    if not made:
        return 0
    stored = 0
    async with transaction(conn):
        for new in made:
            async with conn.execute(
                "UPDATE articles SET fingerprint_json = ?, fingerprint_version = ? "
                "WHERE id = ? AND fingerprint_json IS ?",
                (new.fingerprint_json, new.fingerprint_version, new.article_id, new.replaces),
            ) as cur:
                stored += cur.rowcount
    return stored


@dataclass(frozen=True, slots=True)
class DigestArticle:
    """What a digest needs of an article: its summary, source and the start of its text."""

    id: int
    url: str
    feed_id: int | None
    feed_title: str | None
    title: str | None
    ingested_at: datetime
    lang: str
    lead: str  # the first characters of the text, enough to tell stories apart
    summary_json: str
    # The same-story fingerprint stored with it and its recipe's version (None: not made).
    fingerprint_json: str | None = None
    fingerprint_version: int | None = None


# What a digest reads of each text: the same-story fingerprint's lead and body
# (bot.digest.stories LEAD_CHARS, BODY_CHARS).
LEAD_CHARS = 2000


async def since(
    conn: aiosqlite.Connection,
    *,
    after: datetime,
    feed_ids: Sequence[int] = (),
    own_feed_ids: Sequence[int] = (),
    excluded_feed_ids: Sequence[int] = (),
    limit: int = 500,
) -> list[DigestArticle]:
    """Feed articles ingested after ``after``, newest first: those of the operator's feeds
    (``feed_ids`` only when given), those of ``own_feed_ids`` (a chat's own sources, the
    operator's or not), none of ``excluded_feed_ids`` (sources the chat takes at once).

    Links and texts people sent are not news of a feed and never in a digest (they are
    private to that chat); nor is a feed only chats added, unless given in ``own_feed_ids``.
    """
    operator = "f.shared = 1"
    params: list[object] = [to_timestamp(after)]
    if feed_ids:
        operator += f" AND a.feed_id IN ({','.join('?' * len(feed_ids))})"
        params.extend(feed_ids)
    where = f"WHERE a.ingested_at > ? AND a.submitted_by IS NULL AND ({operator}"
    if own_feed_ids:
        where += f" OR a.feed_id IN ({','.join('?' * len(own_feed_ids))})"
        params.extend(own_feed_ids)
    where += ") "
    if excluded_feed_ids:
        where += f"AND a.feed_id NOT IN ({','.join('?' * len(excluded_feed_ids))}) "
        params.extend(excluded_feed_ids)
    # Built from constants and "?" placeholders only.
    sql = (
        "SELECT a.id, a.url, a.feed_id, f.title AS feed_title, a.title, a.ingested_at, "  # noqa: S608
        f"a.lang, substr(a.text, 1, {LEAD_CHARS}) AS lead, a.summary_json, "
        "a.fingerprint_json, a.fingerprint_version "
        "FROM articles AS a JOIN feeds AS f ON f.id = a.feed_id "
        + where
        + "ORDER BY a.ingested_at DESC, a.id DESC LIMIT ?"
    )
    params.append(limit)
    async with conn.execute(sql, params) as cur:
        return [_digest_article(r) for r in await cur.fetchall()]


async def digest_rows(conn: aiosqlite.Connection, *, ids: Sequence[int]) -> list[DigestArticle]:
    """The articles ``ids`` as a digest reads them (any feed or none), newest first."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    sql = (
        "SELECT a.id, a.url, a.feed_id, f.title AS feed_title, a.title, a.ingested_at, "  # noqa: S608
        f"a.lang, substr(a.text, 1, {LEAD_CHARS}) AS lead, a.summary_json, "
        "a.fingerprint_json, a.fingerprint_version "
        f"FROM articles AS a LEFT JOIN feeds AS f ON f.id = a.feed_id WHERE a.id IN ({marks}) "
        "ORDER BY a.ingested_at DESC, a.id DESC"
    )
    async with conn.execute(sql, list(ids)) as cur:
        return [_digest_article(r) for r in await cur.fetchall()]


def _digest_article(r: sqlite3.Row) -> DigestArticle:
    return DigestArticle(
        id=r["id"],
        url=r["url"],
        feed_id=r["feed_id"],
        feed_title=r["feed_title"],
        title=r["title"],
        ingested_at=from_timestamp(r["ingested_at"]),
        lang=r["lang"],
        lead=r["lead"],
        summary_json=r["summary_json"],
        fingerprint_json=r["fingerprint_json"],
        fingerprint_version=r["fingerprint_version"],
    )


async def delete_older(conn: aiosqlite.Connection, *, before: datetime) -> int:
    """Retention: delete articles ingested before ``before`` (their search rows go too)."""
    async with (
        transaction(conn),
        conn.execute("DELETE FROM articles WHERE ingested_at < ?", (to_timestamp(before),)) as cur,
    ):
        return cur.rowcount
