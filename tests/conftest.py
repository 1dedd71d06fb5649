"""Shared fixtures: the NLP models are loaded once per test session (natasha habit); the
fake Bot API (``telegram``) and a Bot talking to it (``bot``), which a module overrides when
it needs other limits or faults."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiosqlite
import pytest
from aiogram import Bot

from bot.analysis.models import NlpModels, load
from bot.storage.db import connect, migrate
from tests.factories import telegram_bot
from tests.fake_telegram import FakeTelegram

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp() -> NlpModels:
    return load()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[aiosqlite.Connection]:
    """A real, migrated SQLite file under tmp_path (STYLE C13)."""
    async with connect(tmp_path / "t.sqlite3") as conn:
        await migrate(conn)
        yield conn


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The DATABASE_PATH a CLI test runs with (not created), from a directory with no .env."""
    monkeypatch.chdir(tmp_path)  # no .env of the developer's is read
    path = tmp_path / "db" / "news.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(path))
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    return path


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API on 127.0.0.1, with Telegram's rate limits off."""
    fake = FakeTelegram(limits=False)
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    """A Bot sending HTML to ``telegram``."""
    client = telegram_bot(telegram)
    yield client
    await client.session.close()
