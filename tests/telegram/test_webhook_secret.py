"""The webhook's secret header: any bytes a client sends get 401, never a 500 or a traceback."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator

import aiosqlite
import pytest
from aiogram import Bot

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher, webhook_app
from bot.config import Settings
from tests.factories import command_entities, message_json, serve
from tests.fake_telegram import FakeTelegram

SECRET = "s3cret-0123456789abcdef0123456789abcdef"
UPDATE = message_json(77, "/start", entities=command_entities("/start"))


@pytest.fixture
async def hook(
    telegram: FakeTelegram, bot: Bot, db: aiosqlite.Connection, nlp: NlpModels
) -> AsyncIterator[tuple[int, FakeTelegram]]:
    dp = build_dispatcher(Settings(), nlp, db)
    async with serve(webhook_app(dp, bot, secret=SECRET, path="/hook")) as base:
        yield int(base.rsplit(":", 1)[1]), telegram


async def _post(port: int, secret: bytes) -> int:
    """POST the update with these raw header bytes (no client library would send them)."""
    body = json.dumps(UPDATE).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"X-Telegram-Bot-Api-Secret-Token: " + secret + b"\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body
    )
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])


async def test_non_ascii_secret_header_is_401_without_a_traceback(
    hook: tuple[int, FakeTelegram], caplog: pytest.LogCaptureFixture
) -> None:
    port, telegram = hook
    with caplog.at_level(logging.DEBUG):
        for wrong in ("секрет".encode(), SECRET.encode()[:-1] + "é".encode(), b"\xff\xfe"):
            assert await _post(port, wrong) == 401, wrong
        assert await _post(port, SECRET.encode()) == 200
        (greeting,) = await telegram.wait_sent(77)
    assert greeting.text.startswith("Hi! I am newsbrief")
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
