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
from bot.analysis.speaker_key import MAX_PHRASE_WORDS, name_candidates, runs, speaker_key
from bot.analysis.summarize import summary_from_dict
from bot.config import Settings
from bot.digest import stories
from bot.digest.render import render_summary
from bot.errors import InputError, NewsbriefError
from bot.locales import translator
from bot.models import Summary
from bot.services import subscriptions
from bot.storage import articles, follows, outbox, subscribers
from bot.storage.follows import Follow
from bot.storage.outbox import NewMessage
from bot.storage.subscribers import NOT_SUBSCRIBED

__all__ = [
    "MAX_FOLLOWS",
    "Follow",
    "FollowTermError",
    "Term",
    "alert",
    "alert_new",
    "follow",
    "following",
    "key_of",
    "matches",
    "parse_term",
    "unfollow",
    "unfollow_key",
]

log = logging.getLogger(__name__)

MAX_FOLLOWS = 50  # per chat
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


def _kind(display: str) -> str:
    words = display.split()
    if not all(w[:1].isupper() for w in words):
        return "word"
    if len(words) == 1 and display.isupper():
        return "org"  # an acronym: «МИД», "NATO"
    return "person"


def parse_term(text: str, nlp: NlpModels) -> Term:
    """A follow's term from what the user wrote; FollowTermError when it cannot be one."""
    display = " ".join(text.split())
    if not display or len(display) > MAX_TERM_CHARS:
        raise FollowTermError
    kind = _kind(display)
    norm = (
        normalize_for_search(display, "ru", nlp) if kind == "word" else speaker_key(display, nlp)
    )
    if not norm or len(norm.split()) > MAX_PHRASE_WORDS:
        raise FollowTermError
    return Term(norm=norm, display=display, kind=kind)


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
    )
    return result, term


async def following(db: aiosqlite.Connection, *, chat_id: int) -> list[Follow]:
    """What the chat follows."""
    return await follows.of_chat(db, chat_id=chat_id)


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


async def matches(
    db: aiosqlite.Connection, nlp: NlpModels, *, article_id: int
) -> dict[int, list[Follow]]:
    """The follows a stored article matches, by chat (only chats that may see it)."""
    stored = await articles.by_id(db, article_id=article_id)
    if stored is None:
        return {}
    summary = _summary(stored.summary_json)
    names = [] if summary is None else [e.name for e in summary.who]
    if summary is not None:
        names += [q.speaker for q in summary.quotes if q.speaker]
    words = (await follows.search_text(db, article_id=article_id)).split()
    found = await follows.matching(
        db,
        article_id=article_id,
        names=sorted(name_candidates(names, nlp)),
        words=sorted(runs(words)),
    )
    by_chat: dict[int, list[Follow]] = defaultdict(list)
    for item in found:
        by_chat[item.chat_id].append(item)
    return dict(by_chat)


# Alerts one chat gets in a day; more are not sent (the digest has them).
PER_DAY = 20


def _story(stored: articles.StoredArticle, summary: Summary, nlp: NlpModels) -> stories.StoryKey:
    return stories.article_key(
        title=stored.title,
        text=stored.text,
        lang=stored.lang,
        summary=summary,
        day=stored.ingested_at.date(),
        morph=nlp.morph_vocab,
    )


def _alert_text(summary: Summary, matched: list[Follow], lang: str, nlp: NlpModels) -> str:
    """The summary, with what matched first: the followed names and words, then a quote of
    a followed speaker."""
    t = translator(lang)
    shown = ", ".join(dict.fromkeys(f.term_display for f in matched))
    lines = [html.escape(t.get("follow-alert", terms=shown), quote=False)]
    keys = {f.term_norm for f in matched if f.kind != "word"}
    for quote in summary.quotes:
        if quote.direct and quote.speaker:
            words = set(speaker_key(quote.speaker, nlp).split())
            if any(set(k.split()) <= words for k in keys):
                said = html.escape(f"«{quote.text}» — {quote.speaker}", quote=False)
                lines.append(f"<i>{said}</i>")
                break
    return "\n".join(lines) + "\n\n" + render_summary(summary, t)


async def alert(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    *,
    article_id: int,
    now: datetime | None = None,
) -> int:
    """Queue an alert (outbox kind 'follow') for each chat following a name or word of a
    newly stored article: one per story (none when the chat was alerted to the same story
    within STORY_WINDOW), at most PER_DAY a day per chat. Returns how many were queued."""
    now = now or datetime.now(tz=UTC)
    found = await matches(db, nlp, article_id=article_id)
    stored = await articles.by_id(db, article_id=article_id) if found else None
    summary = None if stored is None else _summary(stored.summary_json)
    if stored is None or summary is None:
        return 0
    key: stories.StoryKey | None = None
    rows: list[NewMessage] = []
    for chat_id, matched in found.items():
        chat = await subscribers.get(db, chat_id=chat_id)
        # A chat stored by /follow itself (never subscribed) gets its alerts; one that
        # stopped the bot (/stop) or blocked it does not.
        if chat is None or not (chat.active or chat.deactivated_reason == NOT_SUBSCRIBED):
            continue
        recent = await follows.recent_alerts(db, chat_id=chat_id, since=now - STORY_WINDOW)
        if article_id in recent:
            continue
        today = await follows.recent_alerts(db, chat_id=chat_id, since=now - timedelta(days=1))
        if len(today) >= PER_DAY:
            continue
        key = key or _story(stored, summary, nlp)
        if await _same_story(db, nlp, key, recent):
            continue
        text = _alert_text(summary, matched, chat.lang, nlp)
        rows.append(
            NewMessage(
                chat_id=chat_id,
                kind="follow",
                dedup_key=f"follow:{chat_id}:{article_id}",
                payload={"text": text, "article_id": article_id},
            )
        )
    return await outbox.enqueue(db, rows, now=now)


async def _same_story(
    db: aiosqlite.Connection, nlp: NlpModels, key: stories.StoryKey, alerted: list[int]
) -> bool:
    for other_id in alerted:
        other = await articles.by_id(db, article_id=other_id)
        summary = None if other is None else _summary(other.summary_json)
        if (
            other is not None
            and summary is not None
            and stories.same_story(key, _story(other, summary, nlp))
        ):
            return True
    return False


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
