-- 0004: what a chat sends is its own (issue 8). Feed articles, and those the operator adds
-- with the CLI, are shared: submitted_by NULL. A link or text sent in chat records the chat
-- (submitted_by, its first sender) and every chat that sent it (article_senders); only
-- those chats see it in /latest and /search.
ALTER TABLE articles ADD COLUMN submitted_by INTEGER;  -- chat id; NULL: shared

-- Rows stored before this migration without a feed came from a chat (or the CLI), and
-- nothing records which: privacy first, they are kept but shown to no chat. 0 is no
-- Telegram chat's id ("sender unknown"). Their content hash gets the owner suffix that
-- private rows carry (services/ingest.py: a chat's text never matches another chat's
-- row by content), so a feed or a chat sending the same text stores a row of its own.
-- A feed or `ingest` later carrying the same URL shares the row again.
UPDATE articles SET submitted_by = 0, content_hash = content_hash || ':0'
    WHERE feed_id IS NULL;

-- The chats that sent a private article (the first one is also its submitted_by): an
-- article has rows here if and only if it is private, so /search tells who may see a match
-- by this small table's indexes alone (submitted_by, added last, sits after the text in the
-- row: reading it for 2,000 candidates tripled search time). Rows go when the article is
-- shared (a feed carries its URL) or deleted (retention). No reference to subscribers: a
-- chat may send a link without /start. sent_at (UTC seconds): when this chat sent it, its
-- place in this chat's /latest (a second sender's list must not tell when the first one
-- sent it).
CREATE TABLE article_senders (
    chat_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    sent_at    INTEGER NOT NULL,
    PRIMARY KEY (chat_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_senders_article ON article_senders (article_id);  -- ON DELETE CASCADE
CREATE INDEX article_senders_latest ON article_senders (chat_id, sent_at);  -- a chat's own
INSERT INTO article_senders (chat_id, article_id, sent_at)
    SELECT 0, id, ingested_at FROM articles WHERE submitted_by = 0;

-- /latest reads the newest shared articles by this index and stops after a page, however
-- many private rows of other chats lie in between (storage/articles.py, _VISIBLE_CTE).
CREATE INDEX articles_shared_ingested ON articles (ingested_at) WHERE submitted_by IS NULL;

-- How many articles are shared, kept by triggers: every /latest says "1-5 of N", and
-- counting 100,000 shared rows took 12 ms an answer (COUNT(*) with a WHERE visits every
-- index entry; without one, as before this migration, SQLite counts b-tree pages).
CREATE TABLE article_counts (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    shared INTEGER NOT NULL
);
INSERT INTO article_counts (id, shared)
    SELECT 1, COUNT(*) FROM articles WHERE submitted_by IS NULL;
CREATE TRIGGER articles_count_insert AFTER INSERT ON articles
    WHEN new.submitted_by IS NULL BEGIN
    UPDATE article_counts SET shared = shared + 1 WHERE id = 1;
END;
CREATE TRIGGER articles_count_delete AFTER DELETE ON articles
    WHEN old.submitted_by IS NULL BEGIN
    UPDATE article_counts SET shared = shared - 1 WHERE id = 1;
END;
CREATE TRIGGER articles_count_share AFTER UPDATE OF submitted_by ON articles
    WHEN (old.submitted_by IS NULL) <> (new.submitted_by IS NULL) BEGIN
    UPDATE article_counts
        SET shared = shared + (new.submitted_by IS NULL) - (old.submitted_by IS NULL)
        WHERE id = 1;
END;
