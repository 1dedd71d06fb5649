"""What a hostile page or link puts in the bot's reply: escaped text, never markup or nothing.

The real aiogram stack (build_dispatcher, feed_update) over HTTP to the fake Bot API, which
parses the HTML as Telegram does; the pages come from a real aiohttp server on 127.0.0.1.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import pytest
from aiogram import Bot, Dispatcher
from aiohttp import web

from bot.config import Settings
from tests.factories import plain, say, serve
from tests.fake_telegram import FakeTelegram, Sent, parse_html

EVIL_TYPE = '<a href="https://evil.example/login">Click here to verify</a>'
# NUL, escape, bidi overrides and isolates, a C1 control: none may reach a chat.
UNSAFE = "\x00\x1b\u202e\u202a\u2066\u2069\x85"
# In the page, fewer controls: more than 1% of them and the page counts as binary.
_PAGE_UNSAFE = "\x00\u202e\u202a\u2066\u2069\x85"
PAGE = f"""<html><head><title>Minister{_PAGE_UNSAFE} meets envoy in Paris</title></head><body>
<article><h1>Minister\u202e meets envoy in Paris</h1>
<p>Foreign Minister Jean Dupont met the British ambassador in Paris on Monday,
the ministry said.\u2066\x85</p>
<p>The two men discussed trade and security for more&#x202E; than an hour, officials said.</p>
<p>"We agreed to meet again next month," Dupont&#0; told reporters after the talks.</p>
</article></body></html>"""


@pytest.fixture
async def site() -> AsyncIterator[str]:
    async def evil(_: web.Request) -> web.Response:
        return web.Response(body=b"<p>hello</p>", headers={"Content-Type": EVIL_TYPE})

    async def unsafe(_: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    app = web.Application()
    app.router.add_get("/evil", evil)
    app.router.add_get("/unsafe", unsafe)
    async with serve(app) as base:
        yield base


@pytest.fixture
def bot_settings() -> Settings:
    return Settings(allow_private_urls=True)


async def _reply(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, chat_id: int, text: str
) -> Sent:
    bot, dp = stack
    await dp.feed_update(bot, plain(chat_id, text))
    assert telegram.refused == []  # Telegram took every reply (no 400 for bad HTML)
    (reply,) = telegram.sent_to(chat_id)
    return reply


async def test_markup_in_an_error_is_shown_as_text_not_a_link(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: str
) -> None:
    reply = await _reply(stack, telegram, 1, f"{site}/evil")
    assert reply.links() == []
    assert "<a " not in reply.text
    assert "&lt;a href=" in reply.text  # the fake saw the markup escaped
    shown = parse_html(reply.text)
    # The site's declared type, quoted in the chat's language as text, never as markup.
    assert shown.startswith(say("en", "error-binary-type", type=""))
    assert "click here to verify" in shown.lower()
    assert "\n" not in shown


async def test_a_tag_in_the_links_path_gets_a_readable_reply(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram
) -> None:
    # A link the fetcher refuses is quoted as sent, "<i>" and all (a 404 quotes the URL
    # percent-encoded, so this is the reply that must survive the tag).
    reply = await _reply(stack, telegram, 2, "http://127.0.0.1:99999/news/<i>")
    shown = parse_html(reply.text)
    assert shown == say("en", "error-bad-url", url="http://127.0.0.1:99999/news/<i>")
    assert reply.entities == []


async def test_a_broken_url_is_not_a_valid_url_without_a_traceback(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        reply = await _reply(stack, telegram, 3, "http://[<b>/")
    shown = parse_html(reply.text)
    assert shown == say("en", "error-bad-url", url="http://[<b>/")
    assert "\n" not in shown
    assert reply.entities == []
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


async def test_nul_and_bidi_characters_never_reach_the_chat(
    stack: tuple[Bot, Dispatcher], telegram: FakeTelegram, site: str
) -> None:
    for chat_id, text in (
        (4, f"{site}/unsafe"),
        (5, f"Foreign Minister{UNSAFE} Jean Dupont met the ambassador.{UNSAFE} He said so."),
        (6, f"http://[{UNSAFE}/"),  # in an error message too
    ):
        reply = await _reply(stack, telegram, chat_id, text)
        shown = parse_html(reply.text)
        assert shown.strip()
        assert not any(c in shown for c in UNSAFE + "\u202e"), (chat_id, shown)
        assert not any(c in reply.text for c in UNSAFE + "\u202e"), chat_id
    assert "Minister meets envoy in Paris" in parse_html(telegram.sent_to(4)[0].text)
