"""Who said what: quotes stored per article with their speaker's key, and /said NAME."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.analysis.models import NlpModels
from bot.analysis.speaker_key import name_terms, speaker_key
from bot.errors import InputError
from bot.models import Quote
from bot.storage import quotes
from bot.storage.quotes import FoundQuote, NewQuote

__all__ = [
    "FoundQuote",
    "SaidNameError",
    "SaidPage",
    "new_quotes",
    "normalise_quotes",
    "quotes_of_json",
    "said",
    "store_quotes",
]

# Longer than this is not a name (the same limit as a search query).
MAX_NAME_CHARS = 200


class SaidNameError(InputError):
    """The name asked for is empty, too long or has no words."""

    def __init__(self) -> None:
        super().__init__(f"write a name of up to {MAX_NAME_CHARS} characters after /said")


@dataclass(frozen=True, slots=True)
class SaidPage:
    """One page of quotes; ``has_more``: another page follows."""

    items: tuple[FoundQuote, ...]
    offset: int
    limit: int
    has_more: bool


def new_quotes(said: Sequence[Quote], nlp: NlpModels) -> list[NewQuote]:
    """What to store of a summary's quotes: the attributed ones, with their speaker's key."""
    return _rows(((q.speaker, q.text, q.direct) for q in said), nlp)


def quotes_of_json(summary_json: str, nlp: NlpModels) -> list[NewQuote]:
    """``new_quotes`` of a stored summary (its JSON, as summary_as_dict writes it)."""
    try:
        items = json.loads(summary_json).get("quotes") or []
    except (ValueError, AttributeError):
        return []
    said: list[tuple[Any, Any, Any]] = [
        (q.get("speaker"), q.get("text"), q.get("direct")) if isinstance(q, dict) else (None,) * 3
        for q in items
    ]
    return _rows(said, nlp)


def _rows(said: Any, nlp: NlpModels) -> list[NewQuote]:
    out: list[NewQuote] = []
    for position, (speaker, text, direct) in enumerate(said):
        if not isinstance(speaker, str) or not isinstance(text, str):
            continue
        if not speaker.strip() or not text.strip():
            continue
        out.append(
            NewQuote(
                position=position,
                speaker=speaker,
                speaker_norm=speaker_key(speaker, nlp),
                text=text,
                direct=bool(direct),
            )
        )
    return out


async def store_quotes(
    conn: aiosqlite.Connection, article_id: int, said: Sequence[NewQuote]
) -> None:
    """Store an article's quotes in place of those it had."""
    await quotes.replace(conn, article_id=article_id, quotes=said)


async def normalise_quotes(conn: aiosqlite.Connection, nlp: NlpModels) -> int:
    """Make the speaker key of the quotes migration 0009 copied from stored summaries
    (cheap: a lemma per word, no summarising); returns how many were done."""
    done = 0
    while True:
        pending = await quotes.unnormalised(conn)
        if not pending:
            return done
        await quotes.set_keys(conn, [(i, speaker_key(name, nlp)) for i, name in pending])
        done += len(pending)


async def said(
    db: aiosqlite.Connection,
    nlp: NlpModels,
    name: str,
    *,
    chat_id: int | None,
    limit: int,
    offset: int = 0,
) -> SaidPage:
    """The latest direct quotes of ``name`` (any word of it, in any form) in the articles
    ``chat_id`` may see; SaidNameError if the name is empty, too long or has no words."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_CHARS:
        raise SaidNameError
    terms = name_terms(name, nlp)
    if not terms:
        raise SaidNameError
    found = await quotes.said(db, terms=terms, chat_id=chat_id, limit=limit + 1, offset=offset)
    return SaidPage(
        items=tuple(found[:limit]), offset=offset, limit=limit, has_more=len(found) > limit
    )
