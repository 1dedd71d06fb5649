"""The real bot process (`python -m bot run`) against the fake Bot API over HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.factories import say, serve
from tests.fake_telegram import FakeTelegram, parse_html

pytestmark = pytest.mark.slow  # starts processes (make test runs it; -m "not slow" skips)

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "data" / "zerkalo-rubio-lavrov.txt"
PAGE = """<html><head><title>Minister meets envoy in Paris</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Minister meets envoy in Paris</h1>
<p>Foreign Minister Jean Dupont met the British ambassador in Paris on Monday,
the ministry said.</p>
<p>The two men discussed trade and security for more than an hour, officials said.</p>
<p>"We agreed to meet again next month," Dupont told reporters after the talks.</p>
</article><footer>© 2025 Example News</footer></body></html>"""


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def site() -> AsyncIterator[str]:
    app = web.Application()

    served: list[str] = []

    async def page(request: web.Request) -> web.Response:
        # Served once: a link already stored must be answered from the store.
        served.append(request.path_qs)
        if len(served) > 1:
            return web.Response(status=500, text="fetched twice")
        return web.Response(text=PAGE, content_type="text/html")

    app.router.add_get("/news/1", page)
    async with serve(app) as base:
        yield base


@pytest.fixture
async def bot_process(
    telegram: FakeTelegram, tmp_path: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    env = os.environ | {
        "BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "ALLOW_PRIVATE_URLS": "true",
        "LOG_LEVEL": "INFO",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    yield proc
    if proc.returncode is None:
        proc.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(proc.wait(), 20)
        except TimeoutError:
            proc.kill()
            await proc.wait()


async def test_bot_end_to_end(
    telegram: FakeTelegram, site: str, bot_process: asyncio.subprocess.Process
) -> None:
    telegram.push_message(1, "/start", language_code="ru")
    (greeting,) = await telegram.wait_sent(1)
    assert greeting.text.startswith("Привет! Я newsbrief")

    telegram.push_message(2, "/start", language_code="en")
    (greeting_en,) = await telegram.wait_sent(2)
    assert greeting_en.text.startswith("Hi! I am newsbrief")

    telegram.push_message(3, EXAMPLE.read_text(encoding="utf-8"))
    (summary,) = await telegram.wait_sent(3)
    assert summary.parse_mode == "HTML"
    assert "Госсекретарь США Марко Рубио встретился" in summary.text
    assert "Марко Рубио (госсекретарь США)" in summary.text
    assert "Орешник" not in summary.text

    telegram.push_message(4, f"{site}/news/1", language_code="en")
    (linked,) = await telegram.wait_sent(4)
    assert "Jean Dupont" in linked.text
    assert "Paris" in linked.text

    telegram.push_message(5, "Der Bundestag hat das Gesetz am Donnerstag beschlossen. Es gilt.")
    (refusal,) = await telegram.wait_sent(5)
    # Told in the chat's language, though the error came back from the analysis process.
    assert refusal.text == say("ru", "error-unsupported-language", lang="de")

    telegram.push_message(6, "http://127.0.0.1:9/nothing-listens-here")
    (unreachable,) = await telegram.wait_sent(6)
    url = "http://127.0.0.1:9/nothing-listens-here"
    assert unreachable.text == say("ru", "error-unreachable", url=url)

    await _latest_and_search(telegram, site)
    await _subscriptions(telegram)

    assert telegram.refused == []
    assert bot_process.returncode is None  # still running after bad input

    bot_process.send_signal(signal.SIGINT)
    await asyncio.wait_for(bot_process.wait(), 20)
    assert bot_process.stderr is not None
    log = (await bot_process.stderr.read()).decode()
    assert telegram.token not in log
    assert telegram.token.split(":")[1] not in log


async def _latest_and_search(telegram: FakeTelegram, site: str) -> None:
    """/latest, /search and a paging button, once the pasted text and the link are stored.

    What a chat sent is that chat's alone (issue 8): chat 3 pasted the text, chat 4 sent
    the link; chats that sent nothing see neither.
    """
    telegram.push_message(7, "/latest")
    (nothing_yet,) = await telegram.wait_sent(7)
    assert nothing_yet.text.startswith("Пока нет ни одной статьи")

    # Chat 3 sends chat 4's link with tracking parameters: answered from the store (the
    # site serves the page once), and the link is chat 3's too from now on.
    telegram.push_message(3, f"{site}/news/1/?utm_source=telegram#top", language_code="en")
    again = (await telegram.wait_sent(3, 2))[-1]
    assert "Jean Dupont" in again.text

    # Both are chat 3's: /latest lists them, newest (the link) first.
    telegram.push_message(3, "/latest")
    latest = (await telegram.wait_sent(3, 3))[-1]
    shown = parse_html(latest.text)
    assert shown.startswith("Последние статьи: 1–2 из 2")
    assert shown.index("Minister meets envoy in Paris") < shown.index("Марко Рубио")
    assert f'href="{site}/news/1"' in latest.text
    assert "urn:" not in latest.text  # the pasted text has no link
    assert latest.buttons() == []  # one page

    telegram.push_message(3, "/search Лавровым")
    found = (await telegram.wait_sent(3, 4))[-1]
    shown = parse_html(found.text)
    assert "Марко Рубио" in shown
    assert "Minister meets envoy" not in shown

    telegram.push_message(8, "/search Лавровым")
    (not_found,) = await telegram.wait_sent(8)
    assert not_found.text == "По запросу «Лавровым» ничего не нашлось."

    # One per page: the "next" button edits the message to show the second article.
    telegram.push_message(3, "/latest 1", language_code="en")
    first_page = (await telegram.wait_sent(3, 5))[-1]
    assert "Minister meets envoy in Paris" in parse_html(first_page.text)
    (next_button,) = first_page.buttons()
    assert next_button["text"] == "Next »"
    telegram.push_callback(
        3, first_page.message_id, next_button["callback_data"], language_code="en"
    )
    (edit,) = await telegram.wait_edited(3)
    assert edit.message_id == first_page.message_id
    assert "Марко Рубио" in parse_html(edit.text)
    assert [b["text"] for b in (edit.reply_markup or {})["inline_keyboard"][0]] == ["« Back"]
    assert len(telegram.answered) == 1
    assert len(telegram.sent_to(3)) == 5  # edited, not sent again

    # Chat 4 sees its link only.
    telegram.push_message(4, "/latest", language_code="en")
    own = (await telegram.wait_sent(4, 2))[-1]
    assert parse_html(own.text).startswith("Latest articles: 1–1 of 1")
    assert "Rubio" not in own.text

    telegram.push_message(10, "/search")
    (usage,) = await telegram.wait_sent(10)
    assert usage.text.startswith("Напишите /search")

    telegram.push_message(11, "/latest abc")
    (latest_usage,) = await telegram.wait_sent(11)
    assert latest_usage.text.startswith("Напишите /latest")

    telegram.push_message(12, "/search Байден")
    (nothing,) = await telegram.wait_sent(12)
    assert nothing.text == "По запросу «Байден» ничего не нашлось."


async def _subscriptions(telegram: FakeTelegram) -> None:
    """The command menu, /stop, blocking and /start again, and a group's non-admin."""
    # Set at start-up, before polling: Russian for Russian users, English by default.
    names = [
        "start",
        "help",
        "latest",
        "search",
        "said",
        "follow",
        "following",
        "quiet",
        "add",
        "feeds",
        "settings",
        "digest",
        "stop",
        "lang",
    ]
    assert [name for name, _ in telegram.commands["ru"]] == names
    assert [name for name, _ in telegram.commands[""]] == names
    assert dict(telegram.commands["ru"])["stop"] == "отписаться"
    assert dict(telegram.commands[""])["stop"] == "unsubscribe"

    # The fake allows one message a second per chat, as Telegram does: wait between commands.
    telegram.push_message(21, "/start")
    await telegram.wait_sent(21, 1)
    telegram.push_my_chat_member(21, "kicked")  # the user blocks the bot...
    await asyncio.sleep(1.1)
    telegram.push_message(21, "/stop")
    stop = (await telegram.wait_sent(21, 2))[-1]
    assert stop.text.startswith("Вы не подписаны")  # ...which unsubscribed them
    await asyncio.sleep(1.1)
    telegram.push_message(21, "/start")  # ...and /start again restores
    assert (await telegram.wait_sent(21, 3))[-1].text.startswith("Привет! Я newsbrief")
    await asyncio.sleep(1.1)
    telegram.push_message(21, "/stop")
    assert (await telegram.wait_sent(21, 4))[-1].text.startswith("Вы отписались")

    telegram.push_message(-1001, "/start", user_id=31, chat_type="supergroup")
    (refused,) = await telegram.wait_sent(-1001)
    assert refused.text.startswith("Подписку и язык группы могут менять только")
    telegram.members[-1002, 32] = "administrator"
    telegram.push_message(-1002, "/start@nb_bot", user_id=32, chat_type="supergroup")
    (greeting,) = await telegram.wait_sent(-1002)
    assert greeting.text.startswith("Привет! Я newsbrief")
