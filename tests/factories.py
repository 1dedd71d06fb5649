"""Factories shared by the tests: Telegram updates, stored stories and local page servers.

Updates are built as Telegram sends them (``Update.model_validate`` of the JSON), so each
test feeds the real aiogram stack the same shape the Bot API would (STYLE C12).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import count
from typing import Any

import aiosqlite
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Update
from aiohttp import web

from bot.config import Settings
from bot.locales import translator
from bot.services import subscriptions
from bot.storage import articles, subscribers
from bot.storage.articles import StoredArticle
from tests.fake_telegram import FakeTelegram

# Spellings of 127.0.0.1 (and of 0.0.0.0, which Linux connects to loopback) that yarl or
# the C library read as that address; {port} is the counting server's.
LOOPBACK_FORMS = [
    "http://１２７.０.０.１:{port}/fullwidth",
    "http://127。0。0。1:{port}/ideographic-dots",
    "http://①②⑦.0.0.①:{port}/circled",
    "http://2130706433:{port}/decimal",
    "http://127.1:{port}/short",
    "http://0177.0.0.1:{port}/octal",
    "http://0x7f.0.0.1:{port}/hex",
    "http://0x7f000001:{port}/hex-whole",
    "http://0:{port}/zero",
    "http://127.0.0.1.:{port}/trailing-dot",
    "http://[::ffff:127.0.0.1]:{port}/mapped",
    "http://[::1]:{port}/v6-loopback",
    "http://ｌｏｃａｌｈｏｓｔ:{port}/fullwidth-name",
    "http://localhost.:{port}/name-trailing-dot",
]

# Update, message and callback ids: unique in the whole session, whichever file asks.
_ids = count(1)


# ------------------------------------------------------------------------- the Bot


def telegram_bot(telegram: FakeTelegram, *, parse_mode: ParseMode | None = ParseMode.HTML) -> Bot:
    """An aiogram Bot whose session talks HTTP to the fake Bot API (close its session)."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    if parse_mode is None:
        return Bot(telegram.token, session=session)
    return Bot(
        telegram.token, session=session, default=DefaultBotProperties(parse_mode=parse_mode)
    )


# ------------------------------------------------------------------------- updates


def chat(chat_id: int) -> dict[str, Any]:
    """A private chat for a positive id, a supergroup for a negative one."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": "T"}
    return {"id": chat_id, "type": "supergroup", "title": "G"}


def user(user_id: int, language_code: str = "en") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "T", "language_code": language_code}


def command_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command entity Telegram puts on the first word of ``text``."""
    return [{"type": "bot_command", "offset": 0, "length": len(text.split(maxsplit=1)[0])}]


def message_json(
    chat_id: int,
    text: str,
    *,
    user_id: int | None = None,
    language_code: str = "en",
    entities: list[dict[str, Any]] | None = None,
    sender_chat: bool = False,
) -> dict[str, Any]:
    """The JSON of an update with a message from ``user_id`` (default: the chat's own id).

    ``sender_chat``: sent on behalf of the chat itself (an anonymous group admin).
    """
    message: dict[str, Any] = {
        "message_id": next(_ids), "date": int(time.time()), "text": text,
        "chat": chat(chat_id), "from": user(user_id or chat_id, language_code),
    }  # fmt: skip
    if entities is not None:
        message["entities"] = entities
    if sender_chat:
        message["sender_chat"] = chat(chat_id)
        message["from"] = {"id": 1087968824, "is_bot": True, "first_name": "Group"}
    return {"update_id": next(_ids), "message": message}


def plain(chat_id: int, text: str, **kwargs: Any) -> Update:
    """A plain text message, without entities."""
    return Update.model_validate(message_json(chat_id, text, **kwargs))


def command(chat_id: int, text: str, **kwargs: Any) -> Update:
    """A message starting with a command (``/latest 5``), its bot_command entity included."""
    return Update.model_validate(
        message_json(chat_id, text, entities=command_entities(text), **kwargs)
    )


def message(chat_id: int, text: str, **kwargs: Any) -> Update:
    """A command if ``text`` starts with "/", else a plain text message."""
    if text.startswith("/"):
        return command(chat_id, text, **kwargs)
    return Update.model_validate(message_json(chat_id, text, **kwargs))


def link(chat_id: int, url: str, **kwargs: Any) -> Update:
    """A message that is one link, with the url entity Telegram puts on it."""
    entities = [{"type": "url", "offset": 0, "length": len(url)}]
    return Update.model_validate(message_json(chat_id, url, entities=entities, **kwargs))


