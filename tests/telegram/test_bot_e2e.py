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

from tests.fake_telegram import FakeTelegram

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

    async def page(_: web.Request) -> web.Response:
        return web.Response(text=PAGE, content_type="text/html")

    app.router.add_get("/news/1", page)
    runner = web.AppRunner(app)
    await runner.setup()
    tcp = web.TCPSite(runner, "127.0.0.1", 0)
    await tcp.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


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
    assert refusal.text == "unsupported language: de"

    telegram.push_message(6, "http://127.0.0.1:9/nothing-listens-here")
    (unreachable,) = await telegram.wait_sent(6)
    assert unreachable.text.startswith("cannot fetch")

    assert telegram.refused == []
    assert bot_process.returncode is None  # still running after bad input

    bot_process.send_signal(signal.SIGINT)
    await asyncio.wait_for(bot_process.wait(), 20)
    assert bot_process.stderr is not None
    log = (await bot_process.stderr.read()).decode()
    assert telegram.token not in log
    assert telegram.token.split(":")[1] not in log
