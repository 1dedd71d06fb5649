"""Operator commands, for ``ADMIN_IDS`` only: /broadcast TEXT and /stats."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import aiosqlite
from aiogram import Router, html
from aiogram.filters import Command, CommandObject
from aiogram.types import Message
from aiogram.utils.formatting import Bold, Text, as_key_value, as_list, as_section

from bot.config import Settings
from bot.storage import outbox, stats
from bot.telegram.texts import BROADCAST_QUEUED, BROADCAST_USAGE, NOT_ALLOWED


def is_admin(message: Message, settings: Settings) -> bool:
    """Whether the sender is one of ``ADMIN_IDS``."""
    return message.from_user is not None and message.from_user.id in settings.admin_ids


async def broadcast(
    message: Message,
    command: CommandObject,
    *,
    db: aiosqlite.Connection,
    settings: Settings,
    lang: str,
    worker: Any = None,
) -> None:
    if not is_admin(message, settings):
        await message.answer(NOT_ALLOWED[lang])
        return
    text = (command.args or "").strip()
    if not text:
        await message.answer(BROADCAST_USAGE[lang])
        return
    # The admin's words are shown as they are typed: escaped, never taken as markup.
    body = html.quote(text)
    # One key per command message: sending the same /broadcast again is queued again,
    # a redelivered update is not.
    digest = hashlib.sha256(f"{message.chat.id}:{message.message_id}:{text}".encode()).hexdigest()
    queued = await outbox.enqueue_to_active(
        db,
        kind="broadcast",
        key=f"broadcast:{digest[:16]}",
        payload={"text": body},
        now=datetime.now(tz=UTC),
    )
    if worker is not None:
        worker.wake()
    await message.answer(BROADCAST_QUEUED[lang].format(n=queued))


async def show_stats(
    message: Message, db: aiosqlite.Connection, settings: Settings, lang: str
) -> None:
    if not is_admin(message, settings):
        await message.answer(NOT_ALLOWED[lang])
        return
    active, inactive = await stats.subscribers_by_state(db)
    per_day = await stats.articles_per_day(db, days=7, now=datetime.now(tz=UTC))
    queue = await outbox.counts(db)
    failures = await outbox.failures(db)
    sections: list[Text] = [
        as_section(
            Bold("Subscribers"),
            as_key_value("active", active),
            as_key_value("inactive", inactive),
        ),
        as_section(
            Bold("Articles per day (UTC)"),
            *(as_key_value(day.isoformat(), n) for day, n in per_day),
        ),
        as_section(Bold("Outbox"), *(as_key_value(status, n) for status, n in queue.items())),
    ]
    if failures:
        sections.append(
            as_section(
                Bold("Failed or dropped, by reason"),
                *(as_key_value(reason, n) for reason, n in failures[:10]),
            )
        )
    await message.answer(as_list(*sections, sep="\n\n").as_html())


def build_router() -> Router:
    """A fresh Router with this feature's handlers (one per Dispatcher)."""
    router = Router(name=__name__)
    router.message.register(broadcast, Command("broadcast"))
    router.message.register(show_stats, Command("stats"))
    return router