def press(
    chat_id: int,
    message_id: int,
    data: str,
    *,
    user_id: int | None = None,
    language_code: str = "en",
    chat_instance: str = "1",
    shown: str = "page",
) -> Update:
    """A press on an inline button with ``data`` under the bot's message ``message_id``."""
    return Update.model_validate({
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)), "chat_instance": chat_instance, "data": data,
            "from": user(user_id or chat_id, language_code),
            "message": {
                "message_id": message_id, "date": int(time.time()), "text": shown,
                "chat": chat(chat_id),
            },
        },
    })  # fmt: skip


def my_chat_member(chat_id: int, old: str, new: str, *, bot_id: int = 123456) -> Update:
    """The bot's own membership in a private chat going from ``old`` to ``new``."""
    me = {"id": bot_id, "is_bot": True, "first_name": "newsbrief"}

    def member(status: str) -> dict[str, Any]:
        return {"status": status, "user": me} | ({"until_date": 0} if status == "kicked" else {})

    return Update.model_validate({
        "update_id": next(_ids),
        "my_chat_member": {
            "chat": chat(chat_id),
            "from": {"id": chat_id, "is_bot": False, "first_name": "T"},
            "date": int(time.time()),
            "old_chat_member": member(old), "new_chat_member": member(new),
        },
    })  # fmt: skip


# ------------------------------------------------------------------------- stories


def summary_json(
    title: str | None,
    text: str,
    *,
    lang: str = "en",
    source: str | None = None,
    url: str | None = None,
    who: Sequence[str] = (),
    where: Sequence[str] = (),
) -> str:
    """A stored summary (``summary_json``) of one sentence, ``text``; ``who`` as organisations."""
    summary = {
        "lang": lang, "title": title, "sentences": [text],
        "who": [{"name": w, "role": None, "kind": "org"} for w in who], "where": list(where),
        "when": [], "quotes": [], "source": {"name": source, "url": url}, "version": 1,
    }  # fmt: skip
    return json.dumps(summary, ensure_ascii=False)


async def add_story(
    db: aiosqlite.Connection,
    n: int,
    *,
    url: str | None = None,
    title: str | None = None,
    text: str | None = None,
    search_title: str | None = None,
    search_text: str | None = None,
    source_url: str | None = None,
    content_hash: str | None = None,
    who: Sequence[str] = (),
    **fields: Any,
) -> StoredArticle | None:
    """Store "Story ``n``" with its summary as the pipeline would (words stemmed by hand).

    ``fields``: the other keywords of ``articles.add`` (feed_id, ingested_at, submitted_by).
    """
    title = f"Story {n}" if title is None else title
    text = f"Story {n} happened." if text is None else text
    return await articles.add(
        db,
        url=url or f"https://example.com/{n}",
        title=title,
        text=text,
        lang="en",
        published_at=None,
        feed_id=fields.pop("feed_id", None),
        content_hash=content_hash or f"{n:064x}",
        summary_json=summary_json(title, text, url=source_url, who=who),
        summary_version=1,
        search_title=search_title or f"stori {n}",
        search_text=search_text or f"stori {n} happen",
        **fields,
    )


async def count_articles(db: aiosqlite.Connection) -> int:
    """How many rows the articles table holds (read directly, not through bot.storage)."""
    async with db.execute("SELECT COUNT(*) FROM articles") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


# ------------------------------------------------------------------------- subscribers


async def subscribe(
    db: aiosqlite.Connection,
    chat_id: int,
    *,
    lang: str = "en",
    tz: str = "UTC",
    digest_time: str = "08:00",
    now: datetime | None = None,
) -> subscribers.Subscriber:
    """Subscribe a chat as /start would (its next digest scheduled): a private chat for a
    positive id, else a group; ``lang``, ``tz`` and ``digest_time`` for a new chat."""
    now = now or datetime.now(tz=UTC)
    subscriber = await subscribers.upsert_active(
        db,
        chat_id=chat_id,
        kind="private" if chat_id > 0 else "group",
        lang=lang,
        tz=tz,
        digest_time=digest_time,
        now=now,
    )
    if subscriber.next_digest_at is None or subscriber.next_digest_at <= now:
        due = subscriptions.next_due(subscriber, now=now)
        scheduled = await subscribers.set_next_digest(db, chat_id=chat_id, next_at=due)
        assert scheduled is not None
        return scheduled
    return subscriber


