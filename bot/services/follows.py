"""/follow NAME|WORD: what a chat follows, and which chats a new article concerns.

A name (capitalised words: «Лавров», "Sergei Lavrov", «МИД») is matched against the names
of an article's actors (its summary's ``who``) and speakers (its quotes), by the name key
of bot.analysis.speaker_key: «Лавров» matches «Сергей Лавров» and «Лавровым». A word or
phrase (lowercase) is matched against the article's title and text as search indexes them
(lemmas and stems): «санкция» matches «санкциями». No regular expressions. The follows are
looked up by index per candidate term of the article (bot.storage.follows.matching).
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiosqlite

from bot.analysis.models import NlpModels
from bot.analysis.search_terms import normalize_for_search
from bot.analysis.sentences import split_sentences
from bot.analysis.speaker_key import (
    MAX_PHRASE_WORDS,
    can_be_name,
    key_candidates,
    mentioning_sentence,
    runs,
    same_person,
    speaker_key,
    surname_of,
)
from bot.analysis.summarize import summary_from_dict
from bot.config import Settings
from bot.digest import schedule, stories
from bot.digest.render import SHOWN_QUOTES, SHOWN_WHO, render_summary, shown_said
from bot.errors import InputError, NewsbriefError
from bot.locales import translator
from bot.models import Summary
from bot.services import digests, subscriptions
from bot.storage import article_names, articles, follow_hits, follows, outbox, subscribers
from bot.storage.db import transaction
from bot.storage.follows import Follow
from bot.storage.outbox import NewMessage
from bot.storage.subscribers import NOT_SUBSCRIBED, Subscriber

__all__ = [
    "MAX_FOLLOWS",
    "Follow",
    "FollowTermError",
    "Term",
    "alert",
    "alert_new",
    "alert_pending",
    "follow",
    "following",
    "key_of",
    "matches",
    "parse_term",
    "rekey",
    "unfollow",
    "unfollow_key",
]

log = logging.getLogger(__name__)

MAX_FOLLOWS = 50  # per chat
# The rules follows are keyed by (parse_term, bot.analysis.speaker_key): raise it when they
# change, and the bot re-keys the stored follows at start (``rekey``).
KEY_VERSION = 1
MAX_TERM_CHARS = 100
# Hex digits of a key's hash in an unfollow button's callback data.
KEY_CHARS = 12
# A new alert about the same story as one sent to the chat within this time is not sent.
STORY_WINDOW = timedelta(days=2)


class FollowTermError(InputError):
    """What to follow is empty, too long, of too many words or of no words."""

    def __init__(self) -> None:
        super().__init__(
            f"follow a name or up to {MAX_PHRASE_WORDS} words of up to {MAX_TERM_CHARS} characters"
        )


@dataclass(frozen=True, slots=True)
class Term:
    """What to follow: its key, as typed, and its kind."""

    norm: str
    display: str
    kind: str
    surname: str | None = None  # a person named by 2 words or more: the surname's key


def _kind(display: str, nlp: NlpModels) -> str:
    """'person' or 'org' when every word can be part of a name («Лавров», «Сергей Лавров»,
    «МИД», "Lavrov"), else 'word' («санкции», and «Санкции» as a phone capitalises it)."""
    words = display.split()
    if not all(can_be_name(w, nlp.morph_vocab) for w in words):
        return "word"
    if len(words) == 1 and display.isupper():
        return "org"  # an acronym: «МИД», "NATO"
    return "person"


def parse_term(text: str, nlp: NlpModels) -> Term:
    """A follow's term from what the user wrote; FollowTermError when it cannot be one."""
    display = " ".join(text.split())
    if not display or len(display) > MAX_TERM_CHARS:
        raise FollowTermError
    kind = _kind(display, nlp)
    norm = (
        normalize_for_search(display, "ru", nlp) if kind == "word" else speaker_key(display, nlp)
    )
    if not norm or len(norm.split()) > MAX_PHRASE_WORDS:
        raise FollowTermError
    surname = surname_of(display, nlp) if kind == "person" else None
    return Term(norm=norm, display=display, kind=kind, surname=surname)


