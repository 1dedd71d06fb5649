"""The real bot process polls its FEEDS (one of them broken) and serves what it stored."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.factories import serve
from tests.fake_telegram import FakeTelegram, parse_html

pytestmark = pytest.mark.slow  # starts processes (make test runs it; -m "not slow" skips)

FEEDS = Path(__file__).parents[1] / "data" / "feeds"


@pytest.fixture
async def feed_server() -> AsyncIterator[str]:
    app = web.Application()
    app.router.add_static("/", FEEDS)
    async with serve(app) as base:
        yield base


async def test_feeds_are_polled_at_start_and_served(feed_server: str, tmp_path: Path) -> None:
    telegram = FakeTelegram(limits=False)
    await telegram.start()
    env = os.environ | {
        "BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "ALLOW_PRIVATE_URLS": "true",
        "FEEDS": f"{feed_server}/rss-ru.xml, {feed_server}/rss-malformed.xml,"
        f" {feed_server}/not-a-feed.html",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        telegram.push_message(1, "/start", language_code="ru")
        await telegram.wait_sent(1)
        deadline = time.monotonic() + 90
        while True:  # the poll job runs at start; articles appear as it stores them
            await asyncio.sleep(1.2)
            telegram.push_message(1, "/latest")
            (page,) = (await telegram.wait_sent(1, count=len(telegram.sent_to(1)) + 1))[-1:]
            if "Лавров встретился с Рубио" in parse_html(page.text):
                break
            assert time.monotonic() < deadline, parse_html(page.text)
        await asyncio.sleep(1.2)
        telegram.push_message(1, "/digest")
        (digest,) = (await telegram.wait_sent(1, count=len(telegram.sent_to(1)) + 1))[-1:]
        shown = parse_html(digest.text)
        assert shown.startswith("Дайджест: ")
        assert "Лавров встретился с Рубио" in shown
        assert proc.returncode is None  # broken feeds did not stop it
    finally:
        proc.send_signal(signal.SIGINT)
        await asyncio.wait_for(proc.wait(), 30)
        await telegram.stop()
    stderr = (await proc.stderr.read()).decode() if proc.stderr else ""
    assert "Traceback" not in stderr