async def stored_subscriber(db: aiosqlite.Connection, chat_id: int) -> subscribers.Subscriber:
    """The chat's stored row (it must exist)."""
    stored = await subscribers.get(db, chat_id=chat_id)
    assert stored is not None
    return stored


async def count_active(db: aiosqlite.Connection) -> int:
    """How many chats are subscribed (read directly, not through bot.storage)."""
    async with db.execute("SELECT COUNT(*) FROM subscribers WHERE active = 1") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


# ------------------------------------------------------------------------- page servers


def poll_settings(**values: Any) -> Settings:
    """Settings for polling feeds served on 127.0.0.1 (no .env read), every 15 minutes."""
    return Settings(_env_file=None, allow_private_urls=True, poll_interval_minutes=15, **values)


@asynccontextmanager
async def serve(app: web.Application, host: str = "127.0.0.1") -> AsyncIterator[str]:
    """Run ``app`` on a free port of ``host``; yields its base URL (``http://host:port``)."""
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, host, 0).start()
    try:
        yield f"http://{host}:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@dataclass
class PageServer:
    """A server on 127.0.0.1 that answers every path with one page and counts requests."""

    base: str = ""
    port: int = 0
    hits: list[str] = field(default_factory=list)

    def url(self, form: str) -> str:
        return form.format(port=self.port)


@asynccontextmanager
async def page_server(body: str, content_type: str = "text/html") -> AsyncIterator[PageServer]:
    """Serve ``body`` on every path of 127.0.0.1, recording each request's path in ``hits``."""
    state = PageServer()

    async def page(request: web.Request) -> web.Response:
        state.hits.append(request.path)
        return web.Response(text=body, content_type=content_type)

    app = web.Application()
    app.router.add_get("/{tail:.*}", page)
    async with serve(app) as base:
        state.base = base
        state.port = int(base.rsplit(":", 1)[1])
        yield state


def say(locale: str, key: str, /, **kwargs: object) -> str:
    """What the bot says for ``key`` in ``locale``, read from bot/locales as the bot reads it."""
    return translator(locale).get(key, **kwargs)


def document(
    chat_id: int,
    file_id: str,
    file_name: str,
    *,
    size: int,
    mime_type: str = "application/octet-stream",
    user_id: int | None = None,
    language_code: str = "en",
) -> Update:
    """A message carrying a file (``file_id`` as the fake Bot API's ``files`` holds it)."""
    update = message_json(chat_id, "", user_id=user_id, language_code=language_code)
    del update["message"]["text"]
    update["message"]["document"] = {
        "file_id": file_id, "file_unique_id": file_id, "file_name": file_name,
        "mime_type": mime_type, "file_size": size,
    }  # fmt: skip
    return Update.model_validate(update)


def inline_query(
    user_id: int,
    query: str,
    *,
    offset: str = "",
    language_code: str = "en",
    chat_type: str | None = "sender",
) -> Update:
    """``@bot query`` typed by ``user_id``: an inline query (no chat), ``offset`` as the client
    sends it back (a previous answer's next_offset, or anything a hostile client makes)."""
    inline: dict[str, Any] = {
        "id": str(next(_ids)), "from": user(user_id, language_code), "query": query,
        "offset": offset,
    }  # fmt: skip
    if chat_type is not None:
        inline["chat_type"] = chat_type
    return Update.model_validate({"update_id": next(_ids), "inline_query": inline})


def _slug(title: str) -> str:
    return hashlib.sha256(title.encode()).hexdigest()[:12]


@dataclass
class ServedFeed:
    """An RSS feed served on 127.0.0.1 (``served_feed``): ``items`` (title, text) are what it
    lists when polled, each text followed by ``filler`` (a full article, not a teaser)."""

    title: str
    filler: str
    url: str = ""
    items: tuple[tuple[str, str], ...] = ()

    def rss(self) -> str:
        entries = "".join(
            f"<item><title>{title}</title><link>http://example.com/{_slug(title)}</link>"
            f"<description>{text} {self.filler}</description></item>"
            for title, text in self.items
        )
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{self.title}</title>'
            f"<link>http://example.com/</link><description>d</description>{entries}"
            "</channel></rss>"
        )


@asynccontextmanager
async def served_feed(title: str, filler: str) -> AsyncIterator[ServedFeed]:
    """A ``ServedFeed`` on a local HTTP server, listing nothing until its items are set."""
    served = ServedFeed(title=title, filler=filler)

    async def rss(_: web.Request) -> web.Response:
        return web.Response(text=served.rss(), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/rss", rss)
    async with serve(app) as base:
        served.url = f"{base}/rss"
        yield served