async def follow(
    db: aiosqlite.Connection,
    settings: Settings,
    nlp: NlpModels,
    *,
    chat_id: int,
    chat_kind: str,
    language_code: str | None,
    text: str,
    now: datetime | None = None,
) -> tuple[str, Term]:
    """Follow ``text`` for a chat (stored first if it is not): ('added' | 'exists' | 'full',
    the term); FollowTermError when ``text`` cannot be followed."""
    term = parse_term(text, nlp)
    await subscriptions.ensure_stored(
        db, settings, chat_id=chat_id, kind=chat_kind, language_code=language_code
    )
    result = await follows.add(
        db,
        chat_id=chat_id,
        term_norm=term.norm,
        term_display=term.display,
        kind=term.kind,
        now=now or datetime.now(tz=UTC),
        limit=MAX_FOLLOWS,
        key_version=KEY_VERSION,
        surname=term.surname,
    )
    return result, term


async def following(db: aiosqlite.Connection, *, chat_id: int) -> list[Follow]:
    """What the chat follows."""
    return await follows.of_chat(db, chat_id=chat_id)


async def rekey(db: aiosqlite.Connection, nlp: NlpModels, *, batch: int = 500) -> int:
    """Key again, by the current rules, the follows keyed by older ones (at start, as
    ``said.normalise_quotes`` does for quotes); returns how many were done. One whose words
    no longer make a term keeps its key, marked current."""
    done = 0
    while pending := await follows.stale(db, key_version=KEY_VERSION, limit=batch):
        for item in pending:
            try:
                term = parse_term(item.term_display, nlp)
            except FollowTermError:
                term = Term(item.term_norm, item.term_display, item.kind, item.surname)
            await follows.rekey(
                db,
                item,
                term_norm=term.norm,
                kind=term.kind,
                surname=term.surname,
                key_version=KEY_VERSION,
            )
        done += len(pending)
    return done


def key_of(follow_: Follow) -> str:
    """A short key of a follow for its unfollow button (callback data is 64 bytes)."""
    return hashlib.sha256(follow_.term_norm.encode()).hexdigest()[:KEY_CHARS]


async def unfollow(
    db: aiosqlite.Connection, nlp: NlpModels, *, chat_id: int, text: str
) -> Term | None:
    """Stop following what ``text`` names (as a name or as a word); None if not followed."""
    term = parse_term(text, nlp)
    for norm in (term.norm, speaker_key(term.display, nlp)):
        if await follows.remove(db, chat_id=chat_id, term_norm=norm):
            return term
    return None


async def unfollow_key(db: aiosqlite.Connection, *, chat_id: int, key: str) -> Follow | None:
    """Stop following the chat's follow whose ``key_of`` is ``key``; None if none is."""
    for found in await follows.of_chat(db, chat_id=chat_id):
        if key_of(found) == key:
            await follows.remove(db, chat_id=chat_id, term_norm=found.term_norm)
            return found
    return None


def _summary(summary_json: str) -> Summary | None:
    try:
        return summary_from_dict(json.loads(summary_json))
    except (ValueError, KeyError, TypeError):
        return None


async def _found(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    stored: articles.StoredArticle,
    summary: Summary | None,
) -> list[Follow]:
    """The follows the article matches, whoever follows them."""
    names = [] if summary is None else [e.name for e in summary.who]
    if summary is not None:
        names += [q.speaker for q in summary.quotes if q.speaker]
    # Every person and organisation the text mentions, not only the main actors shown.
    keys = {speaker_key(name, nlp) for name in names}
    keys |= set(await article_names.of(db, article_id=stored.id))
    keys.discard("")
    words = (await follows.search_text(db, article_id=stored.id)).split()
    found = await follows.matching(
        db,
        names=sorted(key_candidates(keys)),
        words=sorted(runs(words)),
        surnames=sorted({word for key in keys for word in key.split() if len(word) > 1}),
    )
    return [f for f in found if f.surname is None or _names(f, keys)]


