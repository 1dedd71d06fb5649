"""The bot's real aiogram stack over HTTP against the fake Bot API (STYLE C12).

``stack`` is a Bot talking to ``telegram`` (both fixtures from tests/conftest.py) and a fresh
Dispatcher (build_dispatcher) over ``db`` and ``bot_settings``. A test module that needs other
settings, or a database with stories in it, overrides ``bot_settings`` or ``db`` in its own
file.
"""

from __future__ import annotations

import aiosqlite
import pytest
from aiogram import Bot, Dispatcher

from bot.analysis.models import NlpModels
from bot.app import build_dispatcher
from bot.config import Settings


@pytest.fixture
def bot_settings() -> Settings:
    """The settings ``stack`` runs with: the defaults (environment and .env included)."""
    return Settings()


@pytest.fixture
def stack(
    bot: Bot, bot_settings: Settings, db: aiosqlite.Connection, nlp: NlpModels
) -> tuple[Bot, Dispatcher]:
    return bot, build_dispatcher(bot_settings, nlp, db)
