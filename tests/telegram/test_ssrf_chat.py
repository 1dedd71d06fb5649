"""A link to loopback sent in chat, in every spelling: refused in one line, never fetched.

The real aiogram stack over HTTP against the fake Bot API; ALLOW_PRIVATE_URLS is off. The
link's target is a real aiohttp server on 127.0.0.1 that counts requests: it must get none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings
from tests.factories import LOOPBACK_FORMS as FORMS
from tests.factories import PageServer, count_articles, link, page_server, say
from tests.fake_telegram import FakeTelegram, parse_html

PAGE = """<html><head><title>Minister meets envoy</title></head><body><article>
<p>Foreign Minister Jean Dupont met the British ambassador in Paris on Monday.</p>
<p>The two men discussed trade and security for more than an hour, officials said.</p>
</article></body></html>"""


@pytest.fixture
async def target() -> AsyncIterator[PageServer]:
    async with page_server(PAGE) as server:
        yield server


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(_env_file=None, allow_private_urls=False, analysis_processes=0)


@pytest.mark.parametrize("form", FORMS)
async def test_a_loopback_link_is_refused_in_one_line(
    stack: tuple[Bot, Dispatcher],
    telegram: FakeTelegram,
    target: PageServer,
    db: aiosqlite.Connection,
    form: str,
) -> None:
    bot, dp = stack
    await dp.feed_update(bot, link(7, form.format(port=target.port)))
    (reply,) = telegram.sent_to(7)
    shown = parse_html(reply.text)
    # "HOST leads into a private network: …", in the chat's language, naming the host.
    refusal = say("en", "error-private-address", host="")
    assert shown.endswith(refusal)
    assert len(shown) > len(refusal)
    assert "\n" not in shown
    assert target.hits == []
    assert await count_articles(db) == 0


async def test_with_allow_private_the_link_is_fetched_and_stored_in_normal_form(
    bot: Bot, telegram: FakeTelegram, target: PageServer, db: aiosqlite.Connection, nlp: NlpModels
) -> None:
    """The control: the same server is reachable, and a fullwidth link is stored as 127.0.0.1."""
    settings = Settings(_env_file=None, allow_private_urls=True, analysis_processes=0)
    await build_dispatcher(settings, nlp, db).feed_update(
        bot, link(8, FORMS[0].format(port=target.port))
    )
    (reply,) = telegram.sent_to(8)
    assert "Jean Dupont" in parse_html(reply.text)
    assert target.hits == ["/fullwidth"]
    async with db.execute("SELECT url FROM articles") as cur:
        rows = await cur.fetchall()
    assert [r[0] for r in rows] == [f"http://127.0.0.1:{target.port}/fullwidth"]
