"""Full-text search over the morphology-normalised index, ranked by relevance and recency."""

from __future__ import annotations

from datetime import UTC, datetime

import aiosqlite

from bot.storage.articles import FEED_VISIBLE, StoredArticle, to_timestamp, viewer

# bm25 column weights (title, text): a word in the headline says more about the story than
# one in the body. 4:1 is a common starting point for news search, not tuned yet; tune it
# with the search benchmark and a judged query set.
TITLE_WEIGHT = 4.0
TEXT_WEIGHT = 1.0

# Recency: score = relevance / (1 + age / RECENCY_HALF_LIFE). An article this old scores
# half of an equally relevant one published now, a 3x-half-life one a quarter; the decay
# is hyperbolic, so an old article that matches much better can still come first. Two
# days suits a news digest (yesterday's story still ranks, last month's needs a far better
# match). Not tuned yet.
RECENCY_HALF_LIFE_SECONDS = 48 * 3600

# Bound on the work per query: only the newest MAX_CANDIDATES matches (by rowid, which
# grows with ingestion, so FTS5 reads the doclists backwards and stops) are scored and
# ranked. A rare term is searched exhaustively; a term in tens of thousands of articles
# is searched among its newest matches, where recency would put the answer anyway.
# Measured on 100,000 synthetic 300-word articles (Zipf vocabulary, one connection): a
# term in nearly every article took p50 191 ms uncapped, 6 ms with 2,000 candidates; rarer
# terms 1-8 ms either way. Re-check with the search benchmark when it exists.
MAX_CANDIDATES = 2_000

# A query longer than this is a paste, not a search; the extra terms only add work.
MAX_QUERY_TERMS = 32
MAX_TERM_CHARS = 100

# Only articles the chat may see are candidates (shared ones and those it sent): the check
# is made on each match as FTS5 yields it, newest first, so other chats' private rows
# neither show nor take the places of the MAX_CANDIDATES. Two probes of article_senders'
# indexes per match (an article is private iff it has senders); reading articles'
# submitted_by instead, which lies after the text, tripled the time of a common word.
# An article of a feed only chats added is dropped for the chats that lack the feed after
# the candidates are taken (storage.articles.FEED_VISIBLE on the row the scoring reads
# anyway: one or two primary-key probes). Checked on each match instead, it read every
# match's row once more: a common word took 33 ms instead of 20 (100,000 articles, 30 % of
# them of chats' feeds). So such articles may take candidate places: a common word is
# searched among its newest MAX_CANDIDATES shared matches, of which the chat sees its part.
_SEARCH_SQL = """
WITH hits AS (
    SELECT rowid AS id, -bm25(articles_fts, :title_weight, :text_weight) AS relevance
    FROM articles_fts
    WHERE articles_fts MATCH :match
      AND (NOT EXISTS (SELECT 1 FROM article_senders AS s
                       WHERE s.article_id = articles_fts.rowid)
           OR EXISTS (SELECT 1 FROM article_senders AS s
                      WHERE s.chat_id = :chat AND s.article_id = articles_fts.rowid))
    ORDER BY rowid DESC
    LIMIT :candidates
)
SELECT a.id, a.url, a.feed_id, a.title, a.published_at, a.ingested_at, a.lang, a.text,
       a.content_hash, a.summary_json, a.summary_version, a.submitted_by,
       hits.relevance / (1.0 + MAX(0, :now - MIN(COALESCE(a.published_at, a.ingested_at),
                                                 a.ingested_at)) / :half_life) AS score
FROM hits JOIN articles AS a ON a.id = hits.id
WHERE {feed_visible}
ORDER BY score DESC, a.id DESC
LIMIT :limit OFFSET :offset
""".replace("{feed_visible}", FEED_VISIBLE.replace("{feed}", "a.feed_id"))


def match_expression(query_terms: list[str]) -> str | None:
    """A safe FTS5 MATCH string: every term a quoted string, all required; None if empty.

    Quoting makes FTS5 syntax in a term (``OR``, ``NEAR(``, ``*``, ``-``, column filters)
    plain words; the expression itself is bound as a parameter, never put into SQL.
    """
    seen: set[str] = set()
    quoted: list[str] = []
    for raw in query_terms:
        # FTS5 ends a string at NUL ("unterminated string"); a NUL is no word anyway.
        term = raw.replace("\x00", " ").strip()[:MAX_TERM_CHARS]
        if not term or term in seen:
            continue
        seen.add(term)
        quoted.append('"' + term.replace('"', '""') + '"')
        if len(quoted) == MAX_QUERY_TERMS:
            break
    return " ".join(quoted) if quoted else None


async def search(
    conn: aiosqlite.Connection,
    *,
    query_terms: list[str],
    limit: int,
    offset: int = 0,
    now: datetime | None = None,
    chat_id: int | None = None,
) -> list[tuple[StoredArticle, float]]:
    """Articles ``chat_id`` may see containing every normalised term, best first, with scores.

    Args:
        query_terms: words already normalised the way the index was (the caller's NLP).
        now: the moment recency is measured from; defaults to the current time.
        chat_id: the chat searching: shared articles and those it sent are found; None:
            shared ones only.
    """
    match = match_expression(query_terms)
    if match is None:
        return []
    moment = now if now is not None else datetime.now(tz=UTC)
    params = {
        "title_weight": TITLE_WEIGHT,
        "text_weight": TEXT_WEIGHT,
        "match": match,
        "chat": viewer(chat_id),
        "candidates": MAX_CANDIDATES,
        "now": to_timestamp(moment),
        "half_life": float(RECENCY_HALF_LIFE_SECONDS),
        "limit": limit,
        "offset": offset,
    }
    async with conn.execute(_SEARCH_SQL, params) as cur:
        return [(StoredArticle.from_row(r), float(r["score"])) for r in await cur.fetchall()]
