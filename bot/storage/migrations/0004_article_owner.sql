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

-- The chats that sent a private article (the first one is also its submitted_by). Rows
-- go when the article is shared (a feed carries its URL) or deleted (retention). No
-- reference to subscribers: a chat may send a link without /start.
CREATE TABLE article_senders (
    chat_id    INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, article_id)
) WITHOUT ROWID;
CREATE INDEX article_senders_article ON article_senders (article_id);  -- ON DELETE CASCADE

-- /latest reads the newest shared articles by this index and stops after a page, however
-- many private rows of other chats lie in between (storage/articles.py, LATEST_SQL).
CREATE INDEX articles_shared_ingested ON articles (ingested_at) WHERE submitted_by IS NULL;