def _names(follow_: Follow, keys: set[str]) -> bool:
    """Whether the article names a person followed by a longer name (found by surname):
    by its full name or key, by an abbreviated form of it («С. Лавров», «Лавров Сергей»),
    or by the surname alone when it names nobody else of that surname («Иван Лавров»)."""
    surname = follow_.surname
    if surname is None or follow_.term_norm in keys:
        return True
    with_surname = [key for key in keys if surname in key.split()]
    if any(same_person(follow_.term_norm, surname, key) for key in with_surname):
        return True
    return surname in keys and all(key == surname for key in with_surname)


async def matches(
    db: aiosqlite.Connection, nlp: NlpModels, *, article_id: int
) -> dict[int, list[Follow]]:
    """The follows a stored article matches, by chat (only chats that may see it)."""
    stored = await articles.by_id(db, article_id=article_id)
    if stored is None:
        return {}
    return await _visible(
        db, article_id, await _found(db, nlp, stored, _summary(stored.summary_json))
    )


async def _visible(
    db: aiosqlite.Connection, article_id: int, found: list[Follow]
) -> dict[int, list[Follow]]:
    """``found`` by chat, of the chats that may see the article (looked up once)."""
    if not found:
        return {}
    may_see = await follows.audience(db, article_id=article_id)
    by_chat: dict[int, list[Follow]] = defaultdict(list)
    for item in found:
        if may_see is None or item.chat_id in may_see:
            by_chat[item.chat_id].append(item)
    return dict(by_chat)


# The longest sentence an alert shows for a match its summary does not show.
CONTEXT_CHARS = 300

# Alerts one chat gets in a day; more are not sent (the digest has them).
PER_DAY = 20


def _said_line(summary: Summary, matched: list[Follow], nlp: NlpModels) -> str | None:
    """A direct quote of a followed speaker, as the alert shows it first; None if none."""
    keys = {f.term_norm for f in matched if f.kind != "word"}
    for quote in summary.quotes:
        if quote.direct and quote.speaker:
            words = set(speaker_key(quote.speaker, nlp).split())
            if any(set(k.split()) <= words for k in keys):
                said = html.escape(f"«{quote.text}» — {quote.speaker}", quote=False)
                return f"<i>{said}</i>"
    return None


