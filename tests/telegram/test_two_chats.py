"""Two private chats through the real aiogram stack (issue 8): what A sends is A's alone.

A pastes a text and sends a link (a real page served on 127.0.0.1); B's /latest, /search
and their paging buttons, forged ones included, never show them, A's do; feed articles
show in both.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web

from bot.config import Settings
from bot.storage import feeds as feed_store
from bot.telegram.paging import LatestPage, SearchPage
from tests.factories import add_story, message, press, serve
from tests.fake_telegram import FakeTelegram, parse_html

DATA = Path(__file__).parents[1] / "data"
A, B = 1001, 2002
PASTED = (
    "Secretary of State Marco Rubio met Russian Foreign Minister Sergei Lavrov in Kuala "
    "Lumpur on Thursday. The two held talks on the sidelines of regional meetings, the "
    "State Department said."
)


def _press(chat_id: int, message_id: int, data: str) -> Update:
    return press(chat_id, message_id, data, chat_instance=str(chat_id))


@pytest.fixture
async def site() -> AsyncIterator[str]:
    async def page(_: web.Request) -> web.Response:
        return web.Response(body=(DATA / "article-en.html").read_bytes(), content_type="text/html")

    app = web.Application()
    app.router.add_get("/ferry", page)
    async with serve(app) as base:
        yield base


@pytest.fixture
async def db(db: aiosqlite.Connection) -> aiosqlite.Connection:
    """conftest's database with two shared articles of a feed, older than anything sent."""
    feed = await feed_store.add(db, url="https://news.example/rss")
    assert feed is not None
    for n in (1, 2):
        await add_story(
            db,
            n,
            url=f"https://news.example/{n}",
            title=f"Feed story {n}",
            text=f"The council met for feed story {n}.",
            search_title=f"feed stori {n}",
            search_text=f"council met feed stori {n}",
            feed_id=feed.id,
            ingested_at=datetime.now(tz=UTC) - timedelta(hours=3 - n),
        )
    return db


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(_env_file=None, allow_private_urls=True)  # type: ignore[call-arg]


async def _say(stack: tuple[Bot, Dispatcher], tg: FakeTelegram, chat: int, text: str) -> Any:
    bot, dp = stack
    await dp.feed_update(bot, message(chat, text))
    return tg.sent_to(chat)[-1]


async def _pages(
    stack: tuple[Bot, Dispatcher], tg: FakeTelegram, chat: int, text: str
) -> list[str]:
    """The first page of ``text``'s answer and every page its "next" buttons lead to."""
    bot, dp = stack
    sent = await _say(stack, tg, chat, text)
    shown = [parse_html(sent.text)]
    markup = sent.reply_markup
    for _ in range(10):
        following = [b for row in (markup or {}).get("inline_keyboard", []) for b in row
                     if b["text"] == "Next »"]  # fmt: skip
        if not following:
            break
        await dp.feed_update(bot, _press(chat, sent.message_id, following[0]["callback_data"]))
        edit = tg.edits[-1]
        shown.append(parse_html(edit.text))
        markup = edit.reply_markup
    return shown


async def test_what_a_chat_sends_is_its_alone(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: str
) -> None:
    bot, dp = stack
    pasted = await _say(stack, telegram, A, PASTED)
    assert "Rubio" in parse_html(pasted.text)
    linked = await _say(stack, telegram, A, f"{site}/ferry")
    assert "Harbour" in parse_html(linked.text)
    # Words of the text and of the page (not the words B searches for: its answer repeats
    # its query), and the link.
    private = ("Rubio", "Kuala", "Harbour", site)

    # A: its two and the feed's two, on /latest, its pages and /search.
    (a_latest,) = await _pages(stack, telegram, A, "/latest")
    assert a_latest.startswith("Latest articles: 1–4 of 4")
    assert all(word in a_latest for word in ("Rubio", "Feed story 1", "Feed story 2"))
    assert f'href="{site}/ferry"' in telegram.sent_to(A)[-1].text
    a_pages = await _pages(stack, telegram, A, "/latest 1")
    assert len(a_pages) == 4
    assert any("Rubio" in p for p in a_pages)
    assert "Rubio" in "".join(await _pages(stack, telegram, A, "/search Lavrov"))
    a_council = "".join(await _pages(stack, telegram, A, "/search council"))
    assert "Feed story 1" in a_council
    assert "Harbour" in a_council
    assert "Harbour" in "".join(await _pages(stack, telegram, A, "/search ferry"))

    # B: the feed's two only, whatever it asks.
    (b_latest,) = await _pages(stack, telegram, B, "/latest 20")
    assert b_latest.startswith("Latest articles: 1–2 of 2")
    b_pages = await _pages(stack, telegram, B, "/latest 1")
    assert len(b_pages) == 2
    assert "Feed story 2" in b_pages[0]
    assert "Feed story 1" in b_pages[1]
    b_council = await _pages(stack, telegram, B, "/search council")
    assert "Feed story 1" in b_council[0]
    assert "Feed story 2" in b_council[0]
    (b_lavrov,) = await _pages(stack, telegram, B, "/search Lavrov")
    assert b_lavrov == "Nothing found for “Lavrov”."
    (b_ferry,) = await _pages(stack, telegram, B, "/search ferry")
    assert b_ferry == "Nothing found for “ferry”."
    # Forged buttons: any offset, and the key of a search A made, in B's chat.
    bot_message = telegram.sent_to(B)[-1].message_id
    for forged in (
        LatestPage(offset=2, limit=20).pack(),
        LatestPage(offset=0, limit=20).pack(),
        SearchPage(key=_search_key(dp, "Lavrov"), offset=0, limit=5).pack(),
    ):
        await dp.feed_update(bot, _press(B, bot_message, forged))
    b_seen = [s.text for s in telegram.sent_to(B)]  # the HTML, links and all
    b_seen += [e.text for e in telegram.edits if e.chat_id == B]
    b_all = "\n".join(b_seen)
    assert "Feed story 1" in b_all
    for word in private:
        assert word not in b_all, word
    assert telegram.refused == []


def _search_key(dp: Dispatcher, query: str) -> str:
    # The key A's /search put into its buttons (the query cache is the bot's, not a chat's).
    key: str = dp.workflow_data["services"].queries.key(query)
    return key
