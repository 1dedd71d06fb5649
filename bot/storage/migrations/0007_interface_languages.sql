-- 0007: Belarusian and Ukrainian interfaces (issue 13): subscribers.lang takes 'be' and 'uk';
-- and, for issue 14: kind takes 'channel' and managed_by names the private chat that
-- manages a linked channel (NULL for every other chat); thread_id is the forum topic a
-- supergroup subscribed in (/start there), where its digests go (NULL: the chat itself).
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt (sqlite.org/lang_altertable
-- "making other kinds of table schema changes"), every row and column kept. migrate() runs this
-- with foreign keys off and checks them after, so the tables that reference subscribers
-- (subscriptions, follows, outbox) keep their rows and point at the new table.
CREATE TABLE subscribers_new (
    chat_id            INTEGER PRIMARY KEY,
    kind               TEXT    NOT NULL CHECK (kind IN ('private', 'group', 'channel')),
    lang               TEXT    NOT NULL CHECK (lang IN ('ru', 'be', 'uk', 'en')),
    tz                 TEXT    NOT NULL CHECK (tz <> ''),           -- IANA name
    digest_time        TEXT    NOT NULL
                       CHECK (digest_time GLOB '[0-2][0-9]:[0-5][0-9]' AND digest_time < '24:00'),
    digest_enabled     INTEGER NOT NULL DEFAULT 1 CHECK (digest_enabled IN (0, 1)),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         INTEGER NOT NULL,
    deactivated_reason TEXT,
    next_digest_at     INTEGER,            -- UTC; recomputed from tz and digest_time
    deactivated_at     INTEGER,
    digest_size        INTEGER NOT NULL DEFAULT 5 CHECK (digest_size BETWEEN 1 AND 20),
    last_digest_at     INTEGER,
    managed_by         INTEGER,            -- a channel's managing private chat
    thread_id          INTEGER             -- the forum topic its digests go to
);
INSERT INTO subscribers_new (
    chat_id, kind, lang, tz, digest_time, digest_enabled, active, created_at,
    deactivated_reason, next_digest_at, deactivated_at, digest_size, last_digest_at
)
SELECT chat_id, kind, lang, tz, digest_time, digest_enabled, active, created_at,
       deactivated_reason, next_digest_at, deactivated_at, digest_size, last_digest_at
FROM subscribers;
DROP TABLE subscribers;
ALTER TABLE subscribers_new RENAME TO subscribers;
CREATE INDEX subscribers_due ON subscribers (next_digest_at)
    WHERE active = 1 AND digest_enabled = 1;
