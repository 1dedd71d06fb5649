-- 0001: the data model of DESIGN.md.
-- Applied by bot/storage/db.py inside one transaction: no BEGIN/COMMIT here.
-- Times are INTEGER Unix seconds (UTC): compact, index-friendly, and arithmetic on them
-- (recency in search, due digests) needs no date parsing. Flags are 0/1 integers.

-- Migration bookkeeping: one row per applied migration; the schema version is MAX(version).
-- IF NOT EXISTS because the migrator reads it (and may find it) before this file runs.
CREATE TABLE IF NOT EXISTS schema_version (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
);

CREATE TABLE feeds (
    id            INTEGER PRIMARY KEY,
    url           TEXT    NOT NULL UNIQUE CHECK (url <> ''),
    title         TEXT,
    etag          TEXT,
    last_modified TEXT,                   -- the server's header, sent back verbatim
    next_poll_at  INTEGER,                -- NULL: poll at the next tick
    error_count   INTEGER NOT NULL DEFAULT 0 CHECK (error_count >= 0),
    last_error    TEXT,
    enabled       INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
);
CREATE INDEX feeds_next_poll ON feeds (next_poll_at) WHERE enabled = 1;

CREATE TABLE articles (
    id              INTEGER PRIMARY KEY,
    url             TEXT    NOT NULL UNIQUE CHECK (url <> ''),  -- canonical URL
    feed_id         INTEGER REFERENCES feeds (id) ON DELETE SET NULL,  -- NULL: link or text
    title           TEXT,
    published_at    INTEGER,              -- as the source says; NULL when it does not
    ingested_at     INTEGER NOT NULL,
    lang            TEXT    NOT NULL CHECK (length(lang) BETWEEN 2 AND 8),
    text            TEXT    NOT NULL,
    content_hash    TEXT    NOT NULL UNIQUE CHECK (content_hash <> ''),
    story_id        INTEGER,              -- same story from several sources; NULL until grouped
    summary_json    TEXT    NOT NULL CHECK (json_valid(summary_json)),
    summary_version INTEGER NOT NULL CHECK (summary_version >= 0)
);
CREATE INDEX articles_ingested ON articles (ingested_at);          -- /latest
CREATE INDEX articles_published ON articles (published_at);        -- digests, retention
CREATE INDEX articles_feed ON articles (feed_id);                  -- ON DELETE SET NULL
CREATE INDEX articles_story ON articles (story_id) WHERE story_id IS NOT NULL;
CREATE INDEX articles_summary_version ON articles (summary_version);  -- resummarize

-- Full-text index over the title and text *normalised by morphology* (lemmas or stems,
-- computed by the caller), rowid = articles.id. A regular FTS5 table that keeps its own
-- copy of the normalised strings: external content would have to read them back from
-- `articles`, which holds the original text, and a contentless table cannot delete rows
-- on SQLite < 3.43 (Debian bookworm ships 3.40) without the original values.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title,
    text,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_fts WHERE rowid = old.id;
END;

CREATE TABLE subscribers (
    chat_id            INTEGER PRIMARY KEY,
    kind               TEXT    NOT NULL CHECK (kind IN ('private', 'group')),
    lang               TEXT    NOT NULL CHECK (lang IN ('ru', 'en')),
    tz                 TEXT    NOT NULL CHECK (tz <> ''),           -- IANA name
    digest_time        TEXT    NOT NULL
                       CHECK (digest_time GLOB '[0-2][0-9]:[0-5][0-9]' AND digest_time < '24:00'),
    digest_enabled     INTEGER NOT NULL DEFAULT 1 CHECK (digest_enabled IN (0, 1)),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         INTEGER NOT NULL,
    deactivated_reason TEXT,
    next_digest_at     INTEGER             -- UTC; recomputed from tz and digest_time
);
CREATE INDEX subscribers_due ON subscribers (next_digest_at)
    WHERE active = 1 AND digest_enabled = 1;

-- chat_id references cascade on update: a group's migrate_to_chat_id moves everything.
CREATE TABLE subscriptions (                -- no rows for a chat = all feeds
    chat_id INTEGER NOT NULL
            REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX subscriptions_feed ON subscriptions (feed_id);

CREATE TABLE follows (
    chat_id      INTEGER NOT NULL
                 REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    term_norm    TEXT    NOT NULL CHECK (term_norm <> ''),
    term_display TEXT    NOT NULL CHECK (term_display <> ''),
    PRIMARY KEY (chat_id, term_norm)
) WITHOUT ROWID;
CREATE INDEX follows_term ON follows (term_norm);     -- who follows a new article's terms

CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY,
    chat_id             INTEGER NOT NULL
                        REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind                TEXT    NOT NULL CHECK (kind IN ('digest', 'follow', 'broadcast')),
    dedup_key           TEXT    NOT NULL UNIQUE CHECK (dedup_key <> ''),
    payload_json        TEXT    NOT NULL CHECK (json_valid(payload_json)),
    status              TEXT    NOT NULL DEFAULT 'queued'
                        CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at     INTEGER NOT NULL,
    created_at          INTEGER NOT NULL,
    telegram_message_id INTEGER,
    last_error          TEXT,
    CHECK (status <> 'sent' OR telegram_message_id IS NOT NULL)
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_chat ON outbox (chat_id, status);  -- drop a blocked chat's queue
