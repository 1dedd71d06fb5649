-- 0005: each article's same-story fingerprint (bot.digest.stories, issue 12), made once
-- when the article is stored (in the analysis worker, with its summary) instead of at every
-- digest of every process: 1,000 fingerprints took 1-1.5 s, grouping them 0.15-0.3 s.
-- fingerprint_json: stories.dump_key's compact JSON (term weights of the lead and the body,
-- the days, quoted subjects and region the vetoes read, the day and normaliser it was made
-- with). fingerprint_version: stories.FINGERPRINT_VERSION of its recipe. Both NULL for rows
-- stored before this migration: a digest makes theirs when it reads them and stores it
-- back; a fingerprint of an older version is made again the same way (lazily, no backfill).
ALTER TABLE articles ADD COLUMN fingerprint_json TEXT;
ALTER TABLE articles ADD COLUMN fingerprint_version INTEGER;