class _Alerts:
    """One article's alerts: its summary rendered once per language, story keys once."""

    def __init__(
        self,
        db: aiosqlite.Connection,
        nlp: NlpModels,
        stored: articles.StoredArticle,
        summary: Summary,
    ) -> None:
        self.db = db
        self.nlp = nlp
        self.stored = stored
        self.summary = summary
        self._rendered: dict[str, str] = {}
        self._texts: dict[tuple[str, tuple[str, ...], frozenset[tuple[str, str]]], str] = {}
        self._keys: dict[int, stories.StoryKey | None] = {}
        self._shown_names: set[str] = set()
        self._shown_words: set[str] | None = None
        self._sentences: list[str] | None = None

    def text(self, matched: list[Follow], lang: str) -> str:
        """The summary, with what matched first: the followed names and words, then a
        quote of a followed speaker or, when the summary shows neither, the article's first
        sentence naming it. Made once per language and set of matched follows (the chats
        that follow one popular name share it)."""
        shown = tuple(dict.fromkeys(f.term_display for f in matched))
        key = (lang, shown, frozenset((f.kind, f.term_norm) for f in matched))
        if key not in self._texts:
            t = translator(lang)
            lines = [html.escape(t.get("follow-alert", terms=", ".join(shown)), quote=False)]
            said = _said_line(self.summary, matched, self.nlp) or self._context(matched)
            if said is not None:
                lines.append(said)
            if lang not in self._rendered:
                self._rendered[lang] = render_summary(self.summary, t)
            self._texts[key] = "\n".join(lines) + "\n\n" + self._rendered[lang]
        return self._texts[key]

    def _context(self, matched: list[Follow]) -> str | None:
        """The first sentence of the article naming a match the summary does not show (a
        person named in passing, a word outside the chosen sentences), in italics."""
        summary = self.summary
        names = [f.term_norm for f in matched if f.kind != "word"]
        words = [f.term_norm for f in matched if f.kind == "word"]
        if self._shown_words is None:
            # What the summary shows: its sentences, actors, speakers and quotes.
            shown = [*summary.sentences, *(e.name for e in summary.who[:SHOWN_WHO])]
            shown += [f"{q.speaker} {q.text}" for q in shown_said(summary.quotes, SHOWN_QUOTES)]
            self._shown_names = set(speaker_key(" ".join(shown), self.nlp).split())
            self._shown_words = runs(normalize_for_search(" ".join(shown), "ru", self.nlp).split())
        if all(set(n.split()) <= self._shown_names for n in names) and all(
            w in self._shown_words for w in words
        ):
            return None
        if self._sentences is None:
            self._sentences = [
                s.text for s in split_sentences(self.stored.text, self.stored.lang, self.nlp)
            ]
        found = mentioning_sentence(self._sentences, names, words, self.nlp)
        if found is None:
            return None
        cut = found if len(found) <= CONTEXT_CHARS else found[:CONTEXT_CHARS].rsplit(" ", 1)[0]
        ellipsis = "" if cut == found else " …"
        return "<i>" + html.escape(" ".join(cut.split()) + ellipsis, quote=False) + "</i>"

    async def _load_keys(self, article_ids: Sequence[int]) -> None:
        """The same-story fingerprints of articles not read yet, as stored with them
        (``digests.story_keys``: made again only when missing or out of date)."""
        missing = [i for i in dict.fromkeys(article_ids) if i not in self._keys]
        if not missing:
            return
        rows, summaries = [], []
        for row in await articles.digest_rows(self.db, ids=missing):
            summary = _summary(row.summary_json)
            if summary is not None:
                rows.append(row)
                summaries.append(summary)
        keys = await digests.story_keys(self.db, rows, summaries, morph=self.nlp.morph_vocab)
        self._keys.update(dict.fromkeys(missing))
        self._keys.update((row.id, key) for row, key in zip(rows, keys, strict=True))

    async def same_story(self, alerted: list[int]) -> bool:
        """Whether one of the ``alerted`` articles tells this article's story."""
        await self._load_keys([self.stored.id, *alerted])
        key = self._keys[self.stored.id]
        if key is None:
            return False
        for other_id in alerted:
            other = self._keys[other_id]
            if other is not None and stories.same_story(key, other):
                return True
        return False


def _payload(text: str, article_id: int, chat: Subscriber) -> dict[str, object]:
    # A forum subscribed in a topic gets its alerts there, as its digests.
    payload: dict[str, object] = {"text": text, "article_id": article_id}
    if chat.thread_id is not None:
        payload["thread_id"] = chat.thread_id
    return payload


def _may_alert(chat: Subscriber | None) -> bool:
    # A chat stored by /follow itself (never subscribed) gets its alerts; one that stopped
    # the bot (/stop) or blocked it does not.
    return chat is not None and (chat.active or chat.deactivated_reason == NOT_SUBSCRIBED)


async def alert(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    *,
    article_id: int,
    now: datetime | None = None,
) -> int:
    """Tell each chat following a name or word of a newly stored article: an alert (outbox
    kind 'follow') at once, or held to the end of the chat's quiet hours; for a chat that
    takes its follows in the digest, or that had PER_DAY alerts in the last day, a hit its
    next digest shows. One per story: nothing when the chat was alerted to the same story
    within STORY_WINDOW. Who follows what, who may see the article, the chats and their
    recent alerts are each looked up once per article, whatever the number of followers.
    Returns how many alerts and hits were made; the article is no longer pending
    (``alert_pending``)."""
    now = now or datetime.now(tz=UTC)
    rows, hits = await _alerts(db, nlp, article_id=article_id, now=now)
    async with transaction(db):
        queued = await outbox.enqueue(db, rows, now=now)
        queued += await follow_hits.add(db, hits, now=now)
        await follows.done_pending(db, article_id=article_id)
    return queued


