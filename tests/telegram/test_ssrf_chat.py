"""A link to loopback sent in chat, in every spelling: refused in one line, never fetched.

The real aiogram stack over HTTP against the fake Bot API; ALLOW_PRIVATE_URLS is off. The
link's target is a real aiohttp server on 127.0.0.1 that counts requests: it must get none.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import Update
from aiohttp import web

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings
from bot.storage.db import connect, migrate
from tests.fake_telegram import FakeTelegram, parse_html

FORMS = [
    "http://１２７.０.０.１:{port}/fullwidth",
    "http://127。0。0。1:{port}/ideographic-dots",
    "http://①②⑦.0.0.①:{port}/circled",
    "http://2130706433:{port}/decimal",
    "http://127.1:{port}/short",
    "http://0177.0.0.1:{port}/octal",
    "http://0x7f.0.0.1:{port}/hex",
    "http://0:{port}/zero",
    "http://[::ffff:127.0.0.1]:{port}/mapped",
    "http://[::1]:{port}/v6-loopback",
    "http://ｌｏｃａｌｈｏｓｔ:{port}/name",
]
PAGE = """<html><head><title>Minister meets envoy</title></head><body><article>
<p>Foreign Minister Jean Dupont met the British ambassador in Paris on Monday.</p>
<p>The two men discussed trade and security for more than an hour, officials said.</p>
</article></body></html>"""


@dataclass
class Target:
    port: int = 0
    hits: list[str] = field(default_factory=list)


@pytest.fixture
async def target() -> AsyncIterator[Target]:
    state = Target()

    async def page(request: web.Request) -> web.Response:
        state.hits.append(request.path)
        return web.Response(text=PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_get("/{tail:.*}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    state.port = runner.addresses[0][1]
    yield state
    await runner.cleanup()


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        yield conn


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(limits=False)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def stack(
    telegram: FakeTelegram, db: aiosqlite.Connection, nlp: NlpModels
) -> AsyncIterator[tuple[Bot, Dispatcher]]:
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    bot = Bot(
        telegram.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    settings = Settings(_env_file=None, allow_private_urls=False, analysis_processes=0)
    yield bot, build_dispatcher(settings, nlp, db)
    await bot.session.close()


_ids = iter(range(1, 1_000_000))


def _link(chat_id: int, text: str) -> Update:
    return Update.model_validate({
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids), "date": int(time.time()), "text": text,
            "chat": {"id": chat_id, "type": "private"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "T", "language_code": "en"},
            "entities": [{"type": "url", "offset": 0, "length": len(text)}],
        },
    })  # fmt: skip


async def _articles(db: aiosqlite.Connection) -> int:
    async with db.execute("SELECT count(*) FROM articles") as cur:
        row = await cur.fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.parametrize("form", FORMS)
async def test_a_loopback_link_is_refused_in_one_line(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    target: Target,
    db: aiosqlite.Connection,
    form: str,
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, _link(7, form.format(port=target.port)))
    (reply,) = telegram.sent_to(7)
    shown = parse_html(reply.text)
    assert shown.startswith("refused: ")
    assert shown.endswith(" is a private address")
    assert "\n" not in shown
    assert target.hits == []
    assert await _articles(db) == 0


async def test_with_allow_private_the_link_is_fetched_and_stored_in_normal_form(
    telegram: FakeTelegram, target: Target, db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    """The control: the same server is reachable, and a fullwidth link is stored as 127.0.0.1."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(telegram.base_url))
    bot = Bot(
        telegram.token, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML)
    )
    settings = Settings(_env_file=None, allow_private_urls=True, analysis_processes=0)
    try:
        await build_dispatcher(settings, nlp, db).feed_update(
            bot, _link(8, FORMS[0].format(port=target.port))
        )
    finally:
        await bot.session.close()
    (reply,) = telegram.sent_to(8)
    assert "Jean Dupont" in parse_html(reply.text)
    assert target.hits == ["/fullwidth"]
    async with db.execute("SELECT url FROM articles") as cur:
        rows = await cur.fetchall()
    assert [r[0] for r in rows] == [f"http://127.0.0.1:{target.port}/fullwidth"]
