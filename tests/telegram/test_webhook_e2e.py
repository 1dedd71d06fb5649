"""Webhook mode: the real bot process registers its webhook and answers updates POSTed to it."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.factories import command_entities, message_json
from tests.fake_telegram import FakeTelegram

pytestmark = pytest.mark.slow  # starts processes (make test runs it; -m "not slow" skips)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode(tmp_path: Path) -> None:
    telegram = FakeTelegram(limits=False)
    await telegram.start()
    port = _free_port()
    hook = f"http://127.0.0.1:{port}/telegram/hook"
    env = os.environ | {
        "BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.base_url,
        "DATABASE_PATH": str(tmp_path / "bot.sqlite3"),
        "WEBHOOK_URL": hook,
        "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while telegram.webhook is None:
            assert time.monotonic() < deadline, "the webhook was never set"
            await asyncio.sleep(0.1)
        assert telegram.webhook["url"] == hook
        secret = telegram.webhook["secret"]
        assert len(secret) >= 32
        assert secret not in telegram.token
        update = message_json(77, "/start", entities=command_entities("/start"))
        async with aiohttp.ClientSession() as http:
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}
            async with http.post(hook, json=update, headers=wrong) as response:
                assert response.status == 401
            right = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(hook, json=update, headers=right) as response:
                assert response.status == 200
        (greeting,) = await telegram.wait_sent(77)
        assert greeting.text.startswith("Hi! I am newsbrief")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            pytest.fail("the bot did not stop on SIGTERM")
        finally:
            await telegram.stop()
    assert proc.returncode == 0
    stderr = (await proc.stderr.read()).decode() if proc.stderr else ""
    assert telegram.token not in stderr
