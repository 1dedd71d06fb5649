-- 0006: articles.story_id goes (issue 13). It was to group the same story from several
-- sources, but no code ever wrote it: digests group stories by their fingerprints
-- (0005, bot.digest.stories). Its partial index goes first, and then SQLite drops the column
-- in place (ALTER TABLE ... DROP COLUMN, SQLite >= 3.35): no trigger, view, CHECK or foreign
-- key names it, so every row, the FTS index and the triggers on articles are kept as they
-- are (tests/storage/test_db.py checks an upgrade from version 5 with rows).
DROP INDEX articles_story;
ALTER TABLE articles DROP COLUMN story_id;
