-- 0010: follows match every name an article mentions, and a chat chooses how alerts come
-- (issue 15).
--
-- article_names: the name key (bot.analysis.speaker_key) of every person and organisation
-- an article's text or title mentions, not only the main actors its summary shows: a
-- followed name is looked up among them when the article is stored. Rows for articles
-- stored before are not made (SQL has no morphology); their alerts were sent already.
CREATE TABLE article_names (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name_key   TEXT    NOT NULL CHECK (name_key <> ''),
    PRIMARY KEY (article_id, name_key)
) WITHOUT ROWID;

-- subscribers: follow_alerts is how a chat gets the articles its follows match: 'instant'
-- (a message at once) or 'digest' (a section of its daily digest). quiet_from/quiet_to are
-- its quiet hours, local "HH:MM" in its zone (both NULL: none): an instant alert that
-- comes in them is held until they end.
ALTER TABLE subscribers ADD COLUMN follow_alerts TEXT NOT NULL DEFAULT 'instant'
    CHECK (follow_alerts IN ('instant', 'digest'));
ALTER TABLE subscribers ADD COLUMN quiet_from TEXT
    CHECK (quiet_from IS NULL OR (quiet_from GLOB '[0-2][0-9]:[0-5][0-9]' AND quiet_from < '24:00'));
ALTER TABLE subscribers ADD COLUMN quiet_to TEXT
    CHECK (quiet_to IS NULL OR (quiet_to GLOB '[0-2][0-9]:[0-5][0-9]' AND quiet_to < '24:00'));

-- follow_hits: the articles a chat's follows matched while it takes them in the digest (or
-- past its daily alert limit), with what matched as shown; the next digest shows them first.
CREATE TABLE follow_hits (
    chat_id    INTEGER NOT NULL REFERENCES subscribers (chat_id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    terms      TEXT    NOT NULL CHECK (terms <> ''),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, article_id)
) WITHOUT ROWID;
CREATE INDEX follow_hits_article ON follow_hits (article_id);  -- the cascade's lookup

-- Keys are made again by the current rules (bot.analysis.speaker_key reads a name as one
-- person: «Свиридов» is свиридов, no longer свирид; a capitalised common noun, «Санкции», is
-- a word, no longer a name): quotes by the bot's start-up pass over keyless quotes, follows
-- whose key_version is older than bot.services.follows.KEY_VERSION likewise.
UPDATE quotes SET speaker_norm = NULL;
ALTER TABLE follows ADD COLUMN key_version INTEGER NOT NULL DEFAULT 0;

-- follows.surname: the surname's key of a followed person named by more than one word
-- («Сергей Лавров»: лавров), else NULL; an article that names that surname alone or with
-- the first name's initial («Лавров заявил», «С. Лавров») is looked up by it.
ALTER TABLE follows ADD COLUMN surname TEXT CHECK (surname IS NULL OR surname <> '');
CREATE INDEX follows_surname ON follows (surname) WHERE surname IS NOT NULL;

-- follow_pending: shared articles (a feed's, the operator's) stored and not yet looked at for
-- follow alerts, written with the article. The poll's hook removes a row when it has alerted
-- its followers; a row left by a stop in the middle, a failed alert or another process
-- (the CLI's ingest) is taken by the next poll job. Rows for articles stored before: none.
CREATE TABLE follow_pending (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE
);