async def _alerts(
    db: aiosqlite.Connection, nlp: NlpModels, *, article_id: int, now: datetime
) -> tuple[list[NewMessage], list[follow_hits.Hit]]:
    """The alerts and digest hits a stored article brings (``alert``)."""
    stored = await articles.by_id(db, article_id=article_id)
    summary = None if stored is None else _summary(stored.summary_json)
    if stored is None or summary is None:
        return [], []
    if stored.published_at is not None and stored.published_at < now - STORY_WINDOW:
        return [], []  # old news (a new feed's archive, an old page): no alert
    found = await _visible(db, article_id, await _found(db, nlp, stored, summary))
    if not found:
        return [], []
    chats = await subscribers.get_many(db, chat_ids=list(found))
    recent = await follows.recent_alerts(db, list(found), since=now - STORY_WINDOW)
    day_ago = now - timedelta(days=1)
    made = _Alerts(db, nlp, stored, summary)
    rows: list[NewMessage] = []
    hits: list[follow_hits.Hit] = []
    for chat_id, matched in found.items():
        chat = chats.get(chat_id)
        if chat is None or not _may_alert(chat):
            continue
        alerted = [a for a, _ in recent.get(chat_id, [])]
        if article_id in alerted or await made.same_story(alerted):
            continue
        today = sum(1 for _, at in recent.get(chat_id, []) if at >= day_ago)
        terms = ", ".join(dict.fromkeys(f.term_display for f in matched))
        if chat.follow_alerts == "digest" or today >= PER_DAY:
            # Kept for the digest; a chat that gets none (past its limit without a digest)
            # gets nothing more today.
            if chat.active and chat.digest_enabled:
                hits.append(follow_hits.Hit(chat_id=chat_id, article_id=article_id, terms=terms))
            continue
        rows.append(
            NewMessage(
                chat_id=chat_id,
                kind="follow",
                dedup_key=f"follow:{chat_id}:{article_id}",
                payload=_payload(made.text(matched, chat.lang), article_id, chat),
                not_before=schedule.quiet_end(chat.tz, chat.quiet_from, chat.quiet_to, now),
            )
        )
    return rows, hits


# A pending article stored longer ago than this is no news: it is dropped, not alerted.
PENDING_MAX_AGE = timedelta(hours=6)
PENDING_BATCH = 200


async def alert_pending(
    db: aiosqlite.Connection, nlp: NlpModels, *, now: datetime | None = None
) -> int:
    """``alert`` for up to PENDING_BATCH shared articles stored and never looked at for
    follows (the bot stopped in the middle of a poll, an alert failed, or another process
    stored them: the CLI's ingest), oldest first; those older than PENDING_MAX_AGE are
    dropped. Returns how many alerts and hits were made. An alert that fails stays pending
    for the next call, until it is too old."""
    now = now or datetime.now(tz=UTC)
    queued = 0
    for article_id, stored_at in await follows.pending(db, limit=PENDING_BATCH):
        if stored_at < now - PENDING_MAX_AGE:
            await follows.done_pending(db, article_id=article_id)
            continue
        queued += await alert_new(db, nlp, [article_id])
    return queued


async def alert_new(db: aiosqlite.Connection, nlp: NlpModels, article_ids: Sequence[int]) -> int:
    """``alert`` for each of a poll's newly stored articles, in storing order; returns how
    many alerts were queued. An article that cannot be read is logged and skipped."""
    queued = 0
    for article_id in article_ids:
        try:
            queued += await alert(db, nlp, article_id=article_id)
        except NewsbriefError:
            log.exception("follow alerts of article %d", article_id)
    return queued
