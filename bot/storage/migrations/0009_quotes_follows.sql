-- 0009: who said what (quotes stored per article) and what follows need (issue 15).
--
-- quotes: the attributed quotes of each stored article's summary, in the summary's order
-- (position). speaker is the name as the summary shows it; speaker_norm the key /said
-- looks it up by: each word of the name as its search term (a Russian lemma or an English
-- stem, lowercased, ё as е, bot.analysis.speakers), space-separated. It is NULL for the
-- rows this migration copies from the stored summaries (SQL has no morphology): the bot
-- fills them in at start (bot.services.ingest.normalise_quotes) without re-summarising.
-- Unattributed quotes are not stored: nobody can ask for them by name.
CREATE TABLE quotes (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL CHECK (position >= 0),
    speaker      TEXT    NOT NULL CHECK (speaker <> ''),
    speaker_norm TEXT    CHECK (speaker_norm <> ''),
    text         TEXT    NOT NULL CHECK (text <> ''),
    direct       INTEGER NOT NULL CHECK (direct IN (0, 1)),
    UNIQUE (article_id, position)        -- also the cascade's lookup
);
CREATE INDEX quotes_speaker ON quotes (speaker_norm, article_id);

INSERT INTO quotes (article_id, position, speaker, text, direct)
SELECT a.id, q.key, json_extract(q.value, '$.speaker'), json_extract(q.value, '$.text'),
       CASE WHEN json_extract(q.value, '$.direct') THEN 1 ELSE 0 END
FROM articles AS a, json_each(a.summary_json, '$.quotes') AS q
WHERE q.type = 'object'  -- evaluated first: the json_ calls below need an object
  AND json_type(q.value, '$.speaker') = 'text' AND json_extract(q.value, '$.speaker') <> ''
  AND json_type(q.value, '$.text') = 'text' AND json_extract(q.value, '$.text') <> '';

-- follows: what a chat follows is a person, an organisation or a word (a lemma or stem),
-- and when it began following it. Rows stored before are words (they were never used).
ALTER TABLE follows ADD COLUMN kind TEXT NOT NULL DEFAULT 'word'
    CHECK (kind IN ('person', 'org', 'word'));
ALTER TABLE follows ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
