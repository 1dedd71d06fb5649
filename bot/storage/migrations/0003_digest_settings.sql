-- 0003: per-chat digest settings (issue 4) next to tz, digest_time and digest_enabled.
-- digest_size: how many stories a digest holds. last_digest_at: the watermark, UTC seconds;
-- the next digest takes articles ingested after it (NULL: none sent yet).
ALTER TABLE subscribers ADD COLUMN digest_size INTEGER NOT NULL DEFAULT 5
    CHECK (digest_size BETWEEN 1 AND 20);
ALTER TABLE subscribers ADD COLUMN last_digest_at INTEGER;
