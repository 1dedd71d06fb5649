-- 0008: each chat its own sources (issue 14).
--
-- feeds.shared: 1 for the operator's feeds (FEEDS, `feeds add`, `feeds import`), which every
-- chat may read and choose; 0 for a feed only chats added (/add, an OPML file), whose
-- articles only those chats see. Every feed stored before this migration is the operator's.
-- feeds.last_article_at: when the feed last brought a new article (the /feeds list shows it).
-- feeds.failing_told_at: when the chats that added a failing feed were told it keeps
-- failing; NULL since it last worked (so they are told once per failing run).
ALTER TABLE feeds ADD COLUMN shared INTEGER NOT NULL DEFAULT 1 CHECK (shared IN (0, 1));
ALTER TABLE feeds ADD COLUMN last_article_at INTEGER;
ALTER TABLE feeds ADD COLUMN failing_told_at INTEGER;

-- A chat's own sources: what it added, how it wants them (in its digest, or each article at
-- once), and the forum topic it set them up in (NULL: the chat itself). A chat must be
-- stored (as /lang and /settings store one) before it adds a source; a group that becomes a
-- supergroup takes its sources along.
CREATE TABLE chat_feeds (
    chat_id   INTEGER NOT NULL
              REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    feed_id   INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    mode      TEXT    NOT NULL DEFAULT 'digest' CHECK (mode IN ('digest', 'instant')),
    thread_id INTEGER,
    added_at  INTEGER NOT NULL,
    PRIMARY KEY (chat_id, feed_id)
) WITHOUT ROWID;
CREATE INDEX chat_feeds_feed ON chat_feeds (feed_id);  -- who gets a feed's new article

-- The outbox takes the new kinds of message: 'instant' (a source's new articles as they
-- arrive) and 'notice' (a source keeps failing). SQLite cannot change a CHECK constraint in
-- place: the table is rebuilt with every row (nothing references outbox).
CREATE TABLE outbox_new (
    id                  INTEGER PRIMARY KEY,
    chat_id             INTEGER NOT NULL
                        REFERENCES subscribers (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind                TEXT    NOT NULL
                        CHECK (kind IN ('digest', 'follow', 'broadcast', 'instant', 'notice')),
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
INSERT INTO outbox_new (
    id, chat_id, kind, dedup_key, payload_json, status, attempts, next_attempt_at,
    created_at, telegram_message_id, last_error
)
SELECT id, chat_id, kind, dedup_key, payload_json, status, attempts, next_attempt_at,
       created_at, telegram_message_id, last_error
FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_chat ON outbox (chat_id, status);  -- drop a blocked chat's queue
