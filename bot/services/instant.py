"""Sources in 'instant' mode: a poll's new articles go to their chats at once, through the
outbox, grouped: one message (or a few, each under 4,096 characters) per chat per poll run,
however many articles and sources arrived together.

The first poll of a feed can bring its whole backlog: a chat gets at most INSTANT_ITEMS
summaries of a run, newest last, and a line saying how many more are in /latest.
"""

from __future__ import annotations

import html
import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

import aiosqlite

from bot.analysis.summarize import summary_from_dict
from bot.digest.render import render_digest
from bot.digest.select import DigestItem
from bot.locales import translator
from bot.models import Summary
from bot.storage import articles, outbox, recipients
from bot.storage.outbox import NewMessage
from bot.storage.recipients import Recipient

log = logging.getLogger(__name__)

# Summaries one chat gets from one poll run; the rest are counted, not sent.
INSTANT_ITEMS = 10


async def _summaries(db: aiosqlite.Connection, article_ids: Sequence[int]) -> dict[int, Summary]:
    found: dict[int, Summary] = {}
    for article_id in article_ids:
        row = await articles.by_id(db, article_id=article_id)
        if row is None:  # deleted since (retention): nothing to send
            continue
        try:
            found[article_id] = summary_from_dict(json.loads(row.summary_json))
        except (ValueError, KeyError, TypeError):
            log.warning("article %d: stored summary unreadable, not sent", article_id)
    return found


def _messages(
    chat: Sequence[Recipient], arrived: Sequence[int], summaries: dict[int, Summary]
) -> list[str]:
    """One chat's messages for a run: its articles in arriving order, the first ones shown."""
    lang = chat[0].lang
    t = translator(lang)
    shown = [a for a in arrived if a in summaries]
    extra = max(0, len(shown) - INSTANT_ITEMS)
    shown = shown[:INSTANT_ITEMS]
    titles = {r.feed_title or "" for r in chat}
    if len(titles) == 1 and (title := titles.pop()):
        header = t.get("instant-header-source", source=title, n=len(shown) + extra)
    else:
        header = t.get("instant-header", n=len(shown) + extra)
    items = [DigestItem(summary=summaries[a], article_id=a, also=(), score=0.0) for a in shown]
    messages = render_digest(items, t=t, header=header)
    if extra:
        messages.append(html.escape(t.get("instant-more", n=extra), quote=False))
    return messages


async def enqueue(
    db: aiosqlite.Connection,
    stored: Sequence[tuple[int, int]],
    *,
    now: datetime | None = None,
) -> int:
    """Queue the new articles of a poll run for the chats that take their feeds at once.

    ``stored`` is the run's (article_id, feed_id) pairs in storing order. Returns how many
    messages were queued. Idempotent: a run queued again finds its keys taken.
    """
    if not stored:
        return 0
    now = now or datetime.now(tz=UTC)
    feed_of = dict(stored)
    chats: dict[int, list[Recipient]] = defaultdict(list)
    for recipient in await recipients.of_feeds(
        db, feed_ids=list(feed_of.values()), mode="instant"
    ):
        chats[recipient.chat_id].append(recipient)
    if not chats:
        return 0
    summaries = await _summaries(db, [a for a, _ in stored])
    rows: list[NewMessage] = []
    for chat_id, chat in chats.items():
        feeds = {r.feed_id for r in chat}
        arrived = [a for a, feed in stored if feed in feeds]
        if not any(a in summaries for a in arrived):
            continue
        # A source set up in a forum topic posts there (its first source's topic).
        thread = next((r.thread_id for r in chat if r.thread_id is not None), None)
        key = f"instant:{chat_id}:{min(arrived)}-{max(arrived)}:{len(arrived)}"
        for part, text in enumerate(_messages(chat, arrived, summaries), start=1):
            payload: dict[str, object] = {"text": text}
            if thread is not None:
                payload["thread_id"] = thread
            rows.append(
                NewMessage(
                    chat_id=chat_id, kind="instant", dedup_key=f"{key}:{part}", payload=payload
                )
            )
    return await outbox.enqueue(db, rows, now=now)
